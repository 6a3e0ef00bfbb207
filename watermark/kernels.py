"""The one per-pixel pass of embedding: upscale the low-resolution mark and add it.

The mark is computed at about 1/8 of the frame's side; what touches every pixel is its
bilinear upscale and the saturating add. OpenCV does these as two passes (``resize`` writes
a full-size plane, ``addWeighted`` reads it back with the frame), each with its own loop.
Here the horizontal half of the upscale stays in OpenCV (on ``lh`` rows only: about 1/8 of
the pixels) and one compiled loop does the vertical half and the add in the same pass over
the frame's rows: the frame is read and written once, and no full-size plane is made.

The loop is compiled by Numba the first time it runs in a process (cached on disk, so a
later process loads it in milliseconds) and releases the GIL while it runs, so the
player's other threads (decoder, GUI) are not held up by it. Numba is imported only here,
on first use: the desk, which only detects, never loads it.

Geometry and rounding: the same sample positions as ``cv2.resize(..., INTER_LINEAR)``
(pixel centres, edges clamped), the sum rounded to the nearest level and saturated to
0..255.
"""

from __future__ import annotations

import threading

import cv2
import numpy as np

_LOCK = threading.Lock()
_COMPILED: list = []  # the compiled loop, once per process


def _add_lerp_rows(dst, pitch, h, w, rows, y0, y1, wy):  # pragma: no cover - compiled
    """Row r of ``dst`` (bytes ``r * pitch`` to ``r * pitch + w``) plus
    rows[y0[r]] * (1 - wy[r]) + rows[y1[r]] * wy[r], rounded and saturated."""
    for r in range(h):
        a = rows[y0[r]]
        b = rows[y1[r]]
        f = wy[r]
        out = dst[r * pitch : r * pitch + w]  # a slice, so that the loop below vectorises
        for c in range(w):
            v = np.float32(out[c]) + a[c] + (b[c] - a[c]) * f + np.float32(0.5)
            if v < np.float32(0.0):
                v = np.float32(0.0)
            elif v > np.float32(255.0):
                v = np.float32(255.0)
            out[c] = np.uint8(v)


def _kernel():  # type: ignore[no-untyped-def]
    with _LOCK:
        if not _COMPILED:
            import numba

            # one signature, compiled (or loaded from the cache) here: a row-contiguous
            # byte span, never a second specialisation on a later frame
            signature = ("void(uint8[::1], intp, intp, intp, float32[:, ::1], intp[::1], "
                         "intp[::1], float32[::1])")
            try:
                compiled = numba.njit(signature, cache=True, nogil=True,
                                      boundscheck=False)(_add_lerp_rows)
            except RuntimeError:  # no place to cache it (sources not beside the code)
                compiled = numba.njit(signature, nogil=True, boundscheck=False)(_add_lerp_rows)
            _COMPILED.append(compiled)
        return _COMPILED[0]


def warm_up() -> None:
    """Compile (or load from the cache) the loop now, not on the first frame."""
    dst = np.zeros((2, 2), np.uint8)
    add_upscaled(dst, np.zeros((2, 2), np.float32), VerticalTaps.of(2, 2))


class VerticalTaps:
    """For each of ``h`` output rows: the two low-resolution rows it lies between and the
    weight of the second, as ``cv2.resize`` with INTER_LINEAR places them."""

    __slots__ = ("h", "lh", "wy", "y0", "y1")

    def __init__(self, h: int, lh: int, y0: np.ndarray, y1: np.ndarray, wy: np.ndarray):
        self.h, self.lh, self.y0, self.y1, self.wy = h, lh, y0, y1, wy

    @classmethod
    def of(cls, h: int, lh: int) -> VerticalTaps:
        s = (np.arange(h, dtype=np.float64) + 0.5) * (lh / h) - 0.5
        y0 = np.floor(s)
        wy = (s - y0).astype(np.float32)
        wy[y0 < 0] = 0.0
        y0 = np.clip(y0, 0, lh - 1).astype(np.intp)
        y1 = np.minimum(y0 + 1, lh - 1)
        return cls(h, lh, y0, y1, wy)


def rows_contiguous(frame: np.ndarray) -> bool:
    """Whether each row's samples lie next to each other (rows may be padded) and the
    rows follow each other in memory: what :func:`add_upscaled` works on in place."""
    width = frame.shape[1] * (1 if frame.ndim == 2 else frame.shape[2])
    return (frame.strides[-1] == 1 and (frame.ndim == 2 or frame.strides[1] == frame.shape[2])
            and frame.strides[0] >= width)


def add_upscaled(dst: np.ndarray, mark: np.ndarray, taps: VerticalTaps,
                 channels: int = 1) -> None:
    """Add the (lh, lw) float32 ``mark`` (luma levels), upscaled bilinearly to ``dst``'s
    size, to the uint8 ``dst`` in place: (H, W) luma, or (H, W, 4) BGRA with ``channels``
    = 3 (the same change on B, G and R, alpha untouched). ``dst``'s rows may be strided
    (a view of a padded buffer) but each row's samples must be contiguous."""
    if not rows_contiguous(dst):
        raise ValueError("add_upscaled needs rows whose samples are contiguous")
    h, w = dst.shape[:2]
    width = w if dst.ndim == 2 else w * dst.shape[2]
    rows = cv2.resize(mark, (w, taps.lh), interpolation=cv2.INTER_LINEAR)
    if dst.ndim == 3:
        spread = np.zeros((taps.lh, w, dst.shape[2]), np.float32)
        spread[:, :, :channels] = rows[:, :, None]
        rows = spread.reshape(taps.lh, width)
    pitch = dst.strides[0]
    span = np.lib.stride_tricks.as_strided(dst, ((h - 1) * pitch + width,), (1,))
    _kernel()(span, pitch, h, width, np.ascontiguousarray(rows), taps.y0, taps.y1, taps.wy)

