"""Side by side with the reference systems: the same workloads against our server and theirs.

P1 (a candidates/interviews/feedback API that returns every candidate with everything in one
response) and P2 (a positions/interviews API with statistics) run from their public
repositories (bench/README.md says how); point this at them with ``--p1 URL`` and ``--p2 URL``.
Each round runs every workload once against each target, in turn, so a burst of load on this
shared machine falls on all of them; the table gives medians over the rounds and ours ÷ theirs.
Without reference servers, each read is compared with its in-process floor (the same rows by
raw SQL, serialised with orjson).

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/it_bench \\
        .venv/bin/python -m bench peers --p1 http://127.0.0.1:8101 --p2 http://127.0.0.1:8102

``--seed-peers`` first fills empty reference servers through their APIs with the dataset of
ours (N parents with 2 interviews and 1 feedback each; P2 has no feedback).
"""

import argparse
import asyncio
import datetime as dt
import os
import statistics
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bench.common import Timing, machine, measure, print_table, require_postgresql
from bench.common import setup_django as _setup

type Workload = Callable[[], Awaitable[int]]  # one call; returns the items it handled

CANDIDATES_100 = "1,000 candidates with interviews and feedback, pages of 100"
CANDIDATES_1000 = "1,000 candidates with interviews and feedback, pages of 1,000"
POSITIONS = "a page of 100 positions with their interviews"
CREATE_CANDIDATE = "create a candidate (P1)"
CREATE_POSITION = "create a position (P2)"
INTERVIEWS = "all interviews"
OVERVIEW = "statistics overview"
# Ours only: what any request costs before its own work (the floor under every ratio above).
NO_DATABASE = "a response without the database (health/liveness)"
AUTH_ME = "an authenticated read of the caller (auth/me)"


def parse(argv: list[str]) -> argparse.Namespace:
    from bench.serving import SERVERS

    parser = argparse.ArgumentParser(prog="python -m bench peers", description=__doc__)
    parser.add_argument("--p1", help="base URL of a running P1 (candidates in one response)")
    parser.add_argument("--p2", help="base URL of a running P2 (positions with interviews)")
    parser.add_argument("--seed-peers", action="store_true", help="fill empty references first")
    parser.add_argument("--candidates", type=int, default=1000, help="our dataset's size")
    parser.add_argument("--rounds", type=int, default=7, help="rounds (medians over them)")
    parser.add_argument("--creates", type=int, default=10, help="creates per round and target")
    parser.add_argument("--server", choices=SERVERS, default="uvicorn")
    parser.add_argument("--workers", type=int, default=1, help="our workers (theirs: one each)")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse(argv)
    from bench.serving import collect_static, serve, server_env

    os.environ.update(server_env())
    collect_static(dict(os.environ))
    _setup()
    require_postgresql()
    from django.db import connection

    from bench import dataset

    data = dataset.ensure(args.candidates)
    dataset.cleanup(data.workspace_id)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    floors = measure_floors(data, args.rounds)
    connection.close()
    print(f"Machine: {machine()}; ours: {args.server} --workers {args.workers}")
    with serve(args.workers, server=args.server) as base:
        samples = asyncio.run(run(base, data, args))
    dataset.cleanup(data.workspace_id)
    report(samples, floors, args)
    return 0


@dataclass
class Samples:
    """Seconds per call and items per call, per (target, workload)."""

    times: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    items: dict[tuple[str, str], list[int]] = field(default_factory=dict)

    def timing(self, target: str, workload: str) -> Timing | None:
        values = sorted(self.times.get((target, workload), []))
        if not values:
            return None
        p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
        return Timing(statistics.median(values), p95, len(values))

    def rate(self, target: str, workload: str) -> float:
        """The median of the calls' items per second (the creates of each round add rows to
        the lists that later rounds walk, on every target alike)."""
        pairs = zip(self.items[target, workload], self.times[target, workload], strict=True)
        return statistics.median(items / seconds for items, seconds in pairs)


