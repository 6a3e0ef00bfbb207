"""Signing keys the tests hold outside a station: a plain Ed25519 key from a fixed seed in
the shape of the vault's station or of a review member, and a station's own key used
outside the station's program. (tests/conftest.py puts this folder on ``sys.path``.)"""

from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


class SeedSigner:
    """A station's shape (``station_id``, ``room``, ``signing_public_key``, ``sign``) over
    the Ed25519 key of a 32-byte ``seed``."""

    def __init__(self, seed: bytes, station_id: str, room: str = "") -> None:
        self._key = Ed25519PrivateKey.from_private_bytes(seed)
        self.station_id = station_id
        self.room = room
        self.signing_public_key = self._key.public_key().public_bytes_raw()

    def sign(self, data: bytes) -> bytes:
        return self._key.sign(data)


class SeedMember:
    """A review member's shape (``member_id``, ``public_key``, ``sign``) over the Ed25519
    key of a 32-byte ``seed``."""

    def __init__(self, seed: bytes, member_id: str = "m1") -> None:
        self._key = Ed25519PrivateKey.from_private_bytes(seed)
        self.member_id = member_id
        self.public_key = self._key.public_key().public_bytes_raw()

    def sign(self, data: bytes) -> bytes:
        return self._key.sign(data)


class KeyOnly:
    """A station's signing key used outside the station's own program (no head mark of
    its audit log is kept or checked): what a root user holding its passphrase can sign
    with, or a second registry of a test that is not about the station's history."""

    def __init__(self, station: Any) -> None:
        self._station = station
        self.station_id = station.station_id
        self.signing_public_key = station.signing_public_key
        self.room = getattr(station, "room", "")

    def sign(self, data: bytes) -> bytes:
        return self._station.sign(data)
