#!/usr/bin/env bash
# Throughput of SlipwayRegex vs google-re2 on realistic CI patterns over 100,000 strings, plus the
# linear-time check ((a+)+$ on 1 MiB of "a" + "!"). Release build. Run from anywhere:
#   benchmarks/regex/throughput.sh
# Needs .peers/bin/python with google-re2 (../shared/tools/install-peers).
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=.peers/bin/python
[ -x "$PY" ] || { echo "throughput.sh: $PY missing; run ../shared/tools/install-peers" >&2; exit 2; }
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
"$PY" benchmarks/regex/throughput.py write "$DIR"
SLIPWAY_REGEX_BENCH_CORPUS="$DIR/corpus.txt" SLIPWAY_REGEX_BENCH_PATTERNS="$DIR/patterns.txt" \
SLIPWAY_REGEX_BENCH_LINEAR=1 \
  swift test -c release -Xswiftc -enable-testing --package-path "${PACKAGE_PATH:-.}" --scratch-path "${SCRATCH:-.build-expr}" \
  --filter 'SlipwayRegexTests.RegexBenchmarkTests' > "$DIR/swift.log" 2>&1 || { tail -40 "$DIR/swift.log"; exit 1; }
grep -o 'SLIPWAY_BENCH.*' "$DIR/swift.log" > "$DIR/swift.txt"
"$PY" benchmarks/regex/throughput.py time "$DIR" > "$DIR/re2.txt"
cat "$DIR/swift.txt" "$DIR/re2.txt"
swift_total=$(awk '/SLIPWAY_BENCH total/ {print $3}' "$DIR/swift.txt")
re2_total=$(awk '/RE2_BENCH total/ {print $3}' "$DIR/re2.txt")
loop_ms=$(awk '/RE2_BENCH loop/ {print $3}' "$DIR/re2.txt")
swift_counts=$(awk '/SLIPWAY_BENCH total/ {print $5}' "$DIR/swift.txt")
re2_counts=$(awk '/RE2_BENCH total/ {print $5}' "$DIR/re2.txt")
[ "$swift_counts" = "$re2_counts" ] && agree=yes || agree=NO
awk -v s="$swift_total" -v r="$re2_total" -v l="$loop_ms" -v a="$agree" 'BEGIN {
  printf "slipway %.1f ms, google-re2 (via Python) %.1f ms: ratio %.2fx; match counts agree: %s\n", s, r, s / r, a
  if (l > 0 && r - l > 0) printf "google-re2 minus Python loop/call overhead (%.1f ms): %.1f ms, ratio %.2fx\n", l, r - l, s / (r - l)
}'
