"""Bearer tokens that end at logout and when the account's credentials change.

simplejwt blacklists refresh tokens, but an access token stays valid until it expires (15
minutes), so logging out would leave it working. Logout also revokes the access token it was
called with: its ``jti`` is kept in the cache (Redis when ``REDIS_URL`` is set, shared by every
worker) for the token's remaining lifetime, and authentication refuses it.

A token issued before the user's password or credentials last changed is refused, at every use
and at refresh (``credentials_outlived``).
"""

import time
from typing import Any

from django.core.cache import cache
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt import authentication, serializers
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken, Token
from rest_framework_simplejwt.utils import get_md5_hash_password

from interview_tracker.models import User

CREDENTIALS_CHANGED = "This token was issued before the account's password or sign-in changed."


def _revoked_key(jti: str) -> str:
    return f"revoked-access-token:{jti}"


def revoke_access_token(token: AccessToken) -> None:
    remaining = int(token["exp"] - time.time())
    if remaining > 0:
        cache.set(_revoked_key(token[api_settings.JTI_CLAIM]), True, timeout=remaining)


def credentials_outlived(token: Token, user: Any) -> bool:
    """Whether ``token`` was issued before ``user``'s password or credentials last changed.

    The password claim (simplejwt's, a digest of the password hash) catches a password changed
    by any path, exactly. ``iat`` is whole seconds, so against ``credentials_changed_at`` a
    token from the very second of the change is let through rather than refusing one issued
    just after it; that second's refresh tokens were blacklisted by the change anyway."""
    if token.get(api_settings.REVOKE_TOKEN_CLAIM) != get_md5_hash_password(user.password):
        return True
    changed = user.credentials_changed_at
    return changed is not None and int(token.get("iat", 0)) < int(changed.timestamp())


class JWTAuthentication(authentication.JWTAuthentication):
    """simplejwt's bearer authentication, refusing access tokens revoked at logout or issued
    before the credentials changed."""

    def get_validated_token(self, raw_token: bytes) -> Any:
        token = super().get_validated_token(raw_token)
        if cache.get(_revoked_key(token[api_settings.JTI_CLAIM])):
            raise InvalidToken("This token was revoked at logout.")
        return token

    def get_user(self, validated_token: Token) -> Any:
        user = super().get_user(validated_token)
        if credentials_outlived(validated_token, user):
            raise AuthenticationFailed(CREDENTIALS_CHANGED, code="credentials_changed")
        return user


class TokenRefreshSerializer(serializers.TokenRefreshSerializer):
    """simplejwt's rotation, refusing a refresh token issued before the credentials changed
    (it would otherwise mint fresh tokens that carry the old claims)."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, str]:
        refresh = RefreshToken(attrs["refresh"])
        user = User.objects.filter(pk=refresh.get(api_settings.USER_ID_CLAIM)).first()
        if user is not None and credentials_outlived(refresh, user):
            raise AuthenticationFailed(CREDENTIALS_CHANGED, code="credentials_changed")
        return super().validate(attrs)


class JWTScheme(SimpleJWTScheme):
    """The OpenAPI security scheme of simplejwt's class (``jwtAuth``), for this subclass."""

    target_class = "interview_tracker.api.authentication.JWTAuthentication"
