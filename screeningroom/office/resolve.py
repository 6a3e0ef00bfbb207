"""The takedown desk's view of the central registry: what the office holds, checked again
at the desk.

The desk trusts the office's certificates and revocation lists, not the wire: every
station's certificate is checked against the desk's trust anchor (and must hold the key
the office names), the revocation list against the anchor, and a session's proof is the
station's whole signed chain up to the office's head, verified with the certified key,
with the session's own records taken from it. Results are frozen values; a station that
does not check out is left out of :meth:`CentralRegistry.stations` and its sessions are
not offered (a refusal, never a silent merge).

    central = CentralRegistry(OfficeClient(url, desk_station), anchor)
    central.sessions_of_film("F1")        # -> tuple[Session, ...] (registry values)
    central.proof(station_id, session_id) # -> CentralProof (session, records, certificate)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from screeningroom.errors import ScreeningRoomError
from screeningroom.office.client import OfficeClient
from screeningroom.office.errors import CentralProofFailed
from screeningroom.office.model import Anomaly, CentralSession, StationInfo
from screeningroom.registry import chain
from screeningroom.registry.bundle import derive_sessions
from screeningroom.registry.model import AuditRecord, Session, SessionEnd
from screeningroom_resources.i18n import _


@dataclass(frozen=True)
class CentralProof:
    """A session, every signed record of it, and the certified station that signed them."""

    session: Session
    records: tuple[AuditRecord, ...]
    station: StationInfo
    chain_length: int          # records of the station's chain checked, from record 1


def as_session(s: CentralSession) -> Session:
    return Session(session_id=s.session_id, station_id=s.station_id, room=s.room,
                   member_id=s.member_id, film_id=s.film_id, license_id=s.license_id,
                   profile=s.profile, started_at=s.started_at, ended_at=s.ended_at,
                   end=SessionEnd(s.end))


class CentralRegistry:
    def __init__(self, client: OfficeClient, anchor: Any) -> None:
        self.client = client
        self.anchor = anchor

    def stations(self) -> tuple[StationInfo, ...]:
        """The stations whose certificate the desk's anchor vouches for, with that key."""
        from screeningroom.vault.checks import load_certificate_checked

        good = []
        for station in self.client.stations():
            try:
                cert = load_certificate_checked(station.certificate, self.anchor)
            except ScreeningRoomError:
                continue
            if cert.station_id == station.station_id and \
                    bytes(cert.signing_public_key) == station.signing_public_key:
                good.append(station)
        return tuple(good)

    def _station(self, station_id: str) -> StationInfo:
        for station in self.stations():
            if station.station_id == station_id:
                return station
        raise CentralProofFailed(station_id, _("its certificate is not the office's"))

    def sessions_of_film(self, film_id: str) -> tuple[Session, ...]:
        """The film's sessions at stations the desk's anchor vouches for."""
        trusted = {s.station_id for s in self.stations()}
        return tuple(as_session(s) for s in self.client.sessions(film_id=film_id)
                     if s.station_id in trusted)

    def sessions_with_id(self, session_id: int) -> tuple[Session, ...]:
        """Every station's session with this id (two or more: a finding against them)."""
        return tuple(as_session(s) for s in self.client.sessions(session_id=session_id))

    def proof(self, station_id: str, session_id: int) -> CentralProof:
        """The session as the station's verified chain shows it, with its records."""
        station = self._station(station_id)
        held = self.client.records(station_id)
        report, last = chain.check_chain(held, station.signing_public_key)
        if not report.ok:
            raise CentralProofFailed(station_id, _(report.reason.value) if report.reason
                                     else "")
        if report.records != station.head_seq or (held and last != station.head_hash):
            raise CentralProofFailed(station_id, _("the records end before the office's head"))
        records = tuple(chain.to_audit_record(r) for r in held)
        sessions = {s.session_id: s for s in derive_sessions(records)}
        if session_id not in sessions:
            raise CentralProofFailed(station_id, _("no session {session} in its records")
                                     .format(session=f"{session_id:016x}"))
        own = tuple(r for r in records if r.session_id == session_id)
        return CentralProof(sessions[session_id], own, station, report.records)

    def revocations(self) -> Any:
        """The office's newest revocation list, checked against the anchor (None: none)."""
        from screeningroom.vault.checks import load_revocations_checked

        data = self.client.revocations()
        return None if data is None else load_revocations_checked(data, self.anchor)

    def findings(self, station_id: str | None = None) -> tuple[Anomaly, ...]:
        return self.client.findings(station_id=station_id)
