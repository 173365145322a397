"""Secrets the server must use again later (a CalDAV app password), encrypted at rest.

Fernet (AES-128-CBC with an HMAC-SHA256 tag) from ``cryptography``; the keys are derived from
``CREDENTIALS_ENCRYPTION_KEYS`` (any strings) with HKDF, so an operator may set a passphrase
or a generated key. The first key encrypts and every key decrypts, so a new key can be put in
front while the rows written under the old one still read.
"""

import base64
import functools

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


class SecretUnreadable(Exception):
    """The stored secret was encrypted with a key the server no longer has."""


def _fernet(material: str) -> Fernet:
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"interview-tracker credentials"
    ).derive(material.encode())
    return Fernet(base64.urlsafe_b64encode(key))


@functools.cache
def _keys(materials: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([_fernet(material) for material in materials])


def _current() -> MultiFernet:
    return _keys(tuple(settings.CREDENTIALS_ENCRYPTION_KEYS))


def encrypt(secret: str) -> str:
    return _current().encrypt(secret.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _current().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise SecretUnreadable(
            "The stored secret cannot be decrypted with the current keys."
        ) from exc
