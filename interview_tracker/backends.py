"""Django's authentication backend, with a per-account limit on failed log-ins.

Every log-in (the dashboard form, ``POST auth/login``, the admin) goes through ``authenticate``
and so through this backend: one place counts failures per account and refuses an account over
its ``auth_account`` rate, from whichever address the attempts come.
"""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from .api.throttling import AccountThrottle

# Set on the request when an attempt was refused for the account's limit; the log-in views
# answer 429 with it instead of "wrong password".
RETRY_AFTER_ATTRIBUTE = "sign_in_retry_after"


class AccountThrottledBackend(ModelBackend):
    def authenticate(
        self,
        request: Any,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        username = username if username is not None else kwargs.get("email")
        if username is None or password is None:
            return None
        throttle = AccountThrottle(purpose="login", account=username)
        wait = throttle.retry_after()
        if wait is not None:
            if request is not None:
                setattr(request, RETRY_AFTER_ATTRIBUTE, wait)
            # Django stops at PermissionDenied: not even the right password gets through.
            raise PermissionDenied
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            throttle.record()
        return user


def sign_in_retry_after(request: Any) -> int | None:
    """Whole seconds to wait when ``authenticate`` refused this request for the account limit."""
    wait = getattr(request, RETRY_AFTER_ATTRIBUTE, None)
    return None if wait is None else max(1, int(wait + 0.999))
