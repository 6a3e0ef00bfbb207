"""Cases: what the desk knows about one leaked copy, as values (no storage here).

A case holds one clip's analysis and every place that clip was seen (its sightings); its
status follows :data:`TRANSITIONS` (a scan sets the first status; drafting a notice, sending
it and the platform's answers move it on; nothing goes back to an earlier stage). Cases
traced to the same review session are copies of one leak: one :class:`LeakGroup`.
A new copy of a film whose case was already taken down is a re-upload of that case.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from screeningroom_resources.i18n import N_, _
from takedown.errors import TakedownInputError


class CaseStatus(enum.Enum):
    FOUND = "found"
    IDENTIFIED = "identified"
    TRACED = "traced"
    NOTICE_DRAFTED = "notice drafted"
    SENT = "sent"
    ACKNOWLEDGED = "acknowledged"
    REMOVED = "removed"
    REAPPEARED = "reappeared"
    CLOSED = "closed"

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
    CaseStatus.CLOSED: N_("closed"),
}

S = CaseStatus
#: Every allowed change of status. A scan sets FOUND, IDENTIFIED or TRACED; a later scan of
#: the same copy may only move it forward (FOUND -> IDENTIFIED -> TRACED). Drafting a
#: notice moves a case to NOTICE_DRAFTED, sending one to SENT (also set by hand for a notice
#: sent through a platform's own form); the platform's answers give
#: ACKNOWLEDGED and REMOVED; a re-upload of a removed copy makes it REAPPEARED. CLOSED ends a
#: case that needs nothing more (a clip of no registered film, or a matter settled).
TRANSITIONS: dict[CaseStatus, frozenset[CaseStatus]] = {
    S.FOUND: frozenset({S.IDENTIFIED, S.TRACED, S.CLOSED}),
    S.IDENTIFIED: frozenset({S.TRACED, S.NOTICE_DRAFTED, S.SENT, S.CLOSED}),
    S.TRACED: frozenset({S.NOTICE_DRAFTED, S.SENT, S.CLOSED}),
    S.NOTICE_DRAFTED: frozenset({S.NOTICE_DRAFTED, S.SENT, S.CLOSED}),
    S.SENT: frozenset({S.NOTICE_DRAFTED, S.SENT, S.ACKNOWLEDGED, S.REMOVED, S.REAPPEARED,
                      S.CLOSED}),
    S.ACKNOWLEDGED: frozenset({S.NOTICE_DRAFTED, S.SENT, S.REMOVED, S.REAPPEARED, S.CLOSED}),
    S.REMOVED: frozenset({S.REAPPEARED, S.CLOSED}),
    S.REAPPEARED: frozenset({S.NOTICE_DRAFTED, S.SENT, S.REMOVED, S.CLOSED}),
    S.CLOSED: frozenset(),
}
#: The statuses a person may set by hand (the others follow from what the desk records).
MANUAL = frozenset({S.SENT, S.ACKNOWLEDGED, S.REMOVED, S.CLOSED})

#: How long the next step may take once a case reaches a status (None: nothing is due).
DEADLINES: dict[CaseStatus, timedelta | None] = {
    S.FOUND: timedelta(hours=24),  # identify and trace
    S.IDENTIFIED: timedelta(hours=24),  # draft the notices
    S.TRACED: timedelta(hours=24),
    S.NOTICE_DRAFTED: timedelta(hours=12),  # send them
    S.SENT: timedelta(hours=48),  # the platform acknowledges
    S.ACKNOWLEDGED: timedelta(hours=72),  # the copy is removed
    S.REMOVED: None,
    S.REAPPEARED: timedelta(hours=12),
    S.CLOSED: None,
}

#: A clip of a film with a case in one of these states is a re-upload of it.
TAKEN_DOWN = frozenset({S.SENT, S.ACKNOWLEDGED, S.REMOVED, S.REAPPEARED})
#: A notice asserting infringement may be drafted only for cases in these states.
DRAFTABLE = frozenset({S.IDENTIFIED, S.TRACED, S.NOTICE_DRAFTED, S.SENT, S.ACKNOWLEDGED,
                       S.REAPPEARED})


class StatusChangeRefused(TakedownInputError):
    """A status change the case's state machine does not allow."""


def check_transition(case_id: str, old: CaseStatus, new: CaseStatus, *,
                     manual: bool = False) -> None:
    """Raise :class:`StatusChangeRefused` unless ``old -> new`` is allowed."""
    if not isinstance(new, CaseStatus):
        raise StatusChangeRefused(_("Unknown case status: {status}").format(status=new))
    if manual and new not in MANUAL:
        raise StatusChangeRefused(
            _("Case {case}: the status {status} is set by the desk itself (a scan, drafting or "
              "sending a notice), not by hand. Statuses set by hand: {allowed}.").format(
                case=case_id, status=new.label,
                allowed=", ".join(s.label for s in CaseStatus if s in MANUAL)))
    if new not in TRANSITIONS[old]:
        allowed = [s.label for s in CaseStatus if s in TRANSITIONS[old] and
                   (not manual or s in MANUAL)]
        raise StatusChangeRefused(
            _("Case {case} is {old}; it cannot become {new}. Allowed next: {allowed}.").format(
                case=case_id, old=old.label, new=new.label,
                allowed=", ".join(allowed) if allowed else _("none (the case is closed)")))


def deadline_after(status: CaseStatus, at: datetime) -> datetime | None:
    step = DEADLINES[status]
    return at + step if step is not None else None


@dataclass(frozen=True)
class CaseEvent:
    at: datetime
    status: CaseStatus
    note: str


@dataclass(frozen=True)
class Sighting:
    """One place and time a copy was seen, as the person reported it."""

    sighting_id: int
    case_id: str
    clip_sha256: str
    link: str
    link_kind: str
    channel: str | None
    message_id: int | None
    views: int | None
    seen_at: datetime
    received_at: datetime
    evidence: str | None  # path of the signed evidence bundle written for this sighting


@dataclass(frozen=True)
class ClipRecord:
    """What the desk established about one clip file (the same for every sighting)."""

    sha256: str
    case_id: str
    file_name: str
    size: int
    duration: float
    film_id: str | None
    film_score: float | None
    film_offset: float | None
    match_start: float | None  # clip seconds where the part matching the film starts
    match_end: float | None
    verdict: str | None
    station_id: str | None
    session_id: int | None
    license_id: str | None  # the license whose key the mark was found under
    log10_p: float | None
    analysed_at: datetime


@dataclass(frozen=True)
class LeakGroup:
    """Cases traced to one review session: copies of one leak."""

    station_id: str
    session_id: int
    case_ids: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.session_id:016x}@{self.station_id}"


@dataclass(frozen=True)
class Case:
    case_id: str
    film_id: str | None
    title: str
    status: CaseStatus
    station_id: str | None
    session_id: int | None
    reupload_of: str | None
    opened_at: datetime
    updated_at: datetime
    deadline: datetime | None
    sightings_count: int = 0
    events: tuple[CaseEvent, ...] = ()
    clip: ClipRecord | None = None
    sightings: tuple[Sighting, ...] = ()
    group: LeakGroup | None = None

    @property
    def session_hex(self) -> str | None:
        return None if self.session_id is None else f"{self.session_id:016x}"

    @property
    def identified(self) -> bool:
        return self.film_id is not None

    def overdue(self, now: datetime) -> bool:
        return self.deadline is not None and now > self.deadline
