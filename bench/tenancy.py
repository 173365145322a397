"""One tenant does not pay for another: a small workspace's lists and statistics overview,
in-process as its owner, alone and then beside a workspace N times larger in the same database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/it_bench .venv/bin/python -m bench tenancy

The small workspace is ``api``'s (``bench.dataset``: 1,000 candidates, 2,000 interviews, 500
positions by default); the large one is ``statistics``' builder at ``--scale`` times its
positions and interviews (its candidates are one per 5 positions). A large workspace left by an
earlier run is dropped first, so that "alone" is alone, and again at the end unless ``--keep``.
Caches are cleared before every call (``REDIS_URL``'s database is flushed: point it at one of
your own).
"""

import argparse
from typing import Any

from bench.common import (
    machine,
    measure,
    print_table,
    ratio,
    require_postgresql,
    setup_django,
)

READS = {
    "interviews, page of 100": "/api/v1/interviews/?page_size=100",
    "candidates ?expand=interviews, page of 100": (
        "/api/v1/candidates/?expand=interviews&page_size=100"
    ),
    "positions, page of 100": "/api/v1/positions/?page_size=100",
    "statistics overview": "/api/v1/statistics/overview",
}


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench tenancy", description=__doc__)
    parser.add_argument("--candidates", type=int, default=1000, help="the small workspace")
    parser.add_argument("--scale", type=int, default=100, help="how many times larger")
    parser.add_argument("--repeat", type=int, default=9, help="timed runs per read")
    parser.add_argument("--keep", action="store_true", help="keep the large workspace")
    return parser.parse_args(argv)


def timings(client: Any, repeat: int) -> dict[str, Any]:
    from django.core.cache import cache

    found = {}
    for name, url in READS.items():

        def read(url: str = url) -> None:
            cache.clear()
            response = client.get(url)
            assert response.status_code == 200, response.content[:200]

        found[name] = measure(read, repeat=repeat)
    return found


def main(argv: list[str]) -> int:
    args = parse(argv)
    setup_django()
    require_postgresql()
    from django.conf import settings
    from django.db import connection
    from rest_framework.test import APIClient
    from rest_framework_simplejwt.tokens import RefreshToken

    from bench import dataset, statistics
    from interview_tracker.models import User, Workspace

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    data = dataset.ensure(args.candidates)
    large = statistics.parse(
        [
            "--positions",
            str(data.positions * args.scale),
            "--interviews",
            str(2 * args.candidates * args.scale),
        ]
    )
    name = f"{statistics.WORKSPACE_PREFIX}-{large.positions}-{large.interviews}"
    for workspace in Workspace.objects.filter(name=name):
        statistics.drop(workspace)

    def analyse() -> None:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    owner = User.objects.get(email=data.owner_email)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(owner).access_token}")
    analyse()
    alone = timings(client, args.repeat)
    _, workspace = statistics.build(large)
    analyse()
    beside = timings(client, args.repeat)
    if not args.keep:
        statistics.drop(workspace)
    print(f"\nMachine: {machine()}")
    print(
        f"Small workspace: {args.candidates:,} candidates, {data.positions:,} positions; beside "
        f"it {large.positions:,} positions and {large.interviews:,} interviews; "
        f"{args.repeat} runs after 1 warm-up, in-process, caches cleared before each call.\n"
    )
    rows = [
        (
            read,
            alone[read].median_ms,
            beside[read].median_ms,
            f"{ratio(beside[read], alone[read]):.2f}x",
        )
        for read in READS
    ]
    print_table(["read", "alone median ms", "beside median ms", "beside ÷ alone"], rows)
    return 0
