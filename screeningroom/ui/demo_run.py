"""The headless demo: the real station window on a virtual screen, driven as a person
would — log in, open the film list, play a few seconds, try a film whose window has not
opened (when the station has one) — with a screenshot of each step. The window speaks the
language the command was given (``--lang``), whatever the station app remembers."""

from __future__ import annotations

import os
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
from screeningroom_resources import i18n
from screeningroom_resources.i18n import _

LANGUAGE_ENV = "SCREENINGROOM_LANG"  # the app's language when set (see ui.app.make_window)


class DemoStuck(ScreeningRoomError):
    """A step of the scripted demo did not happen in time."""


@dataclass(frozen=True)
class DemoRun:
    screenshots: tuple[Path, ...]
    frames_shown: int
    session: str
    played_seconds: float  # of the film
    film_ended: bool  # it played to its end before the demo's time was up


def _pump(app: QApplication, seconds: float, until: Callable[[], bool] | None = None,
          what: str = "") -> None:
    """Run the event loop for ``seconds`` or until ``until()``; with ``what``, not getting
    there in time is an error."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        if until is not None and until():
            return
        time.sleep(0.01)
    if what and until is not None and not until():
        raise DemoStuck(_("The demo stopped waiting for: {step}.").format(step=what))


def run_scripted(setup: DemoSetup, out: Path, *, seconds: float = 4.0) -> DemoRun:
    app = application()
    language = os.environ.get(LANGUAGE_ENV)
    os.environ[LANGUAGE_ENV] = i18n.current_language()  # the command's language
    try:
        window = make_window(app, Settings(), StationLauncher())
    finally:
        if language is None:
            os.environ.pop(LANGUAGE_ENV, None)
        else:
            os.environ[LANGUAGE_ENV] = language
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
              _("the login screen"))
        window.login_form.member_id.setText(setup.member_id)
        window.login_form.password.setText(setup.password)
        shot("1-login.png", window)
        window.login_form.button.click()
        refused = window.login_form.message.text
        _pump(app, 30, lambda: window.pages.currentWidget() is window.film_list or refused(),
              _("the film list"))
        if window.pages.currentWidget() is not window.film_list:
            raise DemoStuck(_("The member could not log in: {reason}").format(
                reason=refused()))
        window.film_list.select(setup.main_film)
        shot("2-films.png", window)

        window.film_list.play.click()
        _pump(app, 60, lambda: window.player_window is not None
              and window.player_window.session.player.frames_shown > 0, _("the first frame"))
        player_window = window.player_window
        session = player_window.session  # outlives the window, which closes at the end
        player_window.move(0, 0)

        def ended() -> bool:
            return window.player_window is None

        # the screenshot while the film plays: after ``seconds``, or before the film ends
        left = session.duration - session.position_seconds
        first = min(seconds, max(0.5, left - 1.0))
        started = time.monotonic()
        _pump(app, first, ended)
        if not ended():
            shot("3-player.png", player_window)
        _pump(app, seconds - (time.monotonic() - started), ended)
        film_ended = ended()
        frames = session.player.frames_shown
        played = session.position_seconds if not film_ended else session.duration
        if not film_ended:
            player_window.close()
        _pump(app, 30, ended, _("the end of the session"))

        if setup.later_film:
            window.film_list.select(setup.later_film)
            window.film_list.play.click()
            _pump(app, 60, lambda: window.refusal_dialog is not None, _("the refusal dialog"))
            shot("4-refusal.png", window)
            window.refusal_dialog.accept()
    finally:
        window.close()
        _pump(app, 0.2)
    return DemoRun(tuple(shots), frames, session.short_id, played, film_ended)
