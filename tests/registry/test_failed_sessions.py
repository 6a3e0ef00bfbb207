"""A session that failed before its first frame is recorded as failed and is not counted;
the count is the signed log's."""

from __future__ import annotations

from datetime import timedelta

import pytest

from screeningroom.registry import (
    AuditEvent,
    Registry,
    SessionEnd,
    SessionNotFailed,
    SessionsUsedUp,
    load_bundle,
)


def _start(registry: Registry, member: str, t0, **kw):  # type: ignore[no-untyped-def]
    return registry.start_session(member, "FILM-1", "LIC-1", "p", room="Hall 1", now=t0,
                                  max_sessions=1, **kw)


def test_a_session_failing_before_its_first_frame_is_not_counted(registry: Registry,
                                                                  member: str, t0,
                                                                  tmp_path) -> None:
    first = _start(registry, member, t0)
    record = registry.fail_session(first.session_id, "cannot-decode", "no picture",
                                   now=t0 + timedelta(seconds=3))
    assert record.event is AuditEvent.SESSION_FAILED
    assert record.detail == {"message": "no picture", "reason": "cannot-decode"}
    assert registry.session(first.session_id).end is SessionEnd.FAILED
    assert registry.sessions_used("LIC-1") == 0
    second = _start(registry, member, t0 + timedelta(minutes=1))  # the one session is left
    with pytest.raises(SessionsUsedUp):
        _start(registry, member, t0 + timedelta(minutes=2))
    assert registry.verify_chain().ok
    bundle = load_bundle(registry.export_bundle(tmp_path / "b.srab", b"cert"))
    assert bundle.session(first.session_id).end is SessionEnd.FAILED
    assert bundle.session(second.session_id).end is SessionEnd.OPEN


def test_a_session_that_played_cannot_be_failed(registry: Registry, member: str, t0) -> None:
    played = _start(registry, member, t0)
    registry.record(played.session_id, AuditEvent.PAUSE, {"position_ms": 5000},
                    now=t0 + timedelta(seconds=30))
    with pytest.raises(SessionNotFailed):
        registry.fail_session(played.session_id, "x", "y", now=t0 + timedelta(seconds=31))
    late = registry.start_session(member, "FILM-1", "LIC-2", "p", room="Hall 1", now=t0)
    with pytest.raises(SessionNotFailed):  # too long after its start to be 'no frame'
        registry.fail_session(late.session_id, "x", "y", now=t0 + timedelta(minutes=30))
    assert registry.sessions_used("LIC-1") == 1 and registry.sessions_used("LIC-2") == 1
