"""Packaging a film into a screener: streamed in chunks, memory flat whatever the size.

:func:`package_film` reads the film one chunk at a time, encrypts it under a fresh
random content key, writes to a temporary file beside ``out`` and renames it only when
the manifest is signed: an error or a cancel leaves nothing behind. It returns the
content key, which the authority keeps (encrypted) to issue licenses later.

The caller cannot choose the content key or the stream id: chunk nonces are the chunk
index, so a key used for two screeners would reuse nonces. Both are drawn from
``random_bytes`` (``os.urandom``; the test vectors pass a fixed source).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from screeningroom.vault.container import (
    DEFAULT_CHUNK_SIZE,
    MAX_CHUNK_SIZE,
    MIN_CHUNK_SIZE,
    chunk_aad,
    chunk_count,
    chunk_hash,
    chunk_nonce,
    encode_header,
    key_check,
)
from screeningroom.vault.errors import Cancelled, VaultInputError
from screeningroom.vault.files import atomic_file
from screeningroom.vault.model import AgeCategory, Manifest, MediaInfo
from screeningroom.vault.records import encode_manifest, parse_manifest
from screeningroom_resources.console import Progress
from screeningroom_resources.i18n import _


@dataclass(frozen=True)
class PackagedFilm:
    path: Path
    manifest: Manifest
    content_key: bytes


def package_film(
    source: Path,
    out: Path,
    *,
    film_id: str,
    title: str,
    register_no: str,
    declared_age: AgeCategory,
    rights_holder: str,
    signing_key: Ed25519PrivateKey,
    media: MediaInfo | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    random_bytes: Callable[[int], bytes] = os.urandom,
    now: datetime | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> PackagedFilm:
    source, out = Path(source), Path(out)
    if not source.is_file():
        raise VaultInputError(_("No film at {path}: give the path of a video file.").format(
            path=source))
    if not film_id.strip() or not title.strip():
        raise VaultInputError(_("A film needs a film id and a title."))
    if not MIN_CHUNK_SIZE <= chunk_size <= MAX_CHUNK_SIZE:
        raise VaultInputError(_("The chunk size must be between {low} and {high} bytes.").format(
            low=MIN_CHUNK_SIZE, high=MAX_CHUNK_SIZE))
    if out.resolve() == source.resolve():
        raise VaultInputError(_("The screener cannot replace the film itself: choose --out."))
    size = source.stat().st_size
    if size == 0:
        raise VaultInputError(_("The film {path} is empty.").format(path=source))
    if media is None:
        from screeningroom.vault.probe import probe

        media = probe(source)
    key, stream_id = bytes(random_bytes(32)), bytes(random_bytes(16))
    if len(key) != 32 or len(stream_id) != 16:
        raise VaultInputError(_("The random source gave too few bytes."))
    now = now or datetime.now(UTC)
    header = encode_header(chunk_size, size, stream_id)
    aead = AESGCM(key)
    count = chunk_count(size, chunk_size)
    hashes: list[bytes] = []
    with source.open("rb") as src, atomic_file(out) as dst:
        dst.write(header)
        for index in range(count):
            if cancelled is not None and cancelled():
                raise Cancelled(_("Packaging cancelled; nothing was written."))
            plain = src.read(chunk_size)
            expected = min(chunk_size, size - index * chunk_size)
            if len(plain) != expected:
                raise VaultInputError(
                    _("The film {path} changed while it was being packaged.").format(path=source)
                )
            sealed = aead.encrypt(
                chunk_nonce(index), plain, chunk_aad(header, index, index == count - 1)
            )
            hashes.append(chunk_hash(sealed))
            dst.write(sealed)
            if progress is not None:
                progress(index * chunk_size + len(plain), size)
        if src.read(1):
            raise VaultInputError(
                _("The film {path} changed while it was being packaged.").format(path=source)
            )
        manifest_bytes = encode_manifest(
            film_id=film_id.strip(), title=title.strip(), register_no=register_no.strip(),
            duration_ms=media.duration_ms, codec_summary=media.codec_summary,
            declared_age=declared_age, rights_holder=rights_holder.strip(),
            chunk_size=chunk_size, plaintext_size=size, stream_id=stream_id,
            key_check=key_check(key, stream_id), chunk_hashes=hashes, packaged_at=now,
            key=signing_key,
        )
        dst.write(manifest_bytes)
    return PackagedFilm(out, parse_manifest(manifest_bytes), key)
