"""The production serving setup the README documents, started for a benchmark: uvicorn with N
workers on 127.0.0.1, PostgreSQL (DATABASE_URL) and Redis (REDIS_URL), debug off."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "interview_tracker.settings.base",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": env.get("DJANGO_SECRET_KEY", "bench-" + "x" * 60),
            "CREDENTIALS_ENCRYPTION_KEYS": env.get("CREDENTIALS_ENCRYPTION_KEYS", "bench-key"),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_SECURE_COOKIES": "false",
            "DJANGO_HSTS_SECONDS": "0",
            "REDIS_URL": env.get("REDIS_URL", "redis://127.0.0.1:6379/14"),
            # The benchmark clients are one address: throttling would measure itself.
            "THROTTLE_ANON_RATE": "1000000/min",
            "THROTTLE_USER_RATE": "1000000/min",
            "THROTTLE_AUTH_RATE": "1000000/min",
            "LOG_LEVEL": "ERROR",
        }
    )
    env.update(extra or {})
    return env


def collect_static(env: dict[str, str]) -> None:
    """Debug off serves hashed static files from the manifest, as in production."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


SERVERS = ("uvicorn", "granian", "gunicorn")


def server_command(server: str, port: int, workers: int) -> list[str]:
    """The command line of one ASGI server serving the app on 127.0.0.1:``port``.

    Workers are the one knob: under ASGI, Django runs each request's synchronous part in a
    thread of its own (asgiref's per-request ``ThreadSensitiveContext``), so there is no
    thread pool to size. ``granian`` and ``gunicorn`` run only where installed."""
    app = "interview_tracker.asgi:application"
    bind = ["--host", "127.0.0.1", "--port", str(port)]
    if server == "uvicorn":
        return [sys.executable, "-m", "uvicorn", app, *bind, "--workers", str(workers),
                "--no-access-log", "--log-level", "warning"]  # fmt: skip
    if server == "granian":
        return [sys.executable, "-m", "granian", "--interface", "asgi", app, *bind,
                "--workers", str(workers), "--log-level", "warning"]  # fmt: skip
    if server == "gunicorn":
        worker = "uvicorn.workers.UvicornWorker"
        return [sys.executable, "-m", "gunicorn", app, "-k", worker, "-b", f"127.0.0.1:{port}",
                "-w", str(workers), "--log-level", "warning"]  # fmt: skip
    raise ValueError(server)


@contextmanager
def serve(
    workers: int,
    extra_env: dict[str, str] | None = None,
    *,
    server: str = "uvicorn",
) -> Iterator[str]:
    """Serve the app; yields its base URL; stops it afterwards."""
    port = free_port()
    env = server_env(extra_env)
    collect_static(env)
    process = subprocess.Popen(server_command(server, port, workers), cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_up(base: str, process: subprocess.Popen, timeout: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/health/liveness", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("the server did not come up")


def http_client_module():
    """The async HTTP client (httpx's successor ships with openai here; httpx where installed)."""
    import logging

    for name in ("httpx", "httpx2", "httpcore"):
        logging.getLogger(name).setLevel(logging.WARNING)
    try:
        import httpx2 as httpx
    except ImportError:  # pragma: no cover - depends on the environment
        import httpx
    return httpx


async def login(client, base: str, email: str, password: str) -> dict[str, str]:
    response = await client.post(
        f"{base}/api/v1/auth/login", json={"email": email, "password": password}
    )
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access']}"}
