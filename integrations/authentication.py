"""``Authorization: Bearer itk_…``: a personal access token stands for its user, limited to its
scopes (a ``read`` token may only read) and refused at once when expired or revoked."""

import datetime
from typing import Any

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request

from interview_tracker.models import token_digest

from .models import TOKEN_PREFIX, PersonalAccessToken

# Recording every use would add a write to every request; once a minute is enough to show
# "last used" in settings.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def token_from_header(header: bytes | str) -> str | None:
    """The personal access token in an ``Authorization`` header value, if it carries one."""
    if isinstance(header, bytes):
        header = header.decode("latin-1")
    scheme, _, secret = header.partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret.startswith(TOKEN_PREFIX):
        return None
    return secret


def authenticate_token(secret: str) -> PersonalAccessToken:
    """The usable token for ``secret`` with its user, or ``AuthenticationFailed``."""
    token = (
        PersonalAccessToken.objects.usable()
        .select_related("user")
        .filter(digest=token_digest(secret))
        .first()
    )
    if token is None or not token.user.is_active:
        raise exceptions.AuthenticationFailed("Invalid, expired or revoked access token.")
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


class PersonalAccessTokenAuthentication(BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, PersonalAccessToken] | None:
        secret = token_from_header(get_authorization_header(request))
        if secret is None:
            return None  # a JWT or no token: the next authenticator decides
        token = authenticate_token(secret)
        if request.method not in SAFE_METHODS and not token.can_write:
            raise exceptions.PermissionDenied("This access token may only read (scope “read”).")
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


class PersonalAccessTokenScheme(OpenApiAuthenticationExtension):
    target_class = "integrations.authentication.PersonalAccessTokenAuthentication"
    name = "personalAccessToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal access token (`itk_…`) created in Settings → Access "
            "tokens or with `POST /api/v1/tokens`.",
        }
