"""The project under the real ASGI server, as production runs it: uvicorn in its own process,
configured only by environment variables, on 127.0.0.1 and a port chosen at run time."""

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def production_environment(database: Path, **extra: str) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    for name in ("REDIS_URL", "DATABASE_URL", "NUM_PROXIES", "EMAIL_URL"):
        environment.pop(name, None)
    environment.update(
        DJANGO_SETTINGS_MODULE="interview_tracker.settings.base",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(40),
        CREDENTIALS_ENCRYPTION_KEYS=secrets.token_urlsafe(32),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        # TLS ends at the proxy in production; this server is reached over plain HTTP.
        DJANGO_SECURE_SSL_REDIRECT="false",
        DATABASE_URL=f"sqlite:///{database}",
        LOG_LEVEL="ERROR",
        **extra,
    )
    return environment


def migrate(database: Path) -> subprocess.Popen[bytes]:
    """Starts ``migrate``; wait for it before the first request that reads the database."""
    return subprocess.Popen(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=production_environment(database),
    )


class UvicornProcess:
    """``--no-proxy-headers`` as in the README: the application alone decides which forwarded
    addresses to believe (``NUM_PROXIES``). Several start at once; ``ready()`` waits for one."""

    def __init__(self, database: Path, **env: str) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.base = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "interview_tracker.asgi:application",
            "--fd",
            str(self.sock.fileno()),
            "--lifespan",
            "off",
            "--no-proxy-headers",
            "--log-level",
            "warning",
        ]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=production_environment(database, **env),
            pass_fds=[self.sock.fileno()],
        )

    def ready(self) -> str:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{self.base}/health/liveness", timeout=2):
                    return self.base
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)
        self.sock.close()


@contextmanager
def uvicorn_processes(database: Path, *configurations: dict[str, str]) -> Iterator[list[str]]:
    """Migrates ``database`` and serves it once per configuration, all started together;
    yields their base URLs once every one answers."""
    migration = migrate(database)
    servers = [UvicornProcess(database, **env) for env in configurations]
    try:
        assert migration.wait(120) == 0
        yield [server.ready() for server in servers]
    finally:
        for server in servers:
            server.stop()


def post_json(url: str, body: dict[str, object], headers: dict[str, str]) -> int:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", **headers},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
