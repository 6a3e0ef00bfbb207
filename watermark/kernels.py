"""The passes of embedding over full-resolution pixels, and the perceptual mask, each one
compiled loop.

Coarse luma (:func:`area_downscale`): the mask is computed from the frame averaged to
about 1/8 of its side over every other row. One loop sums the rows each low-resolution row
takes, reading only those; OpenCV then averages along the rows, at low height.

The mark (:func:`add_upscaled`), computed at about 1/8 of the frame's side, is upscaled
bilinearly and added with saturation. OpenCV does that in two passes (``resize`` writes a
full-size plane, ``addWeighted`` reads it back with the frame). Here the horizontal half
of the upscale stays in OpenCV (on ``lh`` rows only: about 1/8 of the pixels) and one loop
does the vertical half and the add in the same pass over the frame's rows: the frame is
read and written once, and no full-size plane is made.

The mask (:func:`mask_cells`, at low resolution) was ten OpenCV calls over the whole
low-resolution plane, each with its own temporary (0.15 ms a 1080p frame with the caches
cold, as in the player); as one loop that keeps its row sums at hand, 0.07 ms.

The loops are compiled by Numba the first time they run in a process (cached on disk, so
a later process loads them in milliseconds) and release the GIL while they run, so the
player's other threads (decoder, GUI) are not held up. Numba is imported only here, on
first use (the command lines start without it).

Geometry and rounding of the mark: the sample positions of ``cv2.resize(...,
INTER_LINEAR)`` (pixel centres, edges clamped). The mark is rounded to quarter levels at
low resolution and again after the upscale, and the sum to the nearest level (half to
even), saturated to 0..255: the rounding of the two OpenCV passes this replaces (a uint8
plane in quarter levels around 128, then ``addWeighted``). Plain rounding of the exact
sum was measured too: it carried less of the mark through H.264 CRF 36 (mean coded-symbol
error rate 0.117 against 0.108 over four keys on the shared 720p clip).
"""

from __future__ import annotations

import threading
from functools import lru_cache

import cv2
import numpy as np

_LOCK = threading.Lock()
_COMPILED: dict = {}  # the compiled loops, once per process
# samples per vector step of the compiled loops (see _compiled): measured on the 1080p
# mark pass, 0.33 ms with 16 against 0.49 (Intel, AVX-512), 0.36 against 0.43 (AMD Zen 4
# code), 0.33 against 0.34 (AVX2 code), the output the same bytes
_VECTOR_WIDTH = 16


def _add_lerp_rows(dst, pitch, h, w, rows, y0, y1, wy):  # pragma: no cover - compiled
    """Row r of ``dst`` (bytes ``r * pitch`` to ``r * pitch + w``) plus a quarter of
    rows[y0[r]] * (1 - wy[r]) + rows[y1[r]] * wy[r] (quarter levels, rounded), rounded
    and saturated."""
    for r in range(h):
        a = rows[y0[r]]
        b = rows[y1[r]]
        f = wy[r]
        out = dst[r * pitch : r * pitch + w]  # a slice, so that the loop below vectorises
        for c in range(w):
            q = np.rint(a[c] + (b[c] - a[c]) * f)
            v = np.rint(np.float32(out[c]) + q * np.float32(0.25))
            if v < np.float32(0.0):
                v = np.float32(0.0)
            elif v > np.float32(255.0):
                v = np.float32(255.0)
            out[c] = np.uint8(v)


def _area_rows(src, pitch, w, starts, rows, weights, acc):  # pragma: no cover - compiled
    """acc[i] = sum over k in starts[i]..starts[i+1] of weights[k] * (row rows[k] of
    ``src``, bytes ``rows[k] * pitch`` to ``+ w``)."""
    for i in range(acc.shape[0]):
        out = acc[i]
        for c in range(w):
            out[c] = np.float32(0.0)
        for k in range(starts[i], starts[i + 1]):
            f = weights[k]
            row = src[rows[k] * pitch : rows[k] * pitch + w]
            for c in range(w):
                out[c] += f * np.float32(row[c])


