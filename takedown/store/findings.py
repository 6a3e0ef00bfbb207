"""Findings against stations."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from takedown.findings import Finding, FindingKind
from takedown.store.times import from_text, hex_id, int_id, to_text


def _finding(row: sqlite3.Row) -> Finding:
    return Finding(finding_id=row["id"], kind=FindingKind(row["kind"]),
                   station_id=row["station_id"], at=from_text(row["at"]), detail=row["detail"],
                   other_station_id=row["other_station_id"],
                   session_id=int_id(row["session_hex"]), bundle_sha256=row["bundle_sha256"],
                   case_id=row["case_id"])


class FindingsRepo:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def add(self, kind: FindingKind, station_id: str, *, at: datetime, detail: str,
            other_station_id: str | None = None, session_id: int | None = None,
            bundle_sha256: str | None = None, case_id: str | None = None) -> int:
        cur = self._db.execute(
            "INSERT INTO findings(kind, station_id, other_station_id, session_hex, "
            "bundle_sha256, case_id, at, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (kind.value, station_id, other_station_id, hex_id(session_id), bundle_sha256,
             case_id, to_text(at), detail))
        return int(cur.lastrowid or 0)

    def exists(self, kind: FindingKind, station_id: str, *, session_id: int | None = None,
               bundle_sha256: str | None = None, other_station_id: str | None = None) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM findings WHERE kind = ? AND station_id = ? AND "
            "session_hex IS ? AND bundle_sha256 IS ? AND other_station_id IS ?",
            (kind.value, station_id, hex_id(session_id), bundle_sha256,
             other_station_id)).fetchone()
        return row is not None

    def all(self, station_id: str | None = None) -> tuple[Finding, ...]:
        if station_id is None:
            rows = self._db.execute("SELECT * FROM findings ORDER BY id")
        else:
            rows = self._db.execute("SELECT * FROM findings WHERE station_id = ? ORDER BY id",
                                    (station_id,))
        return tuple(_finding(r) for r in rows)

    def of_case(self, case_id: str) -> tuple[Finding, ...]:
        rows = self._db.execute("SELECT * FROM findings WHERE case_id = ? ORDER BY id",
                                (case_id,))
        return tuple(_finding(r) for r in rows)

    def count_by_station(self) -> dict[str, int]:
        rows = self._db.execute("SELECT station_id, COUNT(*) AS n FROM findings "
                                "GROUP BY station_id")
        return {r["station_id"]: r["n"] for r in rows}
