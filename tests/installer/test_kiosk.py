"""The kiosk session's app: ``screeningroom app --full-screen`` fills a screen that has no
window manager (the session a provisioned station runs)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import sys
from screeningroom.xdisplay import virtual_display

with virtual_display(1024, 640):
    from PySide6.QtCore import QTimer
    from screeningroom.ui.common import application

    app = application([])

    def look():
        for w in app.topLevelWidgets():
            if w.isVisible() and type(w).__name__ == "StationWindow":
                g = w.geometry()
                print("window", g.x(), g.y(), g.width(), g.height(), w.isFullScreen())
        app.quit()

    QTimer.singleShot(1500, look)
    from screeningroom import cli
    sys.exit(cli.main(["app", "--full-screen"]))
"""


@pytest.mark.xvfb
@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed")
def test_the_app_fills_a_screen_without_a_window_manager(tmp_path: Path) -> None:
    env = {**os.environ, "SCREENINGROOM_HOME": str(tmp_path), "HOME": str(tmp_path)}
    env.pop("DISPLAY", None)
    result = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    windows = [line.split()[1:] for line in result.stdout.splitlines()
               if line.startswith("window")]
    assert windows == [["0", "0", "1024", "640", "True"]], result.stdout
