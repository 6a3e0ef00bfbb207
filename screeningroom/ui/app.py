"""Start-up of the review station app: thin, as start-up should be."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QVBoxLayout, QWidget

from screeningroom import __version__


class StationWindow(QMainWindow):
    """The main window. Until this workstation is enrolled it says so."""

    def __init__(self) -> None:
        super().__init__()
        body = QWidget(self)
        layout = QVBoxLayout(body)
        self.title = QLabel(body)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.title.font()
        font.setPointSize(font.pointSize() * 2)
        self.title.setFont(font)
        self.status = QLabel(body)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status.setObjectName("status")
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.setCentralWidget(body)
        self.resize(960, 600)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Screening Room"))
        self.title.setText(self.tr("Screening Room"))
        self.status.setText(self.tr("This workstation is not enrolled as a review station yet."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def main(
    argv: Sequence[str] | None = None,
    screenshot: Path | None = None,
    quit_after: float | None = None,
) -> int:
    """Open the app. With ``screenshot`` the window is saved as PNG once it is shown; with
    ``quit_after`` (seconds) the app closes by itself (the headless demo uses both)."""
    app = QApplication.instance() or QApplication([sys.argv[0], *(argv or [])])
    app.setApplicationName("Screening Room")
    app.setApplicationVersion(__version__)
    window = StationWindow()
    window.show()
    if screenshot is not None:
        QTimer.singleShot(800, lambda: window.grab().save(str(screenshot), "PNG"))
    if quit_after is not None:
        QTimer.singleShot(int(quit_after * 1000), app.quit)
    return app.exec()
