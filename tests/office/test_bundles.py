"""Stations push signed bundles of what the office holds; the office keeps them contiguous
and only when they are the records it holds."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from officeworld import ListLog

from screeningroom.office.client import OfficeClient
from screeningroom.office.errors import OfficeRefused
from screeningroom.office.link import StationLink
from screeningroom.registry import AuditEvent
from screeningroom.registry.bundle import parse_bundle, write_bundle


def _link(svc, office, reg) -> StationLink:  # type: ignore[no-untyped-def]
    station = office.station("A")
    return StationLink(OfficeClient(svc[0], station), reg, office.certificates["A"],
                       station.folder)


def _reader(svc, office) -> OfficeClient:  # type: ignore[no-untyped-def]
    client = OfficeClient(svc[0], office.station("desk"))
    client.enroll(office.certificates["desk"])
    svc[1].set_reader(office.station("desk").station_id, True)
    return client


def test_a_bundle_follows_each_closed_session(svc, office) -> None:
    reg = office.registry("A")
    link = _link(svc, office, reg)
    base = max(r.seq for r in reg.records())               # the member's enrolment
    s = reg.start_session("m1", "F1", "L1", "v1", room="Room A")
    reg.record(s.session_id, AuditEvent.PAUSE)
    link.sync()
    assert link.client.bundle_head() == 0                  # the session is still open
    reg.end_session(s.session_id)
    link.sync()
    assert link.client.bundle_head() == base + 3
    t = reg.start_session("m1", "F1", "L1", "v1", room="Room A")
    reg.end_session(t.session_id)
    link.sync()
    link.sync()                                            # nothing new: nothing sent
    with _reader(svc, office) as desk:
        kept = desk.bundles(office.station("A").station_id)
        assert len(kept) == 2
        first, second = (parse_bundle(b, "b") for b in kept)
        assert [r.seq for r in first.records] == list(range(1, base + 4))
        assert [r.seq for r in second.records] == [base + 4, base + 5]
        assert second.session(t.session_id) is not None
        assert desk.bundles(office.station("A").station_id, after_seq=base + 3) == kept[1:]
    link.close()
    reg.close()


class _Forged:
    """Something write_bundle can bundle: a forged log and its sessions."""

    def __init__(self, records) -> None:  # type: ignore[no-untyped-def]
        self.log = ListLog(records)

    def stored_records(self, since_seq: int = 1):  # type: ignore[no-untyped-def]
        return self.log.stored_records(since_seq)

    def sessions(self):  # type: ignore[no-untyped-def]
        return ()


def test_a_bundle_that_is_not_the_held_log_is_refused(svc, office, tmp_path) -> None:
    reg = office.registry("A")
    reg.authenticate("m1", "correct horse battery")
    reg.authenticate("m1", "correct horse battery")
    link = _link(svc, office, reg)
    link.uplink.sync()
    station = office.station("A")
    forged = tmp_path / "forged.json"
    write_bundle(_Forged(office.forged_log("A", 2)), station, forged,  # type: ignore[arg-type]
                 office.certificates["A"], since_seq=1, room="Room A", now=datetime.now(UTC))
    with pytest.raises(OfficeRefused) as refused:
        link.client.push_bundle(forged.read_bytes())
    assert refused.value.code == "fork"
    later = tmp_path / "later.json"
    reg.export_bundle(later, office.certificates["A"], since_seq=2)
    with pytest.raises(OfficeRefused) as refused:
        link.client.push_bundle(later.read_bytes())
    assert refused.value.code == "bundle_gap"
    with pytest.raises(OfficeRefused) as refused:
        link.client.push_bundle(b"{}")
    assert refused.value.code == "bad_bundle"
    link.close()
    reg.close()
