"""A session that breaks before its first frame is recorded as failed and does not count
against the license (the registry's ``fail_session``); one that breaks later is ended as
failed with its position. Both are refusals in the audit log."""

from __future__ import annotations

import pytest

from screeningroom.player.errors import CannotDecode


@pytest.fixture
def playing(window, fakes, login):
    login(window)
    window.film_list.select("film-1")
    window.film_list.play.click()
    assert window.player_window is not None
    return window.player_window, fakes.players[-1]


def _fail_sessions(fakes):
    calls = []
    fakes.registry.fail_session = lambda sid, code, message: calls.append((sid, code, message))
    return calls


def test_a_failure_before_the_first_frame_is_a_failed_session(playing, fakes) -> None:
    calls = _fail_sessions(fakes)
    window, player = playing
    session_id = window.session.session_id
    player.error = CannotDecode()
    window.poll()
    assert calls == [(session_id, "cannot-decode", calls[0][2])] and calls[0][2]
    assert session_id not in fakes.registry.ended  # not an END that counts
    assert fakes.registry.refusals[-1][0] == "cannot-decode"
    assert player.stopped and fakes.readers[-1].closed


def test_a_failure_after_frames_were_shown_ends_the_session(playing, fakes) -> None:
    calls = _fail_sessions(fakes)
    window, player = playing
    player.frames_shown = 40
    player.position_seconds = 1.6
    player.error = CannotDecode()
    window.poll()
    assert calls == []
    detail = [e for e in fakes.registry.events if e[0] == "end"][-1][2]
    assert detail == {"ended": "failed", "reason": "cannot-decode", "position_ms": 1600,
                      "first_frame_shown": True}


def test_without_fail_session_the_end_says_no_frame_was_shown(playing, fakes) -> None:
    window, player = playing
    player.error = CannotDecode()
    window.poll()
    detail = [e for e in fakes.registry.events if e[0] == "end"][-1][2]
    assert detail["ended"] == "failed" and detail["first_frame_shown"] is False


def test_a_player_that_cannot_start_is_a_failed_session(window, fakes, login) -> None:
    calls = _fail_sessions(fakes)
    fakes.refuse_player = CannotDecode()
    login(window)
    window.film_list.select("film-1")
    window.film_list.play.click()
    assert window.player_window is None and window.refusal_dialog is not None
    started = [e[1] for e in fakes.registry.events if e[0] == "session_start"]
    assert [c[0] for c in calls] == started and calls[0][1] == "cannot-decode"
    assert not fakes.registry.ended
