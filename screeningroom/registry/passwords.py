"""Members' password hashes: Scrypt from ``cryptography``, parameters kept with each hash.

A stored hash reads ``scrypt$<n>$<r>$<p>$<salt, base64>$<key, base64>``.
"""

from __future__ import annotations

import base64
import secrets

from cryptography.exceptions import InvalidKey
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from screeningroom.registry.model import ScryptParams

_KEY_LENGTH = 32
_SALT_LENGTH = 16


def hash_password(password: str, params: ScryptParams, *, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else secrets.token_bytes(_SALT_LENGTH)
    key = Scrypt(salt=salt, length=_KEY_LENGTH, n=params.n, r=params.r, p=params.p).derive(
        password.encode("utf-8"))
    b64 = base64.b64encode
    return f"scrypt${params.n}${params.r}${params.p}${b64(salt).decode()}${b64(key).decode()}"


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` matches ``stored`` (compared in constant time)."""
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        kdf = Scrypt(salt=base64.b64decode(salt), length=_KEY_LENGTH, n=int(n), r=int(r),
                     p=int(p))
        kdf.verify(password.encode("utf-8"), base64.b64decode(key))
    except (InvalidKey, ValueError):
        return False
    return True


def needs_upgrade(stored: str, params: ScryptParams) -> bool:
    """True when ``stored`` was made with a lower Scrypt cost than ``params`` (it is then
    hashed again at the next successful login)."""
    try:
        _scheme, n, r, p, _salt, _key = stored.split("$")
        return int(n) < params.n or int(r) < params.r or int(p) < params.p
    except ValueError:
        return True
