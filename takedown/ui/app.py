"""Start-up of the takedown desk window: thin, as start-up should be."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QApplication

from screeningroom.settings import Settings
from screeningroom.ui.common import application, remembered_language
from takedown.ui.model import DeskModel
from takedown.ui.window import DeskWindow

__all__ = ["DeskWindow", "main", "make_window"]


def make_window(app: QApplication, settings: Settings, model: DeskModel,
                **options: object) -> DeskWindow:
    """The desk window in the remembered language (``SCREENINGROOM_LANG`` wins)."""
    language, switch_language = remembered_language(app, settings)
    return DeskWindow(model, language=language, switch_language=switch_language,
                      **options)  # type: ignore[arg-type]


def main(argv: Sequence[str] | None = None, *, clip: Path | None = None) -> int:
    """Open the desk window (``clip``: put this clip in the intake form)."""
    app = application(argv)
    window = make_window(app, Settings(), DeskModel())
    if clip is not None:
        window.intake.set_clip(clip)
    window.show()
    window.start()
    return app.exec()