async def run(base: str, data: Any, args: argparse.Namespace) -> Samples:
    from bench.serving import http_client_module

    httpx = http_client_module()
    samples = Samples()
    async with httpx.AsyncClient(timeout=120) as client:
        targets = {"ours": await ours(client, base, data)}
        if args.p1:
            targets["P1"] = await p1(client, args.p1.rstrip("/"), args)
        if args.p2:
            targets["P2"] = await p2(client, args.p2.rstrip("/"), args)
        repeat = {CREATE_CANDIDATE: args.creates, CREATE_POSITION: args.creates}
        for round_ in range(args.rounds + 1):  # round 0 warms every target up, unrecorded
            for workload in [CANDIDATES_100, CANDIDATES_1000, POSITIONS, CREATE_CANDIDATE,
                             CREATE_POSITION, INTERVIEWS, OVERVIEW, NO_DATABASE,
                             AUTH_ME]:  # fmt: skip
                for target, calls in targets.items():
                    if workload not in calls:
                        continue
                    print(f"round {round_}: {target}, {workload}", file=sys.stderr, flush=True)
                    for _ in range(repeat.get(workload, 1)):
                        begin = time.perf_counter()
                        items = await calls[workload]()
                        if round_:
                            samples.times.setdefault((target, workload), []).append(
                                time.perf_counter() - begin
                            )
                            samples.items.setdefault((target, workload), []).append(items)
    return samples


async def walk(client: Any, url: str, params: dict[str, Any], headers: dict[str, str]) -> int:
    """Every page of one of our lists, following ``next``; returns the rows read."""
    rows = 0
    next_url: str | None = url
    query: dict[str, Any] | None = params
    while next_url:
        response = await client.get(next_url, params=query, headers=headers)
        response.raise_for_status()
        body = response.json()
        rows += len(body["results"])
        # ``next`` carries the query; empty params would replace it (httpx), None keeps it.
        next_url, query = body["next"], None
    return rows


async def ours(client: Any, base: str, data: Any) -> dict[str, Workload]:
    from bench import dataset
    from bench.serving import login

    headers = await login(client, base, data.owner_email, dataset.OWNER_PASSWORD)
    run = uuid.uuid4().hex[:8]
    counter = iter(range(10**9))

    def candidates(page_size: int) -> Workload:
        params = {"expand": "interviews", "page_size": page_size}
        return lambda: walk(client, f"{base}/api/v1/candidates/", params, headers)

    async def positions() -> int:
        response = await client.get(
            f"{base}/api/v1/positions/",
            params={"page_size": 100, "expand": "interviews"},
            headers=headers,
        )
        response.raise_for_status()
        return len(response.json()["results"])

    async def create(url: str, body: dict[str, Any]) -> int:
        response = await client.post(url, json=body, headers=headers)
        assert response.status_code == 201, response.text
        return 1

    async def create_candidate() -> int:
        n = next(counter)
        # "created-": ``dataset.cleanup`` removes them after the run.
        body = {"name": f"Created {n}", "email": f"created-peer-{run}-{n}@bench.example.com"}
        return await create(f"{base}/api/v1/candidates/", body)

    async def create_position() -> int:
        body = {
            "workspace": data.workspace_id,
            "title": f"Peer {run} {next(counter)}",
            "company_name": "Peer Co",
            "application_date": dt.datetime.now(dt.UTC).date().isoformat(),
        }
        return await create(f"{base}/api/v1/positions/", body)

    def get(url: str, auth: dict[str, str]) -> Workload:
        async def call() -> int:
            response = await client.get(url, headers=auth)
            response.raise_for_status()
            return 1

        return call

    return {
        CANDIDATES_100: candidates(100),
        CANDIDATES_1000: candidates(1000),
        POSITIONS: positions,
        CREATE_CANDIDATE: create_candidate,
        CREATE_POSITION: create_position,
        INTERVIEWS: lambda: walk(client, f"{base}/api/v1/interviews/", {"page_size": 100}, headers),
        OVERVIEW: get(f"{base}/api/v1/statistics/overview", headers),
        NO_DATABASE: get(f"{base}/health/liveness", {}),
        AUTH_ME: get(f"{base}/api/v1/auth/me", headers),
    }


