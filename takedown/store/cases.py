"""Cases, their history, the clip each holds and every sighting of it; leak groups."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from takedown.cases import Case, CaseEvent, CaseStatus, ClipRecord, LeakGroup, Sighting
from takedown.store.times import from_text, hex_id, int_id, opt_text, opt_time, to_text


def _sighting(r: sqlite3.Row) -> Sighting:
    return Sighting(sighting_id=r["id"], case_id=r["case_id"], clip_sha256=r["clip_sha256"],
                    link=r["link"], link_kind=r["link_kind"], channel=r["channel"],
                    message_id=r["message_id"], views=r["views"],
                    seen_at=from_text(r["seen_at"]), received_at=from_text(r["received_at"]),
                    evidence=r["evidence"])


def _clip(r: sqlite3.Row) -> ClipRecord:
    return ClipRecord(sha256=r["sha256"], case_id=r["case_id"], file_name=r["file_name"],
                      size=r["size"], duration=r["duration"], film_id=r["film_id"],
                      film_score=r["film_score"], film_offset=r["film_offset"],
                      match_start=r["match_start"], match_end=r["match_end"],
                      verdict=r["verdict"], station_id=r["station_id"],
                      session_id=int_id(r["session_hex"]), license_id=r["license_id"],
                      log10_p=r["log10_p"], analysed_at=from_text(r["analysed_at"]))


class CasesRepo:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    # --- cases --------------------------------------------------------------------------

    def last_id_with_prefix(self, prefix: str) -> str | None:
        row = self._db.execute("SELECT case_id FROM cases WHERE case_id LIKE ? ORDER BY "
                               "case_id DESC LIMIT 1", (prefix + "%",)).fetchone()
        return row["case_id"] if row else None

    def insert(self, case: Case) -> None:
        self._db.execute(
            "INSERT INTO cases(case_id, film_id, title, status, station_id, session_hex, "
            "reupload_of, opened_at, updated_at, deadline) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (case.case_id, case.film_id, case.title, case.status.value, case.station_id,
             hex_id(case.session_id), case.reupload_of, to_text(case.opened_at),
             to_text(case.updated_at), opt_text(case.deadline)))

    def update(self, case: Case) -> None:
        """Write the case's film, session, status and dates (its id and opening stay)."""
        self._db.execute(
            "UPDATE cases SET film_id = ?, title = ?, status = ?, station_id = ?, "
            "session_hex = ?, updated_at = ?, deadline = ? WHERE case_id = ?",
            (case.film_id, case.title, case.status.value, case.station_id,
             hex_id(case.session_id), to_text(case.updated_at), opt_text(case.deadline),
             case.case_id))

    def add_event(self, case_id: str, at: datetime, status: CaseStatus, note: str) -> None:
        self._db.execute("INSERT INTO case_events(case_id, at, status, note) VALUES (?,?,?,?)",
                         (case_id, to_text(at), status.value, note))

    def get(self, case_id: str, full: bool = True) -> Case | None:
        row = self._db.execute("SELECT c.*, (SELECT COUNT(*) FROM sightings s WHERE "
                               "s.case_id = c.case_id) AS n FROM cases c WHERE case_id = ?",
                               (case_id,)).fetchone()
        return self._case(row, full) if row else None

    def all(self, status: CaseStatus | None = None) -> tuple[Case, ...]:
        query = ("SELECT c.*, (SELECT COUNT(*) FROM sightings s WHERE s.case_id = c.case_id) "
                 "AS n FROM cases c")
        args: tuple[str, ...] = ()
        if status is not None:
            query += " WHERE status = ?"
            args = (status.value,)
        rows = self._db.execute(query + " ORDER BY opened_at, case_id", args).fetchall()
        return tuple(self._case(r, False) for r in rows)

    def _case(self, row: sqlite3.Row, full: bool) -> Case:
        case = Case(
            case_id=row["case_id"], film_id=row["film_id"], title=row["title"],
            status=CaseStatus(row["status"]), station_id=row["station_id"],
            session_id=int_id(row["session_hex"]), reupload_of=row["reupload_of"],
            opened_at=from_text(row["opened_at"]), updated_at=from_text(row["updated_at"]),
            deadline=opt_time(row["deadline"]), sightings_count=row["n"],
        )
        if not full:
            return case
        from dataclasses import replace

        events = tuple(
            CaseEvent(at=from_text(e["at"]), status=CaseStatus(e["status"]), note=e["note"])
            for e in self._db.execute("SELECT at, status, note FROM case_events WHERE "
                                      "case_id = ? ORDER BY id", (case.case_id,)))
        clip = self._db.execute("SELECT * FROM clips WHERE case_id = ? ORDER BY analysed_at "
                                "LIMIT 1", (case.case_id,)).fetchone()
        sightings = tuple(_sighting(s) for s in self._db.execute(
            "SELECT * FROM sightings WHERE case_id = ? ORDER BY seen_at, id", (case.case_id,)))
        group = (self.group(case.station_id, case.session_id)
                 if case.station_id and case.session_id is not None else None)
        return replace(case, events=events, clip=_clip(clip) if clip else None,
                       sightings=sightings, group=group)

    def taken_down_of_film(self, film_id: str, statuses: frozenset[CaseStatus]
                           ) -> tuple[Case, ...]:
        """Cases of ``film_id`` in ``statuses``, newest first."""
        marks = ",".join("?" * len(statuses))
        rows = self._db.execute(
            "SELECT c.*, 0 AS n FROM cases c WHERE film_id = ? AND status IN (" + marks + ") "
            "ORDER BY opened_at DESC, case_id DESC", (film_id, *(s.value for s in statuses)))
        return tuple(self._case(r, False) for r in rows)

    def group(self, station_id: str, session_id: int) -> LeakGroup:
        rows = self._db.execute("SELECT case_id FROM cases WHERE station_id = ? AND "
                                "session_hex = ? ORDER BY opened_at, case_id",
                                (station_id, hex_id(session_id)))
        return LeakGroup(station_id=station_id, session_id=session_id,
                         case_ids=tuple(r["case_id"] for r in rows))

    def groups(self) -> tuple[LeakGroup, ...]:
        rows = self._db.execute("SELECT DISTINCT station_id, session_hex FROM cases WHERE "
                                "station_id IS NOT NULL AND session_hex IS NOT NULL")
        return tuple(self.group(r["station_id"], int(r["session_hex"], 16)) for r in rows)

    # --- clips and sightings --------------------------------------------------------------

    def clip_of_case(self, case_id: str) -> ClipRecord | None:
        row = self._db.execute("SELECT * FROM clips WHERE case_id = ? LIMIT 1",
                               (case_id,)).fetchone()
        return _clip(row) if row else None

    def clip(self, sha256: str) -> ClipRecord | None:
        row = self._db.execute("SELECT * FROM clips WHERE sha256 = ?", (sha256,)).fetchone()
        return _clip(row) if row else None

    def save_clip(self, c: ClipRecord) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO clips(sha256, case_id, file_name, size, duration, film_id, "
            "film_score, film_offset, match_start, match_end, verdict, station_id, "
            "session_hex, license_id, log10_p, analysed_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (c.sha256, c.case_id, c.file_name, c.size, c.duration, c.film_id, c.film_score,
             c.film_offset, c.match_start, c.match_end, c.verdict, c.station_id,
             hex_id(c.session_id), c.license_id, c.log10_p, to_text(c.analysed_at)))

    def sighting_of(self, sha256: str, link: str) -> Sighting | None:
        row = self._db.execute("SELECT * FROM sightings WHERE clip_sha256 = ? AND link = ?",
                               (sha256, link)).fetchone()
        return _sighting(row) if row else None

    def add_sighting(self, s: Sighting) -> int:
        cur = self._db.execute(
            "INSERT INTO sightings(case_id, clip_sha256, link, link_kind, channel, message_id, "
            "views, seen_at, received_at, evidence) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (s.case_id, s.clip_sha256, s.link, s.link_kind, s.channel, s.message_id, s.views,
             to_text(s.seen_at), to_text(s.received_at), s.evidence))
        return int(cur.lastrowid or 0)

    def sightings(self, case_id: str) -> tuple[Sighting, ...]:
        return tuple(_sighting(s) for s in self._db.execute(
            "SELECT * FROM sightings WHERE case_id = ? ORDER BY seen_at, id", (case_id,)))

    def set_sighting_evidence(self, sighting_id: int, path: str) -> None:
        self._db.execute("UPDATE sightings SET evidence = ? WHERE id = ?", (path, sighting_id))
