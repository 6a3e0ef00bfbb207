"""What the signed audit log says, derived record by record: the state the station acts on.

The registry's tables (sessions, members' lock-outs) are a convenience copy; the session
count of each license, the clock floor and every lock-out are taken from the signed
records here, and the tables are checked against them (:func:`differences`), so a row
deleted or edited by hand is found instead of believed.

Rules, also in docs/formats/audit-record.md:

- a session counts against its license from its ``session_start``, unless a
  ``session_failed`` record ends it with no other record of the session in between and
  within :data:`FAIL_WINDOW` of its start (it never showed a frame);
- a login id (enrolled or not) is locked from the ``failed_login`` record that carries
  ``locked_until`` until that time, or until a ``login`` or ``member_unlock`` record;
  ``failures`` counts the wrong passwords since the last of those;
- the clock floor is the newest time of any record;
- the revocations floor is the highest revocation list number a ``session_start`` names;
- each enrolled member has a ``member_added`` record, and the digest of her password
  hash is that of her newest ``member_added`` or ``member_password`` record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from screeningroom.registry.canonical import ZERO_HASH, from_micros, to_micros
from screeningroom.registry.model import AuditEvent, AuditRecord, Session, SessionEnd
from screeningroom_resources.i18n import _

#: A session may be ended as failed (not counted) only this soon after its start.
FAIL_WINDOW = timedelta(minutes=2)

_ENDS = {AuditEvent.END: SessionEnd.CLEAN, AuditEvent.CRASH_RECOVERY: SessionEnd.UNCLEAN,
         AuditEvent.SESSION_FAILED: SessionEnd.FAILED}


@dataclass
class SessionFacts:
    license_id: str
    member_id: str
    film_id: str
    started_us: int
    end: SessionEnd = SessionEnd.OPEN
    ended_us: int | None = None
    events: int = 0  # records of the session after its start, its end not included
    counts: bool = True
    station_id: str = ""
    room: str | None = None     # None: a start record written before it named these
    profile: str | None = None


@dataclass
class LoginFacts:
    failures: int = 0
    locked_until_us: int | None = None


@dataclass
class History:
    """The facts of records 1 .. ``seq`` (all verified by the caller before they are
    applied)."""

    seq: int = 0
    last_hash: bytes = ZERO_HASH
    hashes: list[bytes] = field(default_factory=list)
    max_time_us: int | None = None
    sessions: dict[int, SessionFacts] = field(default_factory=dict)
    logins: dict[str, LoginFacts] = field(default_factory=dict)
    revocations: int = 0  # the newest revocation list number a session started under
    members: dict[str, str] = field(default_factory=dict)  # id -> password hash digest

    def hash_of(self, seq: int) -> bytes | None:
        if seq == 0:
            return ZERO_HASH
        return self.hashes[seq - 1] if 0 < seq <= len(self.hashes) else None

    def apply(self, record: AuditRecord) -> None:
        self.seq, self.last_hash = record.seq, record.hash
        self.hashes.append(record.hash)
        t = to_micros(record.time)
        self.max_time_us = t if self.max_time_us is None else max(self.max_time_us, t)
        detail = record.detail if isinstance(record.detail, dict) else {}
        sid = record.session_id
        if record.event is AuditEvent.SESSION_START and sid is not None:
            self.sessions[sid] = SessionFacts(
                str(detail.get("license", "")), record.member_id, record.film_id, t,
                station_id=record.station_id, room=_text_or_none(detail.get("room")),
                profile=_text_or_none(detail.get("profile")))
            number = detail.get("revocations")
            if isinstance(number, int) and not isinstance(number, bool):
                self.revocations = max(self.revocations, number)
        elif sid is not None and sid in self.sessions:
            facts = self.sessions[sid]
            if record.event in _ENDS and facts.end is SessionEnd.OPEN:
                facts.end, facts.ended_us = _ENDS[record.event], t
                if record.event is AuditEvent.SESSION_FAILED:
                    facts.counts = not (facts.events == 0 and
                                        t - facts.started_us <= _micros(FAIL_WINDOW))
            else:
                facts.events += 1
        if record.event is AuditEvent.FAILED_LOGIN:
            login = self.logins.setdefault(record.member_id, LoginFacts())
            if detail.get("reason") in ("wrong_password", "unknown_member"):
                login.failures, login.locked_until_us = login.failures + 1, None
            until = detail.get("locked_until")
            if isinstance(until, str):
                login.failures, login.locked_until_us = 0, _micros_of(until)
        elif record.event in (AuditEvent.LOGIN, AuditEvent.MEMBER_UNLOCK):
            self.logins[record.member_id] = LoginFacts()
        elif record.event in (AuditEvent.MEMBER_ADDED, AuditEvent.MEMBER_PASSWORD):
            self.members[record.member_id] = str(detail.get("password", ""))

    # --- what the station acts on -------------------------------------------------------

    def sessions_used(self, license_id: str) -> int:
        return sum(1 for s in self.sessions.values() if s.license_id == license_id and s.counts)

    def login(self, member_id: str) -> LoginFacts:
        return self.logins.get(member_id, LoginFacts())

    def clock_floor(self) -> datetime | None:
        return None if self.max_time_us is None else from_micros(self.max_time_us)


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _row_matches(row: Session, facts: SessionFacts) -> bool:
    """Every column of a sessions row is what the signed records say."""
    ended = None if row.ended_at is None else to_micros(row.ended_at)
    return ((row.station_id, row.license_id, row.member_id, row.film_id, row.end,
             to_micros(row.started_at), ended)
            == (facts.station_id, facts.license_id, facts.member_id, facts.film_id, facts.end,
                facts.started_us, facts.ended_us)
            and facts.room in (None, row.room) and facts.profile in (None, row.profile))


def _micros(delta: timedelta) -> int:
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _micros_of(text: str) -> int | None:
    try:
        moment = datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ")
    except ValueError:
        return None
    from datetime import UTC

    return to_micros(moment.replace(tzinfo=UTC))


def password_digest(password_hash: str) -> str:
    """What the log keeps of a member's password hash: its SHA-256 (the hash itself, and
    its salt, stay in the registry)."""
    import hashlib

    return hashlib.sha256(password_hash.encode("utf-8")).hexdigest()


def differences(history: History, sessions: list[Session],
                members: list[tuple[str, int, int | None, str]]) -> list[str]:
    """Where the tables disagree with the signed log (empty when they agree).

    ``members``: (member id, failed attempts, locked until µs, password hash) of each
    enrolled member."""
    found = []
    listed = {s.session_id: s for s in sessions}
    for sid, facts in history.sessions.items():
        row = listed.pop(sid, None)
        if row is None:
            found.append(_("session {session} is in the signed log but missing from the "
                           "sessions table").format(session=f"{sid:016x}"))
        elif not _row_matches(row, facts):
            found.append(_("session {session} in the sessions table differs from its signed "
                           "records").format(session=f"{sid:016x}"))
    found += [_("session {session} has no signed start").format(session=f"{sid:016x}")
              for sid in listed]
    enrolled = set()
    for member_id, failed, locked_us, password_hash in members:
        enrolled.add(member_id)
        facts = history.login(member_id)
        if (failed, locked_us) != (facts.failures, facts.locked_until_us):
            found.append(_("the login state of {member} differs from its signed "
                           "records").format(member=member_id))
        signed = history.members.get(member_id)
        if signed is None:
            found.append(_("member {member} was enrolled outside the signed log").format(
                member=member_id))
        elif signed != password_digest(password_hash):
            found.append(_("the password of {member} was changed outside the signed "
                           "log").format(member=member_id))
    found += [_("member {member} was removed outside the signed log").format(member=m)
              for m in history.members if m not in enrolled]
    return found
