#!/usr/bin/env python3
"""Wall-time medians of commands run in alternation (one round runs each command once, the order
reversed every other round), for A/B comparisons on a VM whose speed drifts within a minute:
hyperfine runs one command's runs back to back, so a slow minute lands on one command only.

Usage: benchmarks/interleaved.py ROUNDS NAME 'COMMAND' [NAME 'COMMAND' ...]
Ratios are to the first command. Output goes to /dev/null; commands are split on spaces (no shell).
"""
import statistics
import subprocess
import sys
import time


def main() -> None:
    rounds = int(sys.argv[1])
    pairs = list(zip(sys.argv[2::2], sys.argv[3::2]))
    if rounds < 1 or not pairs:
        sys.exit(__doc__)
    times = {name: [] for name, _ in pairs}
    for _, command in pairs:  # warm-up
        subprocess.run(command.split(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for index in range(rounds):
        for name, command in pairs if index % 2 == 0 else pairs[::-1]:
            start = time.perf_counter()
            subprocess.run(command.split(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - start)
    base = statistics.median(times[pairs[0][0]])
    print("| command | median (ms) | mean (ms) | min (ms) | median / first |")
    print("|---|---|---|---|---|")
    for name, _ in pairs:
        values = times[name]
        print(f"| {name} | {statistics.median(values) * 1000:.0f} | {statistics.mean(values) * 1000:.0f} "
              f"| {min(values) * 1000:.0f} | {statistics.median(values) / base:.2f}x |")


if __name__ == "__main__":
    main()
