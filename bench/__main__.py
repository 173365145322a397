"""Entry point: ``python -m bench <workload> [flags]`` or ``python -m bench --list``."""

import importlib
import pkgutil
import sys
from pathlib import Path

NOT_WORKLOADS = {"common", "__main__", "__init__"}


def workloads() -> dict[str, str]:
    """{name: first line of its docstring} for every module that has a ``main``."""
    found = {}
    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if info.name in NOT_WORKLOADS or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"bench.{info.name}")
        if callable(getattr(module, "main", None)):
            found[info.name] = (module.__doc__ or "").strip().splitlines()[0:1] or [""]
    return {name: lines[0] for name, lines in sorted(found.items())}


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"--list", "-l", "-h", "--help"}:
        print("usage: python -m bench <workload> [flags]   (python -m bench <workload> --help)")
        print("\nworkloads:")
        for name, summary in workloads().items():
            print(f"  {name:<16} {summary}")
        return 0
    name, rest = argv[0], argv[1:]
    if not name.isidentifier() or name in NOT_WORKLOADS:
        print(f"unknown workload {name!r}; see python -m bench --list", file=sys.stderr)
        return 2
    try:
        module = importlib.import_module(f"bench.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"bench.{name}":
            raise
        print(f"unknown workload {name!r}; see python -m bench --list", file=sys.stderr)
        return 2
    return int(module.main(rest) or 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
