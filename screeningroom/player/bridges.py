"""The ctypes callbacks libvlc calls on its own threads: the film's bytes in (media
bridge), decoded pictures out (video bridge).

Rules kept here: every callback catches everything and returns a safe value; no callback
blocks, takes a lock a libvlc call may be waiting under, or calls libvlc; no Qt. The
objects below hold the callback objects until the player has released libvlc."""

from __future__ import annotations

import contextlib
import ctypes
import os
import threading
import time
from dataclasses import dataclass

import numpy as np

from screeningroom.errors import ScreeningRoomError
from screeningroom.player import engine
from screeningroom.player.buffers import SLOTS, FramePool, Layout, Slot
from screeningroom.player.clock import DEFAULT_FPS, FrameClock
from screeningroom.player.colour import ColourMatrix
from screeningroom.player.errors import SinkFailed, SourceUnreadable, WatermarkFailed
from screeningroom.player.overlay import Overlay
from screeningroom.player.picture_size import fits
from screeningroom.player.types import Frame, FrameHook, FrameSink, Source


def _as_error(exc: BaseException) -> Exception:
    """The vault's own errors (a tampered chunk ...) pass through as they are."""
    if isinstance(exc, ScreeningRoomError):
        return exc
    return SourceUnreadable(exc)


class MediaBridge:
    """open/read/seek/close over a :class:`Source`."""

    def __init__(self, source: Source, size: int, on_error: threading.Event) -> None:
        vlc = engine.load()
        self.source = source
        self.size = size
        self.error: Exception | None = None
        self.closed = False
        self._on_error = on_error
        cb = vlc.CallbackDecorators
        self.open_cb = cb.MediaOpenCb(self._open)
        self.read_cb = cb.MediaReadCb(self._read)
        self.seek_cb = cb.MediaSeekCb(self._seek)
        self.close_cb = cb.MediaCloseCb(self._close)

    def _record(self, exc: BaseException) -> None:
        if self.error is None:
            self.error = _as_error(exc)
        self._on_error.set()

    def _open(self, opaque, datap, sizep) -> int:  # type: ignore[no-untyped-def]
        try:
            self.source.seek(0, 0)
            datap[0] = None
            sizep[0] = self.size
            return 0
        except BaseException as exc:
            self._record(exc)
            return -1

    def _read(self, opaque, buf, length) -> int:  # type: ignore[no-untyped-def]
        try:
            if self.closed or self.error is not None:
                return 0
            data = self.source.read(int(length))
            n = len(data)
            if n:
                ctypes.memmove(buf, data, n)
            return n
        except BaseException as exc:
            self._record(exc)
            return -1

    def _seek(self, opaque, offset) -> int:  # type: ignore[no-untyped-def]
        try:
            if self.closed:
                return -1
            self.source.seek(int(offset), 0)
            return 0
        except BaseException as exc:
            self._record(exc)
            return -1

    def _close(self, opaque) -> None:  # type: ignore[no-untyped-def]
        # The player owns the source and closes it in stop(); libvlc may open it again.
        return None


# libvlc renders the last picture again when no new one came for 80 ms (always while
# paused). Such a repeat is recognised by the same luma at a sparse grid of points, and,
# unless paused, a gap of at least this long; it is not shown again (the shown slot
# already holds it) and takes no time on the frame clock.
REDISPLAY_GAP = 0.06
_GRID = 32
# After a seek, a picture decoded before it may still come through within about one
# frame interval; the first picture of the new position takes longer (seek, decode,
# buffering: 70 ms and more measured even on a small clip).
SEEK_SETTLE = (0.04, 0.06)  # bounds of 1.25 frame intervals
LATE = 0.020  # libvlc's own threshold for a late picture


@dataclass(frozen=True)
class FrameTiming:
    """Where one shown frame's time went, in seconds (``perf_counter`` for durations,
    ``time.monotonic`` for instants). ``copy`` is from libvlc's lock callback to its
    unlock callback: libvlc copying the decoded picture into our buffer."""

    index: int
    t: float
    copy: float
    hook: float  # the frame hook: the watermark
    overlay: float  # the visible overlay text
    ready_at: float  # monotonic: the frame was marked and could be shown
    shown_at: float  # monotonic: libvlc displayed it (its presentation time on libvlc's clock)
    late: float  # shown_at minus the frame's time on the wall clock (0 when unknown)


