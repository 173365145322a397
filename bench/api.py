"""API and dashboard latency against floors, through the production serving setup.

Starts uvicorn (``--workers``, PostgreSQL from DATABASE_URL, Redis from REDIS_URL, debug off) and
drives it from this process over 127.0.0.1 with an async HTTP client:

- ``candidates``: 1,000 candidates (2 interviews and 1 scorecard each) listed with everything
  embedded, ``/api/v1/candidates/?expand=interviews&page_size=100``, every page; floor = the
  same rows fetched by one raw SQL query per page and serialised to JSON in this process.
- ``positions``: a page of 100 positions with their interview counts, filtered and searched;
  floor = the same rows and counts by one raw SQL query, serialised in-process.
- ``creates``: candidates and interviews created through the API with JWT auth (requests/s).
- ``dashboard``: the home page, candidates table, kanban, interview calendar, agenda and
  analytics pages of a 10,000-candidate workspace, rendered in-process (server time without
  the network; p95) with their query counts.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/it_bench .venv/bin/python -m bench api
"""

import argparse
import asyncio
import datetime as dt
import os
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from bench.common import Timing, machine, measure, print_table, ratio, require_postgresql
from bench.common import setup_django as _setup


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench api", description=__doc__)
    parser.add_argument("--candidates", type=int, default=1000, help="list workspace size")
    parser.add_argument("--dashboard-candidates", type=int, default=10_000)
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="server workers (README: one per CPU)",
    )
    parser.add_argument("--repeat", type=int, default=9, help="timed runs per measurement")
    parser.add_argument(
        "--creates", type=int, default=300, help="candidates (+ as many interviews)"
    )
    parser.add_argument("--concurrency", type=int, default=8, help="clients for the creates")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the datasets")
    parser.add_argument(
        "--only",
        choices=["candidates", "positions", "creates", "dashboard"],
        action="append",
        help="run only these parts (repeatable)",
    )
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse(argv)
    from bench.serving import collect_static, server_env

    # The in-process parts (floors, dashboard pages) run with the server's production settings.
    os.environ.update(server_env())
    collect_static(dict(os.environ))
    _setup()
    require_postgresql()
    from bench import dataset

    parts = args.only or ["candidates", "positions", "creates", "dashboard"]
    start = time.perf_counter()
    small = dataset.ensure(args.candidates, rebuild=args.rebuild)
    dataset.cleanup(small.workspace_id)
    large = (
        dataset.ensure(args.dashboard_candidates, rebuild=args.rebuild)
        if "dashboard" in parts
        else None
    )
    print(f"Machine: {machine()}; PostgreSQL {server_version()}; uvicorn --workers {args.workers}")
    print(f"Datasets ready in {time.perf_counter() - start:.1f} s\n")
    from django.db import connection

    connection.close()  # the server's workers open their own; this process reconnects lazily

    if {"candidates", "positions", "creates"} & set(parts):
        from bench.serving import serve

        with serve(args.workers) as base:
            rows = asyncio.run(run_http(base, small, args, parts))
        dataset.cleanup(small.workspace_id)
        print_table(["workload", "median ms", "p95 ms", "floor median ms", "ratio", "target"], rows)
        print()
    if "dashboard" in parts and large is not None:
        dashboard(large, args.repeat)
    return 0


def server_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


# --- HTTP workloads -----------------------------------------------------------------------------


async def timed(fn: Callable[[], Awaitable[Any]], repeat: int, warmup: int = 1) -> Timing:
    for _ in range(warmup):
        await fn()
    samples = []
    for _ in range(repeat):
        begin = time.perf_counter()
        await fn()
        samples.append(time.perf_counter() - begin)
    samples.sort()
    return Timing(
        statistics.median(samples),
        samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))],
        repeat,
    )