async def p1(client: Any, base: str, args: argparse.Namespace) -> dict[str, Workload]:
    """P1: no authentication; ``GET /candidates/`` returns every candidate with everything."""
    when = (dt.datetime.now(dt.UTC) + dt.timedelta(days=7)).isoformat()
    if args.seed_peers and not (await client.get(f"{base}/candidates/")).json():
        for n in range(args.candidates):
            body = {"name": f"P {n}", "email": f"p1-{n}@bench.example.com", "position": "SRE"}
            candidate = (await client.post(f"{base}/candidates/", json=body)).json()
            for kind in ("screen", "onsite"):
                interview = await client.post(
                    f"{base}/candidates/{candidate['id']}/interviews",
                    json={"interviewer": f"{kind} lead", "scheduled_at": when},
                )
                if kind == "screen":
                    await client.post(
                        f"{base}/interviews/{interview.json()['id']}/feedback",
                        json={"rating": 4, "comment": "Clear and structured."},
                    )
    run = uuid.uuid4().hex[:8]
    counter = iter(range(10**9))

    async def everything() -> int:
        response = await client.get(f"{base}/candidates/")
        response.raise_for_status()
        return len(response.json())

    async def create() -> int:
        n = next(counter)
        body = {"name": f"C {n}", "email": f"p1-{run}-{n}@bench.example.com", "position": "SRE"}
        response = await client.post(f"{base}/candidates/", json=body)
        assert response.status_code == 201, response.text
        return 1

    return {CANDIDATES_100: everything, CANDIDATES_1000: everything, CREATE_CANDIDATE: create}


async def p2(client: Any, base: str, args: argparse.Namespace) -> dict[str, Workload]:
    """P2: JWT per user; positions embed their interviews; interviews are listed per position."""
    api = f"{base}/api/v1"
    credentials = {"email": "peer-bench@bench.example.com", "password": "peer-bench-pass"}
    await client.post(f"{api}/auth/register", json=credentials)  # 4xx once it exists
    login = await client.post(f"{api}/auth/login", json=credentials)
    login.raise_for_status()
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    today = dt.datetime.now(dt.UTC).date().isoformat()
    when = (dt.datetime.now(dt.UTC) + dt.timedelta(days=7)).isoformat()
    listed = await client.get(f"{api}/positions/", params={"per_page": 1}, headers=headers)
    if args.seed_peers and not listed.json()["total"]:
        for n in range(args.candidates):
            body = {"title": f"Engineer {n}", "company": f"Co {n % 50}", "application_date": today}
            position = (await client.post(f"{api}/positions/", json=body, headers=headers)).json()
            for kind in ("technical", "hr"):
                await client.post(
                    f"{api}/positions/{position['id']}/interviews",
                    json={"type": kind, "place": "video", "scheduled_date": when},
                    headers=headers,
                )
    run = uuid.uuid4().hex[:8]
    counter = iter(range(10**9))

    async def page(number: int = 1) -> list[dict[str, Any]]:
        response = await client.get(
            f"{api}/positions/", params={"per_page": 100, "page": number}, headers=headers
        )
        response.raise_for_status()
        return list(response.json()["positions"])

    async def positions() -> int:
        return len(await page())

    async def interviews() -> int:
        # P2 lists interviews per position only: every page of positions, then each one's.
        count, number = 0, 1
        while rows := await page(number):
            for position in rows:
                response = await client.get(
                    f"{api}/positions/{position['id']}/interviews", headers=headers
                )
                response.raise_for_status()
                count += len(response.json()["interviews"])
            number += 1
        return count

    async def create() -> int:
        body = {
            "title": f"Peer {run} {next(counter)}",
            "company": "Peer Co",
            "application_date": today,
        }
        response = await client.post(f"{api}/positions/", json=body, headers=headers)
        assert response.status_code == 201, response.text
        return 1

    async def overview() -> int:
        response = await client.get(f"{api}/statistics/overview", headers=headers)
        response.raise_for_status()
        return 1

    return {
        POSITIONS: positions,
        CREATE_POSITION: create,
        INTERVIEWS: interviews,
        OVERVIEW: overview,
    }


