"""Reading the self-synchronising tile (:mod:`watermark.tile`) without the master.

Key-independent front end (:func:`tile_features`, one pass over the clip): every frame at
most 540 lines tall, band-passed (the picture minus a Gaussian blur of sigma 2 px, about
half a tile cell), divided by its local contrast (sigma 3 px) and limited to +/-3, then
weighted by the inverse local contrast (noise weighting: textured areas hide the tile and
carry its noise), scaled down in dark areas as the embedder's mask is, black bars and a
margin of 4 px around them left out; summed over the clip (the tile is fixed, the picture
moves), then divided by its own local RMS (sigma 8 px) and limited, so that static edges of
the picture weigh no more than the rest.

Under a key (:func:`geometries`): the tile's period in the copy is its scale. Candidates
come from the autocorrelation of the residual (peaks on both axes above their
neighbourhood) and from a keyed scan of every period from 40 px up to 0.6 of the short side
in 0.3 % steps (the residual at half size folded at half-cell bins, correlated with the sync
pattern); each is refined (a common scale, then the width alone: an aspect change) on the
sync correlation at quarter-cell bins. Folding the residual modulo the period turns any
crop or translation into a cyclic shift, found as the peak of the cyclic correlation with
the sync pattern. The ``count`` geometries with the strongest sync peaks are kept; at each,
the soft symbols are the correlations of the fold with the payload patterns.

The decision is the library's (:func:`watermark.detect.decide`): the sync and payload
patterns are orthonormal and the codeword's keyed scrambling is independent of both, so
choosing geometries by their sync peak leaves the bound of :mod:`watermark.stats` intact;
every geometry kept counts as a hypothesis.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from screeningroom_resources.console import Progress
from watermark.errors import N_, WatermarkInputError
from watermark.features import _span, _tick
from watermark.profile import WatermarkProfile
from watermark.tile import fine_patterns, layer
from watermark.video import Source, container_frames, iter_luma

DETECT_HEIGHT = 540  # copies are read at most this tall
MIN_PERIOD = 40  # detection pixels: shorter lags are the codec's block grid and the picture
FINE = 4  # fold bins per tile cell (the sub-cell phase of a crop)
SCAN_STEP = 1.003


@dataclass(frozen=True, eq=False)
class TileFeatures:
    """The clip's accumulated, normalised residual (detection pixels) and what it used."""

    residual: np.ndarray
    scale: float  # detection pixels per clip pixel
    frames: int
    seconds_used: float


@dataclass(frozen=True)
class TileGeometry:
    """Where the tile sits in the copy: its period in clip pixels (``period_y``,
    ``period_x``: 256 px on a 1080p frame as marked, times the copy's scale) and the
    cyclic shift of its origin in tile cells; ``sync_z`` the sync correlation peak."""

    period_y: float
    period_x: float
    shift_y: float
    shift_x: float
    sync_z: float


class TileFrontEnd:
    """Accumulates frames (uint8 luma) into the key-independent residual."""

    def __init__(self) -> None:
        self.sum: np.ndarray | None = None
        self.scale = 1.0
        self.frames = 0

    def add(self, y: np.ndarray) -> None:
        """Add a frame (frames of another size than the first are skipped)."""
        h, w = y.shape
        scale = min(1.0, DETECT_HEIGHT / h)
        if scale < 1.0:
            y = cv2.resize(y, (round(w * scale), DETECT_HEIGHT), interpolation=cv2.INTER_AREA)
        f = y.astype(np.float32)
        hp = f - cv2.GaussianBlur(f, (0, 0), 2.0)
        local = cv2.sqrt(cv2.GaussianBlur(hp * hp, (0, 0), 3.0)) + 1.0
        r = np.clip(hp / local, -3.0, 3.0) * (2.0 / local)
        r *= np.clip((cv2.GaussianBlur(f, (0, 0), 4.0) - 16.0) / 48.0, 0.0, 1.0)
        bars = cv2.dilate((f < 20).astype(np.uint8), np.ones((9, 9), np.uint8))
        r[bars > 0] = 0
        if self.sum is None:
            self.sum, self.scale = np.zeros_like(r), scale
        elif self.sum.shape != r.shape:  # the copy changed size: its first size is read
            return
        self.sum += r
        self.frames += 1

    def residual(self) -> np.ndarray:
        assert self.sum is not None
        loc = cv2.sqrt(cv2.GaussianBlur(self.sum * self.sum, (0, 0), 8.0)) + 1e-6
        return np.clip(self.sum / loc, -3.0, 3.0)


def tile_features(clip: Source, progress: Progress | None = None,
                  max_seconds: float = 60.0) -> TileFeatures:
    """One pass over the first ``max_seconds`` of ``clip`` (path, binary file object or
    ``(t, frame)`` pairs); depends on no key."""
    front = TileFrontEnd()
    total = container_frames(clip)
    times: list[float] = []
    for i, (t, y) in enumerate(iter_luma(clip, "clip")):
        if t > max_seconds:
            break
        front.add(y)
        times.append(t)
        _tick(progress, i + 1, total)
    if len(times) < 2:
        raise WatermarkInputError(N_("The clip is too short: it needs at least two frames."))
    return TileFeatures(residual=front.residual(), scale=front.scale, frames=len(times),
                        seconds_used=_span(np.asarray(times), times[-1]))


def autocorrelation(r: np.ndarray) -> np.ndarray:
    """Autocorrelation of ``r`` (zero-padded, divided by the overlap), 1 at lag 0."""
    h, w = r.shape
    f = np.fft.rfft2(r - r.mean(), s=(2 * h, 2 * w))
    a = np.fft.irfft2(np.abs(f) ** 2, s=(2 * h, 2 * w))
    ones = np.fft.rfft2(np.ones((h, w)), s=(2 * h, 2 * w))
    overlap = np.fft.irfft2(np.abs(ones) ** 2, s=(2 * h, 2 * w))
    return a / np.maximum(overlap, 0.25 * h * w) / max(a[0, 0] / (h * w), 1e-12)


