"""Load, and faults: 50 concurrent clients for 60 s on a mixed read/write workload through the
production serving setup (uvicorn workers, PostgreSQL, Redis); with ``--fault``, PostgreSQL is
stopped for 10 s in the middle (Debian's ``pg_ctlcluster``).

Reports requests, errors (5xx other than the outage's 503s, transport errors, timeouts), median,
p95 and p99 latency; with ``--fault`` also what the outage answered (503 envelopes and how fast),
how long recovery took after the database returned, and whether every write acknowledged with
2xx is in the database afterwards (counted).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/it_bench .venv/bin/python -m bench load
    DATABASE_URL=... .venv/bin/python -m bench load --fault   # stops the shared server for 10 s
"""

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from bench.common import machine, print_table, require_postgresql, setup_django

REQUEST_TIMEOUT = 15.0


def parse(argv: list[str]) -> argparse.Namespace:
    from bench.serving import SERVERS

    parser = argparse.ArgumentParser(prog="python -m bench load", description=__doc__)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds")
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="server workers (README: one per CPU)",
    )
    parser.add_argument("--server", choices=SERVERS, default="uvicorn")
    parser.add_argument("--candidates", type=int, default=1000, help="dataset size")
    parser.add_argument("--writes", type=float, default=0.3, help="share of writes")
    parser.add_argument("--fault", action="store_true", help="stop PostgreSQL mid-run")
    parser.add_argument("--outage", type=float, default=10.0, help="seconds PostgreSQL is down")
    parser.add_argument("--pg-version", default=None, help="cluster version (ls /etc/postgresql)")
    parser.add_argument("--pg-cluster", default="main")
    parser.add_argument("--seed", type=int, default=11)
    return parser.parse_args(argv)


@dataclass
class Sample:
    kind: str
    started: float
    latency: float
    status: int  # 0 = transport error or timeout
    envelope: str = ""


@dataclass
class Run:
    samples: list[Sample] = field(default_factory=list)
    created_emails: list[str] = field(default_factory=list)
    created_messages: list[str] = field(default_factory=list)
    outage: tuple[float, float] | None = None  # (stopped, started) on the monotonic clock


def main(argv: list[str]) -> int:
    args = parse(argv)
    setup_django()
    require_postgresql()
    from bench import dataset

    data = dataset.ensure(args.candidates)
    dataset.cleanup(data.workspace_id)
    ids = fixture_ids(data.workspace_id)
    from django.db import connection

    connection.close()
    from bench.serving import serve

    print(
        f"Machine: {machine()}; uvicorn --workers {args.workers}; {args.clients} clients, "
        f"{args.duration:.0f} s, {args.writes:.0%} writes"
        + (f"; fault: PostgreSQL stopped for {args.outage:.0f} s" if args.fault else "")
    )
    with serve(args.workers, server=args.server) as base:
        run = asyncio.run(drive(base, data, ids, args))
    ok = report(run, args)
    if args.fault:
        ok = verify_writes(run) and ok
    dataset.cleanup(data.workspace_id)
    return 0 if ok else 1


def fixture_ids(workspace_id: str) -> dict[str, list[str]]:
    from candidates.models import Candidate
    from interviews.models import Interview

    candidates = Candidate.objects.filter(workspace_id=workspace_id).values_list("id", flat=True)
    interviews = Interview.objects.filter(workspace_id=workspace_id).values_list("id", flat=True)
    return {
        "candidates": [str(i) for i in candidates[:500]],
        "interviews": [str(i) for i in interviews[:500]],
    }