# --- in-process floors: the same rows by raw SQL, serialised with orjson ------------------------


def measure_floors(data: Any, rounds: int) -> dict[str, Timing]:
    from bench.api import candidates_floor

    pages = -(-data.candidates // 100)
    big_pages = -(-data.candidates // 1000)
    return {
        CANDIDATES_100: measure(lambda: candidates_floor(data.workspace_id, pages), repeat=rounds),
        CANDIDATES_1000: measure(
            lambda: candidates_floor(data.workspace_id, big_pages, 1000), repeat=rounds
        ),
        POSITIONS: measure(lambda: positions_floor(data.workspace_id), repeat=rounds),
        INTERVIEWS: measure(lambda: interviews_floor(data.workspace_id), repeat=rounds),
    }


def positions_floor(workspace_id: str) -> None:
    """A page of 100 positions and their interviews, nested."""
    import orjson
    from django.db import connection

    from interviews.models import Interview
    from positions.models import Position

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT * FROM {Position._meta.db_table} WHERE workspace_id = %s "
            "ORDER BY application_date DESC, created_at DESC, id LIMIT 100",
            [workspace_id],
        )
        columns = [c.name for c in cursor.description]
        page = {row[0]: dict(zip(columns, row, strict=True)) for row in cursor.fetchall()}
        for position in page.values():
            position["interviews"] = []
        cursor.execute(
            f"SELECT * FROM {Interview._meta.db_table} WHERE position_id = ANY(%s) "
            "ORDER BY scheduled_at, id",
            [list(page)],
        )
        columns = [c.name for c in cursor.description]
        for row in cursor.fetchall():
            interview = dict(zip(columns, row, strict=True))
            page[interview["position_id"]]["interviews"].append(interview)
    orjson.dumps({"count": len(page), "results": list(page.values())})


def interviews_floor(workspace_id: str) -> None:
    import orjson
    from django.db import connection

    from interviews.models import Interview

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT * FROM {Interview._meta.db_table} WHERE workspace_id = %s "
            "ORDER BY scheduled_at, id",
            [workspace_id],
        )
        columns = [c.name for c in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    orjson.dumps({"count": len(rows), "results": rows})


# --- the table --------------------------------------------------------------------------------


def report(samples: Samples, floors: dict[str, Timing], args: argparse.Namespace) -> None:
    headers = ["workload", "ours p50 ms", "ours items/s", "reference", "ref p50 ms",
               "ref items/s", "ours ÷ ref, throughput", "ours ÷ floor, time"]  # fmt: skip
    rows = []
    workloads = dict.fromkeys(workload for _, workload in samples.times)
    for workload in workloads:
        mine = samples.timing("ours", workload)
        assert mine is not None
        rate = samples.rate("ours", workload)
        floor = floors.get(workload)
        versus_floor = f"{mine.median / floor.median:.2f}x" if floor else "-"
        references = [t for t in ("P1", "P2") if (t, workload) in samples.times] or [None]
        for target in references:
            theirs = samples.timing(target, workload) if target else None
            their_rate = samples.rate(target, workload) if theirs else None
            rows.append(
                [
                    workload,
                    mine.median_ms,
                    f"{rate:,.0f}",
                    target or "-",
                    theirs.median_ms if theirs else "-",
                    f"{their_rate:,.0f}" if their_rate else "-",
                    f"{rate / their_rate:.2f}" if their_rate else "-",
                    versus_floor,
                ]
            )
    print(f"{args.rounds} rounds after one warm-up round, {args.creates} creates per round:")
    print_table(headers, rows)
