"""The byte forms that get hashed and signed: canonical JSON and an audit record's bytes.

Both are documented byte for byte in docs/formats/audit-record.md and pinned by the
vectors in tests/vectors/registry/.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
import struct
from collections.abc import Mapping
from datetime import UTC, datetime

from screeningroom.registry.errors import RegistryBadInput
from screeningroom_resources.i18n import _

RECORD_MAGIC = b"SRAUDIT\x01"
HASH_SIZE = 32
ZERO_HASH = bytes(HASH_SIZE)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_U64 = struct.Struct(">Q")
_I64 = struct.Struct(">q")


class MalformedRecord(ValueError):
    """Bytes that are not a canonical audit record (said in plain English, internal)."""


# --- time -------------------------------------------------------------------------------

def utc(moment: datetime) -> datetime:
    """``moment`` in UTC, truncated to whole microseconds; a naive time is refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise RegistryBadInput(_("A time without a time zone was given: pass an aware UTC time."))
    return moment.astimezone(UTC)


def to_micros(moment: datetime) -> int:
    delta = utc(moment) - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def from_micros(micros: int) -> datetime:
    from datetime import timedelta

    return _EPOCH + timedelta(microseconds=micros)


def iso(moment: datetime) -> str:
    """``2026-11-23T19:27:01.000000Z``: always six fraction digits and a Z."""
    return utc(moment).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# --- canonical JSON ---------------------------------------------------------------------

def _plain(value: object) -> object:
    """``value`` as JSON-ready data: str, int, bool, None, list, dict with str keys."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, enum.Enum):
        return _plain(value.value)
    if isinstance(value, datetime):
        return iso(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise RegistryBadInput(
                    _("An audit detail has a key that is not text: {key!r}.").format(key=key))
            out[key] = _plain(item)
        return out
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    raise RegistryBadInput(
        _("An audit detail holds a value of type {kind} that the log cannot store: use "
          "text, whole numbers, true/false, lists and mappings.").format(
            kind=type(value).__name__)
    )


def canonical_json(value: object) -> bytes:
    """UTF-8 JSON with keys sorted by code point, no spaces, no floats, no escapes of
    non-ASCII letters. Equal values always give equal bytes."""
    return json.dumps(
        _plain(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False,
        allow_nan=False,
    ).encode("utf-8")


class NotCanonical(ValueError):
    """JSON that is not in the one canonical form (said in plain English, internal)."""


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in pairs:
        if key in out:
            raise NotCanonical(f"the key {key!r} appears twice")
        out[key] = value
    return out


def _no_float(text: str) -> object:
    raise NotCanonical(f"a number with a fraction or exponent ({text})")


def parse_canonical_json(data: bytes) -> object:
    """The value of ``data`` if, and only if, ``data`` is exactly its canonical JSON: no
    duplicate keys, no floats, keys in order, no whitespace, no needless escapes."""
    try:
        text = bytes(data).decode("utf-8")
        value = json.loads(text, object_pairs_hook=_no_duplicates, parse_float=_no_float,
                           parse_constant=_no_float)
    except UnicodeDecodeError as exc:
        raise NotCanonical("it is not UTF-8") from exc
    except RecursionError as exc:
        raise NotCanonical("it is nested too deeply") from exc
    except ValueError as exc:  # json.JSONDecodeError and NotCanonical
        raise NotCanonical(str(exc)) from exc
    try:
        again = canonical_json(value)
    except RegistryBadInput as exc:
        raise NotCanonical(str(exc)) from exc
    except UnicodeEncodeError as exc:  # an escaped lone surrogate ("\ud800"): not text
        raise NotCanonical("it holds an escape that is not a character") from exc
    except RecursionError as exc:  # parsed, but too deep to write again
        raise NotCanonical("it is nested too deeply") from exc
    if again != bytes(data):
        raise NotCanonical("it is not written in canonical form (re-formatted or re-ordered)")
    return value


# --- the record's canonical bytes -------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class RecordFields:
    """What a record says, before it is hashed and signed."""

    seq: int
    time_us: int
    event: str
    station_id: str
    session_id: int | None
    member_id: str
    film_id: str
    detail_json: str
    prev_hash: bytes


def _text(value: str, limit: int = 0xFFFF) -> bytes:
    raw = value.encode("utf-8")
    if len(raw) > limit:
        raise RegistryBadInput(_("A text field of an audit record is too long."))
    return struct.pack(">H", len(raw)) + raw


def record_bytes(f: RecordFields) -> bytes:
    if not 1 <= f.seq < 2**64:
        raise RegistryBadInput(_("An audit record's sequence number is out of range."))
    if len(f.prev_hash) != HASH_SIZE:
        raise RegistryBadInput(_("An audit record's previous hash must be 32 bytes."))
    detail = f.detail_json.encode("utf-8")
    parts = [
        RECORD_MAGIC,
        _U64.pack(f.seq),
        _I64.pack(f.time_us),
        _text(f.event),
        _text(f.station_id),
        b"\x01" + _U64.pack(f.session_id) if f.session_id is not None else bytes(9),
        _text(f.member_id),
        _text(f.film_id),
        struct.pack(">I", len(detail)) + detail,
        f.prev_hash,
    ]
    return b"".join(parts)


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, size: int) -> bytes:
        if self.pos + size > len(self.data):
            raise MalformedRecord("the record is truncated")
        chunk = self.data[self.pos:self.pos + size]
        self.pos += size
        return chunk

    def text(self) -> str:
        (size,) = struct.unpack(">H", self.take(2))
        try:
            return self.take(size).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise MalformedRecord("a text field is not UTF-8") from exc


def parse_record(data: bytes) -> RecordFields:
    """The fields of canonical record bytes; anything else raises :class:`MalformedRecord`."""
    r = _Reader(data)
    if r.take(len(RECORD_MAGIC)) != RECORD_MAGIC:
        raise MalformedRecord("the record does not start with SRAUDIT version 1")
    (seq,) = _U64.unpack(r.take(8))
    (time_us,) = _I64.unpack(r.take(8))
    event = r.text()
    station_id = r.text()
    flag = r.take(1)
    (raw_session,) = _U64.unpack(r.take(8))
    if flag not in (b"\x00", b"\x01") or (flag == b"\x00" and raw_session):
        raise MalformedRecord("the session field is not canonical")
    member_id = r.text()
    film_id = r.text()
    (size,) = struct.unpack(">I", r.take(4))
    raw_detail = r.take(size)
    try:
        parse_canonical_json(raw_detail)
    except NotCanonical as exc:
        raise MalformedRecord(f"the detail is not canonical JSON: {exc}") from exc
    detail_json = raw_detail.decode("utf-8")
    prev_hash = r.take(HASH_SIZE)
    if r.pos != len(data):
        raise MalformedRecord("bytes follow the end of the record")
    fields = RecordFields(seq, time_us, event, station_id,
                          raw_session if flag == b"\x01" else None,
                          member_id, film_id, detail_json, prev_hash)
    if seq == 0:
        raise MalformedRecord("sequence number 0")
    return fields


def record_hash(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()
