"""The custody log's rows (the chain over them is :mod:`takedown.custody`'s)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class CustodyRow:
    case_id: str | None
    at: str  # as stored: UTC ISO 8601 (the chain hashes this text)
    actor: str
    action: str
    detail: str


class CustodyRepo:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def rows(self) -> Iterator[CustodyRow]:
        for r in self._db.execute("SELECT case_id, at, actor, action, detail FROM custody "
                                  "ORDER BY id"):
            yield CustodyRow(r["case_id"], r["at"], r["actor"], r["action"], r["detail"])

    def append(self, row: CustodyRow) -> None:
        self._db.execute("INSERT INTO custody(case_id, at, actor, action, detail) "
                         "VALUES (?, ?, ?, ?, ?)",
                         (row.case_id, row.at, row.actor, row.action, row.detail))

    def last_at(self) -> str | None:
        row = self._db.execute("SELECT at FROM custody ORDER BY id DESC LIMIT 1").fetchone()
        return row["at"] if row else None

    def has_entries(self) -> bool:
        return self._db.execute("SELECT 1 FROM custody LIMIT 1").fetchone() is not None
