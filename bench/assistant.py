"""Assistant streaming benchmark: time to the first ``content`` event and total time of
``POST /api/v1/assistant/answer-stream`` with the offline provider, one stream at a time and
200 at once, against one uvicorn process started here on 127.0.0.1.

    python -m bench assistant [--streams 200] [--sequential 20]
    python -c "import bench.assistant as b; b.main([])"

The server runs the project's ASGI application with a throw-away SQLite database (or
``--database-url``), the offline provider without its reading pace (chunk delay 0, so the
figures measure the server, not the pause), and a bank question that grounds the answer. The
floor is the same answer generated in-process, without HTTP or the database.

Latest figures (this machine, SQLite, one uvicorn worker, offline provider, chunk delay 0):

    floor (in-process compose)   0.004 ms per answer
    one stream at a time         n=20  ok=20  first content p50 18.2 ms p95 29.0 ms |
                                 total p50 22.6 ms p95 40.8 ms
    200 concurrent streams       n=200 ok=200 first content p50 2437 ms p95 2549 ms |
                                 total p50 3576 ms p95 4296 ms max 4501 ms | 44 streams/s

Under load the time goes to the synchronous parts Django runs on one thread per process
(the project's sync middleware, JWT user lookup, ORM reads and the turn's write): more
uvicorn workers scale it; the event loop itself is never blocked by the provider.
"""

import argparse
import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "How would you design a URL shortening service?"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment(workdir: Path, database_url: str | None) -> dict[str, str]:
    (workdir / "bench_settings.py").write_text(
        textwrap.dedent(
            """
            from interview_tracker.settings.base import *  # noqa: F403

            ASSISTANT_PROVIDER = "offline"
            ASSISTANT_OFFLINE_CHUNK_DELAY_SECONDS = 0
            LOGGING = {"version": 1, "disable_existing_loggers": False}
            """
        )
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": os.pathsep.join([str(workdir), str(ROOT)]),
        "DATABASE_URL": database_url or f"sqlite:///{workdir / 'bench.sqlite3'}",
        "THROTTLE_ASSISTANT_RATE": "1000000/min",
        "THROTTLE_USER_RATE": "1000000/min",
        "OPENAI_API_KEY": "",
    }
    return env


SETUP = """
import django
django.setup()
from interview_tracker import services
from interview_tracker.models import User
from questions.models import Question
from rest_framework_simplejwt.tokens import RefreshToken

user = User.objects.filter(email="bench@example.com").first() or services.user_register(
    email="bench@example.com", password="bench-password-2026", first_name="Bench"
)
Question.objects.get_or_create(
    workspace_id=user.default_workspace_id,
    text="How would you design a URL shortening service?",
    defaults=dict(
        category="system_design",
        answer_summary="Generate short keys, store the mapping, redirect from a cache.",
        key_concepts=["Base62 encoding", "Key-value store", "Read-through cache"],
        common_mistakes=["Ignoring collisions", "No expiry policy"],
        tips=["Estimate reads versus writes first"],
    ),
)
print(RefreshToken.for_user(user).access_token)
"""


async def _stream(port: int, token: str) -> tuple[float, float, bool]:
    """(seconds to the first content event, total seconds, completed)."""
    body = json.dumps({"question": QUESTION}).encode()
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        b"POST /api/v1/assistant/answer-stream HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Authorization: Bearer " + token.encode() + b"\r\n"
        b"Content-Type: application/json\r\nAccept: text/event-stream\r\n"
        b"Connection: close\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
    )
    await writer.drain()
    first = 0.0
    received = b""
    while chunk := await reader.read(65536):
        received += chunk
        if not first and b'"event_type":"content"' in received:
            first = time.perf_counter() - started
    total = time.perf_counter() - started
    writer.close()
    return first, total, b'"event_type":"complete"' in received


def _floor() -> float:
    """The same answer composed in-process (no HTTP, no database): the floor."""
    sys.path.insert(0, str(ROOT))
    from assistant.agents import AGENTS
    from assistant.providers.base import BankQuestion, Prompt
    from assistant.providers.offline import compose

    matched = BankQuestion(
        "1", QUESTION, "system_design", "Generate short keys.", ("Base62",), ("x",), ("y",), 1.0
    )
    prompt = Prompt(agent=AGENTS["system_design"], question=QUESTION, matched=matched)
    started = time.perf_counter()
    for _ in range(100):
        "".join(compose(prompt))
    return (time.perf_counter() - started) / 100


def _ms(values: list[float], q: float) -> str:
    ordered = sorted(values)
    return f"{ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000:7.1f}"


def _report(label: str, results: list[tuple[float, float, bool]], wall: float | None) -> None:
    firsts = [first for first, _, _ in results]
    totals = [total for _, total, _ in results]
    done = sum(ok for _, _, ok in results)
    print(
        f"{label:<28} n={len(results):<4} ok={done:<4} first content p50 {_ms(firsts, 0.5)} ms"
        f" p95 {_ms(firsts, 0.95)} ms | total p50 {_ms(totals, 0.5)} ms"
        f" p95 {_ms(totals, 0.95)} ms max {max(totals) * 1000:7.1f} ms"
        + (f" | wall {wall:5.2f} s, {len(results) / wall:6.1f} streams/s" if wall else "")
    )


async def _run(port: int, token: str, sequential: int, streams: int) -> None:
    for _ in range(3):  # warm-up: imports, URL resolver, first connection
        await _stream(port, token)
    results = [await _stream(port, token) for _ in range(sequential)]
    _report("one stream at a time", results, None)
    started = time.perf_counter()
    results = await asyncio.gather(*(_stream(port, token) for _ in range(streams)))
    _report(f"{streams} concurrent streams", list(results), time.perf_counter() - started)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench assistant", description=__doc__)
    parser.add_argument("--streams", type=int, default=200, help="concurrent streams")
    parser.add_argument("--sequential", type=int, default=20, help="streams one at a time")
    parser.add_argument("--database-url", help="default: a throw-away SQLite file")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="bench-assistant-"))
    env = _environment(workdir, args.database_url)
    python = sys.executable
    server = None
    try:
        subprocess.run(
            [python, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        token = (
            subprocess.run(
                [python, "-c", SETUP], cwd=ROOT, env=env, check=True, capture_output=True, text=True
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        port = _free_port()
        server = subprocess.Popen(
            [
                python,
                "-m",
                "uvicorn",
                "interview_tracker.asgi:application",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--log-level",
                "warning",
                "--no-access-log",
            ],
            cwd=ROOT,
            env=env,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        print(f"offline provider, one uvicorn process on 127.0.0.1:{port}, question {QUESTION!r}")
        print(f"{'floor (in-process compose)':<28} {_floor() * 1000:.3f} ms per answer")
        asyncio.run(_run(port, token, args.sequential, args.streams))
    finally:
        if server is not None:
            server.terminate()
            server.wait(10)
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