async def drive(base: str, data, ids: dict[str, list[str]], args) -> Run:
    from bench import dataset
    from bench.serving import http_client_module, login

    httpx = http_client_module()
    run = Run()
    tag = uuid.uuid4().hex[:8]
    rng = random.Random(args.seed)
    limits = httpx.Limits(max_connections=args.clients)
    async with httpx.AsyncClient(timeout=REQUEST_TIMEOUT, limits=limits) as client:
        headers = await login(client, base, data.owner_email, dataset.OWNER_PASSWORD)
        begin = time.monotonic()
        deadline = begin + args.duration
        fault_task = None
        if args.fault:
            fault_task = asyncio.create_task(fault(run, begin, args))
        counter = iter(range(10**9))

        async def one(kind: str, method: str, url: str, body: Any = None) -> Any:
            started = time.monotonic()
            try:
                response = await client.request(method, base + url, json=body, headers=headers)
            except httpx.HTTPError:
                run.samples.append(Sample(kind, started, time.monotonic() - started, 0))
                return None
            latency = time.monotonic() - started
            envelope = ""
            if response.status_code >= 400:
                try:
                    envelope = response.json()["error"]["code"]
                except (ValueError, KeyError, TypeError):
                    envelope = "not-an-envelope"
            run.samples.append(Sample(kind, started, latency, response.status_code, envelope))
            return response

        async def client_loop() -> None:
            while time.monotonic() < deadline:
                n = next(counter)
                if rng.random() < args.writes:
                    if rng.random() < 0.5:
                        email = f"load-{tag}-{n}@bench.example.com"
                        response = await one(
                            "write: create candidate",
                            "POST",
                            "/api/v1/candidates/",
                            {"name": f"Load {n}", "email": email, "source": "load"},
                        )
                        if response is not None and response.status_code == 201:
                            run.created_emails.append(email)
                    else:
                        interview = rng.choice(ids["interviews"])
                        response = await one(
                            "write: post message",
                            "POST",
                            f"/api/v1/interviews/{interview}/messages/",
                            {"body": f"load {tag} {n}"},
                        )
                        if response is not None and response.status_code == 201:
                            run.created_messages.append(response.json()["id"])
                else:
                    choice = rng.random()
                    if choice < 0.3:
                        page = rng.randint(1, 10)
                        await one(
                            "read: candidates page", "GET", f"/api/v1/candidates/?page={page}"
                        )
                    elif choice < 0.55:
                        await one(
                            "read: candidate",
                            "GET",
                            f"/api/v1/candidates/{rng.choice(ids['candidates'])}/",
                        )
                    elif choice < 0.8:
                        await one(
                            "read: interviews page", "GET", "/api/v1/interviews/?status=scheduled"
                        )
                    else:
                        await one(
                            "read: positions search", "GET", "/api/v1/positions/?search=Engineer"
                        )

        await asyncio.gather(*(client_loop() for _ in range(args.clients)))
        if fault_task is not None:
            await fault_task
    return run


async def fault(run: Run, begin: float, args) -> None:
    """Stop PostgreSQL at the middle of the run for ``--outage`` seconds, then start it."""
    version = args.pg_version or pg_version()
    await asyncio.sleep(max(0.0, args.duration / 2 - args.outage / 2))
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, args.pg_cluster]
    stopped = time.monotonic()  # the outage starts when the shutdown does
    await asyncio.to_thread(subprocess.run, [*command, "stop", "-m", "fast"], check=True)
    print(f"  PostgreSQL stopped at t={stopped - begin:.1f} s")
    try:
        await asyncio.sleep(args.outage)
    finally:
        await asyncio.to_thread(subprocess.run, [*command, "start"], check=True)
        for _ in range(60):
            ready = await asyncio.to_thread(
                subprocess.run, ["pg_isready", "-h", "127.0.0.1", "-q"], check=False
            )
            if ready.returncode == 0:
                break
            await asyncio.sleep(0.2)
    started = time.monotonic()
    print(f"  PostgreSQL accepting connections again at t={started - begin:.1f} s")
    run.outage = (stopped, started)


def pg_version() -> str:
    from pathlib import Path

    versions = sorted(p.name for p in Path("/etc/postgresql").iterdir() if p.name[0].isdigit())
    return versions[-1]


