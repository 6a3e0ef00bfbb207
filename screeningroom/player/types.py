"""Values crossing the player's boundary: frames, states, events, and the shapes the
player accepts (source, frame hook, frame sink)."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import numpy as np

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
    visible overlay. ``pixels`` is a read-only BGRA array ``(height, width, 4)`` (QImage's
    ``Format_RGB32`` on little-endian machines) that nobody else writes to."""

    index: int  # 0-based count of frames shown by this player
    t: float  # media time in seconds
    width: int
    height: int
    pixels: np.ndarray  # h w 4, uint8, BGRA


class FrameSink(Protocol):
    """Receives every frame that is shown, on the video thread. Must be quick and must not
    call back into the player."""

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
