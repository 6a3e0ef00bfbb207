"""Playback that breaks in the player window: before its first frame the session is
recorded as failed (the registry's fail_session: it does not count against the
license); once frames were shown it is ended as failed at its position. Both are
refusals in the audit log, and the player and the reader are let go."""

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


def test_a_failure_before_the_first_frame_is_a_failed_session(playing, fakes) -> None:
    window, player = playing
    session_id = window.session.session_id
    assert fakes.registry.used["lic-film-1"] == 1
    player.error = CannotDecode()
    window.poll()
    assert fakes.registry.events[-1] == ("session_failed", session_id,
                                         {"reason": "cannot-decode"})
    assert fakes.registry.used["lic-film-1"] == 0  # given back
    assert fakes.registry.refusals[-1][0] == "cannot-decode"
    assert player.stopped and fakes.readers[-1].closed


def test_a_failure_after_frames_were_shown_ends_the_session(playing, fakes) -> None:
    window, player = playing
    player.frames_shown = 40
    player.position_seconds = 1.6
    player.error = CannotDecode()
    window.poll()
    kinds = [e[0] for e in fakes.registry.events]
    assert "session_failed" not in kinds
    detail = [e for e in fakes.registry.events if e[0] == "end"][-1][2]
    assert detail == {"ended": "failed", "reason": "cannot-decode", "position_ms": 1600}
    assert fakes.registry.used["lic-film-1"] == 1
