#!/usr/bin/env bash
# benchmarks/version/bench.sh — `slipway version next` against its floor and its peers.
#
# One command from the project root: builds Slipway in release mode, prepares the corpora
# (../shared/bench/prepare-bench --peers), then two hyperfine runs on .bench/bigrepo
# (100,000 commits, 5,000 release tags; expected next version v16.2.0):
#   1. floor `git describe --tags --abbrev=0 --match 'v[0-9]*'`, `git for-each-ref refs/tags`,
#      slipway (full and shallow clone), commitizen, git-cliff   (--warmup 1 --runs 10)
#   2. floor again + python-semantic-release (takes ~30 s per run)   (--warmup 1 --runs 2)
# Results: benchmarks/version/out/*.json and the ratio tables on stdout.
# Environment: SLIPWAY=path/to/slipway skips the build; SKIP_PSR=1 skips run 2.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
out=$root/benchmarks/version/out
mkdir -p "$out"

../shared/bench/prepare-bench --peers >/dev/null
if [[ -z "${SLIPWAY:-}" ]]; then
  swift build -c release --static-swift-stdlib --product slipway >/dev/null
  SLIPWAY="$(swift build -c release --static-swift-stdlib --show-bin-path)/slipway"
fi
[[ -x "$SLIPWAY" ]] || { echo "bench.sh: no slipway binary at $SLIPWAY" >&2; exit 1; }

repo=$root/.bench/bigrepo
shallow=$root/.bench/bigrepo-shallow
peers=$root/.peers/bin

# Every tool must agree before anything is timed.
for dir in "$repo" "$shallow"; do
  got=$(cd "$dir" && "$SLIPWAY" version next --format dotenv 2>/dev/null | sed -n 's/^VERSION_TAG=//p')
  [[ "$got" == v16.2.0 ]] || { echo "bench.sh: slipway says '$got' in $dir, expected v16.2.0" >&2; exit 1; }
done

cd "$repo"
hyperfine -N --warmup 1 --runs 10 --export-json "$out/version-next.json" \
  -n "git describe --tags --abbrev=0 --match 'v[0-9]*'" "git describe --tags --abbrev=0 --match v[0-9]*" \
  -n "git for-each-ref refs/tags" "git for-each-ref refs/tags" \
  -n "slipway version next" "$SLIPWAY version next" \
  -n "slipway version next --format json" "$SLIPWAY version next --format json" \
  -n "slipway version next (shallow clone)" "$SLIPWAY version next -C $shallow" \
  -n "cz bump --dry-run (commitizen)" "$peers/cz --config $root/.bench/peer-config/cz.toml bump --dry-run --yes" \
  -n "git-cliff --bumped-version" "$peers/git-cliff --tag-pattern '^v[0-9]+\.[0-9]+\.[0-9]+\$' --unreleased --bumped-version" \
  >/dev/null
echo "## version next on .bench/bigrepo (100,000 commits / 5,000 tags), --warmup 1 --runs 10"
"$root/../shared/bench/ratios" "$out/version-next.json"

if [[ -z "${SKIP_PSR:-}" ]]; then
  hyperfine -N --warmup 1 --runs 2 --export-json "$out/version-next-psr.json" \
    -n "git describe --tags --abbrev=0 --match 'v[0-9]*'" "git describe --tags --abbrev=0 --match v[0-9]*" \
    -n "slipway version next" "$SLIPWAY version next" \
    -n "semantic-release --noop version --print" "$peers/semantic-release --noop version --print" \
    >/dev/null 2>&1
  echo
  echo "## with python-semantic-release, --warmup 1 --runs 2"
  "$root/../shared/bench/ratios" "$out/version-next-psr.json"
fi
