"""The station's registry: members, sessions and the signed, hash-chained audit log.

Every write is one unit of work that is committed and flushed to disk before the call
returns (SQLite: WAL with ``synchronous=FULL``), so the player may show the first frame as
soon as :meth:`Registry.start_session` returns.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from screeningroom.registry import chain
from screeningroom.registry.canonical import (
    ZERO_HASH,
    RecordFields,
    canonical_json,
    from_micros,
    iso,
    to_micros,
    utc,
)
from screeningroom.registry.errors import (
    AccountLocked,
    MemberExists,
    RegistryBadInput,
    SessionClosed,
    SessionIdTaken,
    SessionNotFailed,
    StationHistoryIncomplete,
    StationMismatch,
    UnknownMember,
    UnknownSession,
    WrongPassword,
)
from screeningroom.registry.history import FAIL_WINDOW, History, differences, password_digest
from screeningroom.registry.model import (
    SESSION_EVENTS,
    AuditEvent,
    AuditRecord,
    ChainFault,
    ChainReport,
    Member,
    RegistrySettings,
    Session,
    SessionEnd,
    Signer,
)
from screeningroom.registry.passwords import hash_password, needs_upgrade, verify_password
from screeningroom.registry.storage import MemberRow, Storage, StoredRecord, open_storage
from screeningroom.vault.auditmark import read_mark, write_mark
from screeningroom.vault.encoding import FormatError
from screeningroom.vault.errors import Reason, SessionsUsedUp
from screeningroom.vault.tickets import issue_ticket
from screeningroom_resources.closing import Closing
from screeningroom_resources.i18n import N_, _

#: Refusal reason codes that mean the station clock is earlier than the signed log.
CLOCK_REASON_CODES = frozenset({Reason.CLOCK_ROLLBACK.value})

_MEMBER_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
_SCHEMA_VERSION = "1"


def _system_clock() -> datetime:
    return datetime.now(UTC)


def _member(row: MemberRow) -> Member:
    return Member(row.member_id, row.full_name, from_micros(row.enrolled_us))


class Registry(Closing):
    """Open with :meth:`open`; close with :meth:`close` or use as a context manager.

    What the station acts on -- the sessions used of a license, the clock floor, every
    lock-out -- comes from the signed log (:mod:`.history`); before a login or a session
    start the log is verified up to its newest record and the tables, the signed head and
    the station's own note of the log (``audit.head``, when the signer is a vault station)
    are checked against it: any difference refuses with
    :class:`StationHistoryIncomplete` instead of resetting anything.
    """

    def __init__(self, storage: Storage, signer: Signer, settings: RegistrySettings,
                 clock: Callable[[], datetime]) -> None:
        self._storage = storage
        self._signer = signer
        self.settings = settings
        self._clock = clock
        self._history: History | None = None
        self._depth = 0
        self._pending_mark: tuple[int, bytes] | None = None
        self._dummy: str | None = None

    # --- opening ----------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path_or_url: str | Path | None,
        signer: Signer,
        *,
        now: datetime | None = None,
        settings: RegistrySettings | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> Registry:
        """Open (or create) the registry at ``path_or_url`` (``None``: the station's default)
        for the station ``signer``, and record the unclean end of sessions a dead process
        left open."""
        if path_or_url is None:
            from screeningroom.paths import registry_path

            path_or_url = registry_path()
        storage = open_storage(path_or_url)
        registry = cls(storage, signer, settings or RegistrySettings(), clock or _system_clock)
        try:
            registry._bind_station()
            registry._recover_crashed_sessions(now)
        except BaseException:
            storage.close()
            raise
        return registry

    def close(self) -> None:
        self._storage.close()

    @property
    def station_id(self) -> str:
        return self._signer.station_id

    @property
    def location(self) -> str:
        return self._storage.location

    def _now(self, now: datetime | None) -> datetime:
        return utc(now if now is not None else self._clock())

    def _bind_station(self) -> None:
        key = self._signer.signing_public_key.hex()
        with self._unit():
            known_id = self._storage.get_meta("station_id")
            known_key = self._storage.get_meta("signing_public_key")
            if known_id is None:
                self._storage.set_meta("schema", _SCHEMA_VERSION)
                self._storage.set_meta("station_id", self._signer.station_id)
                self._storage.set_meta("signing_public_key", key)
            elif known_id != self._signer.station_id or known_key != key:
                raise StationMismatch(known_id, self._signer.station_id)

    def _recover_crashed_sessions(self, now: datetime | None) -> None:
        if not self._storage.claim_recovery():
            return  # another live process holds the registry: its sessions are running
        moment = self._now(now)
        with self._unit():
            for session in self._storage.list_sessions(open_only=True):
                self._append(
                    AuditEvent.CRASH_RECOVERY, moment, session_id=session.session_id,
                    member_id=session.member_id, film_id=session.film_id,
                    detail={"started_at": iso(session.started_at),
                            "reason": "station process ended while the session was open"},
                )
                self._storage.finish_session(session.session_id, to_micros(moment),
                                             SessionEnd.UNCLEAN)

    # --- units of work ----------------------------------------------------------------

    @contextmanager
    def _unit(self) -> Iterator[None]:
        """One durable unit of work; once committed, the station's note of its log
        (``audit.head``) is brought up to the newest record written."""
        try:
            with self._storage.atomic():
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                outer = self._depth == 0
        except BaseException:
            if self._depth == 0 and self._pending_mark is not None:
                self._history, self._pending_mark = None, None  # records rolled back
            raise
        if outer and self._pending_mark is not None:
            seq, hash_ = self._pending_mark
            self._pending_mark = None
            path = getattr(self._signer, "audit_head_path", None)
            if path is not None and self._mark_is_behind(path, seq):
                write_mark(path, self._signer.sign, self._signer.station_id, seq, hash_)

    def _mark_is_behind(self, path: Path, seq: int) -> bool:
        """True when the station's note names a record of this log older than ``seq``: only
        then is it moved on (a note of another, longer log is left to be reported)."""
        try:
            mark = read_mark(path, self._signer.signing_public_key)
        except FormatError:
            return False
        if mark is None or mark.station_id != self._signer.station_id or mark.seq >= seq:
            return False
        if mark.seq == 0:
            return True
        found = next(iter(self._storage.records(mark.seq)), None)
        return found is not None and found.fields.seq == mark.seq and found.hash == mark.hash

    # --- the log ----------------------------------------------------------------------

    def _append(self, event: AuditEvent, moment: datetime, *, session_id: int | None = None,
                member_id: str = "", film_id: str = "", detail: object = None) -> AuditRecord:
        """Sign and append one record; the caller holds :meth:`_unit`."""
        last = self._storage.last_record()
        fields = RecordFields(
            seq=1 if last is None else last.fields.seq + 1,
            time_us=to_micros(moment),
            event=event.value,
            station_id=self._signer.station_id,
            session_id=session_id,
            member_id=member_id,
            film_id=film_id,
            detail_json=canonical_json(detail).decode("utf-8"),
            prev_hash=ZERO_HASH if last is None else last.hash,
        )
        stored = chain.sign_record(fields, self._signer)
        self._storage.append_record(stored)
        head = chain.head_bytes(fields.seq, stored.hash)
        self._storage.set_meta(
            "head", f"{fields.seq}:{stored.hash.hex()}:{self._signer.sign(head).hex()}")
        record = chain.to_audit_record(stored)
        if self._history is not None and self._history.seq == fields.seq - 1:
            self._history.apply(record)
        else:
            self._history = None
        self._pending_mark = (fields.seq, stored.hash)
        return record

    def _log(self, event: AuditEvent, now: datetime | None, **kwargs: object) -> AuditRecord:
        moment = self._now(now)
        with self._unit():
            return self._append(event, moment, **kwargs)  # type: ignore[arg-type]

    def records(self, since_seq: int = 1) -> Iterator[AuditRecord]:
        for stored in self._storage.records(since_seq):
            yield chain.to_audit_record(stored)

    def stored_records(self, since_seq: int = 1) -> Iterator[StoredRecord]:
        return self._storage.records(since_seq)

    def _facts(self) -> History:
        """The facts of the whole signed log, every record verified (new ones since the
        last call only); the caller holds :meth:`_unit`. StationHistoryIncomplete when the
        log does not verify."""
        history = self._history or History()
        rows = list(self._storage.records(max(1, history.seq)))
        if history.seq:
            if not rows or rows[0].fields.seq != history.seq or rows[0].hash != history.last_hash:
                self._history = None
                raise StationHistoryIncomplete(
                    _("records of the audit log were removed or changed while it was open"))
            rows = rows[1:]
        report, _last = chain.check_chain(rows, self._signer.signing_public_key,
                                          first_seq=history.seq + 1, previous=history.last_hash)
        if not report.ok:
            self._history = None
            raise StationHistoryIncomplete(
                _("the audit log is broken at record {seq}: {reason}").format(
                    seq=report.first_bad_seq, reason=_(report.reason.value) if report.reason
                    else ""))
        for stored in rows:
            history.apply(chain.to_audit_record(stored))
        if not self._head_matches(history.seq, history.last_hash if history.seq else None):
            self._history = None
            raise StationHistoryIncomplete(_(ChainFault.TRUNCATED.value))
        self._history = history
        return history

    def _checked(self) -> History:
        """:meth:`_facts`, and the station's note of its log and the tables agree with it."""
        self._adopt_members(self._facts())
        history = self._facts()
        problems = self._mark_problems(history) + self._table_problems(history)
        if problems:
            raise StationHistoryIncomplete(problems[0])
        return history

    def _mark_problems(self, history: History) -> list[str]:
        path = getattr(self._signer, "audit_head_path", None)
        if path is None:
            return []
        try:
            mark = read_mark(path, self._signer.signing_public_key)
        except FormatError:
            return [_("the station's note of its audit log ({path}) is damaged").format(
                path=path)]
        if mark is None:
            return [_("the station's note of its audit log ({path}) is missing").format(
                path=path)]
        if mark.station_id != self._signer.station_id or mark.seq > history.seq or (
                history.hash_of(mark.seq) != mark.hash):
            return [_("the audit log in {location} ends at record {have}, but the station "
                      "noted record {noted} (the database was deleted, replaced or cut "
                      "short)").format(location=self.location, have=history.seq,
                                       noted=mark.seq)]
        return []

    def _table_problems(self, history: History) -> list[str]:
        members = [(m.member_id, m.failed_attempts, m.locked_until_us, m.password_hash)
                   for m in self._storage.list_members()]
        return differences(history, self._storage.list_sessions(), members)

    def _adopt_members(self, history: History) -> None:
        """A registry written before enrolments were logged: record its members once (the
        caller holds :meth:`_unit`; later changes to them are then found)."""
        if history.members or self._storage.get_meta("members_logged"):
            return
        moment = self._now(None)
        for row in self._storage.list_members():
            self._append(AuditEvent.MEMBER_ADDED, moment, member_id=row.member_id,
                         detail={"password": password_digest(row.password_hash),
                                 "adopted": True})
        self._storage.set_meta("members_logged", "1")

    def clock_floor(self) -> datetime | None:
        """The newest time in the signed log (the station clock must not be earlier)."""
        with self._unit():
            return self._facts().clock_floor()

    def verify_chain(self) -> ChainReport:
        """Check every record's hash, signature and link and the signed head, then that
        the station's note of its log and the sessions and members tables agree with it."""
        rows = list(self._storage.records())
        report, last_hash = chain.check_chain(rows, self._signer.signing_public_key)
        if not report.ok:
            return report
        if not self._head_matches(report.records, last_hash):
            return ChainReport(ok=False, records=report.records,
                               first_bad_seq=report.records + 1, reason=ChainFault.TRUNCATED)
        history = History()
        for stored in rows:
            history.apply(chain.to_audit_record(stored))
        for fault, problems in ((ChainFault.MARK, self._mark_problems(history)),
                                (ChainFault.TABLES, self._table_problems(history))):
            if problems:
                return ChainReport(ok=False, records=report.records, reason=fault,
                                   detail="; ".join(problems))
        return report

    def _head_matches(self, count: int, last_hash: bytes | None) -> bool:
        head = self._storage.get_meta("head")
        if head is None:
            return count == 0
        try:
            seq_text, hash_hex, sig_hex = head.split(":")
            seq, hash_ = int(seq_text), bytes.fromhex(hash_hex)
            signature = bytes.fromhex(sig_hex)
        except ValueError:
            return False
        key = chain.public_key(self._signer.signing_public_key)
        return (seq == count and hash_ == last_hash
                and chain.verifies(key, signature, chain.head_bytes(seq, hash_)))

    # --- members ----------------------------------------------------------------------

    def add_member(self, member_id: str, full_name: str, password: str, *,
                   now: datetime | None = None, salt: bytes | None = None) -> Member:
        """Enrol a member (recorded: ``member_added``, with the digest of her password
        hash). ``salt``: for test vectors only; a random one otherwise."""
        if not _MEMBER_ID.fullmatch(member_id or ""):
            raise RegistryBadInput(
                _("A member id is 1 to 64 letters, digits, dots, dashes, underscores or @, "
                  "starting with a letter or digit: {member_id!r} is not.").format(
                    member_id=member_id))
        if not full_name or not full_name.strip():
            raise RegistryBadInput(_("A member needs a full name."))
        if len(password) < self.settings.min_password_length:
            raise RegistryBadInput(
                _("The password is too short: use at least {count} characters.").format(
                    count=self.settings.min_password_length))
        moment = self._now(now)
        row = MemberRow(member_id, full_name.strip(),
                        hash_password(password, self.settings.scrypt, salt=salt),
                        to_micros(moment))
        with self._unit():
            if not self._storage.insert_member(row):
                raise MemberExists(member_id)
            self._storage.set_meta("members_logged", "1")
            self._append(AuditEvent.MEMBER_ADDED, moment, member_id=member_id,
                         detail={"password": password_digest(row.password_hash)})
        return _member(row)

    def members(self) -> tuple[Member, ...]:
        return tuple(_member(row) for row in self._storage.list_members())

    def member(self, member_id: str) -> Member:
        row = self._storage.get_member(member_id)
        if row is None:
            raise UnknownMember(member_id)
        return _member(row)

    def _dummy_hash(self) -> str:
        """A hash no password matches, at the cost of the current settings: an unknown id
        is checked against it, so it takes as long as a wrong password."""
        if self._dummy is None:
            self._dummy = hash_password(secrets.token_urlsafe(24), self.settings.scrypt)
        return self._dummy

    def authenticate(self, member_id: str, password: str, *,
                     now: datetime | None = None) -> Member:
        """The member, after a login record; else a failed-login record and
        :class:`WrongPassword` (unknown id or wrong password: the same words and the same
        work) or :class:`AccountLocked`. Lock-outs are taken from the signed log."""
        moment = self._now(now)
        now_us = to_micros(moment)
        dummy = self._dummy_hash()
        row = self._storage.get_member(member_id)
        matches = verify_password(password, row.password_hash if row is not None else dummy)
        matches = matches and row is not None
        with self._unit():
            facts = self._checked()
            row = self._storage.get_member(member_id)  # fresh state inside the lock
            login = facts.login(member_id)
            if login.locked_until_us is not None and now_us < login.locked_until_us:
                until = from_micros(login.locked_until_us)
                self._append(AuditEvent.FAILED_LOGIN, moment, member_id=member_id,
                             detail={"reason": "locked", "locked_until": iso(until)})
                error: Exception = AccountLocked(member_id, until)
            elif matches and row is not None:
                self._storage.update_login_state(member_id, 0, None)
                if needs_upgrade(row.password_hash, self.settings.scrypt):
                    stronger = hash_password(password, self.settings.scrypt)
                    self._storage.set_password_hash(member_id, stronger)
                    self._append(AuditEvent.MEMBER_PASSWORD, moment, member_id=member_id,
                                 detail={"password": password_digest(stronger),
                                         "why": "hashed again at the current cost"})
                self._append(AuditEvent.LOGIN, moment, member_id=member_id)
                return _member(row)
            else:
                error = self._count_failure(member_id, row, login.failures, moment)
        raise error

    def _count_failure(self, member_id: str, row: MemberRow | None, failures: int,
                       moment: datetime) -> Exception:
        failed = failures + 1
        limit = self.settings.max_failed_logins
        reason = "wrong_password" if row is not None else "unknown_member"
        if failed >= limit:
            until = moment + self.settings.lockout
            if row is not None:
                self._storage.update_login_state(member_id, 0, to_micros(until))
            self._append(AuditEvent.FAILED_LOGIN, moment, member_id=member_id,
                         detail={"reason": reason, "locked_until": iso(until)})
            return AccountLocked(member_id, until)
        if row is not None:
            self._storage.update_login_state(member_id, failed, None)
        self._append(AuditEvent.FAILED_LOGIN, moment, member_id=member_id,
                     detail={"reason": reason, "attempts_left": limit - failed})
        return WrongPassword(member_id, limit - failed)

    def unlock_member(self, member_id: str, *, by: str = "", now: datetime | None = None
                      ) -> AuditRecord:
        """Lift a member's lock-out (recorded: ``member_unlock``, with who did it)."""
        moment = self._now(now)
        with self._unit():
            if self._storage.get_member(member_id) is None:
                raise UnknownMember(member_id)
            self._storage.update_login_state(member_id, 0, None)
            return self._append(AuditEvent.MEMBER_UNLOCK, moment, member_id=member_id,
                                detail={"by": by})

    # --- sessions ---------------------------------------------------------------------

    def start_session(self, member_id: str, film_id: str, license_id: str, profile_name: str,
                      *, room: str, max_sessions: int | None = None,
                      revocations: int | None = None, now: datetime | None = None,
                      session_id: int | None = None) -> Session:
        """A new session; its row and signed start record are on disk when this returns,
        and ``Session.ticket`` is the signed ticket ``open_screener`` asks for.

        With ``max_sessions`` the license's quota is checked in the same transaction that
        records the session (:class:`SessionsUsedUp`); the count is the signed log's.
        ``revocations``: the number of the revocation list the station checked (recorded;
        :meth:`revocations_floor`)."""
        for name, value in ((N_("film id"), film_id), (N_("license id"), license_id),
                            (N_("profile"), profile_name), (N_("room"), room)):
            if not isinstance(value, str) or not value.strip():
                raise RegistryBadInput(
                    _("A session needs a film id, a license id, a profile and a room; "
                      "this one has no {name}.").format(name=_(name)))
        if session_id is not None and not 0 < session_id < 2**64:
            raise RegistryBadInput(_("A session id is a whole number from 1 to 2^64-1."))
        moment = self._now(now)
        while True:
            session = Session(
                session_id=session_id if session_id is not None else self._new_session_id(),
                station_id=self._signer.station_id, room=room, member_id=member_id,
                film_id=film_id, license_id=license_id, profile=profile_name,
                started_at=from_micros(to_micros(moment)),
            )
            with self._unit():
                facts = self._checked()
                if self._storage.get_member(member_id) is None:
                    raise UnknownMember(member_id)
                used = facts.sessions_used(license_id)
                if max_sessions is not None and used >= max_sessions:
                    raise SessionsUsedUp(
                        _("All {count} sessions of this license have been used. Ask the "
                          "review office for more sessions.").format(count=max_sessions))
                if self._storage.insert_session(session):
                    detail = start_detail(session)
                    if revocations is not None:
                        detail["revocations"] = int(revocations)
                    record = self._append(AuditEvent.SESSION_START, moment,
                                          session_id=session.session_id, member_id=member_id,
                                          film_id=film_id, detail=detail)
                    ticket = issue_ticket(
                        self._signer.sign, session_id=session.session_id,
                        station_id=session.station_id, license_id=license_id,
                        film_id=film_id, member_id=member_id, number=used + 1,
                        started_at=moment, record_seq=record.seq, record_hash=record.hash)
                    return replace(session, ticket=ticket.signed_bytes)
            if session_id is not None:
                raise SessionIdTaken(session_id)

    @staticmethod
    def _new_session_id() -> int:
        while True:
            candidate = secrets.randbits(64)
            if candidate:
                return candidate

    def session(self, session_id: int) -> Session:
        found = self._storage.get_session(session_id)
        if found is None:
            raise UnknownSession(session_id)
        return found

    def sessions(self, *, open_only: bool = False) -> tuple[Session, ...]:
        return tuple(self._storage.list_sessions(open_only=open_only))

    def revocations_floor(self) -> int:
        """The newest revocation list number a session of this station started under (the
        station must hold that list or a newer one), by the signed log."""
        with self._unit():
            return self._facts().revocations

    def sessions_used(self, license_id: str) -> int:
        """Sessions of the license that count against it, by the signed log."""
        with self._unit():
            return self._facts().sessions_used(license_id)

    def _running(self, session_id: int) -> Session:
        session = self.session(session_id)
        if session.end is not SessionEnd.OPEN:
            raise SessionClosed(session_id)
        return session

    def record(self, session_id: int, event: AuditEvent, detail: object = None, *,
               now: datetime | None = None) -> AuditRecord:
        """Add a pause, resume, seek, stop or end to a running session."""
        if event not in SESSION_EVENTS:
            raise RegistryBadInput(
                _("{event} is not an event of a running session.").format(
                    event=getattr(event, "value", event)))
        if event is AuditEvent.END:
            return self.end_session(session_id, now=now, detail=detail)
        moment = self._now(now)
        with self._unit():
            session = self._running(session_id)
            return self._append(event, moment, session_id=session_id,
                                member_id=session.member_id, film_id=session.film_id,
                                detail=detail)

    def end_session(self, session_id: int, *, now: datetime | None = None,
                    detail: object = None) -> AuditRecord:
        moment = self._now(now)
        with self._unit():
            session = self._running(session_id)
            record = self._append(AuditEvent.END, moment, session_id=session_id,
                                  member_id=session.member_id, film_id=session.film_id,
                                  detail=detail)
            self._storage.finish_session(session_id, to_micros(moment), SessionEnd.CLEAN)
        return record

    def fail_session(self, session_id: int, reason_code: str, message: str, *,
                     now: datetime | None = None) -> AuditRecord:
        """End a session that failed before its first frame: a signed ``session_failed``
        record; the session does not count against its license. Only for a session with
        no other record since its start, within :data:`FAIL_WINDOW` of it
        (:class:`SessionNotFailed` otherwise: end it with :meth:`end_session`)."""
        moment = self._now(now)
        with self._unit():
            session = self._running(session_id)
            facts = self._facts().sessions.get(session_id)
            if facts is None or facts.events or moment - session.started_at > FAIL_WINDOW:
                raise SessionNotFailed(session_id)
            record = self._append(AuditEvent.SESSION_FAILED, moment, session_id=session_id,
                                  member_id=session.member_id, film_id=session.film_id,
                                  detail={"reason": reason_code, "message": message})
            self._storage.finish_session(session_id, to_micros(moment), SessionEnd.FAILED)
        return record

    # --- station events ---------------------------------------------------------------

    def record_refusal(self, reason_code: str, message: str, member_id: str | None = None,
                       film_id: str | None = None, *, clock_anomaly: bool = False,
                       now: datetime | None = None) -> AuditRecord:
        """Log why the station refused to play; a clock reason (``clock_anomaly=True`` or a
        code in :data:`CLOCK_REASON_CODES`) is logged as a clock anomaly, with the floor."""
        detail: dict[str, object] = {"reason": reason_code, "message": message}
        event = AuditEvent.REFUSAL
        if clock_anomaly or reason_code in CLOCK_REASON_CODES:
            event = AuditEvent.CLOCK_ANOMALY
            newest = self._storage.max_time_us()
            detail["log_floor"] = None if newest is None else iso(from_micros(newest))
        return self._log(event, now, member_id=member_id or "", film_id=film_id or "",
                         detail=detail)

    def record_license_loaded(self, license_id: str, film_id: str, *, detail: object = None,
                              now: datetime | None = None) -> AuditRecord:
        return self._log(AuditEvent.LICENSE_LOADED, now, film_id=film_id,
                         detail={"license": license_id, "about": detail})

    # --- review reports (written by screeningroom.review.signing) ---------------------

    def record_report_signed(self, member_id: str, film_id: str, detail: object, *,
                             now: datetime | None = None) -> AuditRecord:
        """Log that a member, having typed her password, signed her review report."""
        return self._log(AuditEvent.REPORT_SIGNED, now, member_id=member_id, film_id=film_id,
                         detail=detail)

    # --- export -----------------------------------------------------------------------

    def export_bundle(self, out_path: str | Path, certificate_bytes: bytes, *,
                      since_seq: int | None = None, room: str | None = None,
                      now: datetime | None = None) -> Path:
        """Write a signed audit bundle (docs/formats/audit-bundle.md) of the records from
        ``since_seq`` (all when None) and the sessions they start; returns its path.
        ``room`` defaults to the signer's ``room`` if it has one, else the newest session's."""
        from screeningroom.registry.bundle import write_bundle

        return write_bundle(self, self._signer, Path(out_path), certificate_bytes,
                            since_seq=1 if since_seq is None else since_seq, room=room,
                            now=self._now(now))


def start_detail(session: Session) -> dict[str, object]:
    """What a signed session-start record says about the session beyond its columns."""
    return {"license": session.license_id, "profile": session.profile, "room": session.room}
