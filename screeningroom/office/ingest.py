"""Taking in a batch of a station's signed audit records: each is checked (layout, hash,
signature with the station's certified key, its station, its link to the record before)
and the batch is kept whole or refused whole.

In one transaction, with the station's row locked (so two pushes of one station queue):

- a record at a sequence number already held with the same hash is a duplicate (a retry
  after a lost answer) and is skipped; with another hash it is a **fork**;
- a record that does not follow the newest one held is a **gap**;
- a record whose previous hash is not the held head's is a **fork**;
- a station that is revoked is refused.

Refusals raise :class:`RequestRefused` (the caller records the anomaly after the rollback).
Accepted records also update the sessions they start or end, count offline sessions
against their license, and note clock jumps and records outside the certificate's
validity as anomalies (they are signed facts and are kept).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from typing import Any

import psycopg

from screeningroom.office import sessions as derive
from screeningroom.office.errors import RequestRefused
from screeningroom.office.model import AnomalyKind, PushResult
from screeningroom.office.sessions import Flag
from screeningroom.office.store import OfficeStore
from screeningroom.registry import chain
from screeningroom.registry.canonical import MalformedRecord, parse_record, record_hash
from screeningroom.registry.model import AuditEvent
from screeningroom.registry.storage import StoredRecord
from screeningroom_resources.i18n import _

MAX_BATCH = 500
#: A record older than the one before it by more than this is a clock jump backwards.
BACKWARDS_TOLERANCE_US = 2 * 1_000_000
#: A record later than the service's clock by more than this is a clock jump ahead.
AHEAD_TOLERANCE_US = 300 * 1_000_000


def parse_batch(items: object) -> list[StoredRecord]:
    """The records of a push body's ``records`` list; malformed input raises 400."""
    if not isinstance(items, list) or not items:
        raise RequestRefused(400, "malformed", _("The push holds no list of records."))
    if len(items) > MAX_BATCH:
        raise RequestRefused(413, "too_many_records",
                             _("A push holds at most {count} records.").format(count=MAX_BATCH))
    out = []
    for index, item in enumerate(items):
        try:
            data = base64.b64decode(item["bytes"], validate=True)
            signature = base64.b64decode(item["signature"], validate=True)
            fields = parse_record(data)
        except (TypeError, KeyError, ValueError, binascii.Error, MalformedRecord) as exc:
            raise RequestRefused(400, "malformed", _(
                "Record {index} of the push cannot be read: {reason}").format(
                    index=index + 1, reason=str(exc) or type(exc).__name__)) from None
        out.append(StoredRecord(fields, record_hash(data), signature))
    return out


def _held_hash(conn: psycopg.Connection, station_id: str, seq: int) -> bytes | None:
    row = conn.execute("SELECT hash FROM records WHERE station_id = %s AND seq = %s",
                       (station_id, seq)).fetchone()
    return None if row is None else bytes(row["hash"])


def _check(records: Sequence[StoredRecord], station: Any, conn: psycopg.Connection,
           now_us: int) -> tuple[list[StoredRecord], int, list[Flag]]:
    """The new records in order, the number of duplicates, and anomalies to keep."""
    key = chain.public_key(station.signing_public_key)
    expected, previous = station.head_seq + 1, station.head_hash
    prev_time = None
    if station.head_seq:
        row = conn.execute("SELECT time_us FROM records WHERE station_id = %s AND seq = %s",
                           (station.station_id, station.head_seq)).fetchone()
        prev_time = row["time_us"] if row else None
    fresh: list[StoredRecord] = []
    duplicates = 0
    flags: list[Flag] = []
    for record in records:
        f = record.fields
        if f.station_id != station.station_id:
            raise RequestRefused(400, "bad_record", _(
                "Record {seq} names station {other}, not the station that sent it.").format(
                    seq=f.seq, other=f.station_id), seq=f.seq)
        fault = chain.check_record(record, key)
        if fault is not None:
            raise RequestRefused(400, "bad_record", _(
                "Record {seq} is not valid: {reason}").format(seq=f.seq, reason=_(fault.value)),
                seq=f.seq)
        if f.seq < expected:
            held = (_held_hash(conn, station.station_id, f.seq) if f.seq <= station.head_seq
                    else fresh[f.seq - station.head_seq - 1].hash)
            if held == record.hash:
                duplicates += 1
                continue
            raise RequestRefused(409, "fork", _(
                "Record {seq} differs from the record {seq} the office already holds for this "
                "station: the station's log was rewritten (a fork).").format(seq=f.seq),
                seq=f.seq, held=held.hex() if held else None, offered=record.hash.hex())
        if f.seq > expected:
            raise RequestRefused(409, "gap", _(
                "Record {seq} was sent but the office expects record {expected} next: records "
                "are missing (a gap).").format(seq=f.seq, expected=expected),
                seq=f.seq, expected_seq=expected)
        if f.prev_hash != previous:
            raise RequestRefused(409, "fork", _(
                "Record {seq} does not chain to record {before} that the office holds: the "
                "station's log was rewritten (a fork).").format(seq=f.seq, before=f.seq - 1),
                seq=f.seq)
        flags.extend(_time_flags(record, station, prev_time, now_us))
        fresh.append(record)
        previous, expected, prev_time = record.hash, expected + 1, f.time_us
    return fresh, duplicates, flags


