"""Service instances are stateless: two instances over one database behave as one
(a station's pushes alternate between them; replays and the last session are seen by both)."""

from __future__ import annotations

import secrets
import threading

import httpx
from officeworld import now, service

from screeningroom.office import signing
from screeningroom.office.client import OfficeClient
from screeningroom.office.errors import SessionNotGranted
from screeningroom.office.uplink import Uplink
from screeningroom.registry import AuditEvent
from screeningroom.registry.canonical import to_micros


class Alternating:
    """One station's client that sends each request to the next instance in turn."""

    def __init__(self, urls: list[str], station) -> None:  # type: ignore[no-untyped-def]
        self.clients = [OfficeClient(u, station) for u in urls]
        self.signer = station
        self.turn = 0

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        client = self.clients[self.turn % len(self.clients)]
        self.turn += 1
        return getattr(client, name)

    def close(self) -> None:
        for c in self.clients:
            c.close()


def test_two_instances_one_registry(pg_url, office) -> None:
    reg = office.registry("A")
    for _ in range(5):
        s = reg.start_session("m1", "F1", "L1", "v1", room="Room A")
        reg.record(s.session_id, AuditEvent.PAUSE)
    with service(pg_url, office) as one, service(pg_url, office) as two:
        both = Alternating([one[0], two[0]], office.station("A"))
        try:
            report = Uplink(both, reg, office.certificates["A"], batch=2).sync()  # type: ignore[arg-type]
            assert report.head_seq == 11 and report.duplicates == 0  # with the enrolment
            assert both.turn > 5
        finally:
            both.close()
        headers = signing.sign_request(office.station("A"), "GET", "/v1/head", b"",
                                       time_us=to_micros(now()))
        assert httpx.get(one[0] + "/v1/head", headers=headers).status_code == 200
        replay = httpx.get(two[0] + "/v1/head", headers=headers)
        assert replay.status_code == 409 and replay.json()["error"] == "replay"
        lic = office.license("A", max_sessions=1)
        won, lost = [], []

        def ask(url: str) -> None:
            with OfficeClient(url, office.station("A")) as c:
                try:
                    won.append(c.grant(lic, secrets.randbits(62) + 1, "m1"))
                except SessionNotGranted:
                    lost.append(url)

        threads = [threading.Thread(target=ask, args=(u,)) for u in [one[0], two[0]] * 4]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert (len(won), len(lost)) == (1, 7)
    reg.close()
