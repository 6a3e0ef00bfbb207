"""The widget that paints the player's frames.

Pacing: the player's display callback, called by libvlc at each frame's presentation time
on its clock, writes a byte to a pipe; a socket notifier on the GUI thread wakes on it and
asks for a paint at once (libvlc's threads never touch Qt). The picture is the player's
I420 frame, lent for the paint (``borrow_frame``), never converted in Python on the way:

- :class:`~screeningroom.ui.video_gl.GLVideoWidget` uploads the three planes as textures
  and converts YUV -> RGB in a fragment shader (any OpenGL 2.0 or OpenGL ES 2.0 driver;
  Mesa's llvmpipe where there is no GPU);
- :class:`SoftwareVideoWidget`, where no OpenGL context can be made, converts on the CPU
  (:meth:`Frame.bgra`) and paints with QPainter: the same colours, more CPU.

:func:`make_video_widget` picks one. Both scale the picture to fit with its aspect ratio
kept, on black, and offer nothing else: no context menu, no copy, no save.
"""

from __future__ import annotations

import contextlib
import enum
import os
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from functools import cache
from typing import Protocol

from PySide6.QtCore import QObject, QRectF, QSize, QSocketNotifier, Qt, Signal
from PySide6.QtGui import QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from screeningroom.player.types import Frame


class FrameSource(Protocol):
    """What the widget needs of a player."""

    @property
    def frame_ready_fd(self) -> int: ...

    def borrow_frame(self) -> AbstractContextManager[Frame | None]: ...

    def set_screen_latency(self, seconds: float) -> None: ...


LATENCY_FRAMES = 48  # frames on screen the latency is the median of
LATENCY_STEP = 0.008  # a change smaller than this is not passed on (each one re-times sound)


class Renderer(enum.Enum):
    AUTO = "auto"  # OpenGL when a context can be made, else software
    OPENGL = "opengl"
    SOFTWARE = "software"


@dataclass(frozen=True)
class Painted:
    """One frame on screen, with monotonic seconds: libvlc showed it (``shown_at``, its
    presentation time), the GUI thread woke for it (``woken_at``), it was on screen
    (``painted_at``: after the swap, or after the paint without OpenGL); and the paint's
    own cost on the GUI thread (upload or conversion, and the draw calls)."""

    index: int
    t: float
    shown_at: float
    woken_at: float
    painted_at: float
    paint_seconds: float


def fit(frame_w: int, frame_h: int, area_w: float, area_h: float) -> QRectF:
    """The largest rectangle of the frame's aspect ratio centred in the area."""
    if frame_w <= 0 or frame_h <= 0 or area_w <= 0 or area_h <= 0:
        return QRectF()
    scale = min(area_w / frame_w, area_h / frame_h)
    w, h = frame_w * scale, frame_h * scale
    return QRectF((area_w - w) / 2, (area_h - h) / 2, w, h)


class FramePacer(QObject):
    """Calls ``repaint`` on the GUI thread as soon as the player shows a frame (its ready
    pipe; a synchronous repaint, not a queued update, which Qt may hold back for a few
    ms), and stops at end-of-file (the player was stopped) or on :meth:`stop`."""

    def __init__(self, fd: int, repaint: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self._fd = fd
        self._repaint = repaint
        self.woken_at = 0.0
        self._notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._ready)

    def _ready(self) -> None:
        try:
            data = os.read(self._fd, 4096)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        self.woken_at = time.monotonic()
        if not data:  # end-of-file: the player is stopped
            self.stop()
        self._repaint()

    def stop(self) -> None:
        self._notifier.setEnabled(False)


