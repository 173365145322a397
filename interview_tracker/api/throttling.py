"""DRF's throttles, with their rates read when a request arrives.

DRF copies ``DEFAULT_THROTTLE_RATES`` onto the class when it is imported, so a changed setting
(a test, a reloaded configuration) would never reach it. These read ``api_settings`` each time;
the counters live in the default cache (Redis when ``REDIS_URL`` is set). A client is known by
the address our proxies vouch for (``interview_tracker.addresses``), never by what it claims.
"""

import hashlib
from typing import Any

from rest_framework import throttling
from rest_framework.settings import api_settings

from interview_tracker.addresses import client_address


class RatesFromSettings(throttling.SimpleRateThrottle):
    def allow_request(self, request: Any, view: Any) -> bool:
        # A read the server makes on a workspace's behalf (a webhook's payload, see
        # ``integrations.internal_api``) is no client's call: it spends nobody's rate.
        if getattr(request, "on_behalf_of_workspace", False):
            return True
        return super().allow_request(request, view)

    def get_rate(self) -> str | None:
        self.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES  # type: ignore[assignment]
        return super().get_rate()

    def get_ident(self, request: Any) -> str:
        return client_address(request)


class AnonRateThrottle(RatesFromSettings, throttling.AnonRateThrottle):
    """Per anonymous client (its IP address)."""


class UserRateThrottle(RatesFromSettings, throttling.UserRateThrottle):
    """Per signed-in user."""


class ScopedRateThrottle(RatesFromSettings, throttling.ScopedRateThrottle):
    """Per view scope (``throttle_scope = "auth"`` on log-in and registration)."""


class PageThrottle(RatesFromSettings):
    """A page's rate ``scope``, counted per address under the same key as the API's scope of
    that name: the ``auth`` rate holds back guessing passwords through the log-in,
    registration, password-reset and admin log-in pages exactly like guessing them through the
    API; the ``booking`` rate holds back guessing booking links."""

    def __init__(self, scope: str) -> None:
        self.scope = scope
        super().__init__()

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class AccountThrottle(RatesFromSettings):
    """Attempts against one account (``auth_account`` rate), from any address: rotating
    addresses (a botnet, a forged header) does not buy more guesses at one password, nor more
    reset e-mails to one mailbox. ``purpose`` keeps log-in failures and reset requests apart.

    Only what the caller records counts (failed log-ins, not successful ones), so an account
    whose owner signs in often is never held back by its own use."""

    scope = "auth_account"
    num_requests: int
    duration: int

    def __init__(self, *, purpose: str, account: str) -> None:
        super().__init__()
        digest = hashlib.sha256(account.strip().lower().encode()).hexdigest()
        self.key = self.cache_format % {"scope": self.scope, "ident": f"{purpose}:{digest}"}
        self.history: list[float] = []
        self.now = self.timer()

    def retry_after(self) -> float | None:
        """Seconds until the next attempt is allowed, or None while under the limit."""
        if self.rate is None:
            return None
        self.now = self.timer()
        self.history = [at for at in self.cache.get(self.key, []) if at > self.now - self.duration]
        if len(self.history) < self.num_requests:
            return None
        return self.wait()

    def record(self) -> None:
        self.retry_after()
        self.history.insert(0, self.now)
        self.cache.set(self.key, self.history, self.duration)
