"""The takedown desk takes in the central registry: the office's revocation list and each
station's signed bundles, through the desk's own import (its checks, findings, proofs)."""

from __future__ import annotations

from pathlib import Path

import pytest
from officeworld import play

from screeningroom.office.client import OfficeClient
from screeningroom.office.errors import OfficeRefused
from screeningroom.office.link import StationLink
from screeningroom.office.model import AnomalyKind
from screeningroom.registry import AuditEvent
from takedown import audit
from takedown.desk import Desk


@pytest.fixture
def desk(svc, office, tmp_path: Path):  # type: ignore[no-untyped-def]
    station = office.station("desk")
    with OfficeClient(svc[0], station) as c:
        c.enroll(office.certificates["desk"])
        c.send_revocations(office.authority.revoke())          # the office's list, empty
    svc[1].set_reader(station.station_id, True)
    with Desk.open(tmp_path / "desk", station=lambda: station,
                   station_folder=station.folder) as d:
        yield d


def _play(reg, link, n: int = 1) -> list[int]:  # type: ignore[no-untyped-def]
    ids = play(reg, n)
    link.sync()
    return ids


def test_the_desk_resolves_sessions_from_the_central_registry(svc, office, desk) -> None:
    reg = office.registry("A")
    station = office.station("A")
    link = StationLink(OfficeClient(svc[0], station), reg, office.certificates["A"],
                       station.folder)
    first = _play(reg, link, 2)
    with OfficeClient(svc[0], office.station("desk")) as client:
        done = desk.sync_office(client)
        assert (done.revocation_list, done.bundles_imported, done.refused) == (1, 1, ())
        assert done.office_findings == ()
        assert {s.session_id for s in desk.sessions_of_film("F1")} == set(first)
        proof = audit.session_proof(desk.store, desk.sessions_of_film("F1")[0])
        assert proof is not None and proof.records[0].event is AuditEvent.SESSION_START
        assert desk.sync_office(client).bundles_imported == 0   # nothing new
        later = _play(reg, link, 1)
        again = desk.sync_office(client)
        assert (again.revocation_list, again.bundles_imported) == (None, 1)
        assert {s.session_id for s in desk.sessions_of_film("F1")} == set(first + later)
        assert [v.station.last_seq for v in desk.stations()
                if v.station.station_id == station.station_id] == \
            [max(r.seq for r in reg.records())]
    link.close()
    reg.close()


def test_office_sync_command(svc, office, desk, monkeypatch, capsys) -> None:
    # trust_commands imports open_desk from commands: import it before either is patched,
    # or it keeps the patched one (and later tests open this test's desk)
    from takedown import cli, commands, trust_commands

    reg = office.registry("A")
    station = office.station("A")
    link = StationLink(OfficeClient(svc[0], station), reg, office.certificates["A"],
                       station.folder)
    _play(reg, link, 1)
    monkeypatch.setattr(commands, "open_desk", lambda args=None: desk)
    monkeypatch.setattr(trust_commands, "open_desk", lambda args=None: desk)
    desk.close = lambda: None  # type: ignore[method-assign]
    assert cli.main(["office-sync", "--url", svc[0]]) == 0
    out = capsys.readouterr().out
    assert "revocation list number 1" in out and "1 of their bundles" in out
    link.close()
    reg.close()


def test_a_scan_first_takes_in_the_registry_the_settings_name(svc, office, desk, tmp_path,
                                                              monkeypatch, capsys) -> None:
    from screeningroom.settings import Settings
    from takedown.commands import _sync_office

    monkeypatch.setenv("SCREENINGROOM_HOME", str(tmp_path / "home"))
    _sync_office(desk)                                      # no registry set: nothing
    assert capsys.readouterr().out == ""
    Settings().set("office_url", svc[0])
    _sync_office(desk)
    assert "revocation list number 1" in capsys.readouterr().out
    Settings().set("office_url", "http://127.0.0.1:9")     # unreachable: the scan goes on
    _sync_office(desk)
    assert "Not synchronised" in capsys.readouterr().out


def test_the_office_findings_come_back_with_a_sync(svc, office, desk, capsys) -> None:
    from takedown.trust_commands import print_office_sync

    with OfficeClient(svc[0], office.station("A")) as c:
        c.enroll(office.certificates["A"])
        with pytest.raises(OfficeRefused):
            c.push(office.forged_log("A", 2)[1:])          # a gap: the office records it
    with OfficeClient(svc[0], office.station("desk")) as client:
        done = desk.sync_office(client)
    assert [f.kind for f in done.office_findings] == [AnomalyKind.GAP]
    print_office_sync(done)
    assert "Office finding against " + office.station("A").station_id in \
        capsys.readouterr().out