def _mask_cells(small, ry, rx, floor, gain, top, lo, inv, sums, out):  # pragma: no cover
    """The perceptual mask of each cell of ``small`` (see :mod:`watermark.mask`): mean and
    mean square over the 5x5 cells around it (edges reflected: ``ry``/``rx`` give the
    source row/column of each padded place), their spread through the texture ramp,
    times the dark ramp of min(mean, cell). ``sums`` holds the row sums (rows 0..h-1) and
    row sums of squares (h..2h-1): integers, exact in float32; means are formed in
    float64 and rounded once, as OpenCV's box filter does."""
    h, w = small.shape
    pad = np.empty(w + 4, np.float32)
    for y in range(h):
        row = small[y]
        for k in range(w + 4):
            pad[k] = np.float32(row[rx[k]])
        hs = sums[y]
        hq = sums[h + y]
        for x in range(w):
            a, b, c, d, e = pad[x], pad[x + 1], pad[x + 2], pad[x + 3], pad[x + 4]
            hs[x] = a + b + c + d + e
            hq[x] = a * a + b * b + c * c + d * d + e * e
    for y in range(h):
        s0, s1, s2, s3, s4 = (sums[ry[y]], sums[ry[y + 1]], sums[ry[y + 2]], sums[ry[y + 3]],
                              sums[ry[y + 4]])
        q0, q1, q2, q3, q4 = (sums[h + ry[y]], sums[h + ry[y + 1]], sums[h + ry[y + 2]],
                              sums[h + ry[y + 3]], sums[h + ry[y + 4]])
        row = small[y]
        o = out[y]
        for x in range(w):
            mean = np.float32(np.float64(s0[x] + s1[x] + s2[x] + s3[x] + s4[x]) * (1.0 / 25.0))
            sq = np.float32(np.float64(q0[x] + q1[x] + q2[x] + q3[x] + q4[x]) * (1.0 / 25.0))
            spread = np.sqrt(max(sq - mean * mean, np.float32(0.0)))
            texture = min(max(spread * gain + floor, floor), top)
            dark = (min(mean, np.float32(row[x])) - lo) * inv
            o[x] = texture * min(max(dark, np.float32(0.0)), np.float32(1.0))


# one signature each, compiled (or loaded from the cache) on first use: a row-contiguous
# byte span, never a second specialisation on a later frame
_SIGNATURES = {
    _add_lerp_rows: "void(uint8[::1], intp, intp, intp, float32[:, ::1], intp[::1], "
                    "intp[::1], float32[::1])",
    _area_rows: "void(uint8[::1], intp, intp, intp[::1], intp[::1], float32[::1], "
                "float32[:, ::1])",
    _mask_cells: "void(uint8[:, ::1], intp[::1], intp[::1], float32, float32, float32, "
                 "float32, float32, float32[:, ::1], float32[:, ::1])",
}


def _compiled(loop):  # type: ignore[no-untyped-def]
    hit = _COMPILED.get(loop)  # every frame after the first: no lock
    if hit is not None:
        return hit
    with _LOCK:
        hit = _COMPILED.get(loop)
        if hit is None:
            import llvmlite.binding
            import numba

            options = {"nogil": True, "boundscheck": False}
            # 16 samples a step: LLVM's own choice for CPUs with AVX-512 is 8 (256-bit
            # registers, and slower code than for AVX2 alone); the setting is LLVM's
            # process-wide, so it is put back when the loop is compiled
            llvmlite.binding.set_option("", f"-force-vector-width={_VECTOR_WIDTH}")
            try:
                try:
                    hit = numba.njit(_SIGNATURES[loop], cache=True, **options)(loop)
                except RuntimeError:  # no place to cache it (sources not beside the code)
                    hit = numba.njit(_SIGNATURES[loop], **options)(loop)
            finally:
                llvmlite.binding.set_option("", "-force-vector-width=0")  # LLVM's own
            _COMPILED[loop] = hit
        return hit


