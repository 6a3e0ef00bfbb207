"""The byte layout every signed vault file shares (see ``docs/formats/``).

A signed file is an *envelope*::

    magic (8) | version u16 | body length u32 | body | Ed25519 signature (64)

all integers big-endian; the signature covers everything before it. The body is a list of
fields ``tag u8 | length u32 | value``, tags strictly ascending, each exactly once, none
unknown. Value kinds: ``text`` (UTF-8), ``u64``, ``time`` (i64 seconds since 1970 UTC),
``raw`` bytes, ``flag`` (one byte 0/1), ``texts`` (a list: ``u16 length | UTF-8`` each).

Parsing failures raise :class:`FormatError`; callers turn it into the specific refusal.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from datetime import UTC, datetime

from cryptography.exceptions import InvalidSignature as _BadSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

VERSION = 1
SIGNATURE_SIZE = 64
ENVELOPE_HEAD = struct.Struct(">8sHI")
FIELD_HEAD = struct.Struct(">BI")
MAX_BODY = 64 * 1024 * 1024

MAGIC_ANCHOR = b"SRANCH\r\n"
MAGIC_REQUEST = b"SRREQT\r\n"
MAGIC_CERTIFICATE = b"SRCERT\r\n"
MAGIC_LICENSE = b"SRLICE\r\n"
MAGIC_REVOCATIONS = b"SRRVKL\r\n"
MAGIC_MANIFEST = b"SRMANI\r\n"
MAGIC_SCREENER = b"SRSCRN\r\n"
MAGIC_KEYFILE = b"SRPKEY\r\n"
MAGIC_TICKET = b"SRTICK\r\n"
MAGIC_HEAD = b"SRAHED\r\n"


class FormatError(ValueError):
    """Bytes that do not follow the documented layout."""


def to_time(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("naive datetime: pass a timezone-aware time")
    return int(moment.timestamp())


def from_time(seconds: int) -> datetime:
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError) as exc:
        raise FormatError(f"time out of range: {seconds}") from exc


class Body:
    """Builds a body field by field (tags must come in ascending order)."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._last = -1

    def _add(self, tag: int, value: bytes) -> Body:
        if tag <= self._last:
            raise ValueError("field tags must ascend")
        self._last = tag
        self._parts.append(FIELD_HEAD.pack(tag, len(value)) + value)
        return self

    def text(self, tag: int, value: str) -> Body:
        return self._add(tag, value.encode("utf-8"))

    def u64(self, tag: int, value: int) -> Body:
        return self._add(tag, struct.pack(">Q", value))

    def time(self, tag: int, value: datetime) -> Body:
        return self._add(tag, struct.pack(">q", to_time(value)))

    def raw(self, tag: int, value: bytes) -> Body:
        return self._add(tag, bytes(value))

    def flag(self, tag: int, value: bool) -> Body:
        return self._add(tag, b"\x01" if value else b"\x00")

    def texts(self, tag: int, values: Sequence[str]) -> Body:
        out = bytearray()
        for value in values:
            data = value.encode("utf-8")
            if len(data) > 0xFFFF:
                raise ValueError("text too long")
            out += struct.pack(">H", len(data)) + data
        return self._add(tag, bytes(out))

    def encode(self) -> bytes:
        return b"".join(self._parts)


