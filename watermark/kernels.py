"""The passes of embedding over full-resolution pixels, and the perceptual mask, each one
compiled loop.

Coarse luma (:func:`area_downscale`): the mask is computed from the frame averaged to
about 1/8 of its side over every other row. One loop sums the rows each low-resolution row
takes, reading only those, into one working row and averages it along (OpenCV's INTER_AREA
tables), while the row is in the cache.

The mark (:func:`add_upscaled`), computed at about 1/8 of the frame's side, is upscaled
bilinearly and added with saturation. OpenCV does that in two passes (``resize`` writes a
full-size plane, ``addWeighted`` reads it back with the frame). Here the horizontal half
of the upscale stays in OpenCV (on ``lh`` rows only: about 1/8 of the pixels) and one loop
does the vertical half and the add in the same pass over the frame's rows: the frame is
read and written once, and no full-size plane is made.

The mask (:func:`mask_cells`, at low resolution) was ten OpenCV calls over the whole
low-resolution plane, each with its own temporary (0.15 ms a 1080p frame with the caches
cold, as in the player); as one loop that keeps its row sums at hand, 0.07 ms. The mark at
low resolution (:func:`quarter_cells`: the weighted bank planes times the mask, in quarter
levels) is one more loop: on the player's thread, idle for a frame period before each
frame, every OpenCV or NumPy call on a small plane cost 20-130 us cold.

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


def _area_cells(src, pitch, w, starts, rows, weights, eight, cstart, cols, cweights, row,
                small):  # pragma: no cover - compiled
    """small[i] = the rows ``rows[k]`` of ``src`` (bytes ``rows[k] * pitch`` to ``+ w``),
    k in starts[i]..starts[i+1], summed with their ``weights`` into ``row``, then averaged
    along the row: with ``eight``, each run of 8 samples summed in order and scaled by
    1/8; otherwise each cell j the sum over k in cstart[j]..cstart[j+1] of
    row[cols[k]] * cweights[k]; rounded (half to even) and saturated to uint8."""
    lh, lw = small.shape
    for i in range(lh):
        for c in range(w):
            row[c] = np.float32(0.0)
        for k in range(starts[i], starts[i + 1]):
            f = weights[k]
            line = src[rows[k] * pitch : rows[k] * pitch + w]
            for c in range(w):
                row[c] += f * np.float32(line[c])
        out = small[i]
        if eight:
            for j in range(lw):
                b = 8 * j
                t = ((((((row[b] + row[b + 1]) + row[b + 2]) + row[b + 3]) + row[b + 4])
                      + row[b + 5]) + row[b + 6]) + row[b + 7]
                out[j] = np.uint8(min(np.rint(abs(t * np.float32(0.125))), np.float32(255.0)))
        else:
            for j in range(lw):
                t = np.float32(0.0)
                for k in range(cstart[j], cstart[j + 1]):
                    t += row[cols[k]] * cweights[k]
                out[j] = np.uint8(min(np.rint(abs(t)), np.float32(255.0)))


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


def _quarter_cells(planes, weights, tile, has_tile, mask, strength, out):  # pragma: no cover
    """out = (the tile, if ``has_tile``, plus each bank's plane times its weight) times the
    mask and ``strength``, in quarter levels rounded (half to even). The first weighted
    plane (with no tile) is a product, each later one a fused multiply-add (one rounding,
    as OpenCV's ``scaleAdd``); no weight and no tile: zeros."""
    lh, lw = out.shape
    started = has_tile
    if has_tile:
        for i in range(lh):
            for j in range(lw):
                out[i, j] = tile[i, j]
    for b in range(planes.shape[0]):
        wb = weights[b]
        if wb == np.float32(0.0):
            continue
        p = planes[b]
        if not started:
            for i in range(lh):
                for j in range(lw):
                    out[i, j] = p[i, j] * wb
            started = True
            continue
        w64 = np.float64(wb)
        for i in range(lh):
            for j in range(lw):  # exact product, one rounding of the sum (to float32)
                out[i, j] = np.float32(np.float64(p[i, j]) * w64 + np.float64(out[i, j]))
    if not started:
        for i in range(lh):
            for j in range(lw):
                out[i, j] = np.float32(0.0)
        return
    for i in range(lh):
        for j in range(lw):
            out[i, j] = np.rint(out[i, j] * mask[i, j] * strength * np.float32(4.0))


# one signature each, compiled (or loaded from the cache) on first use: a row-contiguous
# byte span, never a second specialisation on a later frame
_SIGNATURES = {
    _add_lerp_rows: "void(uint8[::1], intp, intp, intp, float32[:, ::1], intp[::1], "
                    "intp[::1], float32[::1])",
    _area_cells: "void(uint8[::1], intp, intp, intp[::1], intp[::1], float32[::1], boolean, "
                 "intp[::1], intp[::1], float32[::1], float32[::1], uint8[:, ::1])",
    _mask_cells: "void(uint8[:, ::1], intp[::1], intp[::1], float32, float32, float32, "
                 "float32, float32, float32[:, ::1], float32[:, ::1])",
    _quarter_cells: "void(float32[:, :, ::1], float32[::1], float32[:, ::1], boolean, "
                    "float32[:, ::1], float32, float32[:, ::1])",
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
    zeros = np.zeros((2, 2), np.float32)
    add_upscaled(dst, zeros, VerticalTaps.of(2, 2))
    area_downscale(dst, CellAreas.of(2, 2, 2, 2, 1))
    mask = mask_cells(dst, mask_constants(0.5, 1.0, 1.0, (0.0, 1.0)))
    quarter_cells(zeros[None], np.ones(1, np.float32), None, mask, 1.0)


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


class CellAreas:
    """Which rows of an (``h``, ``w``) plane make each of ``lh`` rows of cells, with what
    weight: every ``step``-th row from ``step // 2`` (all rows for a step below 2), and
    those averaged over ``lh`` equal spans of them by the area they cover; and which
    samples of a row make each of ``lw`` cells, with what weight (OpenCV's INTER_AREA
    tables along each axis: equal runs of 8 when ``w`` is 8 ``lw``)."""

    __slots__ = ("cols", "cstart", "cweights", "eight", "lh", "lw", "rows", "starts",
                 "weights")

    def __init__(self, lh: int, lw: int, rows: tuple[np.ndarray, ...],
                 cols: tuple[np.ndarray, ...], eight: bool) -> None:
        self.lh, self.lw, self.eight = lh, lw, eight
        self.starts, self.rows, self.weights = rows
        self.cstart, self.cols, self.cweights = cols

    @classmethod
    @lru_cache(maxsize=32)  # one per frame size: built on its first frame
    def of(cls, h: int, w: int, lh: int, lw: int, step: int) -> CellAreas:
        taken = np.arange(step // 2, h, step) if step >= 2 else np.arange(h)
        starts, picks, weights = _area_table(len(taken), lh)
        return cls(lh, lw, (starts, taken[picks].astype(np.intp), weights),
                   _area_table(w, lw), w == 8 * lw)


def _area_table(n: int, m: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For ``m`` cells over ``n`` samples: where each cell's samples start in the lists,
    the samples, and their weights (each cell's covered share over its width), as
    ``cv2.resize`` with INTER_AREA computes them (samples covered by less than 1/1000 left
    out)."""
    scale = n / m
    starts, picks, weights = [0], [], []
    for i in range(m):
        lo = i * scale
        hi = lo + scale
        width = min(scale, n - lo)
        first, last = int(np.ceil(lo)), min(int(np.floor(hi)), n - 1)
        first = min(first, last)
        if first - lo > 1e-3:
            picks.append(first - 1)
            weights.append((first - lo) / width)
        for j in range(first, last):
            picks.append(j)
            weights.append(1.0 / width)
        if hi - last > 1e-3:
            picks.append(last)
            weights.append(min(min(hi - last, 1.0), width) / width)
        starts.append(len(picks))
    return (np.asarray(starts, np.intp), np.asarray(picks, np.intp),
            np.asarray(weights, np.float32))


def area_downscale(plane: np.ndarray, areas: CellAreas) -> np.ndarray:
    """The uint8 (H, W) ``plane`` averaged to (areas.lh, areas.lw) cells as ``areas`` says,
    in one compiled pass over only the rows it reads (each row of cells summed in a
    working row, then averaged along it), rounded to uint8. A plane whose rows are not
    contiguous is read through a contiguous copy."""
    if plane.ndim != 2:
        raise ValueError("area_downscale needs a 2-D plane")
    if not rows_contiguous(plane):
        plane = np.ascontiguousarray(plane)
    w = plane.shape[1]
    small = np.empty((areas.lh, areas.lw), np.uint8)
    _compiled(_area_cells)(_byte_span(plane, w), plane.strides[0], w, areas.starts,
                           areas.rows, areas.weights, areas.eight, areas.cstart, areas.cols,
                           areas.cweights, _scratch("row_summed", (1, w))[0], small)
    return small


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


@lru_cache(maxsize=16)
def mask_constants(flat_floor: float, activity_knee: float, mask_max: float,
                   dark_knee: tuple[float, float]) -> tuple[np.float32, ...]:
    """The mask loop's constants for a profile's mask parameters (see :func:`mask_cells`)."""
    lo, hi = dark_knee
    return (np.float32(flat_floor), np.float32((1.0 - flat_floor) / activity_knee),
            np.float32(mask_max), np.float32(lo), np.float32(1.0 / (hi - lo)))


def mask_cells(small: np.ndarray, constants: tuple[np.float32, ...]) -> np.ndarray:
    """The perceptual mask (float32, the shape of the uint8 ``small``) in one compiled pass
    (see :func:`watermark.mask.perceptual_mask` for what it is), with the
    :func:`mask_constants` of the profile."""
    small = np.ascontiguousarray(small)
    h, w = small.shape
    out = np.empty((h, w), np.float32)
    _compiled(_mask_cells)(small, _reflected(h), _reflected(w), *constants,
                           _scratch("mask_sums", (2 * h, w)), out)
    return out


_NO_TILE = np.zeros((1, 1), np.float32)  # what the loop is given when there is no tile


def quarter_cells(planes: np.ndarray, weights: np.ndarray, tile: np.ndarray | None,
                  mask: np.ndarray, strength: float) -> np.ndarray:
    """The low-resolution mark in quarter levels, rounded: (``tile`` + the sum of the
    (banks, lh, lw) float32 ``planes`` weighted by the float32 ``weights``) times ``mask``
    times ``strength`` luma levels, in one compiled pass (a working plane of this thread,
    valid until its next call)."""
    out = _scratch("quarters", mask.shape)
    _compiled(_quarter_cells)(planes, weights, _NO_TILE if tile is None else tile,
                              tile is not None, mask, np.float32(strength), out)
    return out


def _byte_span(a: np.ndarray, width: int) -> np.ndarray:
    """The bytes from ``a``'s first sample to the end of its last row (``width`` bytes a
    row), as one contiguous 1-D view: what the compiled loops index by row pitch. A
    C-contiguous array is simply flattened (a view): ``as_strided`` costs about 80 us on
    the player's thread, cold after a frame period idle."""
    if a.flags.c_contiguous:
        return a.reshape(-1)
    return np.lib.stride_tricks.as_strided(a, ((a.shape[0] - 1) * a.strides[0] + width,),
                                           (1,))


def rows_contiguous(frame: np.ndarray) -> bool:
    """Whether each row's samples lie next to each other (rows may be padded) and the
    rows follow each other in memory: what the compiled loops work on in place."""
    width = frame.shape[1] * (1 if frame.ndim == 2 else frame.shape[2])
    return (frame.strides[-1] == 1 and (frame.ndim == 2 or frame.strides[1] == frame.shape[2])
            and frame.strides[0] >= width)


def add_upscaled(dst: np.ndarray, quarters: np.ndarray, taps: VerticalTaps,
                 channels: int = 1) -> None:
    """Add the (lh, lw) float32 ``quarters`` (the mark in quarter luma levels, whole
    numbers: :func:`quarter_cells`), upscaled bilinearly to ``dst``'s size, to the uint8
    ``dst`` in place: (H, W) luma, or (H, W, 4) BGRA with ``channels`` = 3 (the same
    change on B, G and R, alpha untouched). Rows may be strided (a view of a padded
    buffer); a ``dst`` whose rows' samples are not contiguous is marked through a copy
    that is written back."""
    if not rows_contiguous(dst):
        work = np.ascontiguousarray(dst)
        add_upscaled(work, quarters, taps, channels)
        np.copyto(dst, work)
        return
    h, w = dst.shape[:2]
    width = w if dst.ndim == 2 else w * dst.shape[2]
    rows = cv2.resize(quarters, (w, taps.lh), dst=_scratch("rows_upscaled", (taps.lh, w)),
                      interpolation=cv2.INTER_LINEAR)
    if dst.ndim == 3:
        spread = np.zeros((taps.lh, w, dst.shape[2]), np.float32)
        spread[:, :, :channels] = rows[:, :, None]
        rows = spread.reshape(taps.lh, width)
    _compiled(_add_lerp_rows)(_byte_span(dst, width), dst.strides[0], h, width, rows,
                              taps.y0, taps.y1, taps.wy)
