"""Requests the server makes to addresses users typed (webhooks, calendars, job postings).

A user-supplied URL must not turn the server into a probe of its own network: only http(s),
a host that resolves to public addresses (private, loopback, link-local and reserved ranges are
refused unless ``OUTBOUND_ALLOW_PRIVATE_NETWORKS`` is on, for development and tests), a short
timeout and a cap on the body read.

The host is checked twice with the same rule (``address_allowed``): early by ``check_url``, for
a clear answer before anything is sent, and again by the connection itself, whose DNS answers
go through ``GuardedResolver``. The second check is the one that counts: a name with a short
TTL can answer a public address to the first lookup and 127.0.0.1 or 169.254.169.254 to the
next (DNS rebinding), so the address connected to is the address checked. Nothing is taken
from the environment either: a proxy would resolve the host out of our sight.
"""

import ipaddress
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import niquests
from django.conf import settings

# The urllib3 tree niquests runs on (urllib3-future, under whichever name it is installed).
from niquests.packages.urllib3.contrib.resolver.system import SystemResolver


class OutboundRefused(Exception):
    """The URL may not be fetched, or fetching it failed; the message says which."""


@dataclass(frozen=True)
class OutboundResponse:
    status_code: int
    body: bytes
    content_type: str


def address_allowed(address: str) -> bool:
    """The rule for the addresses a host may resolve to: public, never multicast (whatever
    ``OUTBOUND_ALLOW_PRIVATE_NETWORKS`` says; callers skip the rule when it is on)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return ip.is_global and not ip.is_multicast


def _private_refusal(hostname: str) -> OutboundRefused:
    return OutboundRefused(f"“{hostname}” is a private or local address; it may not be requested.")


class GuardedResolver(SystemResolver):
    """The system's DNS resolution, refusing a host any of whose addresses ``address_allowed``
    refuses. The connection resolves through it, so what it connects to has passed the rule.
    ``OutboundRefused`` is no ``OSError``: it passes the connection pool and the session as is,
    without retries."""

    def getaddrinfo(
        self,
        host: bytes | str | None,
        port: str | int | None,
        family: socket.AddressFamily,
        type: socket.SocketKind,
        proto: int = 0,
        flags: int = 0,
        *,
        quic_upgrade_via_dns_rr: bool = False,
    ) -> list[Any]:
        infos: list[Any] = super().getaddrinfo(
            host,
            port,
            family,
            type,
            proto,
            flags,
            quic_upgrade_via_dns_rr=quic_upgrade_via_dns_rr,
        )
        if settings.OUTBOUND_ALLOW_PRIVATE_NETWORKS:
            return infos
        if not all(address_allowed(str(info[4][0])) for info in infos):
            name = host.decode("ascii", "replace") if isinstance(host, bytes) else str(host)
            raise _private_refusal(name)
        return infos


def session() -> niquests.Session:
    """A session whose connections resolve through ``GuardedResolver``, with nothing taken from
    the environment (proxies, ``.netrc`` credentials, CA bundle variables)."""
    guarded = niquests.Session(resolver=GuardedResolver())
    guarded.trust_env = False
    return guarded


def check_url(url: str) -> None:
    """Raise ``OutboundRefused`` unless ``url`` may be requested. The early, readable check:
    the connection checks the address it uses again (``GuardedResolver``)."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise OutboundRefused("Only http and https URLs with a host name are allowed.")
    try:
        port = parts.port
    except ValueError:  # "https://example.com:99999/": a URL validator lets it through
        raise OutboundRefused("The port must be a number from 0 to 65535.") from None
    if settings.OUTBOUND_ALLOW_PRIVATE_NETWORKS:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, port or 443, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise OutboundRefused(f"The host “{parts.hostname}” does not resolve.") from exc
    if not all(address_allowed(str(info[4][0])) for info in infos):
        raise _private_refusal(parts.hostname)


def request(
    method: str,
    url: str,
    *,
    content: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float | None = None,
    max_bytes: int | None = None,
    truncate: bool = False,
) -> OutboundResponse:
    """One request, no redirects followed (a redirect could point inside the network). An
    answer longer than ``max_bytes`` is refused, or with ``truncate`` cut there (for a caller
    that reads its status, such as a webhook delivery)."""
    check_url(url)
    limit = max_bytes or settings.OUTBOUND_MAX_BYTES
    try:
        with (
            session() as guarded,
            guarded.request(
                method,
                url,
                data=content,
                headers=headers,
                timeout=timeout or settings.OUTBOUND_TIMEOUT_SECONDS,
                allow_redirects=False,
                stream=True,
            ) as response,
        ):
            body = bytearray()
            for chunk in response.iter_content(chunk_size=65536):
                body += chunk
                if len(body) > limit:
                    if not truncate:
                        raise OutboundRefused(f"The answer is larger than {limit} bytes.")
                    del body[limit:]
                    break
            return OutboundResponse(
                response.status_code, bytes(body), response.headers.get("content-type", "")
            )
    except niquests.RequestException as exc:
        raise OutboundRefused(f"The request failed: {type(exc).__name__}.") from exc
