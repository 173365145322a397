"""The client's address, as far as the configured proxies vouch for it.

``X-Forwarded-For`` is written by whoever sends the request: a client can put any address in it.
Only the entries appended by our own reverse proxies can be believed, and each proxy appends the
address it received the request from, so with ``NUM_PROXIES`` proxies in front the client is the
``NUM_PROXIES``-th entry from the right; with none, the header is ignored and the TCP peer
(``REMOTE_ADDR``) is the client. Every throttle (DRF's and the dashboard's) and the session list
read this one function, and ``REST_FRAMEWORK["NUM_PROXIES"]`` carries the same number.
"""

from typing import Any

from django.conf import settings


def client_address(request: Any) -> str:
    """``request`` is Django's HttpRequest or DRF's Request (which reads through to it)."""
    meta = request.META
    remote_addr: str = meta.get("REMOTE_ADDR", "") or ""
    proxies: int = settings.NUM_PROXIES
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote_addr
    hops = [hop.strip() for hop in forwarded.split(",")]
    # Fewer entries than proxies means a hop appended nothing; the leftmost is then the
    # furthest any of our proxies saw (DRF's own rule).
    return hops[-min(proxies, len(hops))] or remote_addr
