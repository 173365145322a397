"""The long schema-fuzzing run: schemathesis over the whole OpenAPI schema as a workspace owner
with data of every kind, many examples per operation, the coverage phase on, random seeds.

The CI run is ``tests/fuzz/test_schema.py`` (8 derandomised examples per operation); this runs
the same test with ``--examples`` (default 100) and the coverage phase's boundary cases. Any 5xx
or response that violates the schema fails it, with a curl line to reproduce.

    .venv/bin/python -m bench fuzz --examples 200
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/it_proof .venv/bin/python -m bench fuzz
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench fuzz", description=__doc__)
    parser.add_argument("--examples", type=int, default=100, help="max examples per operation")
    parser.add_argument("--no-coverage", action="store_true", help="skip the coverage phase")
    parser.add_argument("--seed", type=int, default=None, help="random unless given")
    parser.add_argument("--workers", default="2", help="pytest-xdist processes")
    parser.add_argument("pytest_args", nargs="*", help="extra pytest arguments (e.g. -k positions)")
    args = parser.parse_args(argv)
    env = dict(os.environ)
    env["FUZZ_MAX_EXAMPLES"] = str(args.examples)
    env["FUZZ_COVERAGE"] = "0" if args.no_coverage else "1"
    env["FUZZ_SEED"] = str(args.seed) if args.seed is not None else "random"
    command = [
        sys.executable,
        "-m",
        "pytest",
        "tests/fuzz/test_schema.py",
        "-q",
        "-p",
        "no:cacheprovider",
        "-n",
        args.workers,
        *(["--create-db"] if env.get("DATABASE_URL") else []),
        *(["--hypothesis-seed", str(args.seed)] if args.seed is not None else []),
        *args.pytest_args,
    ]
    print(" ".join(command))
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode
