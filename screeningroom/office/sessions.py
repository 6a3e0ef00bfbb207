"""Sessions derived from accepted records, and the license count they make.

A ``session_start`` record adds the session (keyed by station and session id); an ``end``,
``crash_recovery`` or ``session_failed`` record ends it (a failed session gives its count
back). A start the service granted online is matched to its
grant; a start without a grant was played offline and is counted against its license here,
on reconnection: beyond the license's sessions, or beyond its offline allowance, it is an
``excess_sessions`` finding. A session id another station already started is a
``session_claimed`` finding against both.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

import psycopg

from screeningroom.office.model import AnomalyKind
from screeningroom.registry.model import AuditEvent, SessionEnd
from screeningroom.registry.storage import StoredRecord
from screeningroom_resources.i18n import _

#: The station's record of a session that failed before its first frame (it ends the
#: session and gives its count back).
SESSION_FAILED = "session_failed"
_ENDS = {AuditEvent.END.value: SessionEnd.CLEAN.value,
         AuditEvent.CRASH_RECOVERY.value: SessionEnd.UNCLEAN.value,
         SESSION_FAILED: "failed"}


@dataclass(frozen=True)
class Flag:
    """An anomaly found while accepting records (kept in the same transaction)."""

    kind: AnomalyKind
    seq: int | None
    session_id: int | None
    detail: str
    station_id: str | None = None  # None: the station that pushed


def _detail(record: StoredRecord) -> dict:
    try:
        value = json.loads(record.fields.detail_json)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def apply(conn: psycopg.Connection, station_id: str,
          records: Sequence[StoredRecord]) -> list[Flag]:
    flags: list[Flag] = []
    for record in records:
        f = record.fields
        if f.session_id is None:
            continue
        if f.event == AuditEvent.SESSION_START.value:
            flags.extend(_start(conn, station_id, record))
        elif f.event in _ENDS:
            conn.execute("UPDATE sessions SET ended_us = %s, end_state = %s WHERE station_id = "
                         "%s AND session_id = %s AND end_state = 'open'",
                         (f.time_us, _ENDS[f.event], station_id, f"{f.session_id:016x}"))
            if f.event == SESSION_FAILED:
                _refund(conn, station_id, f"{f.session_id:016x}", f.time_us)
    return flags


def _refund(conn: psycopg.Connection, station_id: str, sid: str, at_us: int) -> None:
    """A session that failed before its first frame does not count against its license."""
    grant = conn.execute("UPDATE grants SET released_us = %s WHERE station_id = %s AND "
                         "session_id = %s AND released_us IS NULL RETURNING license_id",
                         (at_us, station_id, sid)).fetchone()
    if grant is not None:
        conn.execute("UPDATE licenses SET granted = granted - 1 WHERE license_id = %s AND "
                     "granted > 0", (grant["license_id"],))
        return
    row = conn.execute("SELECT license_id, granted FROM sessions WHERE station_id = %s AND "
                       "session_id = %s", (station_id, sid)).fetchone()
    if row is not None and not row["granted"]:
        conn.execute("UPDATE licenses SET offline_used = offline_used - 1 WHERE license_id = "
                     "%s AND offline_used > 0", (row["license_id"],))


def _start(conn: psycopg.Connection, station_id: str, record: StoredRecord) -> list[Flag]:
    f = record.fields
    sid = f"{f.session_id:016x}"
    detail = _detail(record)
    license_id = str(detail.get("license", ""))
    grant = conn.execute("SELECT license_id, released_us FROM grants WHERE station_id = %s "
                         "AND session_id = %s FOR UPDATE", (station_id, sid)).fetchone()
    granted = (grant is not None and grant["license_id"] == license_id
               and grant["released_us"] is None)
    cur = conn.execute(
        "INSERT INTO sessions (station_id, session_id, room, member_id, film_id, license_id, "
        "profile, started_us, start_seq, granted) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, "
        "%s) ON CONFLICT DO NOTHING",
        (station_id, sid, str(detail.get("room", "")), f.member_id, f.film_id, license_id,
         str(detail.get("profile", "")), f.time_us, f.seq, granted))
    if cur.rowcount == 0:
        return [Flag(AnomalyKind.SESSION_CLAIMED, f.seq, f.session_id, _(
            "The station started session {session} a second time (record {seq}).").format(
                session=sid, seq=f.seq))]
    flags = []
    others = conn.execute("SELECT station_id FROM sessions WHERE session_id = %s AND "
                          "station_id <> %s", (sid, station_id)).fetchall()
    for other in others:
        text = _("Session id {session} was started by station {first} and by station "
                 "{second}.").format(session=sid, first=other["station_id"], second=station_id)
        flags.append(Flag(AnomalyKind.SESSION_CLAIMED, f.seq, f.session_id, text))
        flags.append(Flag(AnomalyKind.SESSION_CLAIMED, None, f.session_id, text,
                          station_id=other["station_id"]))
    if granted:
        conn.execute("UPDATE grants SET start_seq = %s WHERE station_id = %s AND "
                     "session_id = %s", (f.seq, station_id, sid))
        return flags
    return flags + _count_offline(conn, record, sid, license_id)


def _count_offline(conn: psycopg.Connection, record: StoredRecord, sid: str,
                   license_id: str) -> list[Flag]:
    f = record.fields
    row = conn.execute(
        "UPDATE licenses SET offline_used = offline_used + 1 WHERE license_id = %s "
        "RETURNING granted, offline_used, max_sessions, offline_sessions",
        (license_id,)).fetchone()
    flags = [Flag(AnomalyKind.UNGRANTED_SESSION, f.seq, f.session_id, _(
        "Session {session} of license {license} started without the office's grant (played "
        "offline).").format(session=sid, license=license_id or "-"))]
    if row is None:
        return flags
    used = row["granted"] + row["offline_used"]
    if used > row["max_sessions"]:
        flags.append(Flag(AnomalyKind.EXCESS_SESSIONS, f.seq, f.session_id, _(
            "License {license} allows {allowed} sessions; session {session} is number "
            "{number}.").format(license=license_id, allowed=row["max_sessions"], session=sid,
                                number=used)))
    elif row["offline_used"] > row["offline_sessions"]:
        flags.append(Flag(AnomalyKind.EXCESS_SESSIONS, f.seq, f.session_id, _(
            "License {license} allows {allowed} sessions offline; session {session} is "
            "offline session number {number}.").format(
                license=license_id, allowed=row["offline_sessions"], session=sid,
                number=row["offline_used"])))
    return flags
