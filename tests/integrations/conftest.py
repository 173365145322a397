import datetime
import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from rest_framework.test import APIClient

from integrations import services
from interview_tracker.models import User


@pytest.fixture
def token_for() -> Callable[..., str]:
    """A personal access token's secret for ``user`` with ``scopes``."""

    def make(user: User, scopes: tuple[str, ...] = ("read", "write"), **extra: Any) -> str:
        _token, secret = services.token_create(
            user=user, name="test", scopes=list(scopes), expires_at=extra.get("expires_at")
        )
        return secret

    return make


@pytest.fixture
def pat_client(token_for) -> Callable[..., APIClient]:
    def make(user: User, scopes: tuple[str, ...] = ("read", "write")) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(user, scopes)}")
        return client

    return make


class Receiver:
    """A webhook endpoint on 127.0.0.1 that answers the statuses it is told to, in order (then
    200), and keeps every request it got."""

    def __init__(self) -> None:
        self.statuses: list[int] = []
        self.reply = b"ok"
        self.requests: list[tuple[dict[str, str], bytes, datetime.datetime]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                now = datetime.datetime.now(datetime.UTC)
                receiver.requests.append(
                    ({k.lower(): v for k, v in self.headers.items()}, body, now)
                )
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", str(len(receiver.reply)))
                self.end_headers()
                self.wfile.write(receiver.reply)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"

    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(body) for _headers, body, _at in self.requests]


@pytest.fixture
def receiver(settings) -> Iterator[Receiver]:
    settings.OUTBOUND_ALLOW_PRIVATE_NETWORKS = True
    instance = Receiver()
    thread = threading.Thread(target=instance.server.serve_forever, daemon=True)
    thread.start()
    yield instance
    instance.server.shutdown()
    instance.server.server_close()
    thread.join(5)