async def run_http(base: str, data, args, parts: list[str]) -> list[list[Any]]:
    from bench import dataset
    from bench.serving import http_client_module, login

    httpx = http_client_module()
    rows: list[list[Any]] = []
    limits = httpx.Limits(max_connections=args.concurrency * 2)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        headers = await login(client, base, data.owner_email, dataset.OWNER_PASSWORD)
        pages = -(-data.candidates // 100)

        if "candidates" in parts:

            async def walk() -> None:
                for page in range(1, pages + 1):
                    response = await client.get(
                        f"{base}/api/v1/candidates/",
                        params={"expand": "interviews", "page_size": 100, "page": page},
                        headers=headers,
                    )
                    response.raise_for_status()
                    body = response.json()
                    assert len(body["results"]) == min(100, data.candidates - (page - 1) * 100)
                    assert len(body["results"][0]["interviews"]) == 2

            endpoint = await timed(walk, args.repeat)
            floor = await asyncio.to_thread(
                measure, lambda: candidates_floor(data.workspace_id, pages), repeat=args.repeat
            )
            rows.append(
                [
                    f"candidates ?expand=interviews, {pages} pages of 100",
                    endpoint.median_ms / pages,
                    endpoint.p95_ms / pages,
                    floor.median_ms / pages,
                    f"{ratio(endpoint, floor):.2f}x",
                    "≤ 2x",
                ]
            )

        if "positions" in parts:
            params = {"search": "Engineer", "is_remote": "false", "page_size": 100}

            async def page() -> None:
                response = await client.get(
                    f"{base}/api/v1/positions/", params=params, headers=headers
                )
                response.raise_for_status()
                assert len(response.json()["results"]) == 100

            endpoint = await timed(page, args.repeat)
            floor = await asyncio.to_thread(
                measure, lambda: positions_floor(data.workspace_id), repeat=args.repeat
            )
            rows.append(
                [
                    "positions search+filter, page of 100",
                    endpoint.median_ms,
                    endpoint.p95_ms,
                    floor.median_ms,
                    f"{ratio(endpoint, floor):.2f}x",
                    "≤ 2x",
                ]
            )

        if "creates" in parts:
            rows.extend(await creates(client, base, headers, data, args))
    return rows


async def creates(client, base: str, headers: dict[str, str], data, args) -> list[list[Any]]:
    """Each worker creates a candidate, then an interview for it, until ``--creates`` pairs."""
    run = uuid.uuid4().hex[:8]
    counter = iter(range(args.creates))
    latencies: dict[str, list[float]] = {"candidate": [], "interview": []}
    when = (dt.datetime.now(dt.UTC) + dt.timedelta(days=7)).isoformat()

    async def worker() -> None:
        for n in counter:
            begin = time.perf_counter()
            response = await client.post(
                f"{base}/api/v1/candidates/",
                json={"name": f"Created {n}", "email": f"created-{run}-{n}@bench.example.com"},
                headers=headers,
            )
            assert response.status_code == 201, response.text
            latencies["candidate"].append(time.perf_counter() - begin)
            begin = time.perf_counter()
            response = await client.post(
                f"{base}/api/v1/interviews/",
                json={"candidate": response.json()["id"], "title": "Screen", "scheduled_at": when},
                headers=headers,
            )
            assert response.status_code == 201, response.text
            latencies["interview"].append(time.perf_counter() - begin)

    begin = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(args.concurrency)))
    elapsed = time.perf_counter() - begin
    total = args.creates * 2
    rows = []
    for kind, samples in latencies.items():
        samples.sort()
        rows.append(
            [
                f"create {kind} (POST, JWT, {args.concurrency} clients)",
                statistics.median(samples) * 1000,
                samples[round(0.95 * (len(samples) - 1))] * 1000,
                "-",
                "-",
                "-",
            ]
        )
    rows.append(
        [
            f"creates: {total} requests in {elapsed:.1f} s",
            "-",
            "-",
            "-",
            f"{total / elapsed:.0f} req/s",
            "-",
        ]
    )
    return rows


# --- floors: the same rows by one raw SQL query, serialised in-process ---------------------------


