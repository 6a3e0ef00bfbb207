"""``takedown desk``: registered without importing Qt; opens the window over the desk in
``SCREENINGROOM_HOME`` (an empty desk: no cases, nothing refused)."""

from __future__ import annotations

import os
import subprocess
import sys


def test_the_command_is_registered_without_qt() -> None:
    code = ("import sys; from takedown.cli import build_parser; p = build_parser(); "
            "a = p.parse_args(['desk', 'clip.mp4']); "
            "print(a.func.__module__, a.clip.name, 'PySide6' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == ["takedown.ui_command", "clip.mp4", "False"]


def test_the_command_opens_the_window(tmp_path) -> None:
    # in its own process: the command runs the application's event loop to its end
    code = (
        "import sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from takedown.cli import main\n"
        "from takedown.ui.window import DeskWindow\n"
        "app = QApplication([])\n"
        "def look():\n"
        "    for w in QApplication.topLevelWidgets():\n"
        "        if isinstance(w, DeskWindow):\n"
        "            print(w.intake.clip.name, w.cases.table.rowCount(), len(w.errors_shown))\n"
        "            w.close()\n"
        "    app.quit()\n"
        "QTimer.singleShot(0, look)\n"
        "sys.exit(main(['desk', sys.argv[1]]))\n"
    )
    env = {**os.environ, "SCREENINGROOM_HOME": str(tmp_path / "home"),
           "QT_QPA_PLATFORM": "offscreen", "SCREENINGROOM_LANG": "en"}
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "found.mp4")],
                         capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["found.mp4", "0", "0"]
