"""Several nodes: two web servers and two task workers on one PostgreSQL, Redis, S3 server and
SMTP sink; one web server and one worker are killed mid-run; nothing acknowledged is lost.

Everything runs on 127.0.0.1 on ports chosen at run time: PostgreSQL (DATABASE_URL) and Redis
(REDIS_URL) as they run here, moto's S3 server and an aiosmtpd sink inside this process, two
uvicorn processes and two ``run_redis_tasks`` workers (TASKS_BACKEND=redis, the production
queue). A bounded load mix is spread over both web servers, as a load balancer would (a server
that stops answering gets no more requests): candidate creations (writes), password-reset
requests (each queues one e-mail), resume uploads and list reads. A third of the way in one web
server is killed with SIGKILL, half-way one worker. Then it counts: acknowledged writes missing
from the database, e-mails missing or duplicated at the SMTP sink, uploads that the surviving
server cannot serve back byte for byte, and the latencies.
"""

import argparse
import asyncio
import logging
import os
import random
import re
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from email import message_from_bytes
from typing import Any

from bench.common import print_table, require_postgresql, setup_django
from bench.load import percentile
from bench.serving import (
    ROOT,
    collect_static,
    free_port,
    http_client_module,
    login,
    server_env,
    wait_until_up,
)

PASSWORD = "bench-nodes-password-2026"
PDF = b"%PDF-1.4 bench resume "


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench nodes", description=__doc__)
    parser.add_argument("--seconds", type=float, default=45, help="Length of the load phase.")
    parser.add_argument("--concurrency", type=int, default=8, help="Clients at once.")
    parser.add_argument(
        "--drain-seconds", type=float, default=120, help="Longest wait for the queue to empty."
    )
    return parser.parse_args(argv)


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    created: list[str] = field(default_factory=list)  # candidate ids acknowledged
    resets: list[str] = field(default_factory=list)  # addresses whose reset was acknowledged
    uploads: list[tuple[str, bytes]] = field(default_factory=list)
    requests: int = 0


