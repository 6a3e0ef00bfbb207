"""The chain-of-custody log: who did what to which clip or case, and when. Append-only;
each entry carries the SHA-256 of the one before, so a removed or edited entry shows."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from takedown.store import DeskStore


@dataclass(frozen=True)
class CustodyEntry:
    at: datetime
    actor: str
    action: str
    detail: str
    case_id: str | None
    chain: str  # SHA-256 of the previous entry's chain value and this entry


def _digest(previous: str, at: str, actor: str, action: str, detail: str,
            case_id: str | None) -> str:
    data = json.dumps([previous, at, actor, action, detail, case_id], ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def record(store: DeskStore, *, actor: str, action: str, detail: str = "",
           case_id: str | None = None, now: datetime) -> CustodyEntry:
    """Append an entry (inside or outside a transaction of ``store``)."""
    at = now.astimezone(UTC).isoformat(timespec="microseconds")
    row = store.db.execute("SELECT at, actor, action, detail, case_id FROM custody "
                           "ORDER BY id DESC LIMIT 1").fetchone()
    previous = ""
    if row is not None:
        previous = entries(store)[-1].chain
    chain = _digest(previous, at, actor, action, detail, case_id)
    store.db.execute("INSERT INTO custody(case_id, at, actor, action, detail) VALUES (?,?,?,?,?)",
                     (case_id, at, actor, action, detail))
    return CustodyEntry(datetime.fromisoformat(at), actor, action, detail, case_id, chain)


def entries(store: DeskStore, case_id: str | None = None) -> tuple[CustodyEntry, ...]:
    """The whole log with chain values (of one case when ``case_id`` is given)."""
    out = []
    previous = ""
    for row in store.db.execute("SELECT case_id, at, actor, action, detail FROM custody "
                                "ORDER BY id"):
        previous = _digest(previous, row["at"], row["actor"], row["action"], row["detail"],
                           row["case_id"])
        if case_id is None or row["case_id"] == case_id:
            out.append(CustodyEntry(datetime.fromisoformat(row["at"]), row["actor"],
                                    row["action"], row["detail"], row["case_id"], previous))
    return tuple(out)


def last_time(store: DeskStore) -> datetime | None:
    row = store.db.execute("SELECT at FROM custody ORDER BY id DESC LIMIT 1").fetchone()
    return datetime.fromisoformat(row["at"]) if row else None
