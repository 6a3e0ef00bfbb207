"""The values the central registry hands out: frozen dataclasses and Enums.

The service stores and answers these; :class:`~screeningroom.office.client.OfficeClient`
returns them to the station, the desk and the office's status view.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from screeningroom_resources.i18n import N_, _


class AnomalyKind(enum.Enum):
    """What the service saw that is not a normal push. The value is stored."""

    FORK = "fork"                            # a record differs from the one held at its seq
    GAP = "gap"                              # records were skipped
    REVOKED = "revoked"                      # a request from a revoked station
    BAD_RECORD = "bad_record"                # hash, signature or layout of a record fails
    CLOCK_JUMP = "clock_jump"                # time went backwards, or ahead of the service
    CERTIFICATE = "certificate"              # a record outside its certificate's validity
    SESSION_CLAIMED = "session_claimed"      # one session id started by two stations
    EXCESS_SESSIONS = "excess_sessions"      # more sessions than the license allows
    UNGRANTED_SESSION = "ungranted_session"  # a session started without an online grant
    REPORT_MISMATCH = "report_mismatch"      # a signed review report disagrees with records
    REFUSED = "refused"                      # a malformed, unsigned, replayed, oversized...

    @property
    def label(self) -> str:
        return _(_LABELS[self])


_LABELS = {
    AnomalyKind.FORK: N_("forked log"),
    AnomalyKind.GAP: N_("gap in the log"),
    AnomalyKind.REVOKED: N_("revoked station"),
    AnomalyKind.BAD_RECORD: N_("invalid record"),
    AnomalyKind.CLOCK_JUMP: N_("clock jump"),
    AnomalyKind.CERTIFICATE: N_("outside certificate validity"),
    AnomalyKind.SESSION_CLAIMED: N_("session id claimed twice"),
    AnomalyKind.EXCESS_SESSIONS: N_("sessions beyond the license"),
    AnomalyKind.UNGRANTED_SESSION: N_("session without online grant"),
    AnomalyKind.REPORT_MISMATCH: N_("report disagrees with the log"),
    AnomalyKind.REFUSED: N_("refused request"),
}

#: Kinds that are findings against a station (the desk shows them); the rest are
#: operational (a refused request may come from anyone).
FINDING_KINDS = frozenset({
    AnomalyKind.FORK, AnomalyKind.GAP, AnomalyKind.REVOKED, AnomalyKind.BAD_RECORD,
    AnomalyKind.CLOCK_JUMP, AnomalyKind.CERTIFICATE, AnomalyKind.SESSION_CLAIMED,
    AnomalyKind.EXCESS_SESSIONS, AnomalyKind.REPORT_MISMATCH,
})


@dataclass(frozen=True)
class Anomaly:
    anomaly_id: int
    at: datetime
    station_id: str
    kind: AnomalyKind
    seq: int | None
    session_id: int | None
    detail: str
    remote: str = ""


@dataclass(frozen=True)
class StationInfo:
    """A station as the central registry knows it."""

    station_id: str
    name: str
    room: str
    signing_public_key: bytes
    certificate: bytes
    not_before: datetime
    not_after: datetime
    head_seq: int
    head_hash: bytes
    last_contact: datetime | None
    revoked_at: datetime | None
    reader: bool


@dataclass(frozen=True)
class StationStatus:
    """One row of the office's status view."""

    station_id: str
    name: str
    room: str
    last_contact: datetime | None
    head_seq: int
    head_hash: bytes
    head_time: datetime | None
    sessions_today: int
    open_sessions: int
    forks: int
    gaps: int
    clock_jumps: int
    refused: int
    other_findings: int
    revoked: bool

    @property
    def anomalies(self) -> int:
        return self.forks + self.gaps + self.clock_jumps + self.refused + self.other_findings


@dataclass(frozen=True)
class PushResult:
    """The service's answer to a batch of records."""

    station_id: str
    accepted: int
    duplicates: int
    head_seq: int
    head_hash: bytes


@dataclass(frozen=True)
class Grant:
    """The service's permission to start one session of a license (counted centrally)."""

    station_id: str
    session_id: int
    license_id: str
    number: int              # this is session ``number`` of the license
    max_sessions: int
    used: int                # sessions of the license counted so far (this one included)
    service_time: datetime   # the station's clock must not be earlier

    @property
    def remaining(self) -> int:
        return max(0, self.max_sessions - self.used)


@dataclass(frozen=True)
class CentralSession:
    """A session as the central registry derived it from the station's signed records."""

    station_id: str
    session_id: int
    room: str
    member_id: str
    film_id: str
    license_id: str
    profile: str
    started_at: datetime
    ended_at: datetime | None
    end: str                 # SessionEnd value: open, clean, unclean
    start_seq: int
    granted: bool

    @property
    def short_id(self) -> str:
        return f"{self.session_id:016x}"


@dataclass(frozen=True)
class LicenseUse:
    license_id: str
    station_id: str
    film_id: str
    max_sessions: int
    offline_sessions: int
    granted: int
    offline_used: int

    @property
    def used(self) -> int:
        return self.granted + self.offline_used


@dataclass(frozen=True)
class ReportReceipt:
    """The office kept a signed review report; ``problems`` are where its facts disagree
    with the sessions the office holds (each is also a finding)."""

    sha256: str
    film_id: str
    member_id: str
    session_ids: tuple[str, ...]
    problems: tuple[str, ...]
