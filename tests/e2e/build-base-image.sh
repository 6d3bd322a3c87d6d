#!/usr/bin/env bash
# Builds the local Python base image for the end-to-end test, without any registry: Debian's
# python3.11 with the shared libraries it loads, on top of setup-containers' busybox image,
# plus the example service's requirements and the linters (pip-installed from PyPI on the host).
# Cached: rebuilt only when the requirement files or this script change.
#   usage: tests/e2e/build-base-image.sh [IMAGE]   (default localhost/slipway-python:3.11)
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$0")/../.."
image="${1:-localhost/slipway-python:3.11}"
example=examples/python-service
tools="ruff==0.7.4 pylint==3.3.1 mypy==1.13.0 black==24.10.0 isort==5.13.2"
key=$(cat "$self" "$example/requirements.txt" "$example/requirements-test.txt" | sha256sum | cut -c1-16)

if podman image exists "$image" &&
  [ "$(podman image inspect --format '{{ index .Labels "slipway.key" }}' "$image")" = "$key" ]; then
  echo "base image $image is up to date ($key)"
  exit 0
fi
podman image exists localhost/busybox:latest || {
  echo "localhost/busybox:latest is missing: run ../shared/tools/setup-containers" >&2
  exit 1
}

python=/usr/bin/python3.11
[ -x "$python" ] || { echo "Debian's $python is needed for the base image" >&2; exit 1; }
# A Python 3.11 with pip installs the packages (same ABI as the image's interpreter); Debian's
# own python3.11 has no pip, so a venv in .tools/ is made from it when needed (python3-venv).
pip_python=$(command -v python3.11 || true)
if [ -z "$pip_python" ] || ! "$pip_python" -m pip --version >/dev/null 2>&1; then
  venv=.tools/base-image-venv
  [ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
  pip_python="$venv/bin/python"
fi
"$pip_python" -c 'import sys; assert sys.version_info[:2] == (3, 11)' || {
  echo "a python3.11 with pip is needed to install the packages" >&2
  exit 1
}

ctr=$(buildah from localhost/busybox:latest)
trap 'buildah rm "$ctr" >/dev/null 2>&1 || true' EXIT
mnt=$(buildah mount "$ctr")

# The interpreter, its standard library (without tests and GUI modules) and its shared libraries.
mkdir -p "$mnt/usr/bin" "$mnt/usr/lib" "$mnt/usr/local/lib/python3.11/dist-packages" "$mnt/tmp"
chmod 1777 "$mnt/tmp"
cp -a "$python" "$mnt/usr/bin/python3.11"
ln -sf python3.11 "$mnt/usr/bin/python3"
ln -sf python3.11 "$mnt/usr/bin/python"
tar -C /usr/lib --exclude='python3.11/test' --exclude='python3.11/idlelib' --exclude='python3.11/tkinter' \
  --exclude='__pycache__' --exclude='python3.11/EXTERNALLY-MANAGED' -cf - python3.11 | tar -C "$mnt/usr/lib" -xf -
# pip, the service's requirements and the linters, installed from PyPI by the host's pip.
# shellcheck disable=SC2086
"$pip_python" -m pip install --quiet --disable-pip-version-check --no-warn-conflicts --root-user-action=ignore --no-compile \
  --target "$mnt/usr/local/lib/python3.11/dist-packages" \
  pip -r "$example/requirements.txt" -r "$example/requirements-test.txt" $tools

# The shared libraries the interpreter, its extension modules and the installed wheels load.
site="$mnt/usr/local/lib/python3.11/dist-packages"
libs=$( { ldd "$python"; find /usr/lib/python3.11/lib-dynload "$site" -name '*.so*' -type f -exec ldd {} \; ;
  find "$site/bin" -type f -exec ldd {} \; ; } 2>/dev/null |
  awk '/=> \//{print $3} /^\s*\/lib/{print $1}' | sort -u)
for lib in $libs /lib64/ld-linux-x86-64.so.2 /lib/x86_64-linux-gnu/libgcc_s.so.1 /lib/x86_64-linux-gnu/libpthread.so.0; do
  [ -e "$lib" ] || continue
  real=$(readlink -f "$lib")
  mkdir -p "$mnt$(dirname "$lib")" "$mnt$(dirname "$real")"
  cp -an "$real" "$mnt$real"
  [ "$lib" = "$real" ] || ln -sf "$real" "$mnt$lib"
done

buildah config --env PATH=/usr/local/lib/python3.11/dist-packages/bin:/usr/local/bin:/usr/bin:/bin \
  --env LANG=C.UTF-8 --env PIP_DISABLE_PIP_VERSION_CHECK=1 --env PIP_ROOT_USER_ACTION=ignore --cmd python3 --label "slipway.key=$key" "$ctr"
buildah unmount "$ctr" >/dev/null
buildah commit --quiet "$ctr" "$image" >/dev/null
podman run --rm "$image" python -c 'import pytest, xdist, pytest_cov, pg8000, pylint, mypy; print("base image ok")'
podman run --rm "$image" sh -c 'python -m ruff --version && python -c "import coverage.tracer"'
echo "built $image ($key)"