def _max_period(r: np.ndarray) -> int:
    return int(min(r.shape) * 0.6)


def _distinct(periods: list[float], count: int) -> list[float]:
    out: list[float] = []
    for p in periods:
        if all(abs(p - q) > 0.01 * q + 1 for q in out):
            out.append(p)
        if len(out) >= count:
            break
    return out


def autocorrelation_periods(r: np.ndarray, count: int = 4) -> list[float]:
    """Periods (detection pixels) where the autocorrelation of both axes stands above its
    neighbourhood (a long straight edge lifts every lag alike)."""
    if _max_period(r) <= MIN_PERIOD:
        return []
    a = autocorrelation(r)
    lags = np.arange(MIN_PERIOD - 8, _max_period(r) + 8)
    s = a[0, lags] + a[lags, 0]
    base = np.array([np.median(s[max(0, i - 8) : i + 9]) for i in range(len(s))])
    prom, lags = (s - base)[8:-8], lags[8:-8]
    return _distinct([float(lags[i]) for i in np.argsort(prom)[::-1]], count)


def fold(r: np.ndarray, py: float, px: float, bins: int) -> np.ndarray:
    """``r`` folded modulo (py, px) onto (bins, bins): the mean of the non-zero samples
    of each bin."""
    h, w = r.shape
    yy = np.floor((np.arange(h) % py) * (bins / py)).astype(np.int64) % bins
    xx = np.floor((np.arange(w) % px) * (bins / px)).astype(np.int64) % bins
    idx = (yy[:, None] * bins + xx[None, :]).ravel()
    flat = r.ravel()
    s = np.bincount(idx, weights=flat, minlength=bins * bins)
    n = np.bincount(idx, weights=(flat != 0).astype(np.float64), minlength=bins * bins)
    return (s / np.maximum(n, 1)).reshape(bins, bins)


def sync_map(r: np.ndarray, py: float, px: float, sync_f: np.ndarray, bins: int
             ) -> tuple[np.ndarray, np.ndarray]:
    """The fold at (py, px) and its cyclic correlation with the sync pattern (whose
    ``rfft2`` is ``sync_f``), in z units."""
    f = fold(r, py, px, bins)
    corr = np.fft.irfft2(np.fft.rfft2(f) * np.conj(sync_f), s=(bins, bins))
    return f, (corr - corr.mean()) / (corr.std() + 1e-12)


def scan_periods(r: np.ndarray, key: bytes, profile: WatermarkProfile, count: int = 4
                 ) -> list[float]:
    """Periods where the keyed sync peaks, every scale tried (half size, half cells)."""
    half = cv2.resize(r, (r.shape[1] // 2, r.shape[0] // 2), interpolation=cv2.INTER_AREA)
    sync_f = np.fft.rfft2(fine_patterns(key, profile, 2)[0])
    bins = layer(profile).cells * 2
    p, hi = MIN_PERIOD / 2, _max_period(half)
    scores: list[tuple[float, float]] = []
    while p <= hi:
        scores.append((float(sync_map(half, p, p, sync_f, bins)[1].max()), 2 * p))
        p *= SCAN_STEP
    return _distinct([q for _, q in sorted(scores, reverse=True)], count)


def _refine(r: np.ndarray, p0: float, sync_f: np.ndarray, bins: int) -> tuple[float, float]:
    def peak(py: float, px: float) -> float:
        return float(sync_map(r, py, px, sync_f, bins)[1].max())

    grid = [p0 * (1 + 0.0015 * i) for i in range(-6, 7)]
    p = grid[int(np.argmax([peak(q, q) for q in grid]))]
    grid = [p * (1 + 0.0005 * i) for i in range(-3, 4)]
    p = grid[int(np.argmax([peak(q, q) for q in grid]))]
    gx = [p * (1 + 0.0015 * i) for i in range(-4, 5)]
    return p, gx[int(np.argmax([peak(p, q) for q in gx]))]


def geometries(features: TileFeatures, key: bytes, profile: WatermarkProfile,
               count: int = 4) -> list[tuple[TileGeometry, np.ndarray]]:
    """The ``count`` geometries with the strongest sync, best first, each with its soft
    symbols ``(coded_bits,)``."""
    r = features.residual
    pats = fine_patterns(key, profile, FINE)
    bins = pats.shape[1]
    sync_f = np.fft.rfft2(pats[0])
    periods = autocorrelation_periods(r)
    periods += [q for q in scan_periods(r, key, profile)
                if all(abs(q - o) > 0.01 * o for o in periods)]
    found: list[tuple[float, np.ndarray, float, float, int, int]] = []
    for p0 in periods:
        py, px = _refine(r, p0, sync_f, bins)
        f, zc = sync_map(r, py, px, sync_f, bins)
        for t in np.argsort(zc.ravel())[::-1][:count]:
            found.append((float(zc.ravel()[t]), f, py, px, *divmod(int(t), bins)))
    found.sort(key=lambda g: -g[0])
    out = []
    flat = pats[1:].reshape(len(pats) - 1, -1)
    for sz, f, py, px, dy, dx in found[:count]:
        soft = flat @ np.roll(f, (-dy, -dx), axis=(0, 1)).ravel()
        geo = TileGeometry(period_y=py / features.scale, period_x=px / features.scale,
                           shift_y=dy / FINE, shift_x=dx / FINE, sync_z=sz)
        out.append((geo, soft.astype(np.float64)))
    return out
