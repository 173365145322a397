"""Bearer tokens that end at logout.

simplejwt blacklists refresh tokens, but an access token stays valid until it expires (15
minutes), so logging out would leave it working. Logout also revokes the access token it was
called with: its ``jti`` is kept in the cache (Redis when ``REDIS_URL`` is set, shared by every
worker) for the token's remaining lifetime, and authentication refuses it.
"""

import time
from typing import Any

from django.core.cache import cache
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework_simplejwt import authentication
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.tokens import AccessToken


def _revoked_key(jti: str) -> str:
    return f"revoked-access-token:{jti}"


def revoke_access_token(token: AccessToken) -> None:
    remaining = int(token["exp"] - time.time())
    if remaining > 0:
        cache.set(_revoked_key(token[api_settings.JTI_CLAIM]), True, timeout=remaining)


class JWTAuthentication(authentication.JWTAuthentication):
    """simplejwt's bearer authentication, refusing access tokens revoked at logout."""

    def get_validated_token(self, raw_token: bytes) -> Any:
        token = super().get_validated_token(raw_token)
        if cache.get(_revoked_key(token[api_settings.JTI_CLAIM])):
            raise InvalidToken("This token was revoked at logout.")
        return token


class JWTScheme(SimpleJWTScheme):
    """The OpenAPI security scheme of simplejwt's class (``jwtAuth``), for this subclass."""

    target_class = "interview_tracker.api.authentication.JWTAuthentication"
