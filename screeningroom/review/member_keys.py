"""Each commission member's own signing key, sealed under her password.

A member signs her review reports with an Ed25519 key of her own. The private key is
kept only sealed: Scrypt(password) -> AES-256-GCM, the vault's key-file recipe
(:func:`screeningroom.vault.keyfile.encrypt_key_body`, docs/formats/keyfile.md), so it is
opened only by someone who types her password, and only in memory, for one export.

When the key is made: the first time the member signs a report (the export asks for her
password, the registry checks it with its lock-out, then the key is made, sealed and
kept). A member enrolled before member keys existed needs nothing more; a member whose
password was changed since gets a new key at her next export (the old one can no longer be
opened), and each report names the key that signed it. Every signature is also recorded
in the station's signed audit log (event ``report_signed``, with the member's public key
and the PDF's hash: :mod:`screeningroom.review.signing`).

Where: table ``member_keys`` of ``member-keys.sqlite3`` beside the review store, created
with mode 0600::

    member_id TEXT, public_key BLOB (32), sealed BLOB (keyfile bytes), created_us INTEGER,
    PRIMARY KEY (member_id, public_key)

The sealed body is ``b"SRMEMBERKEY\\x01" | member id (UTF-8) | 0x00 | Ed25519 seed (32)``;
the member id inside is checked on opening, so a sealed key copied to another member's
row is refused.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from screeningroom.errors import ScreeningRoomError
from screeningroom.paths import private_file
from screeningroom.registry.sqlite import write_transaction
from screeningroom.review.errors import MemberKeyUnavailable
from screeningroom.vault.keyfile import ScryptParams, decrypt_key_body, encrypt_key_body

FILE_NAME = "member-keys.sqlite3"
BODY_MAGIC = b"SRMEMBERKEY\x01"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS member_keys (
    member_id TEXT NOT NULL,
    public_key BLOB NOT NULL CHECK (length(public_key) = 32),
    sealed BLOB NOT NULL,
    created_us INTEGER NOT NULL,
    PRIMARY KEY (member_id, public_key)
)
"""


@dataclass(frozen=True)
class MemberKey:
    """A member's key, opened with her password (in memory only)."""

    member_id: str
    public_key: bytes
    created_at: datetime
    new: bool                                     # made by this opening
    _private: Ed25519PrivateKey = field(repr=False, compare=False)

    def sign(self, data: bytes) -> bytes:
        return self._private.sign(data)


def _body(member_id: str, seed: bytes) -> bytes:
    return BODY_MAGIC + member_id.encode("utf-8") + b"\x00" + seed


def _seed(body: bytes, member_id: str) -> bytes | None:
    expected = BODY_MAGIC + member_id.encode("utf-8") + b"\x00"
    if not body.startswith(expected) or len(body) != len(expected) + 32:
        return None
    return body[len(expected):]


class MemberKeys:
    """The sealed member keys of one station. ``scrypt`` sets the sealing cost (tests pass
    a cheap one); ``now`` is injectable."""

    def __init__(self, path: Path | str, *, scrypt: ScryptParams | None = None,
                 now: Callable[[], datetime] | None = None) -> None:
        self.path = Path(path)
        self._scrypt = scrypt
        self._now = now or (lambda: datetime.now(UTC))
        self._lock = threading.RLock()
        try:
            private_file(self.path)  # 0600 in a 0700 folder
            self._db = sqlite3.connect(str(self.path), isolation_level=None,
                                       check_same_thread=False, timeout=10)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute(_SCHEMA)
        except (sqlite3.Error, OSError) as exc:
            raise MemberKeyUnavailable(str(self.path), str(exc)) from exc

    @classmethod
    def beside(cls, store_path: Path | str, **kwargs: object) -> MemberKeys:
        """The member keys kept next to a review store file."""
        return cls(Path(store_path).with_name(FILE_NAME), **kwargs)  # type: ignore[arg-type]

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> MemberKeys:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def public_keys(self, member_id: str) -> tuple[bytes, ...]:
        """The member's public keys, newest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT public_key FROM member_keys WHERE member_id=? "
                "ORDER BY created_us DESC", (member_id,)).fetchall()
        return tuple(bytes(r[0]) for r in rows)

    def open_key(self, member_id: str, password: str) -> MemberKey:
        """The member's newest key that ``password`` opens; a new one, kept sealed, when
        none does. Call it only after the registry accepted ``password`` for the member:
        this method does not count failed attempts."""
        with self._lock:
            rows = self._db.execute(
                "SELECT public_key, sealed, created_us FROM member_keys WHERE member_id=? "
                "ORDER BY created_us DESC", (member_id,)).fetchall()
        for public_key, sealed, created_us in rows:
            try:
                body = decrypt_key_body(bytes(sealed), password, member_id)
            except ScreeningRoomError:
                continue                    # sealed under an earlier password
            seed = _seed(body, member_id)
            if seed is None:
                continue
            private = Ed25519PrivateKey.from_private_bytes(seed)
            if private.public_key().public_bytes_raw() != bytes(public_key):
                continue
            return MemberKey(member_id, bytes(public_key),
                             datetime.fromtimestamp(created_us / 1e6, UTC), False, private)
        return self._make(member_id, password)

    def _make(self, member_id: str, password: str) -> MemberKey:
        private = Ed25519PrivateKey.generate()
        seed = private.private_bytes_raw()
        public = private.public_key().public_bytes_raw()
        sealed = encrypt_key_body(_body(member_id, seed), password, params=self._scrypt)
        moment = self._now().astimezone(UTC)
        try:
            with self._lock, write_transaction(self._db):
                self._db.execute(
                    "INSERT INTO member_keys (member_id, public_key, sealed, created_us) "
                    "VALUES (?,?,?,?)",
                    (member_id, public, sealed, int(moment.timestamp() * 1_000_000)))
        except sqlite3.Error as exc:
            raise MemberKeyUnavailable(str(self.path), str(exc)) from exc
        return MemberKey(member_id, public, moment, True, private)


def fingerprint(public_key: bytes) -> str:
    """A short, readable name of a member key (first 16 hex digits of its SHA-256)."""
    import hashlib

    digest = hashlib.sha256(public_key).hexdigest()[:16]
    return " ".join(digest[i:i + 4] for i in range(0, 16, 4))


__all__ = ["FILE_NAME", "MemberKey", "MemberKeys", "fingerprint"]
