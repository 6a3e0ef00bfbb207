"""The read side of the central registry: sessions, records, stations, findings, status."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, tzinfo
from typing import Any

from screeningroom.office.model import (
    Anomaly,
    AnomalyKind,
    CentralSession,
    StationInfo,
    StationStatus,
)
from screeningroom.office.store import OfficeStore, station_info
from screeningroom.registry.canonical import from_micros, to_micros
from screeningroom.registry.storage import StoredRecord, record_from_row

MAX_ROWS = 10_000


def central_session(row: dict[str, Any]) -> CentralSession:
    return CentralSession(
        station_id=row["station_id"], session_id=int(row["session_id"], 16), room=row["room"],
        member_id=row["member_id"], film_id=row["film_id"], license_id=row["license_id"],
        profile=row["profile"], started_at=from_micros(row["started_us"]),
        ended_at=None if row["ended_us"] is None else from_micros(row["ended_us"]),
        end=row["end_state"], start_seq=row["start_seq"], granted=row["granted"],
    )


def anomaly(row: dict[str, Any]) -> Anomaly:
    return Anomaly(
        anomaly_id=row["id"], at=from_micros(row["at_us"]), station_id=row["station_id"],
        kind=AnomalyKind(row["kind"]), seq=row["seq"],
        session_id=None if row["session_id"] is None else int(row["session_id"], 16),
        detail=row["detail"], remote=row["remote"])


def sessions(store: OfficeStore, *, film_id: str | None = None, session_id: int | None = None,
             station_id: str | None = None, limit: int = MAX_ROWS) -> tuple[CentralSession, ...]:
    where, args = [], []
    for column, value in (("film_id", film_id), ("station_id", station_id),
                          ("session_id", None if session_id is None else f"{session_id:016x}")):
        if value is not None:
            where.append(f"{column} = %s")
            args.append(value)
    sql = "SELECT * FROM sessions" + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY started_us, station_id, session_id LIMIT %s"
    with store.transaction() as conn:
        rows = conn.execute(sql, (*args, min(limit, MAX_ROWS))).fetchall()
    return tuple(central_session(r) for r in rows)


def records(store: OfficeStore, station_id: str, *, since_seq: int = 1,
            session_id: int | None = None, event: str | None = None, newest: bool = False,
            limit: int = MAX_ROWS) -> tuple[StoredRecord, ...]:
    """The station's records from ``since_seq`` (of one session, of one event), oldest
    first; ``newest``: only the newest record."""
    sql = "SELECT * FROM records WHERE station_id = %s AND seq >= %s"
    args: list[object] = [station_id, since_seq]
    if session_id is not None:
        sql += " AND session_id = %s"
        args.append(f"{session_id:016x}")
    if event is not None:
        sql += " AND event = %s"
        args.append(event)
    sql += " ORDER BY seq DESC LIMIT 1" if newest else " ORDER BY seq LIMIT %s"
    if newest:
        with store.transaction() as conn:
            rows = conn.execute(sql, args).fetchall()
        return tuple(record_from_row(r) for r in rows)
    with store.transaction() as conn:
        rows = conn.execute(sql, (*args, min(limit, MAX_ROWS))).fetchall()
    return tuple(record_from_row(r) for r in rows)


def stations(store: OfficeStore) -> tuple[StationInfo, ...]:
    with store.transaction() as conn:
        rows = conn.execute("SELECT * FROM stations ORDER BY station_id").fetchall()
    return tuple(station_info(r) for r in rows)


def anomalies(store: OfficeStore, *, station_id: str | None = None,
              kinds: Iterable[AnomalyKind] | None = None, since_id: int = 0,
              limit: int = 1000) -> tuple[Anomaly, ...]:
    sql = "SELECT * FROM anomalies WHERE id > %s"
    args: list[object] = [since_id]
    if station_id is not None:
        sql += " AND station_id = %s"
        args.append(station_id)
    if kinds is not None:
        sql += " AND kind = ANY(%s)"
        args.append([k.value for k in kinds])
    sql += " ORDER BY id LIMIT %s"
    with store.transaction() as conn:
        rows = conn.execute(sql, (*args, min(limit, MAX_ROWS))).fetchall()
    return tuple(anomaly(r) for r in rows)


def day_start(now: datetime, zone: tzinfo) -> datetime:
    local = now.astimezone(zone)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


_STATUS_SQL = """
SELECT s.*,
  (SELECT count(*) FROM sessions x WHERE x.station_id = s.station_id
      AND x.started_us >= %(day)s AND x.started_us < %(next)s) AS today,
  (SELECT count(*) FROM sessions x WHERE x.station_id = s.station_id
      AND x.end_state = 'open') AS open_now,
  (SELECT count(*) FILTER (WHERE kind = 'fork') FROM anomalies a
      WHERE a.station_id = s.station_id) AS forks,
  (SELECT count(*) FILTER (WHERE kind = 'gap') FROM anomalies a
      WHERE a.station_id = s.station_id) AS gaps,
  (SELECT count(*) FILTER (WHERE kind = 'clock_jump') FROM anomalies a
      WHERE a.station_id = s.station_id) AS clock_jumps,
  (SELECT count(*) FILTER (WHERE kind IN ('refused', 'revoked', 'bad_record')) FROM anomalies a
      WHERE a.station_id = s.station_id) AS refused,
  (SELECT count(*) FILTER (WHERE kind IN ('certificate', 'session_claimed', 'excess_sessions',
      'report_mismatch')) FROM anomalies a WHERE a.station_id = s.station_id) AS other
FROM stations s ORDER BY s.room, s.station_id
"""


def status(store: OfficeStore, now: datetime, zone: tzinfo) -> tuple[StationStatus, ...]:
    """One row per station; "today" is the calendar day of ``now`` in ``zone``."""
    start = day_start(now, zone)
    bounds = {"day": to_micros(start), "next": to_micros(start + timedelta(days=1))}
    with store.transaction() as conn:
        rows = conn.execute(_STATUS_SQL, bounds).fetchall()
    return tuple(
        StationStatus(
            station_id=r["station_id"], name=r["name"], room=r["room"],
            last_contact=None if r["last_contact_us"] is None
            else from_micros(r["last_contact_us"]),
            head_seq=r["head_seq"], head_hash=bytes(r["head_hash"]),
            head_time=None if r["head_time_us"] is None else from_micros(r["head_time_us"]),
            sessions_today=r["today"], open_sessions=r["open_now"], forks=r["forks"],
            gaps=r["gaps"], clock_jumps=r["clock_jumps"], refused=r["refused"],
            other_findings=r["other"], revoked=r["revoked_us"] is not None)
        for r in rows)
