#!/usr/bin/env bash
# Benchmarks YAML loading and compiling of the 5,000-job corpus against the libyaml floor and
# gitlabci-local, as ratios from one hyperfine run (protocol: ../shared/bench/README.md).
# Usage: benchmarks/compile.sh [RUNS]   (from the project root or anywhere)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10}"
../shared/bench/prepare-bench --peers >/dev/null
swift build -c release --static-swift-stdlib >/dev/null
out=.bench/results
mkdir -p "$out"
files=$(cd .bench/gitlab-ci && find . -name '*.yml' | sed 's|^\./|.bench/gitlab-ci/|' | LC_ALL=C sort | tr '\n' ' ')

# 1. YAML loading into Slipway's positioned node tree (slipway lint loads only, for now).
hyperfine -N --warmup 1 --runs "$runs" --export-json "$out/yaml-load.json" \
  -n floor ".tools/bin/yaml-floor tree $files" \
  -n slipway-load ".build/release/slipway debug load-yaml $files" >/dev/null
echo "## YAML load (21 files, 5.85 MB)"
../shared/bench/ratios "$out/yaml-load.json"

# 2. Compile: includes, extends, !reference, .pre/.post, as GitLab's merged_yaml.
hyperfine --warmup 1 --runs "$runs" --export-json "$out/compile.json" \
  -n floor ".tools/bin/yaml-floor tree $files" \
  -n slipway-compile ".build/release/slipway config --quiet .bench/gitlab-ci/.gitlab-ci.yml" \
  -n slipway-config-yaml ".build/release/slipway config .bench/gitlab-ci/.gitlab-ci.yml > /dev/null" >/dev/null
echo
echo "## Compile (5,000 jobs)"
../shared/bench/ratios "$out/compile.json"

# 3. The peer, fewer runs (about 200x the floor).
hyperfine --warmup 1 --runs 2 --export-json "$out/compile-peer.json" \
  -n floor ".tools/bin/yaml-floor tree $files" \
  -n slipway-compile ".build/release/slipway config --quiet .bench/gitlab-ci/.gitlab-ci.yml" \
  -n gcil-dump "cd .bench/gitlab-ci && ../../.peers/bin/gcil --no-color -c .gitlab-ci.yml --dump > /dev/null 2>&1" >/dev/null
echo
echo "## Compile vs gitlabci-local (runs: 2)"
../shared/bench/ratios "$out/compile-peer.json"
