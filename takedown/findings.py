"""Findings: what the desk learnt that speaks against a review station's records.

A finding is recorded, never merged away: a bundle that forks a station's log, drops
records the desk already holds, comes from a revoked station or one whose certificate did
not cover its records' times; a session id claimed by two stations; a copy marked under a
station's license key with a session id that station never recorded (the mark was made at
that station, outside its recorded sessions: tampering at that station, not a leak from
the session the mark names). Findings are listed by ``takedown findings`` and
``takedown stations`` and shown in the desk window.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from screeningroom_resources.i18n import N_, _


class FindingKind(enum.Enum):
    FORKED_LOG = "forked-log"
    DROPPED_RECORDS = "dropped-records"
    SESSION_CLAIMED_TWICE = "session-claimed-twice"
    REVOKED_STATION = "revoked-station"
    CERTIFICATE_NOT_VALID = "certificate-not-valid"
    UNRECORDED_MARK = "unrecorded-mark"

    @property
    def label(self) -> str:
        return _(_LABELS[self])

    @property
    def tampering(self) -> bool:
        """Whether the finding says the station's records were tampered with."""
        return self in (FindingKind.FORKED_LOG, FindingKind.DROPPED_RECORDS,
                        FindingKind.UNRECORDED_MARK)


_LABELS = {
    FindingKind.FORKED_LOG: N_("tampering: a second, different history of the station's log"),
    FindingKind.DROPPED_RECORDS: N_("tampering: records the desk holds were dropped and the "
                                    "log signed again"),
    FindingKind.SESSION_CLAIMED_TWICE: N_("a session id claimed by two stations"),
    FindingKind.REVOKED_STATION: N_("a bundle from a revoked station"),
    FindingKind.CERTIFICATE_NOT_VALID: N_("records outside the station certificate's "
                                          "validity"),
    FindingKind.UNRECORDED_MARK: N_("tampering: a copy marked under the station's key with "
                                    "a session it never recorded"),
}


@dataclass(frozen=True)
class Finding:
    finding_id: int
    kind: FindingKind
    station_id: str
    at: datetime
    detail: str
    other_station_id: str | None = None
    session_id: int | None = None
    bundle_sha256: str | None = None
    case_id: str | None = None

    @property
    def session_hex(self) -> str | None:
        return None if self.session_id is None else f"{self.session_id:016x}"
