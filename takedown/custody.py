"""The chain-of-custody log: who did what to which clip or case, and when. Append-only;
each entry carries the SHA-256 of the one before, so a removed or edited entry shows."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from takedown.store import DeskStore
from takedown.store.custody import CustodyRow


@dataclass(frozen=True)
class CustodyEntry:
    at: datetime
    actor: str
    action: str
    detail: str
    case_id: str | None
    chain: str  # SHA-256 of the previous entry's chain value and this entry


def _digest(previous: str, row: CustodyRow) -> str:
    data = json.dumps([previous, row.at, row.actor, row.action, row.detail, row.case_id],
                      ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def record(store: DeskStore, *, actor: str, action: str, detail: str = "",
           case_id: str | None = None, now: datetime) -> CustodyEntry:
    """Append an entry (inside or outside a transaction of ``store``)."""
    row = CustodyRow(case_id, now.astimezone(UTC).isoformat(timespec="microseconds"), actor,
                     action, detail)
    previous = entries(store)[-1].chain if store.custody.has_entries() else ""
    store.custody.append(row)
    return CustodyEntry(datetime.fromisoformat(row.at), actor, action, detail, case_id,
                        _digest(previous, row))


def entries(store: DeskStore, case_id: str | None = None) -> tuple[CustodyEntry, ...]:
    """The whole log with chain values (of one case when ``case_id`` is given)."""
    out = []
    previous = ""
    for row in store.custody.rows():
        previous = _digest(previous, row)
        if case_id is None or row.case_id == case_id:
            out.append(CustodyEntry(datetime.fromisoformat(row.at), row.actor, row.action,
                                    row.detail, row.case_id, previous))
    return tuple(out)


def last_time(store: DeskStore) -> datetime | None:
    text = store.custody.last_at()
    return datetime.fromisoformat(text) if text else None
