"""Cases: every clip belongs to one, with a status, its dates and the next deadline; a new
clip of a film already taken down opens a case linked to the old one as a re-upload."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from screeningroom_resources.i18n import N_, _
from takedown.errors import CaseNotFound, TakedownInputError
from takedown.store import DeskStore


class CaseStatus(enum.Enum):
    FOUND = "found"
    IDENTIFIED = "identified"
    TRACED = "traced"
    NOTICE_DRAFTED = "notice drafted"
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    REMOVED = "removed"
    REAPPEARED = "reappeared"

    @property
    def label(self) -> str:
        return _(_LABELS[self])


_LABELS = {
    CaseStatus.FOUND: N_("found"),
    CaseStatus.IDENTIFIED: N_("identified"),
    CaseStatus.TRACED: N_("traced"),
    CaseStatus.NOTICE_DRAFTED: N_("notice drafted"),
    CaseStatus.SENT: N_("sent"),
    CaseStatus.ACKNOWLEDGED: N_("acknowledged"),
    CaseStatus.REMOVED: N_("removed"),
    CaseStatus.REAPPEARED: N_("reappeared"),
}

#: How long the next step may take once a case reaches a status (None: nothing is due).
DEADLINES: dict[CaseStatus, timedelta | None] = {
    CaseStatus.FOUND: timedelta(hours=24),  # identify and trace
    CaseStatus.IDENTIFIED: timedelta(hours=24),  # draft the notices
    CaseStatus.TRACED: timedelta(hours=24),
    CaseStatus.NOTICE_DRAFTED: timedelta(hours=12),  # send them
    CaseStatus.SENT: timedelta(hours=48),  # the platform acknowledges
    CaseStatus.ACKNOWLEDGED: timedelta(hours=72),  # the copy is removed
    CaseStatus.REMOVED: None,
    CaseStatus.REAPPEARED: timedelta(hours=12),
}

#: A clip of a film with a case in one of these states is a re-upload of it.
TAKEN_DOWN = frozenset({CaseStatus.SENT, CaseStatus.ACKNOWLEDGED, CaseStatus.REMOVED,
                        CaseStatus.REAPPEARED})


@dataclass(frozen=True)
class CaseEvent:
    at: datetime
    status: CaseStatus
    note: str


@dataclass(frozen=True)
class ClipRecord:
    sha256: str
    link: str
    link_kind: str
    channel: str | None
    message_id: int | None
    views: int | None
    seen_at: datetime
    received_at: datetime
    file_name: str
    size: int
    duration: float
    film_score: float | None
    film_offset: float | None
    session_id: int | None
    log10_p: float | None
    verdict: str | None
    evidence: str | None


@dataclass(frozen=True)
class Case:
    case_id: str
    film_id: str | None
    title: str
    status: CaseStatus
    session_id: int | None
    reupload_of: str | None
    opened_at: datetime
    updated_at: datetime
    deadline: datetime | None
    events: tuple[CaseEvent, ...] = ()
    clips: tuple[ClipRecord, ...] = ()

    def overdue(self, now: datetime) -> bool:
        return self.deadline is not None and now > self.deadline


def _t(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="seconds")


def _dt(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _hex(session_id: int | None) -> str | None:
    return None if session_id is None else f"{session_id:016x}"


def _deadline(status: CaseStatus, at: datetime) -> str | None:
    step = DEADLINES[status]
    return _t(at + step) if step is not None else None


def new_case_id(store: DeskStore, now: datetime) -> str:
    prefix = f"TD-{now.year}-"
    row = store.db.execute(
        "SELECT case_id FROM cases WHERE case_id LIKE ? ORDER BY case_id DESC LIMIT 1",
        (prefix + "%",),
    ).fetchone()
    number = int(row["case_id"][len(prefix):]) + 1 if row else 1
    return f"{prefix}{number:04d}"


def find_taken_down(store: DeskStore, film_id: str, session_id: int | None) -> str | None:
    """The newest case of ``film_id`` (and of the same session when it is known) whose copy
    was already the object of a notice or taken down."""
    rows = store.db.execute(
        "SELECT case_id, status, session_hex FROM cases WHERE film_id = ? "
        "ORDER BY opened_at DESC, case_id DESC", (film_id,),
    ).fetchall()
    for row in rows:
        same_session = session_id is None or row["session_hex"] in (None, _hex(session_id))
        if CaseStatus(row["status"]) in TAKEN_DOWN and same_session:
            return row["case_id"]
    return None


def open_case(store: DeskStore, *, title: str, now: datetime, film_id: str | None = None,
              session_id: int | None = None, status: CaseStatus = CaseStatus.FOUND,
              reupload_of: str | None = None, note: str = "") -> str:
    """Insert a case (call inside ``store.atomic()``); returns its id."""
    case_id = new_case_id(store, now)
    store.db.execute(
        "INSERT INTO cases(case_id, film_id, title, status, session_hex, reupload_of, "
        "opened_at, updated_at, deadline) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (case_id, film_id, title, status.value, _hex(session_id), reupload_of, _t(now), _t(now),
         _deadline(status, now)),
    )
    store.db.execute("INSERT INTO case_events(case_id, at, status, note) VALUES (?, ?, ?, ?)",
                     (case_id, _t(now), status.value, note))
    return case_id


def set_status(store: DeskStore, case_id: str, status: CaseStatus, *, now: datetime,
               note: str = "") -> None:
    """Move a case to ``status`` (with a note), recording the date and the next deadline."""
    with store.atomic():
        set_status_in(store, case_id, status, now=now, note=note)


def set_status_in(store: DeskStore, case_id: str, status: CaseStatus, *, now: datetime,
                  note: str = "") -> None:
    """:func:`set_status` inside a transaction the caller holds."""
    if not isinstance(status, CaseStatus):
        raise TakedownInputError(_("Unknown case status: {status}").format(status=status))
    if store.db.execute("SELECT 1 FROM cases WHERE case_id = ?", (case_id,)).fetchone() is None:
        raise CaseNotFound(_("No case {case} on this desk; 'takedown cases' lists them.").format(
            case=case_id))
    store.db.execute(
        "UPDATE cases SET status = ?, updated_at = ?, deadline = ? WHERE case_id = ?",
        (status.value, _t(now), _deadline(status, now), case_id),
    )
    store.db.execute("INSERT INTO case_events(case_id, at, status, note) VALUES (?,?,?,?)",
                     (case_id, _t(now), status.value, note))


def record_scan_in(store: DeskStore, case_id: str, *, title: str | None, now: datetime,
                   film_id: str | None = None, session_id: int | None = None,
                   status: CaseStatus = CaseStatus.FOUND, reupload_of: str | None = None,
                   note: str = "") -> None:
    """A scan's outcome into a case still waiting for it (status found, as the watch list
    opens them), inside a transaction the caller holds."""
    row = store.db.execute("SELECT status FROM cases WHERE case_id = ?", (case_id,)).fetchone()
    if row is None:
        raise CaseNotFound(_("No case {case} on this desk; 'takedown cases' lists them.").format(
            case=case_id))
    if CaseStatus(row["status"]) is not CaseStatus.FOUND:
        raise TakedownInputError(
            _("Case {case} is {status}: a scan is recorded only into a case still waiting for "
              "it.").format(case=case_id, status=CaseStatus(row["status"]).label))
    store.db.execute(
        "UPDATE cases SET title = COALESCE(?, title), film_id = ?, session_hex = ?, "
        "reupload_of = ? WHERE case_id = ?",
        (title, film_id, _hex(session_id), reupload_of, case_id))
    set_status_in(store, case_id, status, now=now, note=note)


def _case(store: DeskStore, row, full: bool) -> Case:
    events: tuple[CaseEvent, ...] = ()
    clips: tuple[ClipRecord, ...] = ()
    if full:
        events = tuple(
            CaseEvent(at=_dt(e["at"]), status=CaseStatus(e["status"]), note=e["note"])
            for e in store.db.execute(
                "SELECT at, status, note FROM case_events WHERE case_id = ? ORDER BY id",
                (row["case_id"],))
        )
        clips = tuple(
            ClipRecord(
                sha256=c["sha256"], link=c["link"], link_kind=c["link_kind"],
                channel=c["channel"], message_id=c["message_id"], views=c["views"],
                seen_at=_dt(c["seen_at"]), received_at=_dt(c["received_at"]),
                file_name=c["file_name"], size=c["size"], duration=c["duration"],
                film_score=c["film_score"], film_offset=c["film_offset"],
                session_id=int(c["session_hex"], 16) if c["session_hex"] else None,
                log10_p=c["log10_p"], verdict=c["verdict"], evidence=c["evidence"],
            )
            for c in store.db.execute(
                "SELECT * FROM clips WHERE case_id = ? ORDER BY received_at, sha256",
                (row["case_id"],))
        )
    return Case(
        case_id=row["case_id"], film_id=row["film_id"], title=row["title"],
        status=CaseStatus(row["status"]),
        session_id=int(row["session_hex"], 16) if row["session_hex"] else None,
        reupload_of=row["reupload_of"], opened_at=_dt(row["opened_at"]),
        updated_at=_dt(row["updated_at"]), deadline=_dt(row["deadline"]),
        events=events, clips=clips,
    )


def get_case(store: DeskStore, case_id: str) -> Case:
    row = store.db.execute("SELECT * FROM cases WHERE case_id = ?", (case_id,)).fetchone()
    if row is None:
        raise CaseNotFound(_("No case {case} on this desk; 'takedown cases' lists them.").format(
            case=case_id))
    return _case(store, row, full=True)


def list_cases(store: DeskStore, status: CaseStatus | None = None) -> tuple[Case, ...]:
    if status is None:
        rows = store.db.execute("SELECT * FROM cases ORDER BY opened_at, case_id").fetchall()
    else:
        rows = store.db.execute("SELECT * FROM cases WHERE status = ? ORDER BY opened_at, "
                                "case_id", (status.value,)).fetchall()
    return tuple(_case(store, row, full=False) for row in rows)


def case_of_clip(store: DeskStore, sha256: str) -> str | None:
    row = store.db.execute("SELECT case_id FROM clips WHERE sha256 = ?", (sha256,)).fetchone()
    return row["case_id"] if row else None
