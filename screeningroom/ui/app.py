"""Start-up of the review station app: thin, as start-up should be."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QVBoxLayout, QWidget

from screeningroom import __version__


class StationWindow(QMainWindow):
    """The main window. Until this workstation is enrolled it says so."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("Screening Room"))
        body = QWidget(self)
        layout = QVBoxLayout(body)
        title = QLabel(self.tr("Screening Room"), body)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = title.font()
        font.setPointSize(font.pointSize() * 2)
        title.setFont(font)
        status = QLabel(
            self.tr("This workstation is not enrolled as a review station yet."), body
        )
        status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        status.setObjectName("status")
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(status)
        layout.addStretch(1)
        self.setCentralWidget(body)
        self.resize(960, 600)


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
