"""The app's main window opens offscreen, and on a real X screen it shows what it says."""

from __future__ import annotations

import pytest


def test_window_opens_offscreen(qtbot) -> None:
    from PySide6.QtWidgets import QLabel

    from screeningroom.ui.app import StationWindow

    window = StationWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.windowTitle() == "Screening Room"
    assert "not enrolled" in window.findChild(QLabel, "status").text()


@pytest.mark.xvfb
def test_demo_on_virtual_screen_saves_screenshot(tmp_path) -> None:
    import subprocess
    import sys

    from PySide6.QtGui import QImage

    out = subprocess.run(
        [sys.executable, "-m", "screeningroom.cli", "demo", "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=120,
        env={k: v for k, v in __import__("os").environ.items() if k != "DISPLAY"},
    )
    assert out.returncode == 0, out.stderr
    for name in ("1-login.png", "2-films.png", "3-player.png", "4-refusal.png"):
        shot = tmp_path / name
        assert str(shot) in out.stdout
        image = QImage(str(shot))
        assert image.width() >= 640 and image.height() >= 400
