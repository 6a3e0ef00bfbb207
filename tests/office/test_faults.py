"""The service killed with SIGKILL and PostgreSQL restarted in the middle of pushes: every
station resumes, nothing is lost or kept twice (real processes, real server)."""

from __future__ import annotations

import threading
import time

import pytest
from officeworld import FaultAfter, fill

from screeningroom.office import queries
from screeningroom.office.client import OfficeClient
from screeningroom.office.errors import OfficeError, OfficeUnreachable
from screeningroom.office.localpg import free_port
from screeningroom.office.server import ServiceProcess
from screeningroom.office.store import OfficeStore
from screeningroom.office.uplink import Uplink
from screeningroom.registry import chain


def _exact(pg_url: str, office, names, regs) -> None:  # type: ignore[no-untyped-def]
    store = OfficeStore(pg_url, pool_size=2)
    try:
        for name, reg in zip(names, regs, strict=True):
            station = office.station(name)
            held = queries.records(store, station.station_id)
            local = list(reg.stored_records())
            assert [r.hash for r in held] == [r.hash for r in local]
            report, _h = chain.check_chain(held, station.signing_public_key)
            assert report.ok and report.records == len(local)
    finally:
        store.close()


@pytest.fixture
def spawn(pg_url, office, tmp_path):  # type: ignore[no-untyped-def]
    anchor = tmp_path / "anchor.sra"
    anchor.write_bytes(office.anchor.signed_bytes)
    made: list[ServiceProcess] = []

    def make() -> ServiceProcess:
        made.append(ServiceProcess(pg_url, anchor, free_port(), tmp_path / "service.log",
                                   pool_size=4))
        return made[-1].start()

    yield make
    for s in made:
        s.stop()
    assert "Traceback" not in (tmp_path / "service.log").read_text(errors="replace")


def test_service_killed_mid_push_resumes_exactly(spawn, pg_url, office) -> None:
    reg = office.registry("A")
    fill(reg, 6)
    service = spawn()
    with OfficeClient(service.url, office.station("A"), timeout=3) as client:
        with pytest.raises(OfficeUnreachable):
            Uplink(client, FaultAfter(reg, 13, service.kill9), office.certificates["A"],
                   batch=4).sync()
        service.start()
        assert 0 < client.head()[0] < 30
        assert Uplink(client, reg, None, batch=4).sync().head_seq == 31  # with the enrolment
    _exact(pg_url, office, ["A"], [reg])
    reg.close()


def _held_when(pg_url: str, at_least: int) -> int:
    """Wait until the office holds ``at_least`` records; how many it then holds."""
    import psycopg

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with psycopg.connect(pg_url) as conn:
            held = conn.execute("SELECT count(*) FROM records").fetchone()[0]
        if held >= at_least:
            return held
        time.sleep(0.02)
    return -1


@pytest.mark.slow
def test_many_stations_through_kill_and_database_restart(spawn, pg_url, pg_cluster,
                                                         office) -> None:
    names = [f"S{i}" for i in range(6)]
    regs = [office.registry(n) for n in names]
    for reg in regs:
        fill(reg, 40)                                       # 200 records each
    service = spawn()
    done: dict[str, int] = {}

    def push(name: str, reg) -> None:  # type: ignore[no-untyped-def]
        with OfficeClient(service.url, office.station(name), timeout=3) as client:
            uplink = Uplink(client, reg, office.certificates[name], batch=5)
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline:
                try:
                    done[name] = uplink.sync().head_seq
                    return
                except OfficeError:
                    time.sleep(0.2)

    threads = [threading.Thread(target=push, args=(n, r)) for n, r in zip(names, regs,
                                                                         strict=True)]
    for t in threads:
        t.start()
    assert 0 < _held_when(pg_url, 400) < 1200               # mid-push, a third of the way
    service.kill9()
    time.sleep(0.5)
    service.start()
    assert _held_when(pg_url, 800) < 1200                   # two thirds of the way
    pg_cluster.restart("immediate")
    for t in threads:
        t.join()
    assert done == {n: 200 for n in names}
    _exact(pg_url, office, names, regs)
    for reg in regs:
        reg.close()