def warm_up() -> None:
    """Compile (or load from the cache) the loops now, not on the first frame."""
    dst = np.zeros((2, 2), np.uint8)
    add_upscaled(dst, np.zeros((2, 2), np.float32), VerticalTaps.of(2, 2))
    area_downscale(dst, RowAreas.of(2, 2, 1), 2)
    mask_cells(dst, 0.5, 1.0, 1.0, (0.0, 1.0))


class VerticalTaps:
    """For each of ``h`` output rows: the two low-resolution rows it lies between and the
    weight of the second, as ``cv2.resize`` with INTER_LINEAR places them."""

    __slots__ = ("lh", "wy", "y0", "y1")

    def __init__(self, lh: int, y0: np.ndarray, y1: np.ndarray, wy: np.ndarray):
        self.lh, self.y0, self.y1, self.wy = lh, y0, y1, wy

    @classmethod
    @lru_cache(maxsize=32)  # one per frame size: built on its first frame
    def of(cls, h: int, lh: int) -> VerticalTaps:
        s = (np.arange(h, dtype=np.float64) + 0.5) * (lh / h) - 0.5
        y0 = np.floor(s)
        wy = (s - y0).astype(np.float32)
        wy[y0 < 0] = 0.0
        y0 = np.clip(y0, 0, lh - 1).astype(np.intp)
        y1 = np.minimum(y0 + 1, lh - 1)
        return cls(lh, y0, y1, wy)


