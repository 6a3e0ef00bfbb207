"""``takedown desk``: registered without importing Qt; opens the window over the desk in
``SCREENINGROOM_HOME`` (an empty desk: no cases, nothing refused)."""

from __future__ import annotations

import subprocess
import sys


def test_the_command_is_registered_without_qt() -> None:
    code = ("import sys; from takedown.cli import build_parser; p = build_parser(); "
            "a = p.parse_args(['desk', 'clip.mp4']); "
            "print(a.func.__module__, a.clip.name, 'PySide6' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == ["takedown.ui_command", "clip.mp4", "False"]


def test_the_command_opens_the_window(qtbot, tmp_path, monkeypatch) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from takedown.cli import main
    from takedown.ui.window import DeskWindow

    monkeypatch.setenv("SCREENINGROOM_HOME", str(tmp_path / "home"))
    seen: list[tuple] = []

    def look() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, DeskWindow)]
        seen.extend((w.intake.clip, w.cases.table.rowCount(), list(w.errors_shown))
                    for w in windows)
        for window in windows:
            window.close()
            window.deleteLater()
        QApplication.instance().quit()

    QTimer.singleShot(0, look)
    assert main(["desk", str(tmp_path / "found.mp4")]) == 0
    assert seen == [(tmp_path / "found.mp4", 0, [])]