class Sink:
    """The SMTP server: every message it accepts, by recipient and Message-ID."""

    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def start_process(command: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def kill(process: subprocess.Popen) -> None:
    """What a machine failure does: no signal handler, no graceful shutdown."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


async def reset_password(client: Any, base: str, email: str) -> bool:
    page = await client.get(f"{base}/password-reset/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    if page.status_code != 200 or token is None:
        return False
    response = await client.post(
        f"{base}/password-reset/",
        data={"email": email, "csrfmiddlewaretoken": token.group(1)},
    )
    return response.status_code == 302


async def drive(args: argparse.Namespace, bases: list[str], tally: Tally, events: Any) -> None:
    httpx = http_client_module()
    alive = list(bases)
    deadline = time.monotonic() + args.seconds
    counter = iter(range(10**9))
    run = uuid.uuid4().hex[:6]  # a second run on the same database meets no earlier address

    async with httpx.AsyncClient(timeout=60) as client:
        headers = await login(client, bases[1], "bench-nodes@example.com", PASSWORD)

    async def client_loop(worker: int) -> None:
        async with httpx.AsyncClient(timeout=30) as api, httpx.AsyncClient(timeout=30) as pages:
            while time.monotonic() < deadline:
                if not alive:
                    return
                base = alive[next(counter) % len(alive)]
                kind = random.choices(["write", "mail", "upload", "read"], [4, 2, 2, 4])[0]
                n = next(counter)
                began = time.monotonic()
                try:
                    if kind == "write":
                        response = await api.post(
                            f"{base}/api/v1/candidates/",
                            json={"name": f"Node {n}", "email": f"node{n}-{run}@example.com"},
                            headers=headers,
                        )
                        if response.status_code == 201:
                            tally.created.append(response.json()["id"])
                        else:
                            tally.errors[f"write {response.status_code}"] += 1
                    elif kind == "mail":
                        email = f"reset{n}-{run}@example.com"
                        await asyncio.to_thread(make_user, email)
                        if await reset_password(pages, base, email):
                            tally.resets.append(email)
                        else:
                            tally.errors["reset refused"] += 1
                    elif kind == "upload":
                        content = PDF + uuid.uuid4().hex.encode()
                        response = await api.post(
                            f"{base}/api/v1/candidates/",
                            data={"name": f"Upload {n}", "email": f"upload{n}-{run}@example.com"},
                            files={"resume": ("cv.pdf", content, "application/pdf")},
                            headers=headers,
                        )
                        if response.status_code == 201:
                            tally.uploads.append((response.json()["id"], content))
                        else:
                            tally.errors[f"upload {response.status_code}"] += 1
                    else:
                        response = await api.get(
                            f"{base}/api/v1/candidates/?page_size=20", headers=headers
                        )
                        if response.status_code != 200:
                            tally.errors[f"read {response.status_code}"] += 1
                except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError) as exc:
                    # What a load balancer sees of a dead server: it stops sending it requests.
                    tally.errors[f"{kind} {type(exc).__name__}"] += 1
                    if base in alive:
                        alive.remove(base)
                    continue
                tally.requests += 1
                tally.latencies.append(time.monotonic() - began)

    await asyncio.gather(events(), *(client_loop(i) for i in range(args.concurrency)))


def make_user(email: str) -> None:
    from interview_tracker.models import User

    User.objects.create_user(email=email, password=PASSWORD)


def main(argv: list[str]) -> int:
    args = parse(argv)
    setup_django()
    require_postgresql()
    from aiosmtpd.controller import Controller
    from django.core.management import call_command
    from moto.server import ThreadedMotoServer

    call_command("migrate", "--no-input", verbosity=0)
    for noisy in ("werkzeug", "mail.log"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    import boto3

    from candidates.models import Candidate
    from interview_tracker.models import OutboundMail, User
    from interview_tracker.services import user_register

    s3_port, smtp_port = free_port(), free_port()
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=s3_port, verbose=False)
    moto.start()
    endpoint = f"http://127.0.0.1:{s3_port}"
    bucket = f"nodes-{uuid.uuid4().hex[:8]}"
    boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="bench",
        aws_secret_access_key="bench",
        region_name="us-east-1",
    ).create_bucket(Bucket=bucket)
    sink = Sink()
    smtp = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    smtp.start()

    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/13")
    env = server_env(
        {
            "REDIS_URL": redis_url,
            "TASKS_BACKEND": "redis",
            # A killed worker's task is taken over after this long (at-least-once delivery).
            "TASKS_CLAIM_SECONDS": "15",
            "MAIL_CLAIM_SECONDS": "15",
            "TASKS_RETRY_BASE_SECONDS": "2",
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "S3_BUCKET": bucket,
            "S3_ENDPOINT_URL": endpoint,
            "S3_ACCESS_KEY_ID": "bench",
            "S3_SECRET_ACCESS_KEY": "bench",
            "S3_REGION": "us-east-1",
            "DB_POOL_MAX_SIZE": "8",
        }
    )
    collect_static(env)
    owner = User.objects.filter(email="bench-nodes@example.com").first()
    if owner is None:
        owner = user_register(email="bench-nodes@example.com", password=PASSWORD)
    mails_before = OutboundMail.objects.count()

    ports = [free_port(), free_port()]
    web = [
        start_process(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "interview_tracker.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                "1",
                "--no-access-log",
                "--log-level",
                "warning",
            ],
            env,
        )
        for port in ports
    ]
    workers = [
        start_process([sys.executable, "manage.py", "run_redis_tasks", "--continuous", "-v0"], env)
        for _ in range(2)
    ]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    tally = Tally()
    killed: dict[str, float] = {}
    try:
        for base, process in zip(bases, web, strict=True):
            wait_until_up(base, process)
        started = time.monotonic()

        async def events() -> None:
            await asyncio.sleep(args.seconds / 3)
            kill(web[0])
            killed["web server"] = time.monotonic() - started
            await asyncio.sleep(args.seconds / 6)
            kill(workers[0])
            killed["worker"] = time.monotonic() - started

        asyncio.run(drive(args, bases, tally, events))
        load_seconds = time.monotonic() - started

        # Let the surviving worker drain the queue (a killed worker's task after the claim).
        expected = set(tally.resets)
        drain_began = time.monotonic()
        while time.monotonic() - drain_began < args.drain_seconds:
            received = {m["To"] for m in sink.messages}
            if expected <= received:
                break
            time.sleep(1)
        drain_seconds = time.monotonic() - drain_began
        time.sleep(3)  # a duplicate would arrive now, if any

        by_address = Counter(m["To"] for m in sink.messages if m["To"] in expected)
        missing_mail = sorted(address for address in expected if by_address[address] == 0)
        duplicated = sorted(address for address, n in by_address.items() if n > 1)
        stored = Candidate.objects.filter(pk__in=tally.created).values_list("pk", flat=True)
        lost_writes = len(set(tally.created) - {str(pk) for pk in stored})
        unreadable = asyncio.run(check_uploads(bases[1], tally.uploads))
        unsent = OutboundMail.objects.filter(sent_at__isnull=True).count()
    finally:
        for process in [*web, *workers]:
            stop(process)
        smtp.stop()
        moto.stop()

    print(
        f"\nTwo web servers (uvicorn, 1 process each) and two workers (run_redis_tasks) on "
        f"PostgreSQL, Redis, moto S3 and an SMTP sink; {args.concurrency} clients for "
        f"{load_seconds:.0f} s; web server killed at {killed.get('web server', 0):.0f} s, worker "
        f"at {killed.get('worker', 0):.0f} s; queue drained {drain_seconds:.0f} s after the load."
    )
    print_table(
        ["figure", "value"],
        [
            ("requests answered", tally.requests),
            ("errors (requests to the killed server, by kind)", dict(tally.errors) or 0),
            ("acknowledged writes (candidates, uploads)", len(tally.created) + len(tally.uploads)),
            ("acknowledged writes lost", lost_writes),
            ("mails queued by acknowledged requests", len(expected)),
            ("mails missing", len(missing_mail)),
            ("mails duplicated", len(duplicated)),
            ("outbox rows still unsent", unsent),
            ("uploads", len(tally.uploads)),
            ("uploads not downloadable from the other server", unreadable),
            (
                "p50 / p95 / p99 (ms)",
                "{:.0f} / {:.0f} / {:.0f}".format(
                    *(1000 * percentile(tally.latencies, q) for q in (0.5, 0.95, 0.99))
                ),
            ),
            ("mails sent in this database before the run", mails_before),
        ],
    )
    ok = not lost_writes and not missing_mail and not duplicated and not unreadable
    return 0 if ok else 1


async def check_uploads(base: str, uploads: list[tuple[str, bytes]]) -> int:
    """Every acknowledged upload, through the surviving server's access-checked view and the
    signed URL it redirects to."""
    httpx = http_client_module()
    bad = 0
    async with httpx.AsyncClient(timeout=30) as client:
        headers = await login(client, base, "bench-nodes@example.com", PASSWORD)
        for candidate_id, content in uploads:
            response = await client.get(
                f"{base}/api/v1/candidates/{candidate_id}/resume/", headers=headers
            )
            if response.status_code != 302:
                print(f"upload {candidate_id}: {response.status_code} {response.text[:200]}")
                bad += 1
                continue
            download = await client.get(response.headers["Location"])
            if download.content != content:
                print(f"upload {candidate_id}: {download.status_code} {download.text[:200]}")
                bad += 1
    return bad
