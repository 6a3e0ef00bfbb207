"""Online quota and clock: the office counts a license's sessions in PostgreSQL."""

from __future__ import annotations

import secrets
import threading
from datetime import timedelta

import pytest
from officeworld import now

from screeningroom.office.client import OfficeClient
from screeningroom.office.errors import SessionNotGranted
from screeningroom.office.model import AnomalyKind
from screeningroom.office.uplink import Uplink
from screeningroom.vault import read_license


def _sid() -> int:
    return secrets.randbits(63) + 1


@pytest.fixture
def client(svc, office):  # type: ignore[no-untyped-def]
    with OfficeClient(svc[0], office.station("A")) as c:
        c.enroll(office.certificates["A"])
        yield c


def _findings(svc, kind: AnomalyKind) -> list[dict]:
    with svc[1].transaction() as conn:
        return conn.execute("SELECT * FROM anomalies WHERE kind = %s ORDER BY id",
                            (kind.value,)).fetchall()


def test_sessions_are_counted_by_the_office(client, office) -> None:
    lic = office.license("A", max_sessions=2)
    first = client.grant(lic, _sid(), "m1")
    second = client.grant(lic, _sid(), "m1")
    assert (first.number, second.number, second.remaining) == (1, 2, 0)
    assert abs((first.service_time - now()).total_seconds()) < 5
    with pytest.raises(SessionNotGranted) as refused:
        client.grant(lic, _sid(), "m1")
    assert refused.value.code == "sessions_used_up"


def test_asking_again_for_the_same_session_counts_once(client, office) -> None:
    lic = office.license("A", max_sessions=1)
    sid = _sid()
    assert client.grant(lic, sid, "m1").number == 1
    assert client.grant(lic, sid, "m1").number == 1     # a retry after a lost answer
    with pytest.raises(SessionNotGranted):
        client.grant(lic, _sid(), "m1")


def test_concurrent_asks_for_the_last_session(svc, office) -> None:
    lic = office.license("A", max_sessions=1)
    with OfficeClient(svc[0], office.station("A")) as c:
        c.enroll(office.certificates["A"])
    won, lost = [], []

    def ask() -> None:
        with OfficeClient(svc[0], office.station("A")) as c:
            try:
                won.append(c.grant(lic, _sid(), "m1"))
            except SessionNotGranted:
                lost.append(1)

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert (len(won), len(lost)) == (1, 7)


def test_a_reinstalled_station_does_not_reset_the_count(svc, office) -> None:
    lic = office.license("A", max_sessions=1)
    license_id = read_license(lic).license_id
    reg = office.registry("A")
    with OfficeClient(svc[0], office.station("A")) as c:
        c.enroll(office.certificates["A"])
        grant = c.grant(lic, _sid(), "m1")
        reg.start_session("m1", "F1", license_id, "v1", room="Room A",
                          session_id=grant.session_id)
        Uplink(c, reg, None).sync()
    reg.close()
    # the station's files are gone (a new client, no local state): the office still counts
    (office.station("A").folder / "registry.sqlite3").unlink()
    with OfficeClient(svc[0], office.station("A")) as c, pytest.raises(SessionNotGranted):
        c.grant(lic, _sid(), "m1")


@pytest.mark.parametrize("change, code", [
    (dict(members=("someone",)), "member_not_licensed"),
    (dict(not_before=now() + timedelta(hours=1), not_after=now() + timedelta(hours=2)),
     "license_window"),
])
def test_a_license_that_does_not_hold_now(client, office, change, code) -> None:
    with pytest.raises(SessionNotGranted) as refused:
        client.grant(office.license("A", **change), _sid(), "m1")
    assert refused.value.code == code


def test_a_license_of_another_station(client, office) -> None:
    office.station("B")
    with pytest.raises(SessionNotGranted) as refused:
        client.grant(office.license("B"), _sid(), "m1")
    assert refused.value.code == "wrong_station"


def test_a_revoked_license(client, office) -> None:
    lic = office.license("A")
    client.send_revocations(office.authority.revoke(licenses=(read_license(lic).license_id,)))
    with pytest.raises(SessionNotGranted) as refused:
        client.grant(lic, _sid(), "m1")
    assert refused.value.code == "license_revoked"


def test_offline_sessions_are_reconciled_on_reconnection(svc, client, office) -> None:
    lic = office.license("A", max_sessions=2)
    license_id = read_license(lic).license_id
    uses = client.add_licenses([lic])
    assert uses[0].offline_sessions == 0 and uses[0].used == 0
    reg = office.registry("A")
    online = client.grant(lic, _sid(), "m1")
    reg.start_session("m1", "F1", license_id, "v1", room="Room A",
                      session_id=online.session_id)
    for _ in range(2):                                   # played while the office was away
        reg.start_session("m1", "F1", license_id, "v1", room="Room A")
    Uplink(client, reg, None).sync()
    assert len(_findings(svc, AnomalyKind.UNGRANTED_SESSION)) == 2
    excess = _findings(svc, AnomalyKind.EXCESS_SESSIONS)
    assert len(excess) == 2                              # beyond the offline allowance, then
    assert "offline" in excess[0]["detail"]              # beyond the license itself
    assert "number 3" in excess[1]["detail"]
    reg.close()


def test_a_session_that_failed_before_its_first_frame_gives_its_count_back(svc, client,
                                                                            office) -> None:
    lic = office.license("A", max_sessions=1)
    license_id = read_license(lic).license_id
    reg = office.registry("A")
    grant = client.grant(lic, _sid(), "m1")
    reg.start_session("m1", "F1", license_id, "v1", room="Room A", session_id=grant.session_id)
    reg.fail_session(grant.session_id, "decoder", "the film could not be decoded")
    Uplink(client, reg, None).sync()
    again = client.grant(lic, _sid(), "m1")                  # the failed one did not count
    assert again.number == 1
    with svc[1].transaction() as conn:
        state = conn.execute("SELECT end_state FROM sessions WHERE session_id = %s",
                             (f"{grant.session_id:016x}",)).fetchone()["end_state"]
    assert state == "failed"
    reg.close()


def test_no_grant_for_a_station_whose_certificate_expired(pg_url, office) -> None:
    from officeworld import service

    lic = office.license("A", not_after=now() + timedelta(days=60))
    later = now() + timedelta(days=40)           # the certificate ran for 30 days
    with service(pg_url, office) as svc, OfficeClient(svc[0], office.station("A")) as c:
        c.enroll(office.certificates["A"])
    with service(pg_url, office, clock=lambda: later) as svc, \
            OfficeClient(svc[0], office.station("A")) as c:
        with pytest.raises(SessionNotGranted) as refused:
            c.grant(lic, _sid(), "m1")           # signed again with the office's time
        assert refused.value.code == "certificate_expired"
        assert abs((c.service_now() - later).total_seconds()) < 60
