"""The station's own note of how far its audit log reached: ``audit.head`` in its folder.

The registry keeps the log in a database anyone with file access can delete or replace;
this small file, signed with the station's audit key and rewritten after every record,
says which record was newest (its number and hash). ``init_station`` writes it for record
0, so a station whose database was deleted, replaced by a fresh one or cut short is told
apart from a new station: the registry refuses to start sessions until the review office
re-enrolls it. Layout (``docs/formats/audit-record.md``)::

    magic "SRAHED\\r\\n" | version 1 | fields | Ed25519 signature of the station
    1 text station id     2 u64 record number (0: none yet)     3 raw 32 record hash
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from screeningroom.vault.encoding import (
    ENVELOPE_HEAD,
    MAGIC_HEAD,
    SIGNATURE_SIZE,
    VERSION,
    Body,
    Fields,
    FormatError,
    open_envelope,
    signature_ok,
)
from screeningroom.vault.files import atomic_write

HEAD_FILE = "audit.head"
ZERO_HASH = bytes(32)


@dataclass(frozen=True)
class AuditMark:
    station_id: str
    seq: int
    hash: bytes


def encode_mark(sign: Callable[[bytes], bytes], station_id: str, seq: int, hash_: bytes
                ) -> bytes:
    body = Body().text(1, station_id).u64(2, seq).raw(3, hash_).encode()
    head = ENVELOPE_HEAD.pack(MAGIC_HEAD, VERSION, len(body))
    return head + body + sign(head + body)


def write_mark(path: Path, sign: Callable[[bytes], bytes], station_id: str, seq: int,
               hash_: bytes) -> None:
    atomic_write(path, encode_mark(sign, station_id, seq, hash_), mode=0o600)


def read_mark(path: Path, public_key: bytes) -> AuditMark | None:
    """The mark, None when the file is missing; FormatError when it is damaged, altered
    or signed by another key."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise FormatError(str(exc)) from exc
    signed, body, signature = open_envelope(data, MAGIC_HEAD)
    if not signature_ok(public_key, signed, signature) or len(signature) != SIGNATURE_SIZE:
        raise FormatError("the audit mark is not signed by this station")
    f = Fields(body)
    mark = AuditMark(f.text(1), f.u64(2), f.raw(3, 32))
    f.done()
    return mark
