"""What the station window and the takedown desk window share: the product's icon, the
language chooser (its names, the remembered language, the status bar's chooser), widgets
translating themselves again when the language changes, and the one-dialog-at-a-time slot.

The takedown desk's ``ui`` package may import this module and nothing else of
``screeningroom.ui`` (an import contract in pyproject.toml says so).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QLabel, QMainWindow

from screeningroom import __version__
from screeningroom.settings import Settings
from screeningroom.ui.translations import apply_language
from screeningroom_resources import i18n
from screeningroom_resources import path as resource_path

#: The language chooser's entries: code and the language's own name.
LANGUAGE_NAMES = (("kk", "Қазақша"), ("ru", "Русский"), ("en", "English"))

#: The language a window opens in when nothing was chosen before.
DEFAULT_LANGUAGE = "kk"


def app_icon() -> QIcon:
    return QIcon(str(resource_path("icons", "screeningroom.svg")))


def application(argv: Sequence[str] | None = None) -> QApplication:
    """The running QApplication, or a new one named for the product, with its icon."""
    app = QApplication.instance() or QApplication([sys.argv[0], *(argv or [])])
    app.setApplicationName("Screening Room")
    app.setOrganizationName("Screening Room")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    return app  # type: ignore[return-value]


def remembered_language(app: QApplication, settings: Settings) -> tuple[str, Callable[[str], None]]:
    """Apply the remembered language (``SCREENINGROOM_LANG`` wins) and return it with the
    function a window calls when the person picks another (it applies and remembers it)."""
    language = os.environ.get("SCREENINGROOM_LANG") or settings.get("language")
    if language not in i18n.LANGUAGES:
        language = DEFAULT_LANGUAGE
    apply_language(app, language)

    def switch_language(code: str) -> None:
        apply_language(app, code)
        settings.set("language", code)

    return language, switch_language


def language_chooser(
    window: QMainWindow, language: str, switch_language: Callable[[str], None] | None
) -> tuple[QLabel, QComboBox]:
    """The language chooser in ``window``'s status bar, set to ``language``: its caption
    (the window gives it its text when it translates itself) and the box named
    ``language``; picking another calls ``switch_language``. Hidden when that is None."""
    label, box = QLabel(window), QComboBox(window)
    box.setObjectName("language")
    for code, name in LANGUAGE_NAMES:
        box.addItem(name, code)
    box.setCurrentIndex(max(0, box.findData(language)))
    if switch_language is not None:
        box.currentIndexChanged.connect(lambda index: switch_language(box.itemData(index)))
    window.statusBar().addPermanentWidget(label)
    window.statusBar().addPermanentWidget(box)
    label.setVisible(switch_language is not None)
    box.setVisible(switch_language is not None)
    return label, box


class Retranslates:
    """Mixed into a widget before its Qt base: when the language changes, the widget's
    ``retranslate()`` gives every text again."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()  # type: ignore[attr-defined]
        super().changeEvent(event)  # type: ignore[misc]


class DialogSlot:
    """At most one dialog of a kind open at a time: showing a new one closes the old.

    The dialog is opened window-modal (``open()``) and deleted once, when it finishes or
    is replaced; no lambda keeps it alive.
    """

    def __init__(self) -> None:
        self._dialog: QDialog | None = None

    @property
    def current(self) -> QDialog | None:
        return self._dialog

    def show(self, dialog: QDialog) -> None:
        self.release()
        dialog.finished.connect(self.release)
        self._dialog = dialog
        dialog.open()

    def release(self, _result: int = 0) -> None:
        if self._dialog is not None:
            self._dialog.deleteLater()
            self._dialog = None