class PaintLog:
    """What a widget painted: counts always, every :class:`Painted` when ``keep``, and
    the screen's latency (median of libvlc's display -> on screen, recent frames)."""

    def __init__(self, keep: bool = False) -> None:
        self.records: list[Painted] | None = [] if keep else None
        self.painted = 0  # distinct frames painted
        self.last_index = -1
        self._recent: list[float] = []

    def add(self, record: Painted) -> float | None:
        """Note a frame on screen; returns the latency once it is known afresh."""
        self.painted += 1
        self.last_index = record.index
        if self.records is not None:
            self.records.append(record)
        self._recent.append(record.painted_at - record.shown_at)
        if len(self._recent) < LATENCY_FRAMES:
            return None
        latency = sorted(self._recent)[len(self._recent) // 2]
        self._recent = []
        return latency


class VideoSurface:
    """What both widgets share: the player, the pacer, the paint log and the
    ``painted`` signal (emitted on the GUI thread once a new frame is on screen)."""

    painted: Signal
    log: PaintLog

    def _attach(self, player: FrameSource | None, keep_log: bool) -> None:
        widget: QWidget = self  # type: ignore[assignment]
        self._player = player
        self.log = PaintLog(keep_log)
        self.latency_told = 0.0  # what the player was last told the screen's latency is
        self._pending: Painted | None = None
        self._image: tuple[int, QImage] | None = None  # CPU path: (frame index, picture)
        self._pacer = (
            FramePacer(player.frame_ready_fd, widget.repaint, widget)
            if player is not None else None
        )
        widget.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        widget.setAcceptDrops(False)
        widget.setMinimumSize(160, 90)

    def detach(self) -> None:
        """Stop painting the player (call before the player is stopped and dropped)."""
        if self._pacer is not None:
            self._pacer.stop()
            self._pacer = None
        self._player = None
        self.forget()
        self.update()  # type: ignore[attr-defined]

    def forget(self) -> None:
        """Drop what is kept of the last frame (textures, converted image)."""

    def _borrow(self) -> AbstractContextManager[Frame | None]:
        if self._player is None:
            return contextlib.nullcontext(None)
        return self._player.borrow_frame()

    def _paint_on_cpu(self, started: float) -> None:
        """Paint the widget with QPainter (black, then the frame converted on the CPU, once
        per frame, fitted); the paint's cost is then known (:meth:`_drawn`)."""
        painter = QPainter(self)  # type: ignore[arg-type]
        try:
            self._draw_on_cpu(painter, started)
        finally:
            painter.end()
        self._drawn()

    def _draw_on_cpu(self, painter: QPainter, started: float) -> None:
        painter.fillRect(self.rect(), Qt.GlobalColor.black)  # type: ignore[attr-defined]
        with self._borrow() as frame:
            if frame is None:
                self._image = None
                return
            if self._image is None or self._image[0] != frame.index:
                pixels = frame.bgra()
                image = QImage(pixels.data, frame.width & ~1, frame.height & ~1,
                               pixels.strides[0], QImage.Format.Format_RGB32)
                self._image = (frame.index, image.copy())  # owns its pixels
                self._note(frame, started)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        image = self._image[1]
        area = fit(image.width(), image.height(), self.width(), self.height())  # type: ignore[attr-defined]
        painter.drawImage(area, image)

    def sizeHint(self) -> QSize:
        return QSize(960, 540)

    def _note(self, frame: Frame, started: float) -> None:
        """A new frame is being drawn (``started``: perf_counter at the paint's start)."""
        woken = self._pacer.woken_at if self._pacer is not None else 0.0
        self._pending = Painted(frame.index, frame.t, frame.shown_at, woken, 0.0, started)

    def _drawn(self) -> None:
        """The paint is over: its cost is known (the frame is on screen once flushed)."""
        pending = self._pending
        if pending is not None and pending.painted_at == 0.0:
            self._pending = replace(pending, painted_at=-1.0,
                                    paint_seconds=time.perf_counter() - pending.paint_seconds)

    def _flushed(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None and pending.painted_at == -1.0:
            record = replace(pending, painted_at=time.monotonic())
            latency = self.log.add(record)
            if latency is not None:
                self._tell_latency(latency)
            self.painted.emit(record)

    def _tell_latency(self, latency: float) -> None:
        """The sound waits as long as the screen takes (the player holds it back)."""
        latency = min(max(0.0, latency), 0.5)
        player = self._player
        if player is None or abs(latency - self.latency_told) < LATENCY_STEP:
            return
        with contextlib.suppress(Exception):  # a stopped player: nothing to keep in sync
            player.set_screen_latency(latency)
            self.latency_told = latency


class SoftwareVideoWidget(QWidget, VideoSurface):
    """Converts each new frame on the CPU and paints it with QPainter."""

    painted = Signal(object)  # Painted

    def __init__(self, player: FrameSource | None, parent: QWidget | None = None, *,
                 keep_log: bool = False) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self._attach(player, keep_log)

    def forget(self) -> None:
        self._image = None

    def paintEvent(self, event: QPaintEvent) -> None:
        self._paint_on_cpu(time.perf_counter())
        self._flushed()


@cache
def opengl_available() -> bool:
    """Whether an OpenGL (ES) 2.0 or later context can be made on this screen."""
    from PySide6.QtGui import QOffscreenSurface, QOpenGLContext

    context = QOpenGLContext()
    if not context.create():
        return False
    surface = QOffscreenSurface()
    surface.setFormat(context.format())
    surface.create()
    try:
        if not surface.isValid() or not context.makeCurrent(surface):
            return False
        return context.format().majorVersion() >= 2
    finally:
        context.doneCurrent()
        surface.destroy()


def make_video_widget(
    player: FrameSource | None,
    parent: QWidget | None = None,
    *,
    renderer: Renderer = Renderer.AUTO,
    keep_log: bool = False,
) -> QWidget:
    """The video widget for ``player``: OpenGL where it can be had, else software."""
    if renderer is Renderer.OPENGL or (renderer is Renderer.AUTO and opengl_available()):
        from screeningroom.ui.video_gl import GLVideoWidget

        return GLVideoWidget(player, parent, keep_log=keep_log)
    return SoftwareVideoWidget(player, parent, keep_log=keep_log)
