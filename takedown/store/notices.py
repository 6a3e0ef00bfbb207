"""Drafted notices: every version of every notice of a case, and when each was sent."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from takedown.store.times import from_text, opt_time, to_text


@dataclass(frozen=True)
class NoticeRecord:
    notice_id: int
    case_id: str
    target: str  # NoticeTarget value
    language: str
    version: int
    drafted_at: datetime
    subject: str
    eml: str  # file paths
    pdf: str
    lumen: str
    eml_sha256: str
    attachments: tuple[str, ...]  # names of the files attached to the e-mail
    sent_at: datetime | None = None
    sent_to: str | None = None


def _notice(r: sqlite3.Row) -> NoticeRecord:
    return NoticeRecord(notice_id=r["id"], case_id=r["case_id"], target=r["target"],
                        language=r["language"], version=r["version"],
                        drafted_at=from_text(r["drafted_at"]), subject=r["subject"],
                        eml=r["eml"], pdf=r["pdf"], lumen=r["lumen"],
                        eml_sha256=r["eml_sha256"],
                        attachments=tuple(json.loads(r["attachments"])),
                        sent_at=opt_time(r["sent_at"]), sent_to=r["sent_to"])


class NoticesRepo:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def next_version(self, case_id: str, target: str) -> int:
        row = self._db.execute("SELECT MAX(version) FROM notices WHERE case_id = ? AND "
                               "target = ?", (case_id, target)).fetchone()
        return int(row[0] or 0) + 1

    def add(self, n: NoticeRecord) -> int:
        cur = self._db.execute(
            "INSERT INTO notices(case_id, target, language, version, drafted_at, subject, eml, "
            "pdf, lumen, eml_sha256, attachments) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (n.case_id, n.target, n.language, n.version, to_text(n.drafted_at), n.subject,
             n.eml, n.pdf, n.lumen, n.eml_sha256, json.dumps(list(n.attachments))))
        return int(cur.lastrowid or 0)

    def of_case(self, case_id: str) -> tuple[NoticeRecord, ...]:
        return tuple(_notice(r) for r in self._db.execute(
            "SELECT * FROM notices WHERE case_id = ? ORDER BY target, version, language",
            (case_id,)))

    def by_eml_sha256(self, digest: str) -> NoticeRecord | None:
        row = self._db.execute("SELECT * FROM notices WHERE eml_sha256 = ?",
                               (digest,)).fetchone()
        return _notice(row) if row else None

    def mark_sent(self, notice_id: int, at: datetime, to: str) -> None:
        self._db.execute("UPDATE notices SET sent_at = ?, sent_to = ? WHERE id = ?",
                         (to_text(at), to, notice_id))

    def sent_targets(self, case_id: str) -> frozenset[str]:
        rows = self._db.execute("SELECT DISTINCT target FROM notices WHERE case_id = ? AND "
                                "sent_at IS NOT NULL", (case_id,))
        return frozenset(r["target"] for r in rows)
