"""The address a request connects to is the address the outbound rules checked.

A host name can answer a public address to the check and a private one to the connection a
moment later (DNS rebinding, a TTL of zero). Here the only thing faked is DNS: the first
lookup of ``rebind.example`` answers a public address, every later one 127.0.0.1, where a real
HTTP server listens. With private networks refused, nothing may reach that server."""

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from integrations import caldav_client
from interview_tracker import outbound

REBINDING_HOST = "rebind.example"
PUBLIC_ADDRESS = "93.184.216.34"


class _Recorder(ThreadingHTTPServer):
    """Keeps every connection it accepts and every request it reads."""

    def __init__(self) -> None:
        self.connections: list[Any] = []
        self.requests: list[tuple[str, str]] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                recorder.requests.append((self.command, self.path))
                body = b"<html><title>inside</title></html>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PROPFIND = do_OPTIONS = _answer

            def log_message(self, *args: Any) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)

    def verify_request(self, request: Any, client_address: Any) -> bool:
        self.connections.append(client_address)
        return True


@pytest.fixture
def internal_server() -> Iterator[_Recorder]:
    server = _Recorder()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def rebinding_dns(monkeypatch) -> list[str]:
    """``rebind.example``: a public address the first time it is looked up, 127.0.0.1 after.
    Returns the answers given, in order. Other names resolve as usual."""
    real_getaddrinfo = socket.getaddrinfo
    answers: list[str] = []

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name != REBINDING_HOST:
            return real_getaddrinfo(host, port, *args, **kwargs)
        answers.append(PUBLIC_ADDRESS if not answers else "127.0.0.1")
        return real_getaddrinfo(answers[-1], port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


def _url(server: _Recorder, path: str = "/") -> str:
    return f"http://{REBINDING_HOST}:{server.server_address[1]}{path}"


def test_a_name_rebound_to_a_private_address_after_the_check_is_refused(
    settings, internal_server, rebinding_dns
):
    settings.OUTBOUND_ALLOW_PRIVATE_NETWORKS = False

    with pytest.raises(outbound.OutboundRefused) as refused:
        outbound.request("GET", _url(internal_server))

    assert "private or local" in str(refused.value)
    assert rebinding_dns[0] == PUBLIC_ADDRESS  # the check saw a public address
    assert "127.0.0.1" in rebinding_dns[1:]  # the connection was told 127.0.0.1
    assert internal_server.connections == []
    assert internal_server.requests == []


def test_a_calendar_name_rebound_to_a_private_address_after_the_check_is_refused(
    settings, internal_server, rebinding_dns
):
    settings.OUTBOUND_ALLOW_PRIVATE_NETWORKS = False

    with pytest.raises(caldav_client.CalendarUnavailable) as refused:
        caldav_client.find_calendar(_url(internal_server, "/cal/"), "alice", "secret")

    assert "private or local" in str(refused.value)
    assert rebinding_dns[0] == PUBLIC_ADDRESS
    assert "127.0.0.1" in rebinding_dns[1:]
    assert internal_server.connections == []
    assert internal_server.requests == []


@pytest.mark.parametrize(
    "address", ["127.0.0.1", "10.0.0.1", "169.254.169.254", "::1", "fe80::1", "224.0.0.1"]
)
def test_the_rule_refuses_private_local_and_multicast_addresses(address):
    assert not outbound.address_allowed(address)


@pytest.mark.parametrize("address", [PUBLIC_ADDRESS, "2606:4700:4700::1111"])
def test_the_rule_allows_public_addresses(address):
    assert outbound.address_allowed(address)


# The same fake DNS with private networks allowed (development): the request goes through,
# so the refusals above are the guard's doing, not a DNS answer that leads nowhere. With the
# setting on, ``check_url`` looks nothing up; the test spends the public answer itself.


def test_with_private_networks_allowed_the_rebound_name_is_reached(
    settings, internal_server, rebinding_dns
):
    settings.OUTBOUND_ALLOW_PRIVATE_NETWORKS = True
    socket.getaddrinfo(REBINDING_HOST, 80)

    response = outbound.request("GET", _url(internal_server, "/jobs/7"))

    assert rebinding_dns == [PUBLIC_ADDRESS, "127.0.0.1"]
    assert response.status_code == 200
    assert b"inside" in response.body
    assert internal_server.requests == [("GET", "/jobs/7")]


def test_with_private_networks_allowed_the_calendar_session_reaches_the_rebound_name(
    settings, internal_server, rebinding_dns
):
    settings.OUTBOUND_ALLOW_PRIVATE_NETWORKS = True
    socket.getaddrinfo(REBINDING_HOST, 80)

    response = caldav_client._GuardedSession().request("PROPFIND", _url(internal_server, "/cal/"))

    assert response.status_code == 200
    assert internal_server.requests == [("PROPFIND", "/cal/")]
