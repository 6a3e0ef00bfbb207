"""Start-up of the review station app: thin, as start-up should be.

App names, the remembered settings (language, volume), the service object, the window.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QApplication

from screeningroom.settings import Settings
from screeningroom.station_app import StationLauncher
from screeningroom.ui.common import application, remembered_language
from screeningroom.ui.station_window import StationWindow

__all__ = ["StationWindow", "main", "make_window"]


def make_window(
    app: QApplication, settings: Settings, launcher: StationLauncher | None = None, **options
) -> StationWindow:
    """The station window in the remembered language (``SCREENINGROOM_LANG`` wins)."""
    language, switch_language = remembered_language(app, settings)
    return StationWindow(
        launcher if launcher is not None else StationLauncher(),
        language=language,
        switch_language=switch_language,
        volume=settings.get("volume"),
        on_volume=lambda value: settings.set("volume", value),
        **options,
    )


def main(argv: Sequence[str] | None = None, *, full_screen: bool = False) -> int:
    """Open the app at the station's unlock or login screen (``full_screen``: the kiosk
    session of a provisioned station)."""
    app = application(argv)
    window = make_window(app, Settings())
    if full_screen:
        # the kiosk session has no window manager to carry out the full-screen state, so
        # the window takes the screen's size itself
        window.setGeometry(app.primaryScreen().geometry())
        window.showFullScreen()
    else:
        window.show()
    window.start()
    return app.exec()