class Fields:
    """Reads a body; every getter names the tag it expects next."""

    def __init__(self, body: bytes) -> None:
        self._values: dict[int, bytes] = {}
        pos, last = 0, -1
        while pos < len(body):
            if pos + FIELD_HEAD.size > len(body):
                raise FormatError("field header cut short")
            tag, length = FIELD_HEAD.unpack_from(body, pos)
            pos += FIELD_HEAD.size
            if tag <= last:
                raise FormatError("field tags out of order or repeated")
            if pos + length > len(body):
                raise FormatError("field value cut short")
            self._values[tag] = body[pos : pos + length]
            pos += length
            last = tag
        self._used: set[int] = set()

    def _get(self, tag: int) -> bytes:
        if tag not in self._values:
            raise FormatError(f"field {tag} missing")
        self._used.add(tag)
        return self._values[tag]

    def text(self, tag: int) -> str:
        try:
            return self._get(tag).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise FormatError(f"field {tag} is not UTF-8") from exc

    def u64(self, tag: int) -> int:
        value = self._get(tag)
        if len(value) != 8:
            raise FormatError(f"field {tag} is not a u64")
        return int(struct.unpack(">Q", value)[0])

    def time(self, tag: int) -> datetime:
        value = self._get(tag)
        if len(value) != 8:
            raise FormatError(f"field {tag} is not a time")
        return from_time(struct.unpack(">q", value)[0])

    def raw(self, tag: int, size: int | None = None) -> bytes:
        value = self._get(tag)
        if size is not None and len(value) != size:
            raise FormatError(f"field {tag} has {len(value)} bytes, not {size}")
        return value

    def flag(self, tag: int) -> bool:
        value = self._get(tag)
        if value not in (b"\x00", b"\x01"):
            raise FormatError(f"field {tag} is not a flag")
        return value == b"\x01"

    def texts(self, tag: int) -> tuple[str, ...]:
        value, pos, out = self._get(tag), 0, []
        while pos < len(value):
            if pos + 2 > len(value):
                raise FormatError(f"field {tag}: list cut short")
            (length,) = struct.unpack_from(">H", value, pos)
            pos += 2
            if pos + length > len(value):
                raise FormatError(f"field {tag}: list item cut short")
            try:
                out.append(value[pos : pos + length].decode("utf-8"))
            except UnicodeDecodeError as exc:
                raise FormatError(f"field {tag}: item is not UTF-8") from exc
            pos += length
        return tuple(out)

    def has(self, tag: int) -> bool:
        """Whether the optional field ``tag`` is present."""
        return tag in self._values

    def done(self) -> None:
        """Refuse fields nobody asked for (an unknown tag is a different format)."""
        unknown = set(self._values) - self._used
        if unknown:
            raise FormatError(f"unknown fields {sorted(unknown)}")


def seal_envelope(magic: bytes, body: bytes, key: Ed25519PrivateKey, version: int = VERSION
                  ) -> bytes:
    head = ENVELOPE_HEAD.pack(magic, version, len(body))
    return head + body + key.sign(head + body)


def envelope_version(data: bytes) -> int:
    """The format version an envelope's header names (layout not checked)."""
    if len(data) < ENVELOPE_HEAD.size:
        raise FormatError("shorter than a header")
    return int(ENVELOPE_HEAD.unpack_from(data)[1])


def open_envelope(data: bytes, magic: bytes, versions: tuple[int, ...] = (VERSION,)
                  ) -> tuple[bytes, bytes, bytes]:
    """Split ``data`` into (signed part, body, signature); checks layout, not the signature.
    ``versions``: the format versions this kind of file may have."""
    if len(data) < ENVELOPE_HEAD.size:
        raise FormatError("shorter than a header")
    found, version, length = ENVELOPE_HEAD.unpack_from(data)
    if found != magic:
        raise FormatError("wrong magic")
    if version not in versions:
        raise FormatError(f"unsupported version {version}")
    if length > MAX_BODY:
        raise FormatError("body too large")
    end = ENVELOPE_HEAD.size + length
    if len(data) < end + SIGNATURE_SIZE:
        raise FormatError("cut short")
    if len(data) > end + SIGNATURE_SIZE:
        raise FormatError("extra bytes after the signature")
    return data[:end], data[ENVELOPE_HEAD.size : end], data[end:]


def signature_ok(public_key: bytes, signed: bytes, signature: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, signed)
    except (_BadSignature, ValueError):
        return False
    return True


def magic_of(data: bytes) -> bytes:
    return bytes(data[:8])
