"""Unlock, login, film list, play and every refusal dialog, over fakes of the lower parts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from screeningroom.player.errors import WatermarkFailed
from screeningroom.vault import errors as vault_errors

PASSWORD = "correct horse 42"


def test_opens_at_login_with_station_name(window) -> None:
    assert window.pages.currentWidget() is window.login_form
    assert "Astana-1" in window.login_form.station.text()
    assert "Hall B" in window.login_form.station.text()


def test_login_ok_shows_the_licensed_films(window, login) -> None:
    login(window)
    assert window.pages.currentWidget() is window.film_list
    table = window.film_list.table
    assert table.rowCount() == 2
    titles = {table.item(r, 0).text() for r in range(2)}
    assert titles == {"Steppe Wind", "Altyn Kyran"}
    assert table.item(0, 6).text() == "3 of 3"
    assert table.item(0, 7).text() == "Ready"
    assert table.item(0, 2).text() == "12+"
    assert table.item(0, 3).text() == "0:09:56"
    assert "Aliya Nurlanovna" in window.film_list.member.text()


def test_wrong_password_says_attempts_left_and_stays(window, login) -> None:
    login(window, password="nope")
    assert window.pages.currentWidget() is window.login_form
    assert "2 attempts left" in window.login_form.message.text()
    assert window.login_form.password.text() == ""


def test_locked_account_says_until_when(window, login) -> None:
    for _ in range(3):
        login(window, password="nope")
    login(window)  # even the right password is refused while locked
    assert window.pages.currentWidget() is window.login_form
    assert "locked" in window.login_form.message.text()


def test_unknown_member_and_empty_fields(window, login) -> None:
    login(window, member="nobody")
    assert "No member with id nobody" in window.login_form.message.text()
    login(window, member="", password="")
    assert "Type your member id" in window.login_form.message.text()


def test_passphrase_unlock_wrong_then_right(qtbot, fakes) -> None:
    from screeningroom.ui.station_window import StationWindow
    from screeningroom.ui.tasks import TaskRunner

    fakes.passphrase = "open sesame"
    win = StationWindow(fakes.launcher(), tasks=TaskRunner(synchronous=True))
    qtbot.addWidget(win)
    win.start()
    assert win.pages.currentWidget() is win.unlock_form
    win.unlock_form.passphrase.setText("wrong")
    qtbot.keyClick(win.unlock_form.passphrase, Qt.Key.Key_Return)
    assert "does not open" in win.unlock_form.message.text()
    assert win.pages.currentWidget() is win.unlock_form
    win.unlock_form.passphrase.setText("open sesame")
    qtbot.keyClick(win.unlock_form.passphrase, Qt.Key.Key_Return)
    assert win.pages.currentWidget() is win.login_form


def test_preset_passphrase_from_environment_skips_the_unlock_form(qtbot, fakes) -> None:
    from screeningroom.station_app import StationLauncher
    from screeningroom.ui.station_window import StationWindow
    from screeningroom.ui.tasks import TaskRunner

    fakes.passphrase = "open sesame"
    launcher = StationLauncher(fakes.parts(), env={"SCREENINGROOM_PASSPHRASE": "open sesame"})
    win = StationWindow(launcher, tasks=TaskRunner(synchronous=True))
    qtbot.addWidget(win)
    win.start()
    assert win.pages.currentWidget() is win.login_form


def test_station_not_set_up_says_so(qtbot, fakes) -> None:
    from screeningroom.ui.station_window import StationWindow
    from screeningroom.ui.tasks import TaskRunner

    def not_set_up(passphrase=None):
        raise vault_errors.NotSetUp("No station is set up here: run screeningroom station init.")

    fakes.load_station = not_set_up
    win = StationWindow(fakes.launcher(), tasks=TaskRunner(synchronous=True))
    qtbot.addWidget(win)
    win.start()
    assert win.pages.currentWidget() is win.welcome
    assert "not enrolled" in win.status.text()
    assert "station init" in win.detail.text()


def test_play_pause_seek_stop_are_recorded(window, login, fakes) -> None:
    login(window)
    qtbot_click = window.film_list.play
    qtbot_click.click()
    player_window = window.player_window
    assert player_window is not None and player_window.isVisible()
    player = fakes.players[0]
    registry = fakes.registry
    session_id = player_window.session.session_id
    # the session is durable before the player exists, and the hook carries its id
    assert registry.events[0] == ("session_start", session_id, None)
    assert player.frame_hook == ("hook", b"k" * 32, session_id)
    assert player.overlay_text == f"Aliya Nurlanovna · {session_id:016x}"
    assert player.is_playing and player.volume == 80
    assert fakes.open_calls[0]["session"] == b"ticket-%d" % session_id  # unsealed with it
    player_window.toggle_pause()
    player_window.toggle_pause()
    player_window.skip(10)
    player_window.skip(-30)
    assert player.position_seconds == 0.0
    player_window.close()
    assert player.stopped and fakes.readers[0].closed
    kinds = [event for event, sid, _ in registry.events if sid == session_id]
    assert kinds == ["session_start", "pause", "resume", "seek", "seek", "stop", "end"]
    assert registry.ended == [session_id]
    assert window.player_window is None
    # the list now shows one session fewer
    assert window.film_list.table.item(window.film_list.table.currentRow(), 6).text() in {
        "2 of 3"}


def test_keyboard_shortcuts_drive_the_session(window, login, fakes, qtbot) -> None:
    login(window)
    window.film_list.play.click()
    pw = window.player_window
    pw.activateWindow()
    qtbot.waitUntil(pw.isActiveWindow)
    player = fakes.players[0]
    qtbot.keyClick(pw, Qt.Key.Key_Space)
    assert not player.is_playing
    qtbot.keyClick(pw, Qt.Key.Key_Right)
    assert player.position_seconds == 10.0
    qtbot.keyClick(pw, Qt.Key.Key_Left)
    assert player.position_seconds == 0.0
    qtbot.keyClick(pw, Qt.Key.Key_F)
    assert pw.isFullScreen()
    qtbot.keyClick(pw, Qt.Key.Key_Escape)
    assert not pw.isFullScreen()
    pw.close()


def test_film_played_to_the_end_records_end(window, login, fakes) -> None:
    login(window)
    window.film_list.play.click()
    pw = window.player_window
    player = fakes.players[0]
    player.state = type(player.state).ENDED
    pw.poll()
    assert pw.ended and window.player_window is None
    session_id = pw.session.session_id
    kinds = [event for event, sid, _ in fakes.registry.events if sid == session_id]
    assert kinds == ["session_start", "end"]
    assert fakes.registry.ended == [session_id]


REFUSALS = [
    (vault_errors.WrongStation("This license is for station st-other."), "wrong-station",
     "station named in the license"),
    (vault_errors.LicenseExpired("The window closed on 2026-03-01."), "license-expired",
     "new license"),
    (vault_errors.LicenseNotYetValid("The window opens on 2026-04-01."),
     "license-not-yet-valid", "Come back"),
    (vault_errors.Revoked("License lic-1 is revoked."), "revoked", "revocation"),
    (vault_errors.TamperedScreener("Chunk 7 does not verify."), "tampered-screener",
     "original delivery"),
    (vault_errors.TruncatedScreener("The file ends after chunk 3 of 9."),
     "truncated-screener", "cut short"),
    (vault_errors.ClockRollback("The clock is 2 hours behind the last record."),
     "clock-rollback", "system clock"),
    (vault_errors.SessionsUsedUp("All 3 sessions are used."), "sessions-used-up",
     "more sessions"),
    (vault_errors.MemberNotLicensed("aliya is not on the license."), "member-not-licensed",
     "add you"),
    (vault_errors.StationNotCertified("No certificate is installed."),
     "station-not-certified", "certify"),
]


@pytest.mark.parametrize(("error", "code", "advice"), REFUSALS,
                         ids=[code for _, code, _ in REFUSALS])
def test_each_vault_refusal_gets_a_dialog_and_an_audit_record(
    window, login, fakes, error, code, advice
) -> None:
    login(window)
    fakes.refuse_open = error
    window.film_list.play.click()
    dialog = window.refusal_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.refusal.code == code
    assert str(error) in dialog.happened.text()
    assert advice in dialog.todo.text()
    assert code in dialog.code.text()
    assert fakes.registry.refusals == [(code, str(error), "aliya", "film-2")]
    assert window.player_window is None and not fakes.players
    dialog.accept()
    assert window.refusal_dialog is None


def test_player_failing_to_start_ends_the_session_and_says_so(window, login, fakes) -> None:
    login(window)
    fakes.refuse_player = WatermarkFailed(ValueError("bad frame"))
    window.film_list.play.click()
    assert window.refusal_dialog.refusal.code == "watermark-failed"
    assert fakes.readers[0].closed
    assert fakes.registry.ended == list(fakes.registry.sessions)
    # it never showed a frame: ended as failed, not counted against the license
    assert [e for e, _sid, _d in fakes.registry.events] == ["session_start", "session_failed"]
    assert fakes.registry.used["lic-film-2"] == 0
    assert fakes.registry.refusals[0][0] == "watermark-failed"


def test_playback_breaking_midway_stops_and_says_so(window, login, fakes) -> None:
    login(window)
    window.film_list.play.click()
    pw = window.player_window
    player = fakes.players[0]
    player.error = WatermarkFailed(ValueError("frame 120"))
    pw.poll()
    assert player.stopped and window.player_window is None
    assert window.refusal_dialog.refusal.code == "watermark-failed"
    assert "ValueError" in window.refusal_dialog.happened.text()
    assert fakes.registry.ended == [pw.session.session_id]


def test_no_way_to_save_a_frame_from_the_player(window, login) -> None:
    from PySide6.QtWidgets import QPushButton

    login(window)
    window.film_list.play.click()
    pw = window.player_window
    assert pw.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu
    assert pw.video.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu
    texts = " ".join(b.text() + b.toolTip() for b in pw.findChildren(QPushButton)).lower()
    assert not any(word in texts for word in ("snapshot", "save", "copy", "record"))
    assert not pw.actions()
    pw.close()


def test_logout_returns_to_login(window, login) -> None:
    login(window)
    window.film_list.logout.click()
    assert window.pages.currentWidget() is window.login_form
    assert window.member is None


def test_language_switch_is_remembered(qtbot, qapp, fakes, tmp_path, monkeypatch) -> None:
    from screeningroom.settings import Settings
    from screeningroom.ui import translations
    from screeningroom.ui.app import make_window
    from screeningroom.ui.tasks import TaskRunner

    monkeypatch.delenv("SCREENINGROOM_LANG")
    settings = Settings(tmp_path / "settings.json")
    settings.set("language", "en")
    win = make_window(qapp, settings, fakes.launcher(), tasks=TaskRunner(synchronous=True))
    qtbot.addWidget(win)
    try:
        win.start()
        win.language.setCurrentIndex(win.language.findData("ru"))
        qtbot.waitUntil(lambda: win.login_form.button.text() == "Войти")
        assert Settings(tmp_path / "settings.json").get("language") == "ru"
    finally:
        translations.apply_language(qapp, "en")
