"""Sessions: start, events, end, counts, clock floor, refusals; durability across kill -9."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest

from screeningroom.registry import (
    AuditEvent,
    Registry,
    RegistryBadInput,
    SessionClosed,
    SessionEnd,
    SessionIdTaken,
    UnknownMember,
    UnknownSession,
)

ROOT = Path(__file__).resolve().parents[2]


def _logged(registry: Registry) -> list:  # type: ignore[type-arg]
    """The records but the members' enrolments."""
    return [r for r in registry.records() if r.event is not AuditEvent.MEMBER_ADDED]


def _start(registry: Registry, member: str, t0, **kw):
    return registry.start_session(member, "FILM-0042", "LIC-7", "kz-2026-a", room="Hall 2",
                                  now=t0, **kw)


def test_session_is_bound_and_logged(registry: Registry, member: str, t0) -> None:
    session = _start(registry, member, t0)
    assert 0 < session.session_id < 2**64
    assert (session.station_id, session.room, session.member_id, session.film_id,
            session.license_id, session.profile, session.started_at) == (
        "KZ-ALA-ST01", "Hall 2", member, "FILM-0042", "LIC-7", "kz-2026-a", t0)
    assert session.end is SessionEnd.OPEN
    (start,) = _logged(registry)
    assert start.event is AuditEvent.SESSION_START
    assert start.session_id == session.session_id
    assert start.detail == {"license": "LIC-7", "profile": "kz-2026-a", "room": "Hall 2"}
    assert registry.session(session.session_id) == session


def test_events_and_end(registry: Registry, member: str, t0) -> None:
    session = _start(registry, member, t0)
    registry.record(session.session_id, AuditEvent.PAUSE, {"position_ms": 61_000},
                    now=t0 + timedelta(minutes=1))
    registry.record(session.session_id, AuditEvent.SEEK, {"from_ms": 61_000, "to_ms": 5_000})
    registry.record(session.session_id, AuditEvent.STOP, "member pressed stop")
    registry.end_session(session.session_id, now=t0 + timedelta(minutes=5))
    ended = registry.session(session.session_id)
    assert ended.end is SessionEnd.CLEAN
    assert ended.ended_at == t0 + timedelta(minutes=5)
    events = [r.event for r in _logged(registry)]
    assert events == [AuditEvent.SESSION_START, AuditEvent.PAUSE, AuditEvent.SEEK,
                      AuditEvent.STOP, AuditEvent.END]
    with pytest.raises(SessionClosed):
        registry.record(session.session_id, AuditEvent.PAUSE, None)
    with pytest.raises(SessionClosed):
        registry.end_session(session.session_id)
    assert registry.verify_chain().ok


def test_record_refuses_what_is_not_a_session_event(registry: Registry, member: str,
                                                    t0) -> None:
    session = _start(registry, member, t0)
    with pytest.raises(RegistryBadInput, match="login"):
        registry.record(session.session_id, AuditEvent.LOGIN, None)
    with pytest.raises(RegistryBadInput, match="float"):
        registry.record(session.session_id, AuditEvent.SEEK, {"to": 1.5})
    with pytest.raises(UnknownSession):
        registry.record(12345, AuditEvent.PAUSE, None)
    assert len(_logged(registry)) == 1


def test_end_through_record(registry: Registry, member: str, t0) -> None:
    session = _start(registry, member, t0)
    registry.record(session.session_id, AuditEvent.END, {"position_ms": 10})
    assert registry.session(session.session_id).end is SessionEnd.CLEAN


def test_session_ids(registry: Registry, member: str, t0) -> None:
    first = _start(registry, member, t0, session_id=0xDEADBEEF00000001)
    assert first.short_id == "deadbeef00000001"
    with pytest.raises(SessionIdTaken):
        _start(registry, member, t0, session_id=0xDEADBEEF00000001)
    for bad in (0, 2**64, -1):
        with pytest.raises(RegistryBadInput):
            _start(registry, member, t0, session_id=bad)
    with pytest.raises(UnknownMember):
        registry.start_session("ghost", "F", "L", "p", room="Hall 2")
    with pytest.raises(RegistryBadInput, match="film"):
        registry.start_session(member, " ", "L", "p", room="Hall 2")
    second = _start(registry, member, t0)
    assert second.session_id != first.session_id
    assert registry.sessions_used("LIC-7") == 2
    assert registry.sessions_used("LIC-OTHER") == 0
    assert [s.session_id for s in registry.sessions()] == sorted(
        [first.session_id, second.session_id], key=lambda i: f"{i:016x}")


