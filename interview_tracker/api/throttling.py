"""DRF's throttles, with their rates read when a request arrives.

DRF copies ``DEFAULT_THROTTLE_RATES`` onto the class when it is imported, so a changed setting
(a test, a reloaded configuration) would never reach it. These read ``api_settings`` each time;
the counters live in the default cache (Redis when ``REDIS_URL`` is set).
"""

from typing import Any

from rest_framework import throttling
from rest_framework.settings import api_settings


class RatesFromSettings(throttling.SimpleRateThrottle):
    def get_rate(self) -> str | None:
        self.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES  # type: ignore[assignment]
        return super().get_rate()


class AnonRateThrottle(RatesFromSettings, throttling.AnonRateThrottle):
    """Per anonymous client (its IP address)."""


class UserRateThrottle(RatesFromSettings, throttling.UserRateThrottle):
    """Per signed-in user."""


class ScopedRateThrottle(RatesFromSettings, throttling.ScopedRateThrottle):
    """Per view scope (``throttle_scope = "auth"`` on log-in and registration)."""


class AuthFormThrottle(RatesFromSettings):
    """The API's ``auth`` rate for the log-in, registration and password-reset pages, counted
    per address under the same key as the API's anonymous ``auth`` scope: guessing passwords
    through the pages is held back exactly like guessing them through the API."""

    scope = "auth"

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
