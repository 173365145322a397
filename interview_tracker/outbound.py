"""Requests the server makes to addresses users typed (webhooks, calendars, job postings).

A user-supplied URL must not turn the server into a probe of its own network: only http(s),
a host that resolves to public addresses (private, loopback, link-local and reserved ranges are
refused unless ``OUTBOUND_ALLOW_PRIVATE_NETWORKS`` is on, for development and tests), a short
timeout and a cap on the body read.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from django.conf import settings


class OutboundRefused(Exception):
    """The URL may not be fetched, or fetching it failed; the message says which."""


@dataclass(frozen=True)
class OutboundResponse:
    status_code: int
    body: bytes
    content_type: str


def check_url(url: str) -> None:
    """Raise ``OutboundRefused`` unless ``url`` may be requested."""
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
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global or address.is_multicast:
            raise OutboundRefused(
                f"“{parts.hostname}” is a private or local address; it may not be requested."
            )


def request(
    method: str,
    url: str,
    *,
    content: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float | None = None,
    max_bytes: int | None = None,
) -> OutboundResponse:
    """One request, no redirects followed (a redirect could point inside the network)."""
    check_url(url)
    limit = max_bytes or settings.OUTBOUND_MAX_BYTES
    try:
        with requests.request(
            method,
            url,
            data=content,
            headers=headers,
            timeout=timeout or settings.OUTBOUND_TIMEOUT_SECONDS,
            allow_redirects=False,
            stream=True,
        ) as response:
            body = bytearray()
            for chunk in response.iter_content(chunk_size=65536):
                body += chunk
                if len(body) > limit:
                    raise OutboundRefused(f"The answer is larger than {limit} bytes.")
            return OutboundResponse(
                response.status_code, bytes(body), response.headers.get("content-type", "")
            )
    except requests.RequestException as exc:
        raise OutboundRefused(f"The request failed: {type(exc).__name__}.") from exc
