"""The screener container: header, AES-256-GCM chunks, signed manifest at the end.

Layout (``docs/formats/screener.md``)::

    header (40): magic "SRSCRN\\r\\n" | version u16 = 1 | reserved u16 = 0 |
                 chunk_size u32 | plaintext_size u64 | stream_id (16)
    chunk 0 .. n-1: AES-256-GCM ciphertext + 16-byte tag of each plaintext chunk
    manifest: a signed envelope (magic "SRMANI\\r\\n") up to the end of the file

``n = max(1, ceil(plaintext_size / chunk_size))``; every chunk holds ``chunk_size`` bytes
but the last. Chunk ``i`` uses nonce ``0x00000000 | i as u64`` under the film's fresh
content key and associated data ``header | i as u64 | last as u8`` (last = 1 for the final
chunk): moving, dropping or splicing a chunk, or changing the header, fails its tag. The
manifest lists SHA-256 of every ciphertext chunk and repeats chunk_size, plaintext_size
and stream_id, and ``key_check = HMAC-SHA256(content_key, "screeningroom key check v1" |
stream_id)`` so a wrong key is told apart from a damaged file.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from screeningroom.vault.encoding import (
    ENVELOPE_HEAD,
    MAGIC_SCREENER,
    MAX_BODY,
    SIGNATURE_SIZE,
    VERSION,
    FormatError,
    magic_of,
)
from screeningroom.vault.errors import TamperedScreener, TruncatedScreener
from screeningroom.vault.model import Manifest
from screeningroom.vault.records import parse_manifest
from screeningroom_resources.i18n import _

HEADER = struct.Struct(">8sHHIQ16s")
HEADER_SIZE = HEADER.size  # 40
TAG_SIZE = 16
DEFAULT_CHUNK_SIZE = 1024 * 1024
MIN_CHUNK_SIZE = 16
MAX_CHUNK_SIZE = 64 * 1024 * 1024


def encode_header(chunk_size: int, plaintext_size: int, stream_id: bytes) -> bytes:
    return HEADER.pack(MAGIC_SCREENER, VERSION, 0, chunk_size, plaintext_size, stream_id)


def chunk_count(plaintext_size: int, chunk_size: int) -> int:
    return max(1, -(-plaintext_size // chunk_size))


def chunk_nonce(index: int) -> bytes:
    return b"\x00\x00\x00\x00" + struct.pack(">Q", index)


def chunk_aad(header: bytes, index: int, last: bool) -> bytes:
    return header + struct.pack(">QB", index, 1 if last else 0)


def key_check(content_key: bytes, stream_id: bytes) -> bytes:
    return hmac.new(content_key, b"screeningroom key check v1" + stream_id, "sha256").digest()


def data_end(chunk_size: int, plaintext_size: int) -> int:
    return HEADER_SIZE + plaintext_size + TAG_SIZE * chunk_count(plaintext_size, chunk_size)


@dataclass(frozen=True)
class Layout:
    """Where things are in one screener file (the manifest's signature is not checked)."""

    path: Path
    header: bytes
    manifest: Manifest
    data_end: int

    def chunk_span(self, index: int) -> tuple[int, int]:
        """(file offset, ciphertext length) of chunk ``index``."""
        m = self.manifest
        start = index * m.chunk_size
        plain = min(m.chunk_size, m.plaintext_size - start)
        return HEADER_SIZE + index * (m.chunk_size + TAG_SIZE), plain + TAG_SIZE


def _truncated(path: Path) -> TruncatedScreener:
    return TruncatedScreener(
        _("The screener {path} is cut short (an incomplete copy or download). "
          "Copy it again from the original.").format(path=path.name)
    )


def _tampered(path: Path, what: str) -> TamperedScreener:
    return TamperedScreener(
        _("The screener {path} has been altered or damaged ({what}). "
          "Do not use it; ask the review office for a fresh copy.").format(
            path=path.name, what=what
        )
    )


def read_layout(path: Path) -> Layout:
    """Parse header and manifest of ``path``; TruncatedScreener / TamperedScreener if broken."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            header = fh.read(HEADER_SIZE)
            if magic_of(header) != MAGIC_SCREENER[: len(header)]:
                raise _tampered(path, _("not a screener"))
            if len(header) < HEADER_SIZE:
                raise _truncated(path)
            _magic, version, reserved, chunk_size, plain_size, stream_id = HEADER.unpack(header)
            if version != VERSION or reserved != 0:
                raise _tampered(path, _("unknown version"))
            if not MIN_CHUNK_SIZE <= chunk_size <= MAX_CHUNK_SIZE:
                raise _tampered(path, _("bad header"))
            end = data_end(chunk_size, plain_size)
            if size < end + ENVELOPE_HEAD.size + SIGNATURE_SIZE:
                raise _truncated(path)
            if size - end > MAX_BODY:
                raise _tampered(path, _("bad manifest"))
            fh.seek(end)
            tail = fh.read(size - end)
    except OSError as exc:
        raise _tampered(path, exc.strerror or str(exc)) from exc
    try:
        manifest = parse_manifest(tail)
    except FormatError as exc:
        if str(exc) == "cut short":
            raise _truncated(path) from exc
        raise _tampered(path, _("bad manifest")) from exc
    if (manifest.chunk_size, manifest.plaintext_size, manifest.stream_id) != (
        chunk_size, plain_size, stream_id
    ):
        raise _tampered(path, _("header and manifest disagree"))
    return Layout(path, header, manifest, end)


def chunk_hash(ciphertext: bytes) -> bytes:
    return hashlib.sha256(ciphertext).digest()


def tampered_chunk(path: Path, index: int) -> TamperedScreener:
    return _tampered(path, _("chunk {index}").format(index=index))


def truncated(path: Path) -> TruncatedScreener:
    return _truncated(path)


def check_chunks(layout: Layout, progress: Callable[[float, float], None] | None = None,
                 copy_to: BinaryIO | None = None) -> None:
    """Every ciphertext chunk of ``layout.path`` has the SHA-256 its signed manifest lists
    (no key needed); TamperedScreener / TruncatedScreener at the first that does not. With
    ``copy_to``, the whole file is written there as it is checked (what is written is what
    was checked)."""
    m = layout.manifest
    with layout.path.open("rb") as fh:
        if copy_to is not None:
            copy_to.write(layout.header)
        for index in range(m.chunk_count):
            offset, length = layout.chunk_span(index)
            sealed = os.pread(fh.fileno(), length, offset)
            if len(sealed) != length:
                raise truncated(layout.path)
            if chunk_hash(sealed) != m.chunk_hashes[index]:
                raise tampered_chunk(layout.path, index)
            if copy_to is not None:
                copy_to.write(sealed)
            if progress is not None:
                progress(index + 1, m.chunk_count)
        if copy_to is not None:
            copy_to.write(m.signed_bytes)
