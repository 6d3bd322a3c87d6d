#!/usr/bin/env bash
# Benchmarks `slipway lint` on the 5,000-job corpus against the libyaml floor, the compile alone,
# check-jsonschema (schema only, on the !reference-free corpus) and yamllint, as ratios from one
# hyperfine run each (protocol: ../shared/bench/README.md).
# Usage: benchmarks/lint/bench.sh [RUNS]   (SCRATCH=.build-xyz: another build folder; SKIP_BUILD=1)
# ShellCheck is an external tool and is excluded (`--disable shellcheck`); it is measured apart.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-10}"
scratch="${SCRATCH:-.build}"
../shared/bench/prepare-bench --peers >/dev/null
[ -n "${SKIP_BUILD:-}" ] || swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product slipway >/dev/null 2>&1
bin="$scratch/release/slipway"
out=.bench/results
mkdir -p "$out"
files=$(cd .bench/gitlab-ci && find . -name '*.yml' | sed 's|^\./|.bench/gitlab-ci/|' | LC_ALL=C sort | tr '\n' ' ')
plain=$(cd .bench/gitlab-ci-plain && find . -name '*.yml' | sed 's|^\./|.bench/gitlab-ci-plain/|' | LC_ALL=C sort | tr '\n' ' ')

# 1. Lint (compile + GitLab validation + every default rule) vs the floor and the compile alone.
hyperfine -N --warmup 1 --runs "$runs" --export-json "$out/lint.json" \
  -n floor ".tools/bin/yaml-floor tree $files" \
  -n slipway-compile "$bin config --quiet .bench/gitlab-ci/.gitlab-ci.yml" \
  -n slipway-lint "$bin lint --disable shellcheck --format json .bench/gitlab-ci/.gitlab-ci.yml" >/dev/null || true
echo "## slipway lint (5,000 jobs, 21 files, 5.85 MB)"
../shared/bench/ratios "$out/lint.json"

# 2. Peers: schema-only validation and a YAML style linter (fewer runs: they are slow).
peer_runs=$(( runs < 2 ? runs : 2 ))
hyperfine --warmup 1 --runs "$peer_runs" -i --export-json "$out/lint-peers.json" \
  -n floor ".tools/bin/yaml-floor tree $files" \
  -n slipway-lint "$bin lint --disable shellcheck --format json .bench/gitlab-ci/.gitlab-ci.yml > /dev/null" \
  -n check-jsonschema ".peers/bin/check-jsonschema --builtin-schema vendor.gitlab-ci --data-transform gitlab-ci $plain" \
  -n yamllint ".peers/bin/yamllint -d relaxed $files > /dev/null" >/dev/null
echo
echo "## Peers (runs: $peer_runs)"
../shared/bench/ratios "$out/lint-peers.json"
