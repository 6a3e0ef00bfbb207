"""Media time of each shown frame.

libvlc's video callbacks carry no timestamp and ``get_time()`` lags by up to a few hundred
ms, so frames are counted: ``t = anchor + k / fps`` from the anchor (the start, a seek
target, or the frame after a pause). After a seek, pictures already on their way are not
shown (see ``VideoBridge.seeking``).

libvlc drops pictures that are late, and does not report all of them, so the count is
checked against the wall clock when each frame is shown: libvlc shows a picture within
20 ms of its time or not at all, so the display time of the second frame after the anchor
fixes where the film's time stands on the wall clock, and a later frame shown whole
frames after its counted time means pictures were skipped. When three frames running say
so, late by the same amount, the count moves on by that many frames (the frames already
marked keep their times; times never go back). Between anchors the times strictly increase."""

from __future__ import annotations

import math
import threading

DEFAULT_FPS = 25.0
CONFIRM = 3  # frames in a row that must agree before the count is corrected
SLACK = 0.2  # a frame shown up to 0.8 frame intervals late is still on time (24-30 fps:
# beyond libvlc's 20 ms, with room for the callback's own delay in taking the GIL)
STEADY = 0.010  # the lateness of those frames agrees within this (seconds)


class FrameClock:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._fps: float | None = None
        self._anchor = 0.0
        self._k = 0
        self._last: float | None = None
        self._origin: float | None = None  # wall time at which the film stood at the anchor
        self._run: list[float] = []
        self._seen = 0
        self.epoch = 0  # grows at every anchor: frames of an older epoch tell nothing
        self.skipped = 0  # pictures found missing from the count

    @property
    def fps(self) -> float | None:
        return self._fps

    @property
    def last(self) -> float | None:
        return self._last

    def set_fps(self, fps: float) -> None:
        """The stream's rate, once libvlc knows it (frames counted before are kept)."""
        if fps <= 0:
            return
        with self._lock:
            if fps == self._fps:
                return
            if self._last is not None:
                self._restart(self._last + 1.0 / fps)
            self._fps = fps

    def seek(self, seconds: float) -> None:
        with self._lock:
            self._restart(seconds)

    def resume(self) -> None:
        """After a pause the wall clock no longer maps to the film's time."""
        with self._lock:
            if self._last is not None:
                self._restart(self._last + 1.0 / (self._fps or DEFAULT_FPS))

    def _restart(self, anchor: float) -> None:
        self.epoch += 1
        self._anchor, self._k, self._origin, self._run = anchor, 0, None, []
        self._seen = 0

    def next(self) -> float:
        """The time of the next new frame."""
        with self._lock:
            t = self._anchor + self._k / (self._fps or DEFAULT_FPS)
            self._k += 1
            self._last = t
            return t

    def shown(self, t: float, wall: float, epoch: int) -> float:
        """A frame with time ``t`` (given in ``epoch``) was displayed at ``wall``
        (monotonic seconds). Returns how late it was (0 when that cannot be told)."""
        with self._lock:
            if epoch != self.epoch:
                return 0.0
            self._seen += 1
            if self._origin is None:
                # libvlc shows the first picture after a start or a seek at once, before
                # its clock runs: the second one fixes the origin
                if self._seen >= 2:
                    self._origin = wall - (t - self._anchor)
                return 0.0
            late = wall - (self._origin + t - self._anchor)
            if late < 0:  # the first frame was itself late: the origin was too late
                self._origin += late
                return 0.0
            fps = self._fps or DEFAULT_FPS
            behind = math.floor(late * fps + SLACK)
            # skipped pictures leave every later frame late by the same whole frames; a
            # starved thread makes frames late by amounts that differ from frame to frame
            self._run = [*self._run, late] if behind > 0 else []
            if len(self._run) >= CONFIRM:
                if max(self._run) - min(self._run) <= STEADY:
                    self._k += behind
                    self.skipped += behind
                    self._run = []
                    return 0.0
                self._run = self._run[1:]
            return late
