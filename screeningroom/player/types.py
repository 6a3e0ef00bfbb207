"""Values crossing the player's boundary: frames, states, events, and the shapes the
player accepts (source, frame hook, frame sink)."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Protocol, runtime_checkable

import numpy as np

from screeningroom.player.colour import ColourMatrix, i420_to_bgra

__all__ = [
    "EventKind",
    "Frame",
    "FrameHook",
    "FrameSink",
    "PlayerEvent",
    "PlayerState",
    "Source",
]

FrameHook = Callable[[np.ndarray, float], None]
"""Called once for every decoded frame before it may be shown, with the frame's luma
plane (uint8 ``(H, W)``, a strided view of a padded buffer: mark it in place) and the
frame's time in seconds. ``watermark.Embedder.apply_luma`` has this shape. If it raises,
playback stops and the frame is never shown."""


@runtime_checkable
class Source(Protocol):
    """A random-access reader of the film's plaintext bytes (the vault's decrypting
    reader has this shape; so has a binary file with a ``size`` attribute)."""

    size: int

    def read(self, n: int = -1, /) -> bytes: ...

    def seek(self, offset: int, whence: int = 0, /) -> int: ...

    def tell(self) -> int: ...

    def close(self) -> None: ...


@dataclass(frozen=True, eq=False)
class Frame:
    """One frame as it is (or would be) painted: it already carries the watermark and the
    visible overlay. The picture is I420: ``y`` (h w), ``u`` and ``v`` (h/2 w/2), uint8,
    read-only, cropped to the visible size; the screen converts it to RGB (on the GPU).

    A frame handed to a :class:`FrameSink` or lent by :meth:`Player.borrow_frame` views
    the decoder's buffer and is valid only during that call or ``with`` block: keep
    :meth:`copy` of it. Frames from :meth:`Player.latest_frame` and :class:`HeadlessSink`
    are copies of their own."""

    index: int  # 0-based count of frames shown by this player
    t: float  # media time in seconds
    width: int
    height: int
    y: np.ndarray  # h w, uint8
    u: np.ndarray  # h/2 w/2, uint8
    v: np.ndarray  # h/2 w/2, uint8
    matrix: ColourMatrix
    shown_at: float  # time.monotonic() when libvlc displayed it (its presentation time)

    def copy(self) -> Frame:
        planes = []
        for plane in (self.y, self.u, self.v):
            own = plane.copy()
            own.flags.writeable = False
            planes.append(own)
        return replace(self, y=planes[0], u=planes[1], v=planes[2])

    def bgra(self) -> np.ndarray:
        """A new BGRA array (h w 4), converted on the CPU (``QImage.Format_RGB32``)."""
        return i420_to_bgra(self.y, self.u, self.v, self.matrix)


class FrameSink(Protocol):
    """Receives every frame that is shown, on libvlc's video thread right after libvlc
    displayed it. Must be quick and must not call back into the player; the frame's
    planes are valid only during the call (keep ``frame.copy()``)."""

    def receive(self, frame: Frame) -> None: ...


class PlayerState(enum.Enum):
    IDLE = "idle"  # made, play() not called yet
    OPENING = "opening"  # play() called, no frame shown yet
    PLAYING = "playing"
    PAUSED = "paused"
    ENDED = "ended"  # reached the end of the film; stop() to release
    STOPPED = "stopped"  # stop() was called; everything is released
    FAILED = "failed"  # stopped by an error (see Player.error); everything is released


class EventKind(enum.Enum):
    FIRST_FRAME = "first_frame"
    PAUSED = "paused"
    RESUMED = "resumed"
    SEEKED = "seeked"
    ENDED = "ended"
    STOPPED = "stopped"
    FAILED = "failed"


@dataclass(frozen=True)
class PlayerEvent:
    kind: EventKind
    position_seconds: float
    error: Exception | None = None
