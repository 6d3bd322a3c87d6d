#!/usr/bin/env bash
# Differential test of SlipwayRegex against google-re2 with PAIRS random pattern/input pairs
# (default 1,000,000) in a release build. Prints the summary line; exit 1 on any mismatch.
#   benchmarks/regex/differential.sh [PAIRS] [SEED]
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -x .peers/bin/python ] || { echo "differential.sh: .peers/bin/python missing; run ../shared/tools/install-peers" >&2; exit 2; }
PAIRS=${1:-1000000}
SEED=${2:-20251126}
SUMMARY=$(mktemp)
trap 'rm -f "$SUMMARY"' EXIT
status=0
SLIPWAY_DIFF_PAIRS="$PAIRS" SLIPWAY_DIFF_SEED="$SEED" SLIPWAY_DIFF_SUMMARY="$SUMMARY" \
  swift test -c release -Xswiftc -enable-testing --package-path "${PACKAGE_PATH:-.}" --scratch-path "${SCRATCH:-.build-expr}" \
  --filter 'SlipwayRegexTests.DifferentialRE2Tests' 2>&1 | grep -E 'differential RE2|MISMATCH|RE2:|Slipway:' || status=1
cat "$SUMMARY"
grep -q ' 0 mismatches' "$SUMMARY" || exit 1
exit $status