def candidates_floor(workspace_id: str, pages: int, page_size: int = 100) -> None:
    import orjson
    from django.db import connection

    from candidates.models import Candidate
    from interviews.models import Feedback, Interview

    sql = f"""
        WITH page AS (
            SELECT * FROM {Candidate._meta.db_table} WHERE workspace_id = %s
            ORDER BY created_at DESC, id LIMIT %s OFFSET %s
        )
        SELECT page.*, i.*, f.*
        FROM page
        LEFT JOIN {Interview._meta.db_table} i ON i.candidate_id = page.id
        LEFT JOIN {Feedback._meta.db_table} f ON f.interview_id = i.id
        ORDER BY page.created_at DESC, page.id, i.scheduled_at, i.id
    """
    with connection.cursor() as cursor:
        for page in range(pages):
            cursor.execute(sql, [workspace_id, page_size, page * page_size])
            columns = [c.name for c in cursor.description]
            n_candidate = len(Candidate._meta.concrete_fields)
            n_interview = len(Interview._meta.concrete_fields)
            results: dict[Any, dict[str, Any]] = {}
            for row in cursor.fetchall():
                candidate = results.get(row[0])
                if candidate is None:
                    candidate = dict(zip(columns[:n_candidate], row[:n_candidate], strict=True))
                    candidate["interviews"] = []
                    results[row[0]] = candidate
                cut = n_candidate + n_interview
                interview = dict(zip(columns[n_candidate:cut], row[n_candidate:cut], strict=True))
                interview["feedback"] = [dict(zip(columns[cut:], row[cut:], strict=True))]
                candidate["interviews"].append(interview)
            orjson.dumps({"count": len(results), "results": list(results.values())})


def positions_floor(workspace_id: str) -> None:
    import orjson
    from django.db import connection

    from interviews.models import Interview
    from positions.models import Company, Position

    sql = f"""
        SELECT p.*, c.name AS company_name,
               (SELECT count(*) FROM {Interview._meta.db_table} i WHERE i.position_id = p.id)
                   AS interview_count
        FROM {Position._meta.db_table} p JOIN {Company._meta.db_table} c ON c.id = p.company_id
        WHERE p.workspace_id = %s AND p.is_remote = false
          AND (p.title ILIKE %s OR c.name ILIKE %s OR p.description ILIKE %s)
        ORDER BY p.application_date DESC, p.created_at DESC, p.id LIMIT 100
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [workspace_id, "%Engineer%", "%Engineer%", "%Engineer%"])
        columns = [c.name for c in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    orjson.dumps({"count": len(rows), "results": rows})


# --- dashboard pages, in-process -----------------------------------------------------------------

DASHBOARD_PAGES = [
    ("home", "home"),
    ("candidates table", "candidates:list"),
    ("candidates kanban", "candidates:kanban"),
    ("interview calendar", "interviews:calendar"),
    ("interview agenda", "interviews:agenda"),
    ("analytics", "analytics:dashboard"),
]


def dashboard(data, repeat: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from interview_tracker.models import User

    with connection.cursor() as cursor:
        # The dataset is written in one go and autovacuum may be off (it is on the benchmark
        # machine): without statistics PostgreSQL plans for a handful of rows (nested loops
        # over 10,000 candidates). A served database has them, so gather them first.
        cursor.execute("ANALYZE")
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(User.objects.get(email=data.owner_email))
    rows = []
    for label, name in DASHBOARD_PAGES:
        url = reverse(name)

        cpu: list[float] = []

        def get(url: str = url, cpu: list[float] = cpu) -> None:
            begin = time.process_time()
            response = client.get(url)
            cpu.append(time.process_time() - begin)
            assert response.status_code == 200, (url, response.status_code)

        timing = measure(get, repeat=max(repeat, 20), warmup=2)
        with CaptureQueriesContext(connection) as queries:
            get()
        rows.append(
            [
                f"{label} ({url})",
                timing.median_ms,
                timing.p95_ms,
                # This process's CPU time (Python: view, ORM, template), not PostgreSQL's, nor
                # the waits for a CPU that other processes hold: steadier on a shared machine.
                statistics.median(cpu) * 1000,
                len(queries),
                "met" if timing.p95_ms <= 50 else "MISSED",
            ]
        )
    print(f"Dashboard pages, {data.candidates:,} candidates, in-process server time:")
    print_table(["page", "median ms", "p95 ms", "median CPU ms", "queries", "p95 ≤ 50 ms"], rows)
