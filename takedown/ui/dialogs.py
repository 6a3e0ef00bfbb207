"""The one way the desk window tells a person something went wrong: a dialog with what
happened and, for input the person can fix, that it is theirs to fix. Never a traceback."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from screeningroom.errors import BadInput, ScreeningRoomError
from takedown.ui.errors import ScanCancelled


def error_title(error: BaseException) -> str:
    if isinstance(error, ScanCancelled):
        return QCoreApplication.translate("DeskErrors", "Scan cancelled")
    if isinstance(error, BadInput):
        return QCoreApplication.translate("DeskErrors", "Please check what you entered")
    if isinstance(error, ScreeningRoomError):
        return QCoreApplication.translate("DeskErrors", "The desk cannot do this")
    return QCoreApplication.translate("DeskErrors", "Something went wrong")


def error_text(error: BaseException) -> str:
    if isinstance(error, ScreeningRoomError):
        return str(error)
    if isinstance(error, OSError):
        return QCoreApplication.translate(
            "DeskErrors", "The file could not be used: {reason}").format(
            reason=error.strerror or str(error))
    return QCoreApplication.translate(
        "DeskErrors", "An unexpected problem stopped the work ({kind}: {message}). Nothing "
        "was recorded for it; try again, and if it happens again, report it with this "
        "message.").format(kind=type(error).__name__, message=str(error) or "-")


def error_dialog(parent: QWidget, error: BaseException) -> QMessageBox:
    """A window-modal dialog for ``error``; the caller opens it (``open()``)."""
    icon = (QMessageBox.Icon.Information if isinstance(error, ScanCancelled)
            else QMessageBox.Icon.Warning if isinstance(error, BadInput)
            else QMessageBox.Icon.Critical)
    box = QMessageBox(icon, error_title(error), error_text(error),
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("error")
    return box
