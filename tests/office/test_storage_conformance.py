"""One conformance suite for every registry backend: the SQLite file and PostgreSQL.

Each test takes ``location`` (a SQLite path, or the URL of a fresh PostgreSQL database on
the session's real server) and opens it through :func:`open_storage`, as the station does.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from clocks import StepClock
from signers import SeedSigner

from screeningroom.registry import (
    AuditEvent,
    Registry,
    RegistrySettings,
    ScryptParams,
    SessionEnd,
    StationMismatch,
    open_storage,
)
from screeningroom.registry.canonical import ZERO_HASH, RecordFields
from screeningroom.registry.chain import sign_record
from screeningroom.registry.model import Session
from screeningroom.registry.storage import MemberRow, Storage

T0 = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
FAST = RegistrySettings(scrypt=ScryptParams(n=2**10, r=8, p=1))
SESSION_IDS = (1, 2**63 - 1, 2**63, 2**64 - 1)


class Signer(SeedSigner):
    def __init__(self, seed: int = 7, station_id: str = "st-conformance") -> None:
        super().__init__(bytes([seed]) * 32, station_id)


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "registry.sqlite3")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def storage(location: str):
    opened = open_storage(location)
    yield opened
    opened.close()


@pytest.fixture
def open_registry(location: str) -> Callable[..., Registry]:
    opened: list[Registry] = []

    def make(signer: Signer | None = None) -> Registry:
        reg = Registry.open(location, signer or Signer(), settings=FAST, clock=StepClock(T0))
        opened.append(reg)
        return reg

    yield make
    for reg in opened:
        reg.close()


def _session(sid: int, license_id: str = "L1", started: datetime = T0) -> Session:
    return Session(session_id=sid, station_id="st-conformance", room="Room 3", member_id="m1",
                   film_id="F1", license_id=license_id, profile="v1", started_at=started)


def test_meta_is_set_and_replaced(storage: Storage) -> None:
    assert storage.get_meta("k") is None
    with storage.atomic():
        storage.set_meta("k", "one")
        storage.set_meta("k", "two")
    assert storage.get_meta("k") == "two"


def test_members_are_unique_and_ordered(storage: Storage) -> None:
    with storage.atomic():
        assert storage.insert_member(MemberRow("zed", "Zed", "h1", 5))
        assert storage.insert_member(MemberRow("abay", "Абай Құнанбайұлы", "h2", 6))
        assert not storage.insert_member(MemberRow("zed", "Other", "h3", 7))
        storage.update_login_state("zed", 2, 99)
        storage.set_password_hash("abay", "h9")
    assert storage.get_member("abay").password_hash == "h9"
    assert [m.member_id for m in storage.list_members()] == ["abay", "zed"]
    assert storage.get_member("zed") == MemberRow("zed", "Zed", "h1", 5, 2, 99)
    assert storage.get_member("abay").full_name == "Абай Құнанбайұлы"
    assert storage.get_member("nobody") is None


def test_session_ids_across_the_whole_range(storage: Storage) -> None:
    with storage.atomic():
        for n, sid in enumerate(SESSION_IDS):
            assert storage.insert_session(_session(sid, started=T0 + timedelta(seconds=n)))
        assert not storage.insert_session(_session(2**64 - 1, license_id="L2"))
    assert [s.session_id for s in storage.list_sessions()] == list(SESSION_IDS)
    assert storage.get_session(2**63).short_id == "8000000000000000"
    assert storage.get_session(12345) is None


def test_sessions_finish_and_count_per_license(storage: Storage) -> None:
    with storage.atomic():
        storage.insert_session(_session(10))
        storage.insert_session(_session(11, started=T0 + timedelta(seconds=1)))
        storage.insert_session(_session(12, license_id="L2"))
        storage.finish_session(10, 1_000, SessionEnd.CLEAN)
    assert storage.count_license_sessions("L1") == 2
    assert storage.count_license_sessions("L3") == 0
    assert [s.session_id for s in storage.list_sessions(open_only=True)] == [12, 11]
    done = storage.get_session(10)
    assert done.end is SessionEnd.CLEAN and done.ended_at is not None


def test_records_round_trip_in_order(storage: Storage) -> None:
    signer = Signer()
    previous = ZERO_HASH
    with storage.atomic():
        for seq in range(1, 6):
            fields = RecordFields(seq, 1_000 * seq, "seek", "st-conformance",
                                  None if seq % 2 else 2**64 - 1, "m1", "F1",
                                  '{"to":"00:01:00","ключ":"мән"}', previous)
            stored = sign_record(fields, signer)
            storage.append_record(stored)
            previous = stored.hash
    assert storage.last_record().fields.seq == 5
    assert storage.last_record().hash == previous
    assert [r.fields.seq for r in storage.records(3)] == [3, 4, 5]
    assert storage.records(2).__next__().fields.session_id == 2**64 - 1
    assert storage.max_time_us() == 5_000


def test_empty_log(storage: Storage) -> None:
    assert storage.last_record() is None
    assert list(storage.records()) == []
    assert storage.max_time_us() is None


def test_a_failed_unit_of_work_leaves_nothing(storage: Storage) -> None:
    with pytest.raises(RuntimeError), storage.atomic():
        storage.insert_member(MemberRow("ghost", "Ghost", "h", 1))
        storage.set_meta("half", "done")
        raise RuntimeError("the power went")
    assert storage.get_member("ghost") is None
    assert storage.get_meta("half") is None


def test_a_second_live_process_blocks_recovery(location: str, storage: Storage) -> None:
    other = open_storage(location)
    try:
        assert not storage.claim_recovery()
        assert not other.claim_recovery()
    finally:
        other.close()
    deadline = time.monotonic() + 10   # the server ends the closed session's backend soon after
    while not storage.claim_recovery() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert storage.claim_recovery()
    assert storage.claim_recovery()  # claiming keeps the registry's own liveness mark


def test_concurrent_writers_keep_one_chain(open_registry) -> None:
    reg = open_registry()
    reg.add_member("m1", "Member One", "correct horse battery")
    session = reg.start_session("m1", "F1", "L1", "v1", room="Room 3")
    errors: list[BaseException] = []

    def pause_and_resume() -> None:
        try:
            for _ in range(10):
                reg.record(session.session_id, AuditEvent.PAUSE)
                reg.record(session.session_id, AuditEvent.RESUME)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=pause_and_resume) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    report = reg.verify_chain()
    assert report.ok and report.records == 2 + 80  # the enrolment, the start, the events


def test_registry_survives_reopening_and_recovers_open_sessions(open_registry,
                                                                location: str) -> None:
    reg = open_registry()
    reg.add_member("m1", "Member One", "correct horse battery")
    sid = reg.start_session("m1", "F1", "L1", "v1", room="Room 3").session_id
    reg.close()
    again = open_registry()
    assert again.session(sid).end is SessionEnd.UNCLEAN
    events = [r.event for r in again.records()]
    assert events == [AuditEvent.MEMBER_ADDED, AuditEvent.SESSION_START,
                      AuditEvent.CRASH_RECOVERY]
    assert again.verify_chain().ok
    assert again.sessions_used("L1") == 1


def test_registry_is_bound_to_its_station(open_registry) -> None:
    open_registry().close()
    with pytest.raises(StationMismatch):
        open_registry(Signer(seed=9))
