"""Real servers on 127.0.0.1 for the assistant's tests: a fake OpenAI-compatible server
speaking the chat-completions protocol, and the project itself under uvicorn (ASGI)."""

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKENS = ["Start ", "with ", "the ", "requirements", ", then ", "the ", "API", "."]


class FakeOpenAIServer(ThreadingHTTPServer):
    """``mode``: normal | error | malformed | stall | slow. ``routing_reply`` is the content of
    the (non-streamed) routing completion."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), FakeOpenAIHandler)
        self.mode = "normal"
        self.tokens = list(TOKENS)
        self.routing_reply = json.dumps(
            {
                "agent": "system_design",
                "reasoning": "It asks to design a system.",
                "confidence": 0.9,
            }
        )
        self.requests: list[dict[str, Any]] = []
        self.stream_requests = 0
        self.release = threading.Event()  # ends a stall early (teardown)
        self.client_gone = threading.Event()  # set when a slow stream's reader went away
        self.tokens_sent = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


class FakeOpenAIHandler(BaseHTTPRequestHandler):
    server: FakeOpenAIServer
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _json(self, status: int, body: dict[str, Any]) -> None:
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _chunk(self, text: str) -> bytes:
        body = {
            "id": "chatcmpl-test",
            "object": "chat.completion.chunk",
            "created": 1700000000,
            "model": "fake-model",
            "choices": [{"index": 0, "delta": {"content": text}, "finish_reason": None}],
        }
        return b"data: " + json.dumps(body).encode() + b"\n\n"

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        self.server.requests.append(body)
        server = self.server
        if not body.get("stream"):
            self._json(
                200,
                {
                    "id": "chatcmpl-route",
                    "object": "chat.completion",
                    "created": 1700000000,
                    "model": "fake-model",
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": server.routing_reply},
                            "finish_reason": "stop",
                        }
                    ],
                },
            )
            return
        server.stream_requests += 1
        if server.mode == "error":
            self._json(500, {"error": {"message": "boom", "type": "server_error"}})
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        try:
            if server.mode == "malformed":
                self.wfile.write(self._chunk(server.tokens[0]))
                self.wfile.write(b'data: {"choices": [{"delta": {"content": \n\n')
                self.wfile.flush()
                return
            if server.mode == "stall":
                self.wfile.write(self._chunk(server.tokens[0]))
                self.wfile.flush()
                server.release.wait(10)
                return
            for token in server.tokens * (50 if server.mode == "slow" else 1):
                self.wfile.write(self._chunk(token))
                self.wfile.flush()
                server.tokens_sent += 1
                if server.mode == "slow":
                    time.sleep(0.05)
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            server.client_gone.set()


@contextmanager
def fake_openai_server() -> Iterator[FakeOpenAIServer]:
    server = FakeOpenAIServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.release.set()
        server.shutdown()
        server.server_close()


def _close_thread_connections(**kwargs: Any) -> None:
    """Django keeps in-memory SQLite connections open (closing one would drop the database);
    the test database is shared-cache, so a request thread's own connection can go."""
    from django.db import connections
    from django.db.backends.base.base import BaseDatabaseWrapper

    if threading.current_thread() is threading.main_thread():
        return
    for connection in connections.all(initialized_only=True):
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            BaseDatabaseWrapper.close(connection)


@contextmanager
def uvicorn_server(application: Any = None) -> Iterator[str]:
    """The project's ASGI application (Django's, unless another is given) under uvicorn in a
    thread; yields its base URL."""
    import uvicorn
    from django.core.asgi import get_asgi_application
    from django.core.signals import request_finished

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        application or get_asgi_application(),
        lifespan="off",
        log_level="warning",
        timeout_graceful_shutdown=2,
    )
    server = uvicorn.Server(config)
    request_finished.connect(_close_thread_connections)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        # Let requests in flight finish (and close their database connections) first.
        deadline = time.monotonic() + 5
        while server.server_state.tasks and time.monotonic() < deadline:
            time.sleep(0.02)
        server.should_exit = True
        thread.join(10)
        sock.close()
        request_finished.disconnect(_close_thread_connections)


def parse_sse(raw: bytes) -> tuple[list[dict[str, Any]], int]:
    """(the events of a raw SSE body, the number of heartbeat comments)."""
    events: list[dict[str, Any]] = []
    pings = 0
    for block in raw.decode().split("\n\n"):
        if not block:
            continue
        for line in block.split("\n"):
            if line.startswith("data: "):
                events.append(json.loads(line[len("data: ") :]))
            elif line == ": ping":
                pings += 1
            else:
                raise AssertionError(f"unexpected SSE line {line!r}")
    return events, pings
