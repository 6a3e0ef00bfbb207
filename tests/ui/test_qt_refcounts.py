"""The Qt bindings keep Python's reference counts: a call of a method that returns
nothing must not take a reference to None (PySide6 6.12.0 on Python 3.11 did, on every
such call: the player window, which makes thousands of them a minute, then ended in
"Fatal Python error: none_dealloc" after a minute or so of playback). pyproject.toml pins
the bindings below that release; this test fails on a release with the fault."""

from __future__ import annotations

import sys

CALLS = 500


def _taken(call) -> int:  # type: ignore[no-untyped-def]
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        call()
    return before - sys.getrefcount(None)


def test_void_calls_keep_none_alive(qtbot) -> None:
    from PySide6.QtCore import QSocketNotifier
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    qtbot.addWidget(label)
    notifier = QSocketNotifier(0, QSocketNotifier.Type.Read)
    notifier.setEnabled(False)
    for name, call in (("QLabel.setText", lambda: label.setText("x")),
                       ("QWidget.update", label.update),
                       ("QSocketNotifier.setEnabled", lambda: notifier.setEnabled(False))):
        assert _taken(call) < CALLS // 10, name