class RowAreas:
    """Which rows of an ``h``-row plane make each of ``lh`` rows, with what weight: every
    ``step``-th row from ``step // 2`` (all rows for a step below 2), and those averaged
    over ``lh`` equal spans of them by the area they cover (``cv2.resize``'s INTER_AREA
    along the columns)."""

    __slots__ = ("lh", "rows", "starts", "weights")

    def __init__(self, lh: int, starts: np.ndarray, rows: np.ndarray, weights: np.ndarray):
        self.lh, self.starts, self.rows, self.weights = lh, starts, rows, weights

    @classmethod
    @lru_cache(maxsize=32)
    def of(cls, h: int, lh: int, step: int) -> RowAreas:
        taken = np.arange(step // 2, h, step) if step >= 2 else np.arange(h)
        n = len(taken)
        scale = n / lh
        starts, rows, weights = [0], [], []
        for i in range(lh):
            lo, hi = i * scale, (i + 1) * scale
            for j in range(int(np.floor(lo)), min(n, int(np.ceil(hi)))):
                cover = min(hi, j + 1) - max(lo, j)
                if cover > 1e-9:
                    rows.append(int(taken[j]))
                    weights.append(cover / scale)
            starts.append(len(rows))
        return cls(lh, np.asarray(starts, np.intp), np.asarray(rows, np.intp),
                   np.asarray(weights, np.float32))


def area_downscale(plane: np.ndarray, areas: RowAreas, lw: int) -> np.ndarray:
    """The uint8 (H, W) ``plane`` averaged to (areas.lh, lw): its rows as ``areas`` says
    (one compiled pass over only the rows it reads), then along each row by area
    (``cv2.resize`` INTER_AREA, on ``lh`` rows), rounded to uint8. A plane whose rows are
    not contiguous is read through a contiguous copy."""
    if plane.ndim != 2:
        raise ValueError("area_downscale needs a 2-D plane")
    if not rows_contiguous(plane):
        plane = np.ascontiguousarray(plane)
    w = plane.shape[1]
    acc = _scratch("rows_summed", (areas.lh, w))
    _compiled(_area_rows)(_byte_span(plane, w), plane.strides[0], w, areas.starts,
                          areas.rows, areas.weights, acc)
    small = cv2.resize(acc, (lw, areas.lh), interpolation=cv2.INTER_AREA)
    return cv2.convertScaleAbs(small)  # rounded and saturated to uint8


_SCRATCH = threading.local()


def _scratch(name: str, shape: tuple[int, int]) -> np.ndarray:
    """This thread's float32 working plane ``name`` of ``shape``, kept from one frame to
    the next (about 1 MB at 1080p: made anew each frame, its pages went back to the
    system and were faulted in again, 0.07 ms of the 1080p frame's cost). Held until a
    frame of another size comes."""
    held = getattr(_SCRATCH, name, None)
    if held is None or held.shape != shape:
        held = np.empty(shape, np.float32)
        setattr(_SCRATCH, name, held)
    return held


@lru_cache(maxsize=64)
def _reflected(n: int, r: int = 2) -> np.ndarray:
    """Source index of each of the n + 2r places of a line padded by ``r`` on each side,
    mirrored at its ends with the end sample repeated (OpenCV's BORDER_REFLECT)."""
    out = []
    for p in range(-r, n + r):
        while not 0 <= p < n:
            p = 0 if n == 1 else (-p - 1 if p < 0 else 2 * n - p - 1)
        out.append(p)
    return np.asarray(out, np.intp)


def mask_cells(small: np.ndarray, flat_floor: float, activity_knee: float, mask_max: float,
               dark_knee: tuple[float, float]) -> np.ndarray:
    """The perceptual mask (float32, the shape of the uint8 ``small``) in one compiled pass
    (see :func:`watermark.mask.perceptual_mask` for what it is)."""
    small = np.ascontiguousarray(small)
    h, w = small.shape
    lo, hi = dark_knee
    out = np.empty((h, w), np.float32)
    _compiled(_mask_cells)(small, _reflected(h), _reflected(w), np.float32(flat_floor),
                           np.float32((1.0 - flat_floor) / activity_knee),
                           np.float32(mask_max), np.float32(lo), np.float32(1.0 / (hi - lo)),
                           _scratch("mask_sums", (2 * h, w)), out)
    return out


def _byte_span(a: np.ndarray, width: int) -> np.ndarray:
    """The bytes from ``a``'s first sample to the end of its last row (``width`` bytes a
    row), as one contiguous 1-D view: what the compiled loops index by row pitch."""
    return np.lib.stride_tricks.as_strided(a, ((a.shape[0] - 1) * a.strides[0] + width,),
                                           (1,))


def rows_contiguous(frame: np.ndarray) -> bool:
    """Whether each row's samples lie next to each other (rows may be padded) and the
    rows follow each other in memory: what the compiled loops work on in place."""
    width = frame.shape[1] * (1 if frame.ndim == 2 else frame.shape[2])
    return (frame.strides[-1] == 1 and (frame.ndim == 2 or frame.strides[1] == frame.shape[2])
            and frame.strides[0] >= width)


def add_upscaled(dst: np.ndarray, mark: np.ndarray, taps: VerticalTaps,
                 channels: int = 1) -> None:
    """Add the (lh, lw) float32 ``mark`` (luma levels, counted in quarter levels),
    upscaled bilinearly to ``dst``'s size, to the uint8 ``dst`` in place: (H, W) luma,
    or (H, W, 4) BGRA with ``channels`` = 3 (the same change on B, G and R, alpha
    untouched). Rows may be strided (a view of a padded buffer); a ``dst`` whose rows'
    samples are not contiguous is marked through a copy that is written back."""
    if not rows_contiguous(dst):
        work = np.ascontiguousarray(dst)
        add_upscaled(work, mark, taps, channels)
        np.copyto(dst, work)
        return
    h, w = dst.shape[:2]
    width = w if dst.ndim == 2 else w * dst.shape[2]
    quarters = np.rint(cv2.multiply(mark, 4.0))
    rows = cv2.resize(quarters, (w, taps.lh), dst=_scratch("rows_upscaled", (taps.lh, w)),
                      interpolation=cv2.INTER_LINEAR)
    if dst.ndim == 3:
        spread = np.zeros((taps.lh, w, dst.shape[2]), np.float32)
        spread[:, :, :channels] = rows[:, :, None]
        rows = spread.reshape(taps.lh, width)
    _compiled(_add_lerp_rows)(_byte_span(dst, width), dst.strides[0], h, width, rows,
                              taps.y0, taps.y1, taps.wy)
