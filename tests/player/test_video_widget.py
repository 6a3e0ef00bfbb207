"""The video widget paints the player's latest frame, fitted with black bars."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from screeningroom.player import Frame
from screeningroom.ui.video import VideoWidget, fit
from tests.player.conftest import wait_for


class StillPlayer:
    def __init__(self, frame: Frame | None) -> None:
        self.frame = frame
        self.frame_counter = 0 if frame is None else 1

    def latest_frame(self) -> Frame | None:
        return self.frame


def _rgb(image: QImage, x: int, y: int) -> tuple[int, int, int]:
    color = image.pixelColor(x, y)
    return color.red(), color.green(), color.blue()


def _grab(widget: VideoWidget) -> QImage:
    return widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def test_fit_keeps_the_aspect_ratio() -> None:
    rect = fit(1920, 1080, 800, 800)
    assert (rect.width(), rect.height()) == (800, 450) and rect.top() == 175
    assert fit(0, 0, 10, 10).isEmpty()


def test_a_frame_is_painted_with_black_bars(qtbot) -> None:
    pixels = np.zeros((90, 160, 4), np.uint8)
    pixels[..., 2] = 220  # red in BGRA
    pixels[..., 3] = 255
    pixels.flags.writeable = False
    widget = VideoWidget(StillPlayer(Frame(0, 0.0, 160, 90, pixels)))
    qtbot.addWidget(widget)
    widget.resize(400, 400)
    widget.show()
    qtbot.waitExposed(widget)
    image = _grab(widget)
    assert _rgb(image, 200, 200) == (220, 0, 0)
    assert _rgb(image, 200, 10) == (0, 0, 0) and _rgb(image, 200, 390) == (0, 0, 0)
    assert widget.contextMenuPolicy() is Qt.ContextMenuPolicy.NoContextMenu


def test_no_frame_paints_black(qtbot) -> None:
    widget = VideoWidget(StillPlayer(None))
    qtbot.addWidget(widget)
    widget.resize(200, 100)
    image = _grab(widget)
    assert _rgb(image, 100, 50) == (0, 0, 0)


def test_the_playing_clip_is_painted(qtbot, make_player) -> None:
    player, sink = make_player()
    widget = VideoWidget(player)
    qtbot.addWidget(widget)
    widget.resize(640, 480)
    widget.show()
    player.play()
    wait_for(lambda: sink.count >= 10, "10 frames")
    qtbot.waitUntil(lambda: widget._seen > 0)  # the widget's timer saw frames
    image = _grab(widget)
    player.stop()
    widget.detach()
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1)
    rgb = rows[:, : 640 * 4].reshape(480, 640, 4)[..., :3]
    body = rgb[60:420]  # 640x360 in 640x480: bars of 60 above and below
    assert body.mean() > 20 and body.std() > 5
    assert rgb[:58].max() == 0 and rgb[422:].max() == 0
