"""The widget that paints the player's frames. A timer on the GUI thread polls the
player's frame counter (libvlc's threads never touch Qt) and paints the latest frame,
scaled to fit with its aspect ratio kept, on black. It offers nothing else: no context
menu, no copy, no save."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from screeningroom.player.types import Frame

POLL_MS = 12


class FrameSource(Protocol):
    """What the widget needs of a player."""

    @property
    def frame_counter(self) -> int: ...

    def latest_frame(self) -> Frame | None: ...


def fit(frame_w: int, frame_h: int, area_w: int, area_h: int) -> QRectF:
    """The largest rectangle of the frame's aspect ratio centred in the area."""
    if frame_w <= 0 or frame_h <= 0 or area_w <= 0 or area_h <= 0:
        return QRectF()
    scale = min(area_w / frame_w, area_h / frame_h)
    w, h = frame_w * scale, frame_h * scale
    return QRectF((area_w - w) / 2, (area_h - h) / 2, w, h)


class VideoWidget(QWidget):
    def __init__(self, player: FrameSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._player = player
        self._seen = -1
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setAcceptDrops(False)
        self.setMinimumSize(160, 90)
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._timer.start()

    def sizeHint(self) -> QSize:
        return QSize(960, 540)

    def detach(self) -> None:
        """Stop polling (call before the player is stopped and dropped)."""
        self._timer.stop()
        self._player = None  # type: ignore[assignment]
        self.update()

    def _poll(self) -> None:
        player = self._player
        if player is None:
            return
        counter = player.frame_counter
        if counter != self._seen:
            self._seen = counter
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), Qt.GlobalColor.black)
            frame = self._player.latest_frame() if self._player is not None else None
            if frame is None:
                return
            pixels = frame.pixels
            image = QImage(
                pixels.data, frame.width, frame.height, pixels.strides[0],
                QImage.Format.Format_RGB32,
            )
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            painter.drawImage(fit(frame.width, frame.height, self.width(), self.height()), image)
            del image  # it borrows the frame's memory; the frame outlives it here
        finally:
            painter.end()
