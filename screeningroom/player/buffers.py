"""Frame buffers libvlc decodes into: I420 planes in 32-byte aligned memory with pitches
and line counts rounded up to 32, and a few slots so that the picture being painted is
never the one being written."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

ALIGN = 32
SLOTS = 4


def _round_up(n: int, step: int = ALIGN) -> int:
    return (n + step - 1) // step * step


def aligned_empty(nbytes: int) -> np.ndarray:
    raw = np.empty(nbytes + ALIGN, np.uint8)
    offset = (-raw.ctypes.data) % ALIGN
    return raw[offset : offset + nbytes]


@dataclass(frozen=True)
class Layout:
    """Where the three I420 planes lie in a slot: the size libvlc writes (the picture's
    own, or the decoder's padded size when the picture's is unknown), padded to 32."""

    coded_width: int
    coded_height: int
    pitch: int  # bytes per luma row, a multiple of 32
    lines: int  # luma rows, a multiple of 32

    @classmethod
    def for_coded(cls, width: int, height: int) -> Layout:
        return cls(width, height, _round_up(width), _round_up(height))

    @property
    def chroma_pitch(self) -> int:
        return self.pitch // 2

    @property
    def chroma_lines(self) -> int:
        return self.lines // 2

    @property
    def luma_bytes(self) -> int:
        return self.pitch * self.lines

    @property
    def chroma_bytes(self) -> int:
        return self.chroma_pitch * self.chroma_lines

    @property
    def nbytes(self) -> int:
        return self.luma_bytes + 2 * self.chroma_bytes


class Slot:
    def __init__(self, layout: Layout) -> None:
        self.memory = aligned_empty(layout.nbytes)
        lb, cb = layout.luma_bytes, layout.chroma_bytes
        # written once now (black), so that the pages are the process's before the first
        # picture: left to libvlc's first copy into each slot, the faults made that copy
        # take up to 70 ms (2160p, 12 MB a slot) and the first frames came late
        self.memory[:lb] = 16
        self.memory[lb:] = 128
        self.y = self.memory[:lb].reshape(layout.lines, layout.pitch)
        self.u = self.memory[lb : lb + cb].reshape(layout.chroma_lines, layout.chroma_pitch)
        self.v = self.memory[lb + cb :].reshape(layout.chroma_lines, layout.chroma_pitch)
        self.address = self.memory.ctypes.data
        self.planes = (self.address, self.address + lb, self.address + lb + cb)
        self.pins = 0  # readers converting it right now
        self.t = 0.0
        self.index = -1
        self.epoch = 0  # the frame clock's epoch its time was given in
        self.width = 0  # visible size of the frame in it
        self.height = 0
        self.ready = False  # went through the frame hook and may be shown
        self.shown_at = 0.0  # when libvlc displayed it
        # where the frame's time went (perf_counter seconds; see PipelineTimes)
        self.locked_at = 0.0
        self.copy = self.hook = self.overlay = 0.0
        self.marked_at = 0.0

    def planes_of(self, width: int, height: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Read-only views of the visible picture (``height`` rows of the padded planes)."""
        views = (
            self.y[:height, :width],
            self.u[: (height + 1) // 2, : (width + 1) // 2],
            self.v[: (height + 1) // 2, : (width + 1) // 2],
        )
        for view in views:
            view.flags.writeable = False
        return views


class FramePool:
    """The slots of one video format. ``acquire`` (libvlc's lock callback) never hands
    out the slot that is shown, pinned by a reader, or waiting to be shown; when none is
    free the frame goes to a scratch slot that is never shown."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self._lock = threading.Lock()
        self.slots = [Slot(layout) for _ in range(SLOTS)]
        self.scratch = Slot(layout)
        self._shown: Slot | None = None
        self._pending: Slot | None = None
        self._next = 0
        self.overflows = 0

    def acquire(self) -> Slot:
        with self._lock:
            for step in range(SLOTS):
                slot = self.slots[(self._next + step) % SLOTS]
                if slot is not self._shown and slot is not self._pending and not slot.pins:
                    self._next = (self._next + step + 1) % SLOTS
                    slot.ready = False
                    self._pending = slot
                    return slot
            self.overflows += 1
            self.scratch.ready = False
            return self.scratch

    def publish(self, slot: Slot, index: int) -> bool:
        """Make ``slot`` the shown frame, numbered ``index``, if it went through the hook."""
        with self._lock:
            if slot is self._pending:
                self._pending = None
            if not slot.ready or slot is self.scratch:
                return False
            slot.ready = False
            slot.index = index
            self._shown = slot
            return True

    def pin_shown(self) -> Slot | None:
        with self._lock:
            slot = self._shown
            if slot is not None:
                slot.pins += 1
            return slot

    def unpin(self, slot: Slot) -> None:
        with self._lock:
            slot.pins -= 1
