"""The station's permission to start a session: granted online, or offline within the
license's allowance."""

from __future__ import annotations

from datetime import timedelta

import pytest
from officeworld import now

from screeningroom.office.client import OfficeClient
from screeningroom.office.errors import OfficeUnreachable, SessionNotGranted
from screeningroom.office.link import STATE_FILE, OfflineNotAllowed, StationLink
from screeningroom.office.localpg import free_port
from screeningroom.vault import read_license


def _link(url: str, office, reg) -> StationLink:  # type: ignore[no-untyped-def]
    station = office.station("A")
    return StationLink(OfficeClient(url, station, timeout=2), reg, office.certificates["A"],
                       station.folder, interval=0.05)


def _start(reg, lic, permit) -> None:  # type: ignore[no-untyped-def]
    reg.start_session("m1", lic.film_id, lic.license_id, "v1", room="Room A",
                      session_id=permit.session_id)


def test_online_sessions_are_granted_and_set_the_clock_floor(svc, office) -> None:
    reg = office.registry("A")
    lic = read_license(office.license("A", max_sessions=2))
    link = _link(svc[0], office, reg).start()
    try:
        permit = link.permit(lic, "m1")
        assert permit.grant is not None and permit.grant.number == 1
        assert abs((permit.clock_floor - now()).total_seconds()) < 5
        assert link.clock_floor(now() - timedelta(days=1)) == permit.clock_floor
        _start(reg, lic, permit)
        link.notify()
        _start(reg, lic, link.permit(lic, "m1"))
        with pytest.raises(SessionNotGranted):
            link.permit(lic, "m1")
    finally:
        link.close()
    reg.close()


def test_offline_only_within_the_license_allowance(svc, office) -> None:
    reg = office.registry("A")
    lic = read_license(office.license("A", max_sessions=5, offline_sessions=1))
    strict = read_license(office.license("A", max_sessions=5))
    online = _link(svc[0], office, reg)
    _start(reg, lic, online.permit(lic, "m1"))                 # the office counts 1
    online.close()
    offline = _link(f"http://127.0.0.1:{free_port()}", office, reg)   # nothing listens
    try:
        with pytest.raises(OfflineNotAllowed):
            offline.permit(strict, "m1")
        permit = offline.permit(lic, "m1")
        assert permit.grant is None and permit.offline_number == 1
        _start(reg, lic, permit)
        with pytest.raises(OfflineNotAllowed):
            offline.permit(lic, "m1")                           # the allowance is used
        (office.station("A").folder / STATE_FILE).unlink()      # deleting it is stricter
        with pytest.raises(OfflineNotAllowed):
            offline.permit(lic, "m1")
    finally:
        offline.close()
    reg.close()


def test_signed_reports_wait_in_the_outbox_until_the_office_has_them(svc, office,
                                                                     tmp_path) -> None:
    from officeworld import session_with_signed_report, signed_report

    reg = office.registry("A")
    session = session_with_signed_report(reg)
    sig = tmp_path / "report.pdf.sig"
    sig.write_bytes(signed_report(office.station("A"), session))
    away = _link(f"http://127.0.0.1:{free_port()}", office, reg)
    away.queue_report(sig)
    with pytest.raises(OfficeUnreachable):
        away.sync()
    assert len(list(away.outbox.glob("*.sig"))) == 1
    away.close()
    back = _link(svc[0], office, reg)
    try:
        assert back.sync().head_seq == 2
        assert list(back.outbox.glob("*.sig")) == []
    finally:
        back.close()
    with svc[1].transaction() as conn:
        row = conn.execute("SELECT count(*) AS n FROM reports").fetchone()
    assert row["n"] == 1
    reg.close()
