"""Session tickets: the proof that a session was recorded before a screener is decrypted.

:func:`open_screener` unseals a film's keys only against a ticket naming this station,
license, film and member, signed with the station's certified audit key. The station's
registry issues one inside the transaction that makes the signed ``session_start`` record
durable (``Registry.start_session``), and the ticket carries that record's number and hash,
so it points at the record anyone holding the station's audit log can check. The takedown
desk issues one for each opening of a master it records. Layout: a signed envelope
(``docs/formats/session-ticket.md``)::

    magic "SRTICK\\r\\n" | version 1 | fields | Ed25519 signature of the station

    1 text session id (16 hex digits)     2 text station id     3 text license id
    4 text film id                        5 text member id      6 u64 session number
    7 time started at                     8 u64 audit record    9 raw 32 record hash

``session number`` is the count of sessions of the license the station's log holds with
this one (what ``max_sessions`` is checked against).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from screeningroom.vault.encoding import (
    ENVELOPE_HEAD,
    MAGIC_TICKET,
    SIGNATURE_SIZE,
    VERSION,
    Body,
    Fields,
    FormatError,
    open_envelope,
    signature_ok,
)

HASH = 32


@dataclass(frozen=True)
class SessionTicket:
    session_id: int
    station_id: str
    license_id: str
    film_id: str
    member_id: str
    number: int
    started_at: datetime
    record_seq: int
    record_hash: bytes
    signed_bytes: bytes = field(repr=False)

    @property
    def short_id(self) -> str:
        return f"{self.session_id:016x}"

    def signed_by(self, public_key: bytes) -> bool:
        data = self.signed_bytes
        return signature_ok(public_key, data[:-SIGNATURE_SIZE], data[-SIGNATURE_SIZE:])


def issue_ticket(
    sign: Callable[[bytes], bytes],
    *,
    session_id: int,
    station_id: str,
    license_id: str,
    film_id: str,
    member_id: str,
    number: int,
    started_at: datetime,
    record_seq: int,
    record_hash: bytes,
) -> SessionTicket:
    """A ticket signed by ``sign`` (the station's audit key)."""
    if not 0 < session_id < 2**64 or len(record_hash) != HASH:
        raise ValueError("a session id is 1 .. 2^64-1 and a record hash 32 bytes")
    body = (
        Body().text(1, f"{session_id:016x}").text(2, station_id).text(3, license_id)
        .text(4, film_id).text(5, member_id).u64(6, number).time(7, started_at)
        .u64(8, record_seq).raw(9, record_hash).encode()
    )
    head = ENVELOPE_HEAD.pack(MAGIC_TICKET, VERSION, len(body))
    return parse_ticket(head + body + sign(head + body))


def parse_ticket(data: bytes) -> SessionTicket:
    """Layout only (:meth:`SessionTicket.signed_by` checks the signature)."""
    _signed, body, _sig = open_envelope(bytes(data), MAGIC_TICKET)
    f = Fields(body)
    sid_text, station, lic, film, member = f.text(1), f.text(2), f.text(3), f.text(4), f.text(5)
    number, started, seq, record_hash = f.u64(6), f.time(7), f.u64(8), f.raw(9, HASH)
    f.done()
    if len(sid_text) != 16 or sid_text != sid_text.lower():
        raise FormatError("a session id is 16 lower-case hex digits")
    try:
        session_id = int(sid_text, 16)
    except ValueError:
        raise FormatError("a session id is 16 lower-case hex digits") from None
    if not session_id:
        raise FormatError("session id 0")
    return SessionTicket(session_id, station, lic, film, member, number, started, seq,
                         record_hash, bytes(data))