class VideoBridge:
    """format/cleanup/lock/unlock/display. The frame hook (and the overlay after it) runs
    in ``unlock``, before libvlc waits for the frame's display time; ``display`` (called
    by libvlc at the frame's presentation time) only makes the marked slot the shown one,
    wakes the screen (one byte down ``wake_fd``) and feeds the sink."""

    def __init__(
        self,
        hook: FrameHook,
        overlay: Overlay | None,
        sink: FrameSink | None,
        clock: FrameClock,
        wake: threading.Event,
        wake_fd: int,
        picture_size: tuple[int, int] | None = None,
    ) -> None:
        vlc = engine.load()
        self.hook = hook
        # the film's own picture size (see picture_size.py): answered to the format
        # callback so that libvlc copies the picture rather than scaling it
        self.picture_size = picture_size
        self.overlay = overlay
        self.sink = sink
        self.clock = clock
        self._wake = wake
        self._wake_fd = wake_fd
        self.pool: FramePool | None = None
        self.visible: tuple[int, int] | None = None  # set by the player once libvlc knows
        self.matrix = ColourMatrix.BT601
        self.shown = 0
        self.withheld = 0  # decoded before the visible size was known: never shown
        self.repeats = 0  # libvlc's re-renders of the last picture (pause, stalls)
        self.paused = False  # set by the player
        self.discarded = 0  # pictures from before a seek, not shown
        self.late = 0  # shown more than LATE after their time
        self.timings: list[FrameTiming] | None = None  # kept when the player is asked to
        self._settle_until = 0.0
        self._last_sample: bytes | None = None
        self._last_unlock = 0.0
        self.last_t: float | None = None
        self.first_frame_at: float | None = None
        self.failed = False
        self.closed = False
        self.error: Exception | None = None
        cb = vlc.CallbackDecorators
        self.format_cb = engine.FormatCb(self._format)
        self.cleanup_cb = engine.CleanupCb(self._cleanup)
        self.lock_cb = cb.VideoLockCb(self._lock)
        self.unlock_cb = cb.VideoUnlockCb(self._unlock)
        self.display_cb = cb.VideoDisplayCb(self._display)

    # -- failure ----------------------------------------------------------------------
    def fail(self, error: Exception) -> None:
        if not self.failed:
            self.error = error
            self.failed = True
        self._wake.set()

    def close(self) -> None:
        """After this no frame is shown and nothing can be read (the player is stopping)."""
        self.failed = True
        self.closed = True

    def warm_up(self, width: int, height: int) -> None:
        """Call the hook once on a blank plane of the frame size before any frame is shown,
        so that its first-call set-up (an embedder builds its patterns) does not make the
        first frames late. Frames decoded meanwhile are counted but not shown."""
        pool = self.pool
        plane = np.full((height, width), 16, np.uint8)
        try:
            self.hook(plane, self.clock.last or 0.0)
        except BaseException as exc:
            self.fail(WatermarkFailed(exc))
        if pool is not None:
            self.matrix = ColourMatrix.for_height(height)
            self.visible = (width, height)

    def seeking(self) -> None:
        """The player asked libvlc to seek: pictures decoded before are not shown."""
        low, high = SEEK_SETTLE
        interval = 1.25 / (self.clock.fps or DEFAULT_FPS)
        self._settle_until = time.monotonic() + min(high, max(low, interval))

    # -- libvlc callbacks -------------------------------------------------------------
    def _format(self, opaque, chroma, width, height, pitches, lines) -> int:  # type: ignore[no-untyped-def]
        try:
            if fits(self.picture_size, int(width[0]), int(height[0])):
                width[0], height[0] = self.picture_size  # type: ignore[misc]
            layout = Layout.for_coded(int(width[0]), int(height[0]))
            ctypes.memmove(chroma, b"I420", 4)
            pitches[0], lines[0] = layout.pitch, layout.lines
            for plane in (1, 2):
                pitches[plane], lines[plane] = layout.chroma_pitch, layout.chroma_lines
            if self.pool is None or self.pool.layout != layout:  # asked again: the same
                self.pool = FramePool(layout)  # size keeps its slots (nothing holds them)
            return SLOTS
        except BaseException as exc:
            self.fail(_as_error(exc))
            return 0

    def _cleanup(self, opaque) -> None:  # type: ignore[no-untyped-def]
        return None  # slots are freed with the player (a reader may still hold one)

    def _slot(self, pool: FramePool, picture: int | None) -> Slot:
        index = (picture or 0) - 1
        return pool.slots[index] if 0 <= index < SLOTS else pool.scratch

    def _lock(self, opaque, planes):  # type: ignore[no-untyped-def]
        pool = self.pool
        if pool is None:  # cannot happen after a successful format callback
            return None
        try:
            slot = pool.acquire()
        except BaseException:
            slot = pool.scratch
        for plane, address in enumerate(slot.planes):
            planes[plane] = address
        slot.locked_at = time.perf_counter()
        return pool.slots.index(slot) + 1 if slot is not pool.scratch else None

    def _unlock(self, opaque, picture, planes) -> None:  # type: ignore[no-untyped-def]
        try:
            start = time.perf_counter()
            pool = self.pool
            if pool is None or self.failed:
                return
            slot = self._slot(pool, picture)
            if slot is pool.scratch:
                return
            visible = self.visible
            if visible is None:  # not shown, but it takes its time
                self.clock.next()
                self.withheld += 1
                return
            width = min(visible[0], pool.layout.coded_width)
            height = min(visible[1], pool.layout.coded_height)
            luma = slot.y[:height, :width]
            now, sample = time.monotonic(), luma[::_GRID, ::_GRID].tobytes()
            if now < self._settle_until:
                self.discarded += 1
                return
            gap, self._last_unlock = now - self._last_unlock, now
            if sample == self._last_sample and (self.paused or gap >= REDISPLAY_GAP):
                self.repeats += 1
                return
            self._last_sample = sample
            t, slot.epoch = self.clock.next(), self.clock.epoch
            hooked = time.perf_counter()
            self.hook(luma, t)
            marked = time.perf_counter()
            if self.overlay is not None:
                self.overlay.apply(luma)
            done = time.perf_counter()
            slot.t, slot.width, slot.height = t, width, height
            slot.copy, slot.hook = start - slot.locked_at, marked - hooked
            slot.overlay = done - marked
            slot.marked_at = time.monotonic()
            slot.ready = True
        except BaseException as exc:
            self.fail(WatermarkFailed(exc))

    def _display(self, opaque, picture) -> None:  # type: ignore[no-untyped-def]
        try:
            pool = self.pool
            if pool is None or self.failed:
                return
            slot = self._slot(pool, picture)
            if not pool.publish(slot, self.shown):
                return
            wall = slot.shown_at = time.monotonic()
            late = self.clock.shown(slot.t, wall, slot.epoch)
            if late > LATE:
                self.late += 1
            if self.first_frame_at is None:
                self.first_frame_at = wall
            self.last_t = slot.t
            self.shown += 1
            # BlockingIOError: the screen has not read the last ones yet (never block here)
            with contextlib.suppress(OSError):
                os.write(self._wake_fd, b"\x01")
            timings = self.timings
            if timings is not None:
                timings.append(FrameTiming(slot.index, slot.t, slot.copy, slot.hook,
                                           slot.overlay, slot.marked_at, wall, late))
            if self.sink is not None:
                try:
                    self.sink.receive(self.frame_of(slot))
                except BaseException as exc:
                    self.fail(SinkFailed(exc))
        except BaseException as exc:
            self.fail(_as_error(exc))

    # -- readers ----------------------------------------------------------------------
    def frame_of(self, slot: Slot) -> Frame:
        """The frame in ``slot`` as views of its planes (valid while the slot is held)."""
        y, u, v = slot.planes_of(slot.width, slot.height)
        return Frame(slot.index, slot.t, slot.width, slot.height, y, u, v, self.matrix,
                     slot.shown_at)

    def pin_shown(self) -> Slot | None:
        """The shown slot, held so that libvlc does not write into it until ``unpin``."""
        pool = self.pool
        if pool is None or self.closed:
            return None
        slot = pool.pin_shown()
        if slot is not None and self.closed:  # stopped meanwhile
            pool.unpin(slot)
            return None
        return slot

    def unpin(self, slot: Slot) -> None:
        pool = self.pool
        if pool is not None:
            pool.unpin(slot)
