"""Start-up of the takedown desk window: thin, as start-up should be."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QApplication

from screeningroom import __version__
from screeningroom.settings import Settings
from screeningroom.ui.station_window import app_icon
from screeningroom.ui.translations import apply_language
from screeningroom_resources import i18n
from takedown.ui.model import DeskModel
from takedown.ui.window import DeskWindow

__all__ = ["DeskWindow", "main", "make_window"]


def make_window(app: QApplication, settings: Settings, model: DeskModel,
                **options: object) -> DeskWindow:
    """The desk window in the remembered language (``SCREENINGROOM_LANG`` wins)."""
    language = os.environ.get("SCREENINGROOM_LANG") or settings.get("language")
    if language not in i18n.LANGUAGES:
        language = "kk"
    apply_language(app, language)

    def switch_language(code: str) -> None:
        apply_language(app, code)
        settings.set("language", code)

    return DeskWindow(model, language=language, switch_language=switch_language,
                      **options)  # type: ignore[arg-type]


def main(argv: Sequence[str] | None = None, *, clip: Path | None = None) -> int:
    """Open the desk window (``clip``: put this clip in the intake form)."""
    app = QApplication.instance() or QApplication([sys.argv[0], *(argv or [])])
    app.setApplicationName("Screening Room")
    app.setOrganizationName("Screening Room")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    window = make_window(app, Settings(), DeskModel())
    if clip is not None:
        window.intake.set_clip(clip)
    window.show()
    window.start()
    return app.exec()