def median_ms(seconds: list[float]) -> float:
    return statistics.median(seconds) * 1000 if seconds else 0.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def report(run: Run, args) -> bool:
    samples = run.samples
    outage = run.outage
    in_outage: list[Sample] = []
    normal: list[Sample] = []
    recovery_s = 0.0
    if outage:
        stopped, started = outage
        # The outage, for the requests: from the stop until the first success after the start;
        # a request belongs to it when it was under way at any moment of it (one sent before
        # the stop may be answered after it).
        after = [s for s in samples if s.started >= started and 200 <= s.status < 300]
        recovered = min((s.started for s in after), default=float("inf"))
        recovery_s = recovered - started
        in_outage = [
            s for s in samples if s.started < recovered and s.started + s.latency > stopped
        ]
        normal = [s for s in samples if s not in in_outage]
    else:
        normal = samples
    rows = []
    kinds = sorted({s.kind for s in normal})
    for kind in kinds:
        group = [s for s in normal if s.kind == kind]
        latencies = [s.latency * 1000 for s in group]
        errors = sum(1 for s in group if s.status == 0 or s.status >= 500)
        rows.append(
            [
                kind,
                len(group),
                errors,
                statistics.median(latencies),
                percentile(latencies, 0.95),
                percentile(latencies, 0.99),
            ]
        )
    latencies = [s.latency * 1000 for s in normal]
    errors = [s for s in normal if s.status == 0 or s.status >= 500]
    rows.append(
        [
            "all",
            len(normal),
            len(errors),
            statistics.median(latencies),
            percentile(latencies, 0.95),
            percentile(latencies, 0.99),
        ]
    )
    elapsed = max(s.started + s.latency for s in samples) - min(s.started for s in samples)
    print(
        f"\n{len(samples)} requests in {elapsed:.1f} s ({len(samples) / elapsed:.0f} req/s)"
        + (f"; {len(normal)} of them outside the outage:" if outage else "")
    )
    print_table(["requests", "count", "errors", "median ms", "p95 ms", "p99 ms"], rows)
    unexpected = {s.status for s in normal if s.status not in {200, 201}}
    if unexpected:
        print(f"other statuses outside the outage: {sorted(unexpected)}")
    ok = not errors
    if outage:
        statuses: dict[str, int] = {}
        for s in in_outage:
            key = f"{s.status} {s.envelope}".strip() if s.status else "transport error/timeout"
            statuses[key] = statuses.get(key, 0) + 1
        failed = [s for s in in_outage if not (200 <= s.status < 300)]
        slowest = max((s.latency for s in failed), default=0.0)
        bad = [s for s in failed if s.status != 503 or s.envelope != "SERVICE_UNAVAILABLE"]
        print(f"\nDuring the outage ({len(in_outage)} requests): {statuses}")
        print(
            f"  503 answers: median {median_ms([s.latency for s in failed]):.0f} ms, "
            f"p95 {percentile([s.latency * 1000 for s in failed], 0.95):.0f} ms, "
            f"slowest {slowest * 1000:.0f} ms; answers other than the 503 envelope: {len(bad)}"
        )
        print(
            f"  recovered {recovery_s:.2f} s after PostgreSQL accepted connections again"
            " (target ≤ 5 s)"
        )
        ok = ok and not bad and recovery_s <= 5 and slowest < REQUEST_TIMEOUT
    return ok


def verify_writes(run: Run) -> bool:
    from django.db import connection

    from candidates.models import Candidate
    from interviews.models import Message

    connection.close()
    emails = set(run.created_emails)
    found = set(Candidate.objects.filter(email__in=emails).values_list("email", flat=True))
    messages = set(run.created_messages)
    found_messages = {
        str(i) for i in Message.objects.filter(id__in=messages).values_list("id", flat=True)
    }
    print(
        f"\nAcknowledged writes present afterwards: candidates {len(found)}/{len(emails)}, "
        f"messages {len(found_messages)}/{len(messages)}"
    )
    return found == emails and found_messages == messages
