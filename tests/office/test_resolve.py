"""The desk's view of the central registry, checked again at the desk."""

from __future__ import annotations

import pytest
from officeworld import make_office

from screeningroom.office.client import OfficeClient
from screeningroom.office.resolve import CentralProofFailed, CentralRegistry
from screeningroom.office.uplink import Uplink
from screeningroom.registry import AuditEvent, SessionEnd


def _desk(svc, office) -> CentralRegistry:  # type: ignore[no-untyped-def]
    client = OfficeClient(svc[0], office.station("desk"))
    client.enroll(office.certificates["desk"])
    svc[1].set_reader(office.station("desk").station_id, True)
    return CentralRegistry(client, office.anchor)


def test_the_desk_resolves_a_session_with_its_proof(svc, office) -> None:
    reg = office.registry("A")
    s = reg.start_session("m1", "F1", "L1", "v1", room="Room A")
    reg.record(s.session_id, AuditEvent.PAUSE)
    reg.end_session(s.session_id)
    with OfficeClient(svc[0], office.station("A")) as c:
        Uplink(c, reg, office.certificates["A"]).sync()
    desk = _desk(svc, office)
    try:
        assert [x.session_id for x in desk.sessions_of_film("F1")] == [s.session_id]
        proof = desk.proof(office.station("A").station_id, s.session_id)
        assert proof.session.end is SessionEnd.CLEAN and proof.session.room == "Room A"
        assert [r.event for r in proof.records] == [AuditEvent.SESSION_START,
                                                    AuditEvent.PAUSE, AuditEvent.END]
        assert proof.chain_length == 3
        with pytest.raises(CentralProofFailed):
            desk.proof(office.station("A").station_id, s.session_id + 1)
        assert desk.revocations() is None
    finally:
        desk.client.close()
    reg.close()


def test_stations_the_desk_anchor_does_not_vouch_for_are_not_offered(svc, office,
                                                                      tmp_path) -> None:
    reg = office.registry("A")
    s = reg.start_session("m1", "F1", "L1", "v1", room="Room A")
    with OfficeClient(svc[0], office.station("A")) as c:
        Uplink(c, reg, office.certificates["A"]).sync()
    desk = _desk(svc, office)
    elsewhere = CentralRegistry(desk.client, make_office(tmp_path / "other").anchor)
    try:
        assert elsewhere.stations() == ()
        assert elsewhere.sessions_of_film("F1") == ()
        with pytest.raises(CentralProofFailed):
            elsewhere.proof(office.station("A").station_id, s.session_id)
    finally:
        desk.client.close()
    reg.close()
