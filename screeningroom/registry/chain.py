"""Signing records into the hash chain, and checking a run of records against a key.

Shared by the station's own log (:meth:`Registry.verify_chain`) and by imported bundles.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from screeningroom.registry.canonical import (
    ZERO_HASH,
    RecordFields,
    from_micros,
    parse_record,
    record_bytes,
    record_hash,
)
from screeningroom.registry.errors import RegistryBadInput
from screeningroom.registry.model import AuditEvent, AuditRecord, ChainFault, ChainReport, Signer
from screeningroom.registry.storage import StoredRecord

HEAD_MAGIC = b"SRHEAD\x01"


def sign_record(fields: RecordFields, signer: Signer) -> StoredRecord:
    data = record_bytes(fields)
    return StoredRecord(fields, record_hash(data), signer.sign(data))


def record_bytes_of(stored: StoredRecord) -> bytes:
    return record_bytes(stored.fields)


def head_bytes(seq: int, hash_: bytes) -> bytes:
    """What the station signs as the newest record of its log (guards against truncation)."""
    return HEAD_MAGIC + struct.pack(">Q", seq) + hash_


def public_key(raw: bytes) -> Ed25519PublicKey:
    try:
        return Ed25519PublicKey.from_public_bytes(raw)
    except ValueError as exc:
        raise RegistryBadInput(str(exc)) from exc


def verifies(key: Ed25519PublicKey, signature: bytes, data: bytes) -> bool:
    try:
        key.verify(signature, data)
    except InvalidSignature:
        return False
    return True


def to_audit_record(stored: StoredRecord) -> AuditRecord:
    f = stored.fields
    return AuditRecord(
        seq=f.seq, time=from_micros(f.time_us), event=AuditEvent(f.event),
        station_id=f.station_id, session_id=f.session_id, member_id=f.member_id,
        film_id=f.film_id, detail_json=f.detail_json, prev_hash=f.prev_hash,
        hash=stored.hash, signature=stored.signature,
    )


def check_record(stored: StoredRecord, key: Ed25519PublicKey) -> ChainFault | None:
    """A fault of one record on its own (content, hash, signature), or None."""
    try:
        data = record_bytes(stored.fields)
        parse_record(data)  # canonical detail, known layout
        AuditEvent(stored.fields.event)
    except (RegistryBadInput, ValueError):
        return ChainFault.MALFORMED
    if record_hash(data) != stored.hash:
        return ChainFault.HASH
    if not verifies(key, stored.signature, data):
        return ChainFault.SIGNATURE
    return None


def check_chain(
    records: Iterable[StoredRecord],
    signing_public_key: bytes,
    *,
    first_seq: int = 1,
    previous: bytes | None = None,
) -> tuple[ChainReport, bytes | None]:
    """Check ``records`` in order from ``first_seq``; the report and the last good hash.

    The first record must link to the zero hash when it is record 1, else to ``previous``
    when it is given (a bundle that starts later carries the previous hash it was chained
    to, covered by the signature).
    """
    key = public_key(signing_public_key)
    expected = first_seq
    if first_seq == 1:
        previous = ZERO_HASH
    count = 0
    for stored in records:
        seq = stored.fields.seq
        fault = None
        if seq != expected:
            fault = ChainFault.SEQUENCE
        else:
            fault = check_record(stored, key)
            if fault is None and previous is not None and stored.fields.prev_hash != previous:
                fault = ChainFault.LINK
        if fault is not None:
            return ChainReport(ok=False, records=count, first_bad_seq=expected,
                               reason=fault), previous
        previous = stored.hash
        expected += 1
        count += 1
    return ChainReport(ok=True, records=count), previous
