"""The video widget paints the player's I420 frames, fitted with black bars, when the
player says a frame is due (its ready pipe), on the CPU where there is no OpenGL (the
offscreen platform of these tests; the OpenGL path runs under Xvfb in test_video_gl)."""

from __future__ import annotations

import contextlib
import os

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from screeningroom.player import ColourMatrix, Frame
from screeningroom.ui.video import (
    Renderer,
    SoftwareVideoWidget,
    fit,
    make_video_widget,
    opengl_available,
)


def _frame(y: int, u: int, v: int, width: int = 160, height: int = 90) -> Frame:
    planes = [np.full((height, width), y, np.uint8),
              np.full((height // 2, width // 2), u, np.uint8),
              np.full((height // 2, width // 2), v, np.uint8)]
    for plane in planes:
        plane.flags.writeable = False
    return Frame(0, 0.0, width, height, *planes, ColourMatrix.BT601, 0.0)


class StillPlayer:
    """A player showing one frame, with a ready pipe like the real one."""

    def __init__(self, frame: Frame | None) -> None:
        self.frame = frame
        self.frame_ready_fd, self.write_fd = os.pipe2(os.O_NONBLOCK)

    @contextlib.contextmanager
    def borrow_frame(self):
        yield self.frame

    def set_screen_latency(self, seconds: float) -> None:
        self.latency = seconds

    def show(self) -> None:
        os.write(self.write_fd, b"\x01")

    def close(self) -> None:
        os.close(self.write_fd)
        os.close(self.frame_ready_fd)


@pytest.fixture
def still():
    made: list[StillPlayer] = []

    def build(frame: Frame | None) -> StillPlayer:
        made.append(StillPlayer(frame))
        return made[-1]

    yield build
    for player in made:
        player.close()


def _rgb(image: QImage, x: int, y: int) -> tuple[int, int, int]:
    color = image.pixelColor(x, y)
    return color.red(), color.green(), color.blue()


def _grab(widget) -> QImage:
    return widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def test_fit_keeps_the_aspect_ratio() -> None:
    rect = fit(1920, 1080, 800, 800)
    assert (rect.width(), rect.height()) == (800, 450) and rect.top() == 175
    assert fit(0, 0, 10, 10).isEmpty()


def test_without_opengl_the_software_widget_is_chosen(qtbot, still) -> None:
    assert not opengl_available()  # the offscreen platform has none
    widget = make_video_widget(still(None))
    qtbot.addWidget(widget)
    assert isinstance(widget, SoftwareVideoWidget)
    assert isinstance(make_video_widget(None, renderer=Renderer.SOFTWARE), SoftwareVideoWidget)


def test_a_frame_is_painted_with_black_bars(qtbot, still) -> None:
    player = still(_frame(81, 90, 240))  # BT.601 red: R 255, G 0, B 0 (clipped)
    widget = SoftwareVideoWidget(player)
    qtbot.addWidget(widget)
    widget.resize(400, 400)
    widget.show()
    qtbot.waitExposed(widget)
    with qtbot.waitSignal(widget.painted, timeout=5000) as painted:
        player.show()
    assert painted.args[0].index == 0 and painted.args[0].paint_seconds > 0
    image = _grab(widget)
    r, g, b = _rgb(image, 200, 200)
    assert r >= 250 and g <= 5 and b <= 5
    assert _rgb(image, 200, 10) == (0, 0, 0) and _rgb(image, 200, 390) == (0, 0, 0)
    assert widget.contextMenuPolicy() is Qt.ContextMenuPolicy.NoContextMenu


def test_no_frame_paints_black(qtbot, still) -> None:
    widget = SoftwareVideoWidget(still(None))
    qtbot.addWidget(widget)
    widget.resize(200, 100)
    image = _grab(widget)
    assert _rgb(image, 100, 50) == (0, 0, 0)


def test_the_playing_clip_is_painted_when_frames_are_due(qtbot, make_player) -> None:
    player, _ = make_player()
    widget = SoftwareVideoWidget(player, keep_log=True)
    qtbot.addWidget(widget)
    widget.resize(640, 480)
    widget.show()
    qtbot.waitExposed(widget)
    player.play()
    qtbot.waitUntil(lambda: widget.log.painted >= 10, timeout=30000)
    image = _grab(widget)
    player.stop()
    qtbot.waitUntil(lambda: widget._pacer is not None and not widget._pacer._notifier.isEnabled(),
                    timeout=5000)  # the stopped player's pipe ends the watch
    widget.detach()
    records = widget.log.records
    assert [r.index for r in records] == sorted({r.index for r in records})
    assert all(r.woken_at >= r.shown_at and r.painted_at >= r.woken_at for r in records)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1)
    rgb = rows[:, : 640 * 4].reshape(480, 640, 4)[..., :3]
    body = rgb[60:420]  # 640x360 in 640x480: bars of 60 above and below
    assert body.mean() > 20 and body.std() > 5
    assert rgb[:58].max() == 0 and rgb[422:].max() == 0
