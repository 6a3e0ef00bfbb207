"""The films' master indexes (``watermark.MasterIndex``), kept encrypted on the desk.

A master index holds what tracing a clip needs of a film's master (frame descriptors and
the frames reduced to the work size), so a trace never decodes the master. It is derived
from an unreleased film, so the desk keeps it only encrypted: AES-256-GCM
(``cryptography``) under a key derived with HKDF-SHA256 from the film's forensic secret
that the desk's forensic license seals to the desk station (the key exists only while that
license is open). File ``index/<film id>.wmidx``, documented byte for byte in
``docs/formats/fingerprint-index.md``::

    magic  8 bytes  b"SRDKMIX1"
    nonce  12 bytes (random)
    data   AES-256-GCM(key, nonce, the index's bytes, aad = magic + film id (UTF-8) + 0x00
           + manifest hash (32 bytes)), tag included

    key = HKDF-SHA256(secret, salt none, length 32,
                      info = b"screeningroom desk master index v1" 0x00 film id 0x00
                             manifest hash)
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from screeningroom_resources.i18n import _
from takedown.errors import BadIndex
from watermark import MasterIndex, MasterIndexError

MAGIC = b"SRDKMIX1"
SUFFIX = ".wmidx"
INFO = b"screeningroom desk master index v1"
NONCE = 12


def _key(secret: bytes, film_id: str, manifest_hash: bytes) -> bytes:
    info = INFO + b"\x00" + film_id.encode("utf-8") + b"\x00" + bytes(manifest_hash)
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(
        bytes(secret))


def _aad(film_id: str, manifest_hash: bytes) -> bytes:
    return MAGIC + film_id.encode("utf-8") + b"\x00" + bytes(manifest_hash)


def seal(index: MasterIndex, *, secret: bytes, film_id: str, manifest_hash: bytes,
         nonce: bytes | None = None) -> bytes:
    nonce = nonce if nonce is not None else os.urandom(NONCE)
    sealed = AESGCM(_key(secret, film_id, manifest_hash)).encrypt(
        nonce, index.to_bytes(), _aad(film_id, manifest_hash))
    return MAGIC + nonce + sealed


def unseal(data: bytes, *, secret: bytes, film_id: str, manifest_hash: bytes,
           name: str = "") -> MasterIndex:
    bad = BadIndex(_("The master index {name} of film {film} is damaged or not this film's; "
                     "index the film again (takedown index FILM.scr).").format(
                         name=name, film=film_id))
    if len(data) < len(MAGIC) + NONCE + 16 or data[: len(MAGIC)] != MAGIC:
        raise bad
    nonce = data[len(MAGIC): len(MAGIC) + NONCE]
    try:
        plain = AESGCM(_key(secret, film_id, manifest_hash)).decrypt(
            nonce, data[len(MAGIC) + NONCE:], _aad(film_id, manifest_hash))
        return MasterIndex.from_bytes(plain)
    except (InvalidTag, MasterIndexError) as exc:
        raise bad from exc


def path_of(folder: Path, film_id: str) -> Path:
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in film_id)
    return Path(folder) / (safe + SUFFIX)


def write(folder: Path, film_id: str, data: bytes) -> Path:
    """Write atomically (0600) to ``folder/<film id>.wmidx``."""
    target = path_of(folder, film_id)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    tmp.replace(target)
    return target
