#!/usr/bin/env bash
# Benchmarks `slipway plan` of the 5,000-job corpus for 8 contexts against one compile
# (`slipway config --quiet`); target ≤ 1.5× (issue #6). Protocol: ../shared/bench/README.md.
# Usage: benchmarks/plan/bench.sh [RUNS] [SLIPWAY]   (from the project root or anywhere)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-10}"
slipway="${2:-.build/release/slipway}"
../shared/bench/prepare-bench >/dev/null
if [ -z "${SKIP_BUILD:-}" ] && [ "$slipway" = ".build/release/slipway" ]; then swift build -c release --static-swift-stdlib --product slipway >/dev/null; fi
out=.bench/results
mkdir -p "$out"
corpus=.bench/gitlab-ci/.gitlab-ci.yml
contexts=benchmarks/plan/contexts.yml

# -i: the corpus has services without a Containerfile, so some contexts fail seeding (exit 1),
# exactly as GitLab would refuse them.
hyperfine -i --warmup 1 --runs "$runs" --export-json "$out/plan.json" \
  -n compile "$slipway config --quiet $corpus" \
  -n plan-8-contexts "$slipway plan --no-git --contexts $contexts $corpus > /dev/null" \
  -n plan-1-context "$slipway plan --no-git --context push:main $corpus > /dev/null" \
  -n plan-8-json "$slipway plan --no-git --contexts $contexts --format json $corpus > /dev/null" >/dev/null
echo "## plan, 8 contexts (5,000 jobs); floor: one compile"
../shared/bench/ratios "$out/plan.json" compile
