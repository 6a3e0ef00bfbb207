"""Imported audit bundles, each station's record hashes, and the sessions they record
(keyed by station and session id: two stations may claim one id, and that is a finding)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from screeningroom.registry import Session, SessionEnd
from takedown.store.times import from_text, opt_text, opt_time, to_text


@dataclass(frozen=True)
class BundleRecord:
    sha256: str
    station_id: str
    room: str
    exported_at: datetime
    imported_at: datetime
    file: str
    first_seq: int
    last_seq: int
    records: int


@dataclass(frozen=True)
class StationRecord:
    """A station as the desk knows it from the bundles it imported."""

    station_id: str
    room: str
    certificate: bytes
    cert_not_before: datetime
    cert_not_after: datetime
    first_imported: datetime
    last_seq: int
    last_exported_at: datetime
    sessions: int = 0


def _session(row: sqlite3.Row) -> Session:
    return Session(
        session_id=int(row["session_hex"], 16), station_id=row["station_id"], room=row["room"],
        member_id=row["member_id"], film_id=row["film_id"], license_id=row["license_id"],
        profile=row["profile"], started_at=from_text(row["started_at"]),
        ended_at=opt_time(row["ended_at"]), end=SessionEnd(row["end_kind"]),
    )


def _bundle(row: sqlite3.Row) -> BundleRecord:
    return BundleRecord(sha256=row["sha256"], station_id=row["station_id"], room=row["room"],
                        exported_at=from_text(row["exported_at"]),
                        imported_at=from_text(row["imported_at"]), file=row["file"],
                        first_seq=row["first_seq"], last_seq=row["last_seq"],
                        records=row["records"])


class StationsRepo:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    # --- bundles ------------------------------------------------------------------------

    def bundle(self, sha256: str) -> BundleRecord | None:
        row = self._db.execute("SELECT * FROM bundles WHERE sha256 = ?", (sha256,)).fetchone()
        return _bundle(row) if row else None

    def add_bundle(self, b: BundleRecord) -> None:
        self._db.execute(
            "INSERT INTO bundles(sha256, station_id, room, exported_at, imported_at, file, "
            "first_seq, last_seq, records) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (b.sha256, b.station_id, b.room, to_text(b.exported_at), to_text(b.imported_at),
             b.file, b.first_seq, b.last_seq, b.records))

    def bundles_of(self, station_id: str) -> tuple[BundleRecord, ...]:
        rows = self._db.execute("SELECT * FROM bundles WHERE station_id = ? ORDER BY "
                                "exported_at", (station_id,))
        return tuple(_bundle(r) for r in rows)

    # --- stations and their record hashes -------------------------------------------------

    def station(self, station_id: str) -> StationRecord | None:
        row = self._db.execute(
            "SELECT st.*, (SELECT COUNT(*) FROM sessions s WHERE s.station_id = st.station_id) "
            "AS n FROM stations st WHERE station_id = ?", (station_id,)).fetchone()
        return self._station(row) if row else None

    def all_stations(self) -> tuple[StationRecord, ...]:
        rows = self._db.execute(
            "SELECT st.*, (SELECT COUNT(*) FROM sessions s WHERE s.station_id = st.station_id) "
            "AS n FROM stations st ORDER BY station_id")
        return tuple(self._station(r) for r in rows)

    @staticmethod
    def _station(row: sqlite3.Row) -> StationRecord:
        return StationRecord(
            station_id=row["station_id"], room=row["room"], certificate=bytes(row["certificate"]),
            cert_not_before=from_text(row["cert_not_before"]),
            cert_not_after=from_text(row["cert_not_after"]),
            first_imported=from_text(row["first_imported"]), last_seq=row["last_seq"],
            last_exported_at=from_text(row["last_exported_at"]), sessions=row["n"])

    def save_station(self, s: StationRecord) -> None:
        self._db.execute(
            "INSERT INTO stations(station_id, room, certificate, cert_not_before, "
            "cert_not_after, first_imported, last_seq, last_exported_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(station_id) DO UPDATE SET "
            "room = excluded.room, certificate = excluded.certificate, "
            "cert_not_before = excluded.cert_not_before, cert_not_after = excluded.cert_not_after, "
            "last_seq = excluded.last_seq, last_exported_at = excluded.last_exported_at",
            (s.station_id, s.room, s.certificate, to_text(s.cert_not_before),
             to_text(s.cert_not_after), to_text(s.first_imported), s.last_seq,
             to_text(s.last_exported_at)))

    def record_hashes(self, station_id: str, first: int, last: int) -> dict[int, str]:
        """seq -> record hash (hex) of the station's records the desk holds in a range."""
        rows = self._db.execute(
            "SELECT seq, hash FROM station_records WHERE station_id = ? AND seq BETWEEN ? AND ?",
            (station_id, first, last))
        return {r["seq"]: r["hash"] for r in rows}

    def add_records(self, station_id: str, bundle_sha256: str,
                    records: list[tuple[int, str, datetime]]) -> int:
        """Keep (seq, hash hex, time) of records not held yet; returns how many were new."""
        added = 0
        for seq, digest, time in records:
            cur = self._db.execute(
                "INSERT OR IGNORE INTO station_records(station_id, seq, hash, time, "
                "bundle_sha256) VALUES (?, ?, ?, ?, ?)",
                (station_id, seq, digest, to_text(time), bundle_sha256))
            added += cur.rowcount
        return added

    # --- sessions -----------------------------------------------------------------------

    def session(self, station_id: str, session_id: int) -> Session | None:
        row = self._db.execute("SELECT * FROM sessions WHERE station_id = ? AND session_hex = ?",
                               (station_id, f"{session_id:016x}")).fetchone()
        return _session(row) if row else None

    def sessions_with_id(self, session_id: int) -> tuple[Session, ...]:
        rows = self._db.execute("SELECT * FROM sessions WHERE session_hex = ? ORDER BY "
                                "station_id", (f"{session_id:016x}",))
        return tuple(_session(r) for r in rows)

    def sessions_of_film(self, film_id: str) -> tuple[Session, ...]:
        rows = self._db.execute("SELECT * FROM sessions WHERE film_id = ? ORDER BY started_at, "
                                "station_id, session_hex", (film_id,))
        return tuple(_session(r) for r in rows)

    def sessions_of_station(self, station_id: str) -> tuple[Session, ...]:
        rows = self._db.execute("SELECT * FROM sessions WHERE station_id = ? ORDER BY "
                                "started_at", (station_id,))
        return tuple(_session(r) for r in rows)

    def session_bundle(self, station_id: str, session_id: int) -> BundleRecord | None:
        row = self._db.execute(
            "SELECT b.* FROM sessions s JOIN bundles b ON b.sha256 = s.bundle_sha256 "
            "WHERE s.station_id = ? AND s.session_hex = ?",
            (station_id, f"{session_id:016x}")).fetchone()
        return _bundle(row) if row else None

    def put_session(self, s: Session, bundle_sha256: str) -> str:
        """Record a session, or its end when it was open: "added", "ended" or "known"."""
        known = self.session(s.station_id, s.session_id)
        if known is None:
            self._db.execute(
                "INSERT INTO sessions(station_id, session_hex, room, member_id, film_id, "
                "license_id, profile, started_at, ended_at, end_kind, bundle_sha256) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (s.station_id, s.short_id, s.room, s.member_id, s.film_id, s.license_id,
                 s.profile, to_text(s.started_at), opt_text(s.ended_at), s.end.value,
                 bundle_sha256))
            return "added"
        if known.end is SessionEnd.OPEN and s.end is not SessionEnd.OPEN:
            # the later bundle holds the session's start and its end: it becomes the proof
            self._db.execute(
                "UPDATE sessions SET ended_at = ?, end_kind = ?, bundle_sha256 = ? "
                "WHERE station_id = ? AND session_hex = ?",
                (opt_text(s.ended_at), s.end.value, bundle_sha256, s.station_id, s.short_id))
            return "ended"
        return "known"

    def end_open_session(self, station_id: str, session_id: int, end: SessionEnd,
                         ended_at: datetime) -> bool:
        """Give a held open session its end (from a later, incremental bundle); the bundle
        with its start stays its proof. False when it is not held or not open."""
        done = self._db.execute(
            "UPDATE sessions SET ended_at = ?, end_kind = ? WHERE station_id = ? AND "
            "session_hex = ? AND end_kind = ?",
            (to_text(ended_at), end.value, station_id, f"{session_id:016x}",
             SessionEnd.OPEN.value))
        return done.rowcount == 1

    def station_ids_with_session(self, session_id: int) -> tuple[str, ...]:
        return tuple(s.station_id for s in self.sessions_with_id(session_id))
