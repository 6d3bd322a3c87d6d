#!/usr/bin/env python3
"""Runs one job of a compiled pipeline with bash, the way a shell runner would.

usage: run-job.py JOBS_JSON JOB [--dotenv FILE]... [--set NAME=VALUE]...

JOBS_JSON is `slipway config --jobs --format json`. Variables follow GitLab's precedence for
what this test needs: predefined (--set CI_*) < the job's YAML variables < dotenv reports of
earlier jobs < --set overrides of non-CI names (as project variables would). Values are expanded
like GitLab expands variables ($VAR, ${VAR}, $$ for a literal $). before_script and script run
in one bash with errexit and pipefail, as the runner's generated script does.
"""

import json
import os
import re
import subprocess
import sys

REF = re.compile(r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")


def expand(value, env):
    def sub(match):
        if match.group(0) == "$$":
            return "$"
        name = match.group(1) or match.group(2)
        return env.get(name, match.group(0))

    for _ in range(5):
        new = REF.sub(sub, value)
        if new == value:
            break
        value = new
    return value


def read_dotenv(path):
    values = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                name, _, value = line.partition("=")
                values[name] = value
    return values


def main(argv):
    jobs_file, job_name, rest = argv[0], argv[1], argv[2:]
    dotenvs, sets = [], {}
    while rest:
        flag, value, rest = rest[0], rest[1], rest[2:]
        if flag == "--dotenv":
            dotenvs.append(value)
        elif flag == "--set":
            name, _, val = value.partition("=")
            sets[name] = val
        else:
            raise SystemExit(f"unknown flag {flag}")
    with open(jobs_file, encoding="utf-8") as handle:
        job = json.load(handle)["jobs"][job_name]

    env = dict(os.environ)
    env.update({k: v for k, v in sets.items() if k.startswith("CI_")})
    raw = dict(job.get("variables") or {})
    for path in dotenvs:
        if os.path.exists(path):
            raw.update(read_dotenv(path))
    raw.update({k: v for k, v in sets.items() if not k.startswith("CI_")})
    for name, value in raw.items():
        env[name] = value if isinstance(value, str) else str(value.get("value", ""))
    for name in raw:
        env[name] = expand(env[name], env)
    env["CI_JOB_NAME"] = job_name

    lines = list(job.get("before_script") or []) + list(job.get("script") or [])
    script = "set -eo pipefail\n" + "\n".join(lines) + "\n"
    print(f"--- job {job_name}: {len(lines)} script lines", flush=True)
    return subprocess.run(["bash", "-c", script], env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
