"""The headless demo: the real station window on a virtual screen, driven as a person
would — log in, open the film list, play a few seconds, try a film whose window has not
opened — with a screenshot of each step."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from screeningroom.demo_setup import DemoSetup
from screeningroom.errors import ScreeningRoomError
from screeningroom.settings import Settings
from screeningroom.station_app import StationLauncher
from screeningroom.ui.app import make_window
from screeningroom.ui.common import application
from screeningroom_resources.i18n import _


class DemoStuck(ScreeningRoomError):
    """A step of the scripted demo did not happen in time."""


@dataclass(frozen=True)
class DemoRun:
    screenshots: tuple[Path, ...]
    frames_shown: int
    session: str


def _pump(app: QApplication, seconds: float, until: Callable[[], bool] | None = None,
          what: str = "") -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        if until is not None and until():
            return
        time.sleep(0.01)
    if until is not None and not until():
        raise DemoStuck(_("The demo stopped waiting for: {step}.").format(step=what))


def run_scripted(setup: DemoSetup, out: Path, *, seconds: float = 4.0) -> DemoRun:
    app = application()
    window = make_window(app, Settings(), StationLauncher())
    window.move(0, 0)
    window.show()
    window.start()
    shots: list[Path] = []

    def shot(name: str, top: QWidget) -> None:
        """What the screen shows over the window ``top`` (dialogs included)."""
        _pump(app, 0.4)
        path = out / name
        area = top.frameGeometry()
        app.primaryScreen().grabWindow(0, area.x(), area.y(), area.width(), area.height()).save(
            str(path), "PNG")
        shots.append(path)

    try:
        _pump(app, 60, lambda: window.pages.currentWidget() is window.login_form,
              "the login screen")
        window.login_form.member_id.setText(setup.member_id)
        window.login_form.password.setText(setup.password)
        shot("1-login.png", window)
        window.login_form.button.click()
        _pump(app, 30, lambda: window.pages.currentWidget() is window.film_list, "the film list")
        window.film_list.select(setup.main_film)
        shot("2-films.png", window)

        window.film_list.play.click()
        _pump(app, 60, lambda: window.player_window is not None
              and window.player_window.session.player.frames_shown > 0, "the first frame")
        player_window = window.player_window
        player_window.move(0, 0)
        _pump(app, seconds)
        shot("3-player.png", player_window)
        frames = player_window.session.player.frames_shown
        session = player_window.session.short_id
        player_window.close()
        _pump(app, 30, lambda: window.player_window is None, "the end of the session")

        window.film_list.select(setup.later_film)
        window.film_list.play.click()
        _pump(app, 60, lambda: window.refusal_dialog is not None, "the refusal dialog")
        shot("4-refusal.png", window)
        window.refusal_dialog.accept()
    finally:
        window.close()
        _pump(app, 0.2)
    return DemoRun(tuple(shots), frames, session)
