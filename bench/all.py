"""Every proof workload in one go (what ``make bench BENCH_ARGS=all`` runs): the API and dashboard
figures against their floors, then the load run. The fault run stops the shared PostgreSQL
server, so it runs only with ``--fault`` (and last)."""

import argparse

from bench import api, load


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench all", description=__doc__)
    parser.add_argument("--fault", action="store_true", help="finish with the fault run")
    parser.add_argument("--duration", default="60", help="seconds of load")
    args = parser.parse_args(argv)
    status = api.main([])
    print()
    status |= load.main(["--duration", args.duration])
    if args.fault:
        print()
        status |= load.main(["--duration", args.duration, "--fault"])
    return status