def test_clock_floor_refusals_and_licenses(registry: Registry, member: str, t0) -> None:
    assert registry.clock_floor() == t0  # the member's enrolment
    registry.record_license_loaded("LIC-7", "FILM-0042", detail={"sessions": 3},
                                   now=t0 + timedelta(hours=2))
    registry.record_refusal("license-expired", "The screening window has closed.",
                            member, "FILM-0042", now=t0)
    assert registry.clock_floor() == t0 + timedelta(hours=2)
    clock = registry.record_refusal("clock-rollback", "The clock went back.", member,
                                    now=t0 - timedelta(days=1))
    assert clock.event is AuditEvent.CLOCK_ANOMALY
    assert clock.detail["log_floor"] == "2026-11-23T12:00:00.000000Z"
    flagged = registry.record_refusal("custom", "odd clock", clock_anomaly=True)
    assert flagged.event is AuditEvent.CLOCK_ANOMALY
    refusal = next(r for r in registry.records() if r.event is AuditEvent.REFUSAL)
    assert refusal.detail == {"reason": "license-expired",
                              "message": "The screening window has closed."}
    assert registry.clock_floor() == t0 + timedelta(hours=2)  # the newest, not the last


CHILD = textwrap.dedent("""
    import sys, time
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
    from screeningroom.registry import Registry, RegistrySettings, ScryptParams

    class Signer:
        station_id = "KZ-ALA-ST01"
        def __init__(self):
            self._key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
            self.signing_public_key = self._key.public_key().public_bytes(
                Encoding.Raw, PublicFormat.Raw)
        def sign(self, data):
            return self._key.sign(data)

    reg = Registry.open(sys.argv[1], Signer(),
                        settings=RegistrySettings(scrypt=ScryptParams(n=2**10)))
    reg.add_member("aigerim", "Aigerim", "correct horse battery")
    session = reg.start_session("aigerim", "FILM-0042", "LIC-7", "kz-2026-a", room="Hall 2")
    print(session.session_id, flush=True)
    time.sleep(600)
""")


def test_kill_minus_nine_loses_no_committed_record(db_path: Path, signer, fast_settings,
                                                   step_clock) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(db_path)],
                             stdout=subprocess.PIPE, text=True, env=env)
    try:
        line = child.stdout.readline()
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=60)
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    session_id = int(line)
    with Registry.open(db_path, signer, settings=fast_settings, clock=step_clock()) as reg:
        session = reg.session(session_id)
        assert session.end is SessionEnd.UNCLEAN
        assert session.ended_at is not None
        events = [(r.event, r.session_id) for r in _logged(reg)]
        assert events == [(AuditEvent.SESSION_START, session_id),
                          (AuditEvent.CRASH_RECOVERY, session_id)]
        assert reg.verify_chain().ok
    # a second opening finds nothing left to recover
    with Registry.open(db_path, signer, settings=fast_settings) as reg:
        assert len(_logged(reg)) == 2


def test_no_recovery_while_the_session_process_lives(db_path: Path, signer, fast_settings,
                                                     t0) -> None:
    player = Registry.open(db_path, signer, settings=fast_settings)
    try:
        player.add_member("aigerim", "Aigerim", "correct horse battery")
        session = _start(player, "aigerim", t0)
        with Registry.open(db_path, signer, settings=fast_settings) as cli:
            assert cli.session(session.session_id).end is SessionEnd.OPEN
        player.end_session(session.session_id)
    finally:
        player.close()
    with Registry.open(db_path, signer, settings=fast_settings) as again:
        assert [r.event for r in _logged(again)] == [AuditEvent.SESSION_START,
                                                      AuditEvent.END]


def test_detail_is_canonical_json(registry: Registry, member: str, t0) -> None:
    session = _start(registry, member, t0)
    record = registry.record(session.session_id, AuditEvent.SEEK,
                             {"b": 1, "a": ["қ", True, None]})
    assert record.detail_json == '{"a":["қ",true,null],"b":1}'
    assert json.loads(record.detail_json) == record.detail


def test_threads_share_one_registry(registry: Registry, member: str, t0) -> None:
    from concurrent.futures import ThreadPoolExecutor

    sessions = [_start(registry, member, t0) for _ in range(4)]

    def play(session) -> None:
        for position in range(10):
            registry.record(session.session_id, AuditEvent.SEEK, {"to_ms": position})
        registry.end_session(session.session_id)

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(play, sessions))
    report = registry.verify_chain()
    assert report.ok and report.records == 1 + 4 + 4 * 11  # the enrolment, then the sessions
