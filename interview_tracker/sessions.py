"""Dashboard sessions that know their user and device (``SESSION_ENGINE``).

Django's database sessions keep the user inside the encoded data, so "which sessions does this
person have?" has no answer short of decoding every row. This store writes the user, the device
(user agent), the address and the last-seen time into columns of ``UserSession`` each time the
session is saved; the sessions page reads one indexed query, and ending a session is deleting
its row.
"""

import datetime as dt
import uuid
from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import db
from django.http import HttpRequest
from django.utils import timezone

from .addresses import client_address
from .models import UserSession

# Where the device and last-seen time live in the session's data.
DEVICE_KEY = "_device"
# Set while the user must set up two-factor sign-in before using the dashboard.
SETUP_REQUIRED_KEY = "_two_factor_setup_required"
# Last-seen is refreshed at most this often: a session write per request would cost more than
# "seen 3 minutes ago" is worth.
SEEN_INTERVAL = dt.timedelta(minutes=5)


class SessionStore(db.SessionStore):
    @classmethod
    def get_model_class(cls) -> type[UserSession]:
        return UserSession

    def create_model_instance(self, data: dict[str, Any]) -> UserSession:
        return _with_owner(super().create_model_instance(data), data)

    async def acreate_model_instance(self, data: dict[str, Any]) -> UserSession:
        return _with_owner(await super().acreate_model_instance(data), data)


def _with_owner(row: Any, data: dict[str, Any]) -> UserSession:
    user_id = data.get(SESSION_KEY)
    row.user_id = uuid.UUID(str(user_id)) if user_id else None
    device = data.get(DEVICE_KEY) or {}
    row.user_agent = device.get("agent", "")
    row.ip_address = device.get("address", "")
    row.last_seen = dt.datetime.fromisoformat(device["seen"]) if "seen" in device else None
    return row


def session_mark_seen(request: HttpRequest) -> None:
    """Record the device, address and time of this request in the signed-in session, and
    whether a workspace now requires its user to set up two-factor sign-in (an owner may turn
    the rule on, or the user join such a workspace, while the session lives)."""
    from .services import user_needs_two_factor_setup

    request.session[DEVICE_KEY] = {
        "agent": request.headers.get("User-Agent", "")[:300],
        "address": client_address(request)[:64],
        "seen": timezone.now().isoformat(),
    }
    request.session[SETUP_REQUIRED_KEY] = user_needs_two_factor_setup(request.user)  # type: ignore[arg-type]


def session_seen_long_ago(request: HttpRequest) -> bool:
    """Whether a session that records its device was last marked over ``SEEN_INTERVAL`` ago.
    Sessions that never went through a log-in page (a test's ``force_login``) record none."""
    device = request.session.get(DEVICE_KEY)
    if not device:
        return False
    return timezone.now() - dt.datetime.fromisoformat(device["seen"]) > SEEN_INTERVAL