def _time_flags(record: StoredRecord, station: Any, prev_time: int | None,
                now_us: int) -> list[Flag]:
    from screeningroom.registry.canonical import iso, to_micros

    f = record.fields
    flags = []
    if prev_time is not None and f.time_us < prev_time - BACKWARDS_TOLERANCE_US:
        flags.append(Flag(AnomalyKind.CLOCK_JUMP, f.seq, f.session_id, _(
            "Record {seq} is {seconds} s earlier than the record before it (the station's "
            "clock went backwards).").format(seq=f.seq,
                                             seconds=(prev_time - f.time_us) // 1_000_000)))
    if f.time_us > now_us + AHEAD_TOLERANCE_US:
        flags.append(Flag(AnomalyKind.CLOCK_JUMP, f.seq, f.session_id, _(
            "Record {seq} is dated {seconds} s after the office's clock.").format(
                seq=f.seq, seconds=(f.time_us - now_us) // 1_000_000)))
    if f.event == AuditEvent.CLOCK_ANOMALY.value:
        flags.append(Flag(AnomalyKind.CLOCK_JUMP, f.seq, f.session_id, _(
            "The station recorded a clock anomaly in record {seq}.").format(seq=f.seq)))
    if not to_micros(station.not_before) <= f.time_us < to_micros(station.not_after):
        flags.append(Flag(AnomalyKind.CERTIFICATE, f.seq, f.session_id, _(
            "Record {seq} is dated outside the station certificate's validity ({start} to "
            "{end}).").format(seq=f.seq, start=iso(station.not_before),
                              end=iso(station.not_after))))
    return flags


def _insert(conn: psycopg.Connection, station_id: str, records: Sequence[StoredRecord],
            now_us: int) -> None:
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO records (station_id, seq, time_us, event, session_id, member_id, "
            "film_id, detail, prev_hash, hash, signature, received_us) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [(station_id, r.fields.seq, r.fields.time_us, r.fields.event,
              None if r.fields.session_id is None else f"{r.fields.session_id:016x}",
              r.fields.member_id, r.fields.film_id, r.fields.detail_json, r.fields.prev_hash,
              r.hash, r.signature, now_us) for r in records])


def push(store: OfficeStore, station_id: str, records: Sequence[StoredRecord],
         now_us: int) -> PushResult:
    """Check and keep ``records`` of ``station_id`` (enrolled, signature of the request
    already checked); :class:`RequestRefused` for a revoked station, a fork or a gap."""
    with store.transaction() as conn:
        station = store.station(station_id, conn, lock=True)
        if station is None:
            raise RequestRefused(404, "unknown_station", _("This station is not enrolled."))
        if station.revoked_at is not None:
            raise RequestRefused(403, "revoked", _(
                "Station {station} is revoked: the office takes no records from it.").format(
                    station=station_id))
        fresh, duplicates, flags = _check(records, station, conn, now_us)
        if fresh:
            _insert(conn, station_id, fresh, now_us)
            last = fresh[-1]
            conn.execute("UPDATE stations SET head_seq = %s, head_hash = %s, head_time_us = %s "
                         "WHERE station_id = %s",
                         (last.fields.seq, last.hash, last.fields.time_us, station_id))
            flags.extend(derive.apply(conn, station_id, fresh))
        store.touch(station_id, now_us, conn)
        for flag in flags:
            store.record_anomaly(flag.kind, flag.station_id or station_id, flag.detail, now_us,
                                 seq=flag.seq,
                                 session_id=flag.session_id, conn=conn)
        head_seq = fresh[-1].fields.seq if fresh else station.head_seq
        head_hash = fresh[-1].hash if fresh else station.head_hash
    return PushResult(station_id, len(fresh), duplicates, head_seq, head_hash)
