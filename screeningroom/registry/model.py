"""The registry's values: members, sessions, audit records, the chain report, settings.

All are frozen; a record's ``detail`` is kept as its canonical JSON text, and
:attr:`AuditRecord.detail` parses a fresh copy each time it is read.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol, runtime_checkable

from screeningroom.settings import BY_KEY, Settings
from screeningroom_resources.i18n import N_

__all__ = [
    "SESSION_EVENTS",
    "AuditEvent",
    "AuditRecord",
    "ChainFault",
    "ChainReport",
    "Member",
    "RegistrySettings",
    "ScryptParams",
    "Session",
    "SessionEnd",
    "Signer",
]


@runtime_checkable
class Signer(Protocol):
    """The station's signing identity, as the registry needs it (the vault's station fits)."""

    @property
    def station_id(self) -> str: ...

    @property
    def signing_public_key(self) -> bytes:
        """The raw 32-byte Ed25519 public key."""
        ...

    def sign(self, data: bytes) -> bytes:
        """An Ed25519 signature (64 bytes) over ``data``."""
        ...


class AuditEvent(enum.Enum):
    """What a record says happened. The value is the name written into the record."""

    LOGIN = "login"
    FAILED_LOGIN = "failed_login"
    LICENSE_LOADED = "license_loaded"
    REFUSAL = "refusal"
    SESSION_START = "session_start"
    PAUSE = "pause"
    RESUME = "resume"
    SEEK = "seek"
    STOP = "stop"
    END = "end"
    CRASH_RECOVERY = "crash_recovery"
    CLOCK_ANOMALY = "clock_anomaly"
    SESSION_FAILED = "session_failed"
    MEMBER_UNLOCK = "member_unlock"
    MEMBER_ADDED = "member_added"
    MEMBER_PASSWORD = "member_password"
    REPORT_SIGNED = "report_signed"      # a member signed her review report (review part)


#: Events a caller may add to a running session with :meth:`Registry.record`.
SESSION_EVENTS = frozenset(
    {AuditEvent.PAUSE, AuditEvent.RESUME, AuditEvent.SEEK, AuditEvent.STOP, AuditEvent.END}
)


class SessionEnd(enum.Enum):
    OPEN = "open"            # still playing (or its process is alive)
    CLEAN = "clean"          # ended through end_session
    UNCLEAN = "unclean"      # found open after the station process died; see crash_recovery
    FAILED = "failed"        # failed before its first frame (session_failed): not counted


@dataclass(frozen=True)
class Member:
    member_id: str
    full_name: str
    enrolled_at: datetime


@dataclass(frozen=True)
class Session:
    """One play of one film by one member; ``session_id`` is the watermark payload."""

    session_id: int
    station_id: str
    room: str
    member_id: str
    film_id: str
    license_id: str
    profile: str
    started_at: datetime
    ended_at: datetime | None = None
    end: SessionEnd = SessionEnd.OPEN
    #: the signed session ticket (vault format) of a session just started at this station
    ticket: bytes | None = field(default=None, repr=False, compare=False)

    @property
    def short_id(self) -> str:
        """The 16 hex digits people read and type."""
        return f"{self.session_id:016x}"


@dataclass(frozen=True)
class AuditRecord:
    """One signed entry of the audit log (see docs/formats/audit-record.md)."""

    seq: int
    time: datetime
    event: AuditEvent
    station_id: str
    session_id: int | None
    member_id: str
    film_id: str
    detail_json: str
    prev_hash: bytes
    hash: bytes
    signature: bytes

    @property
    def detail(self) -> object:
        """The detail as a fresh Python value (a str, or a dict/list of JSON values)."""
        return json.loads(self.detail_json)


class ChainFault(enum.Enum):
    """Why :meth:`Registry.verify_chain` stopped."""

    SEQUENCE = N_("a record is missing or out of order (sequence numbers are not consecutive).")
    LINK = N_("the record does not chain to the one before it (a record was removed, "
              "inserted or reordered).")
    HASH = N_("the record's content does not match its hash (it was edited).")
    SIGNATURE = N_("the station's signature does not verify (the record was edited or "
                   "forged).")
    MALFORMED = N_("the record cannot be read.")
    TRUNCATED = N_("the newest records were removed (the log ends before its signed head).")
    MARK = N_("the log is not the one the station noted (it was deleted, replaced or cut "
              "short).")
    TABLES = N_("the sessions or members tables were changed outside the signed log.")


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    records: int                       # records checked before the first fault (all if ok)
    first_bad_seq: int | None = None
    reason: ChainFault | None = None
    detail: str = ""                   # what exactly, for MARK and TABLES


@dataclass(frozen=True)
class ScryptParams:
    """Scrypt cost; stored with every hash, so raising it later keeps old hashes valid."""

    n: int = 2**17
    r: int = 8
    p: int = 1


@dataclass(frozen=True)
class RegistrySettings:
    """What the registry needs of the workstation's settings (declared once in
    :mod:`screeningroom.settings`; the defaults here are the declared defaults)."""

    max_failed_logins: int = BY_KEY["login_attempts_before_lockout"].default
    lockout: timedelta = timedelta(minutes=BY_KEY["lockout_minutes"].default)
    scrypt: ScryptParams = field(default_factory=ScryptParams)
    min_password_length: int = 8

    @classmethod
    def from_workstation(cls, settings: Settings | None = None) -> RegistrySettings:
        """The values this workstation's settings file holds."""
        settings = settings if settings is not None else Settings()
        return cls(
            max_failed_logins=max(1, settings.get("login_attempts_before_lockout")),
            lockout=timedelta(minutes=max(0, settings.get("lockout_minutes"))),
        )
