"""Does the interview read-through cache (``interviews/cache.py``) still pay?

On the ``bench.dataset`` workspace (PostgreSQL, the cache in Redis when ``REDIS_URL`` is set),
in-process through Django's test client with the owner logged in, each read is timed twice:
with the cache warm (every request a hit: two cache round trips) and with the cache bypassed
(every request runs its queries and serialises). The ratio is bypassed over cached.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/it_bench REDIS_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python -m bench interview_cache --candidates 2000
"""

import argparse
from typing import Any

from bench.common import machine, measure, print_table, require_postgresql, setup_django


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench interview_cache")
    parser.add_argument("--candidates", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)

    setup_django()
    require_postgresql()
    from django.conf import settings
    from django.test import Client

    from bench import dataset
    from interview_tracker.models import User
    from interviews import cache
    from interviews.models import Interview

    data = dataset.ensure(args.candidates)
    client = Client()
    client.force_login(User.objects.get(email=data.owner_email))
    interview = Interview.objects.filter(workspace_id=data.workspace_id).order_by("id").first()
    assert interview is not None
    reads = {
        "list, 20 per page": "/api/v1/interviews/?page_size=20",
        "list, 100 per page": "/api/v1/interviews/?page_size=100",
        "detail": f"/api/v1/interviews/{interview.pk}/",
        "messages": f"/api/v1/interviews/{interview.pk}/messages/",
    }
    cached_read = cache.read_through

    def bypass(key: str, compute: Any) -> Any:
        return compute()

    rows = []
    for label, path in reads.items():

        def get(path: str = path) -> None:
            response = client.get(path, HTTP_HOST="localhost")
            assert response.status_code == 200, (path, response.status_code)

        cache.read_through = cached_read
        hit = measure(get, repeat=args.repeat, warmup=2)
        cache.read_through = bypass
        miss = measure(get, repeat=args.repeat, warmup=2)
        cache.read_through = cached_read
        rows.append(
            [
                label,
                f"{hit.median_ms:.2f}",
                f"{miss.median_ms:.2f}",
                f"{miss.median / hit.median:.2f}x",
            ]
        )
    print(
        f"{machine()}; cache {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}; "
        f"{args.candidates} candidates, {2 * args.candidates} interviews; {args.repeat} runs"
    )
    print_table(["read", "cached ms", "uncached ms", "uncached / cached"], rows)
    return 0
