"""Media time of each shown frame.

libvlc's video callbacks carry no timestamp and ``get_time()`` lags by up to a few hundred
ms, so the time is counted: ``t = anchor + k / fps`` where ``k`` counts frames since the
anchor (the start, or the target of the last seek) plus the frames libvlc reports lost.
Pauses do not disturb it. Between seeks the times strictly increase."""

from __future__ import annotations

import threading

DEFAULT_FPS = 25.0


class FrameClock:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._fps: float | None = None
        self._anchor = 0.0
        self._k = 0
        self._last: float | None = None

    @property
    def fps(self) -> float | None:
        return self._fps

    def set_fps(self, fps: float) -> None:
        """The stream's rate, once libvlc knows it (frames counted before are kept)."""
        if fps <= 0:
            return
        with self._lock:
            if fps == self._fps:
                return
            if self._last is not None and self._k:
                self._anchor = self._last + 1.0 / fps
                self._k = 0
            self._fps = fps

    def next(self) -> float:
        with self._lock:
            t = self._anchor + self._k / (self._fps or DEFAULT_FPS)
            self._k += 1
            self._last = t
            return t

    def seek(self, seconds: float) -> None:
        with self._lock:
            self._anchor = seconds
            self._k = 0

    def lost(self, frames: int) -> None:
        """Frames libvlc decoded but did not show still take their time."""
        if frames > 0:
            with self._lock:
                self._k += frames

    @property
    def last(self) -> float | None:
        return self._last
