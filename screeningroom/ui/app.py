"""Start-up of the review station app: thin, as start-up should be.

App names, the remembered settings (language, volume), the service object, the window.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from PySide6.QtWidgets import QApplication

from screeningroom import __version__
from screeningroom.settings import Settings
from screeningroom.station_app import StationLauncher
from screeningroom.ui.station_window import StationWindow, app_icon
from screeningroom.ui.translations import apply_language
from screeningroom_resources import i18n

__all__ = ["StationWindow", "main", "make_window"]


def make_window(
    app: QApplication, settings: Settings, launcher: StationLauncher | None = None, **options
) -> StationWindow:
    """The station window in the remembered language (``SCREENINGROOM_LANG`` wins)."""
    language = os.environ.get("SCREENINGROOM_LANG") or settings.get("language")
    if language not in i18n.LANGUAGES:
        language = "kk"
    apply_language(app, language)

    def switch_language(code: str) -> None:
        apply_language(app, code)
        settings.set("language", code)

    return StationWindow(
        launcher if launcher is not None else StationLauncher(),
        language=language,
        switch_language=switch_language,
        volume=settings.get("volume"),
        on_volume=lambda value: settings.set("volume", value),
        **options,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Open the app at the station's unlock or login screen."""
    app = QApplication.instance() or QApplication([sys.argv[0], *(argv or [])])
    app.setApplicationName("Screening Room")
    app.setOrganizationName("Screening Room")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    window = make_window(app, Settings())
    window.show()
    window.start()
    return app.exec()
