#!/usr/bin/env python3
"""Writes the throughput corpus and patterns, or times google-re2 on them.

  throughput.py write DIR     corpus.txt (100,000 CI-like strings, fixed seed) and patterns.txt
  throughput.py time DIR      prints "RE2_BENCH total <ms> counts <n,n,...>" (search, like =~)
"""
import random, sys, time, os

PATTERNS = [
    r"/^v\d+\.\d+\.\d+$/",
    r"/^(main|release\/.*)$/",
    r"/\[skip tests\]/i",
    r"/^feature\/[a-z0-9-]+$/",
    r"/^(?:hotfix|bugfix)\/\d+-.+/",
    r"/\.(py|toml|cfg)$/",
    r"/^merge_request_event$/",
    r"/^[A-Z][A-Z0-9_]*=.+$/",
    r"/(?i)wip|draft/",
    r"/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/",
]

WORDS = ["main", "master", "develop", "release", "feature", "hotfix", "bugfix", "fix", "add", "update", "docs",
         "ci", "deploy", "payments", "api", "worker", "service", "chart", "helm", "tests", "skip", "WIP", "Draft"]

def corpus(n=100_000, seed=20251126):
    rng = random.Random(seed)
    out = []
    for i in range(n):
        kind = rng.randrange(8)
        if kind == 0:
            s = "v%d.%d.%d" % (rng.randrange(20), rng.randrange(50), rng.randrange(100))
            if rng.random() < 0.3: s += "-rc.%d" % rng.randrange(5)
        elif kind == 1:
            s = rng.choice(["main", "master", "develop"]) if rng.random() < 0.4 else \
                "%s/%s-%d" % (rng.choice(["release", "feature", "hotfix", "bugfix"]), rng.choice(WORDS).lower(), rng.randrange(9999))
        elif kind == 2:
            s = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(3, 12)))
            if rng.random() < 0.2: s += " [Skip Tests]"
        elif kind == 3:
            s = "src/%s/%s.%s" % (rng.choice(WORDS), rng.choice(WORDS), rng.choice(["py", "toml", "cfg", "md", "yml"]))
        elif kind == 4:
            s = rng.choice(["push", "merge_request_event", "schedule", "web", "trigger", "pipeline"])
        elif kind == 5:
            s = "%s_%s=%s" % (rng.choice(WORDS).upper(), rng.choice(WORDS).upper(), rng.choice(WORDS))
        elif kind == 6:
            s = "2025-%02d-%02dT%02d:%02d:00Z" % (rng.randrange(1, 13), rng.randrange(1, 29), rng.randrange(24), rng.randrange(60))
        else:
            s = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789-_/. ") for _ in range(rng.randrange(5, 60)))
        out.append(s)
    return out

def main():
    mode, directory = sys.argv[1], sys.argv[2]
    if mode == "write":
        os.makedirs(directory, exist_ok=True)
        with open(os.path.join(directory, "corpus.txt"), "w") as f: f.write("\n".join(corpus()) + "\n")
        with open(os.path.join(directory, "patterns.txt"), "w") as f: f.write("\n".join(PATTERNS) + "\n")
        return
    import re2
    opts = re2.Options(); opts.log_errors = False
    lines = open(os.path.join(directory, "corpus.txt")).read().split("\n")[:-1]
    total, counts = 0.0, []
    # Python's own cost per line (loop + one method call), to show how much of RE2's time it is.
    start = time.perf_counter()
    for _ in PATTERNS:
        for line in lines:
            if line.startswith("\0"): pass
    print("RE2_BENCH loop %.1f" % ((time.perf_counter() - start) * 1000))
    for literal in PATTERNS:
        body, flags = literal[1:literal.rindex("/")], literal[literal.rindex("/") + 1:]
        rx = re2.compile(("(?%s)" % flags if flags else "") + body, opts)
        search = rx.search
        start = time.perf_counter()
        n = 0
        for line in lines:
            if search(line) is not None: n += 1
        ms = (time.perf_counter() - start) * 1000
        total += ms; counts.append(n)
        print("RE2_BENCH pattern %s %.1f matches %d" % (literal, ms, n))
    print("RE2_BENCH total %.1f counts %s" % (total, ",".join(map(str, counts))))

main()
