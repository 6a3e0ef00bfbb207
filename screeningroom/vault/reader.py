"""The random-access reader of an opened screener (what :func:`open_screener` returns).

A binary, seekable, read-only file object (:class:`io.RawIOBase`): ``read``, ``readinto``,
``seek``, ``tell``, ``size``, ``close``, context manager; ``av.open(reader)`` and libvlc's
media callbacks use it directly. Each chunk's AES-256-GCM tag is checked (under the film's
key, with the header, index and last flag as associated data) before a byte of it is
returned; decrypted chunks live only in a small in-memory LRU cache (:data:`CACHE_CHUNKS`
chunks). The manifest's per-chunk SHA-256 list is not recomputed here: the tag already
refuses any chunk not sealed under this film's key at this place, and hashing too would
halve throughput; ``screeningroom verify`` checks the hashes, without any key. Reads use
``os.pread`` and one lock per reader, so any thread (also a non-Python thread through
ctypes callbacks) may call it and readers share no mutable state.
"""

from __future__ import annotations

import io
import os
import threading
from collections import OrderedDict

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from screeningroom.vault.container import (
    Layout,
    chunk_aad,
    chunk_nonce,
    tampered_chunk,
    truncated,
)
from screeningroom.vault.forensic import ForensicKeys, KeyScheme
from screeningroom.vault.model import License, LicensePurpose, Manifest

CACHE_CHUNKS = 4


class ScreenerReader(io.RawIOBase):
    """Plaintext view of one screener. Attributes: ``manifest``, ``license``, ``size``
    (plaintext bytes); ``watermark_key`` (32 bytes: the key this license marks frames
    with) for a review license, else None; ``forensic_keys`` (:class:`ForensicKeys`: every
    license's key of the film) for a forensic license, else None. A forensic license of
    format 1 has both (the office's one key). ``session_id``: the session of the ticket
    it was opened with."""

    def __init__(
        self, layout: Layout, content_key: bytes, license: License | None,
        watermark_key: bytes | None, forensic_keys: ForensicKeys | None = None,
        *, session_id: int | None = None,
    ) -> None:
        super().__init__()
        self.session_id = session_id  # the recorded session this reader was opened for
        self.manifest: Manifest = layout.manifest
        self.license = license
        self.watermark_key = watermark_key
        self.forensic_keys = forensic_keys
        self.size = layout.manifest.plaintext_size
        self._layout = layout
        self._aead = AESGCM(content_key)
        self._fd = os.open(layout.path, os.O_RDONLY)
        self._pos = 0
        self._cache: OrderedDict[int, bytes] = OrderedDict()
        self._lock = threading.Lock()

    # --- file-object protocol -----------------------------------------------------------

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def writable(self) -> bool:
        return False

    def tell(self) -> int:
        self._check_open()
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        with self._lock:
            self._check_open()
            if whence == io.SEEK_SET:
                target = offset
            elif whence == io.SEEK_CUR:
                target = self._pos + offset
            elif whence == io.SEEK_END:
                target = self.size + offset
            else:
                raise ValueError(f"invalid whence {whence}")
            if target < 0:
                raise ValueError("negative seek position")
            self._pos = target
            return target

    def read(self, n: int | None = -1) -> bytes:
        with self._lock:
            self._check_open()
            if n is None or n < 0:
                n = max(0, self.size - self._pos)
            out = self._read_at(self._pos, n)
            self._pos += len(out)
            return out

    def readall(self) -> bytes:
        return self.read(-1)

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        view = memoryview(buffer).cast("B")
        data = self.read(len(view))
        view[: len(data)] = data
        return len(data)

    def close(self) -> None:
        with self._lock:
            if not self.closed:
                self._cache.clear()
                self._aead = None  # the content key goes with it (Python cannot wipe it)
                os.close(self._fd)
                super().close()

    # --- chunks -------------------------------------------------------------------------

    def _check_open(self) -> None:
        if self.closed:
            raise ValueError("I/O operation on closed screener reader")

    def _read_at(self, pos: int, n: int) -> bytes:
        end = min(self.size, pos + n)
        if pos >= end:
            return b""
        size = self.manifest.chunk_size
        parts = []
        while pos < end:
            index, skip = divmod(pos, size)
            plain = self._chunk(index)
            take = plain[skip : skip + (end - pos)]
            parts.append(take)
            pos += len(take)
        return parts[0] if len(parts) == 1 else b"".join(parts)

    def _chunk(self, index: int) -> bytes:
        cached = self._cache.get(index)
        if cached is not None:
            self._cache.move_to_end(index)
            return cached
        offset, length = self._layout.chunk_span(index)
        sealed = os.pread(self._fd, length, offset)
        if len(sealed) != length:
            raise truncated(self._layout.path)
        last = index == self.manifest.chunk_count - 1
        try:
            plain = self._aead.decrypt(
                chunk_nonce(index), sealed, chunk_aad(self._layout.header, index, last)
            )
        except InvalidTag:
            raise tampered_chunk(self._layout.path, index) from None
        self._cache[index] = plain
        if len(self._cache) > CACHE_CHUNKS:
            self._cache.popitem(last=False)
        return plain


def keys_of(license: License, secret: bytes) -> tuple[bytes | None, ForensicKeys | None]:
    """(watermark key, forensic keys) that the watermark secret sealed in ``license`` is."""
    if license.purpose is not LicensePurpose.FORENSIC:
        return secret, None
    keys = ForensicKeys(license.film_id, license.key_scheme, secret)
    return (secret if license.key_scheme is KeyScheme.OFFICE_V1 else None), keys
