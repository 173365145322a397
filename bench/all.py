"""Every benchmark in one go (what ``make bench`` runs): the API and dashboard figures against
their floors, the load run, then the statistics, import and assistant figures of their issues.
The fault run stops the shared PostgreSQL server, so it runs only with ``--fault`` (and last).
The long schema-fuzzing run is ``python -m bench fuzz``."""

import argparse
from collections.abc import Callable

from bench import api, assistant, imports, load, statistics


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench all", description=__doc__)
    parser.add_argument("--fault", action="store_true", help="finish with the fault run")
    parser.add_argument("--duration", default="60", help="seconds of load")
    args = parser.parse_args(argv)
    runs: list[tuple[str, Callable[[list[str]], int], list[str]]] = [
        ("API and dashboard pages", api.main, []),
        ("load", load.main, ["--duration", args.duration]),
        ("statistics", statistics.main, []),
        ("imports", imports.main, []),
        ("assistant", assistant.main, []),
    ]
    if args.fault:
        runs.append(("fault", load.main, ["--duration", args.duration, "--fault"]))
    status = 0
    for title, run, flags in runs:
        print(f"\n## {title}\n", flush=True)
        status |= run(flags) or 0
    return status
