#!/usr/bin/env bash
# End-to-end test of the python-postgres preset with real containers, on the bundled example:
# build the image with the docker-build job's script (buildah, layer cache in the registry),
# push the CI tag to a local registry, run py-test (PostgreSQL when the machine has it) and the
# lint jobs inside the image with podman, promote by digest with docker-publish (skopeo) for a
# vX.Y.Z tag, check the release tag's digest, and clean the CI tag up with docker-cleanup.
# The job scripts come from `slipway config --jobs`, i.e. exactly what the templates say.
#   usage: tests/e2e/run.sh SLIPWAY_BINARY
# Takes about a minute with the base image cached (it is rebuilt, ~50 s, when its inputs change).
# Needs podman, buildah, skopeo and docker-registry (../shared/tools/setup-containers).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
slipway="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
shared="$root/../shared/tools"
start=$(date +%s)
step() { echo "=== [$(($(date +%s) - start))s] $*"; }

work=$(mktemp -d /tmp/slipway-e2e.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
registry="127.0.0.1:$port"
sha="e2e$(date +%s | tail -c 6)"
repo="$registry/platform/inventory"
pg_dir=""
cleanup() {
  "$shared/setup-containers" --stop-registry "$work/registry" >/dev/null 2>&1 || true
  if [ -n "$pg_dir" ]; then runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir" -m fast stop >/dev/null 2>&1 || true; fi
  podman rmi --force "$repo/ci:$sha" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

step "local registry on $registry"
(cd "$root" && "$shared/setup-containers" --registry "$work/registry" --port "$port" >/dev/null)

step "base image (cached between runs)"
"$root/tests/e2e/build-base-image.sh" localhost/slipway-python:3.11

step "project checkout"
mkdir -p "$work/project"
tar -C "$root/examples/python-service" --exclude=.pytest_cache --exclude=__pycache__ -cf - . | tar -C "$work/project" -xf -
printf 'project: {path: platform/inventory, default_branch: main}\nincludes:\n  projects:\n    platform/slipway: %s\n' \
  "$root" > "$work/project/.slipway.yml"
cd "$work/project"
"$slipway" config --jobs --format json .gitlab-ci.yml > "$work/jobs.json"

dsn=""
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -1 || true)
if [ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] && id postgres >/dev/null 2>&1; then
  step "PostgreSQL on 127.0.0.1:$pg_port"
  pg_dir="$work/pg"
  mkdir -p "$pg_dir" && chown postgres "$pg_dir" && chmod 755 "$work"
  runuser -u postgres -- "$pg_bin/initdb" -D "$pg_dir" -U tests --auth=trust >/dev/null
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir" -l "$pg_dir/log" -w \
    -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1" start >/dev/null
  runuser -u postgres -- "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U tests tests
  dsn="postgresql://tests@127.0.0.1:$pg_port/tests"
else
  step "no PostgreSQL on this machine: the database tests will skip"
fi

driver=$(podman info --format '{{.Store.GraphDriverName}}')
common=(--set "CI_REGISTRY=$registry" --set "CI_REGISTRY_IMAGE=$repo" --set "CI_COMMIT_SHORT_SHA=$sha"
  --set "CI_PROJECT_NAME=inventory" --set "CI_PROJECT_PATH=platform/inventory" --set "CI_PROJECT_DIR=$PWD"
  --set "CI_JOB_ID=$$" --set "SW_REGISTRY_TLS_VERIFY=false" --set "STORAGE_DRIVER=$driver"
  --set "DOCKER_BUILD_ARGS=--build-arg BASE_IMAGE=localhost/slipway-python:3.11" --set "PY_TEST_DSN=$dsn"
  --set "PY_PYTEST_WORKERS=2")
run() { PATH="$(dirname "$slipway"):$PATH" python3 "$root/tests/e2e/run-job.py" "$work/jobs.json" "$@"; }

step "vars-check (.pre): passes with the variables set, fails without one"
run vars-check "${common[@]}"
if run vars-check "${common[@]}" --set "SW_REQUIRED_VARIABLES=CI_REGISTRY_IMAGE SLIPWAY_E2E_UNSET" > "$work/vars.log" 2>&1; then
  cat "$work/vars.log"; echo "vars-check passed although SLIPWAY_E2E_UNSET is missing" >&2; exit 1
fi
grep -q "SLIPWAY_E2E_UNSET is MISSING" "$work/vars.log"

step "docker-build"
run docker-build "${common[@]}" --set CI_COMMIT_REF_SLUG=feature-x
cat docker-build.env
tested=$(sed -n 's/^DOCKER_CI_DIGEST=//p' docker-build.env)
[ -n "$tested" ] || { echo "docker-build exported no digest" >&2; exit 1; }
skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://$repo/ci:$sha" | grep -qx "$tested"
podman run --rm "$repo/ci:$sha" cat /srv/app/status.json | tee "$work/status.json"
grep -q '"service": "inventory"' "$work/status.json"

step "py-test inside the image"
run py-test "${common[@]}" --dotenv docker-build.env
grep -q 'testsuite' junit.xml && grep -q "$PWD" coverage.xml && ! grep -q '/srv/app' coverage.xml
if [ -n "$dsn" ]; then grep -q 'test_items_round_trip_through_postgres' junit.xml && ! grep -q '<skipped' junit.xml; fi

for job in py-ruff py-pylint py-mypy; do
  step "$job inside the image"
  run "$job" "${common[@]}" --dotenv docker-build.env
done

step "docker-publish for tag v1.2.3 (promote by digest)"
run docker-publish "${common[@]}" --dotenv docker-build.env --set CI_COMMIT_TAG=v1.2.3 --set CI_COMMIT_REF_SLUG=v1-2-3
released=$(skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://$repo/release:1.2.3")
echo "tested $tested, released $released"
[ "$released" = "$tested" ] || { echo "release digest differs from the tested one" >&2; exit 1; }

step "docker-cleanup"
run docker-cleanup "${common[@]}" --dotenv docker-build.env
if skopeo inspect --tls-verify=false "docker://$repo/ci:$sha" >/dev/null 2>&1; then
  echo "the CI tag still exists after docker-cleanup" >&2; exit 1
fi
[ "$(skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://$repo/release:1.2.3")" = "$tested" ]

step "passed: build → test → lint → promote by digest → clean-up"
