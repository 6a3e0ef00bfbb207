"""Real-time embedding: one Embedder per session, one call per displayed frame.

Per session (constructor): the keyed codeword of the payload, its atom coefficients in each
bank, the slot schedule (and the tile of a profile with a tile layer,
:mod:`watermark.tile`). Per frame size (first frame of that size): the low-resolution mark
plane of each bank (and the tile repeated over it). Per frame: coarse luma at
1/``grid_divisor`` (:func:`coarse_luma`), perceptual mask, blend the bank planes with the
slot weights (onto the tile), quantise to quarter levels around 128, upscale bilinearly and
add with saturation (``cv2.addWeighted``). Only the downscale, the upscale and the add
touch full-resolution pixels, all in uint8.
"""

from __future__ import annotations

from collections.abc import Iterable

import cv2
import numpy as np

from watermark.code import check_payload, codeword
from watermark.errors import N_, WatermarkInputError
from watermark.keys import check_key
from watermark.mask import perceptual_mask
from watermark.patterns import AtomTransform, Schedule, bank_matrices
from watermark.profile import DEFAULT_PROFILE, WatermarkProfile
from watermark.tile import render, tile

_Q = 4.0  # quantisation steps per luma level in the upscaled mark
_MIN_LOW = 48  # the low-resolution plane is never smaller than this on its long side


def lowres_shape(h: int, w: int, profile: WatermarkProfile) -> tuple[int, int]:
    """(h, w) of the plane the mark and the mask are computed on for an (h, w) frame."""
    div = profile.grid_divisor
    while div > 1 and max(h, w) / div < _MIN_LOW:
        div //= 2
    return max(2, -(-h // div)), max(2, -(-w // div))


def coarse_luma(y: np.ndarray, lh: int, lw: int) -> np.ndarray:
    """Luma at (lh, lw) for the mask: about four rows per low-resolution cell (every
    ``h // (4 lh)``-th row, a strided view: no copy), each averaged over its whole width
    (32 samples per cell on a 1080p frame). Coarse on purpose: the mask follows the
    structure the low-frequency mark lives in."""
    step = y.shape[0] // (4 * lh)
    if step >= 2:
        y = y[step // 2 :: step]
    return cv2.resize(y, (lw, lh), interpolation=cv2.INTER_AREA)


class Embedder:
    """Marks frames of one session with ``payload`` under ``key``."""

    def __init__(
        self, key: bytes, payload: int, profile: WatermarkProfile = DEFAULT_PROFILE
    ) -> None:
        self.key = check_key(key)
        self.payload = check_payload(payload)
        self.profile = profile
        code = codeword(self.payload, self.key, profile).astype(np.float64)
        self._coeffs = np.einsum("bac,c->ba", bank_matrices(self.key, profile), code)
        self._schedule = Schedule(self.key, profile)
        self._planes: dict[tuple[int, int], np.ndarray] = {}
        self._tile = None if profile.tile is None else tile(self.key, self.payload, profile)
        # the tile's strength in units of the profile's (the planes are rendered in those)
        self._tile_gain = (np.float32(profile.tile.strength / profile.strength)
                           if profile.tile is not None else np.float32(0.0))
        self._tile_planes: dict[tuple[int, int], np.ndarray] = {}

    def planes(self, h: int, w: int) -> np.ndarray:
        """Unit-RMS low-resolution mark planes (banks, lh, lw) for an (h, w) frame."""
        hit = self._planes.get((h, w))
        if hit is None:
            lh, lw = lowres_shape(h, w, self.profile)
            tr = AtomTransform(lh, lw, self.profile)
            planes = np.stack([tr.synthesise(c) for c in self._coeffs]).astype(np.float32)
            planes /= np.sqrt(np.mean(planes**2, axis=(1, 2), keepdims=True))
            self._planes[(h, w)] = hit = planes
        return hit

    def tile_plane(self, lh: int, lw: int) -> np.ndarray | None:
        """The self-synchronising tile over an (lh, lw) low-resolution plane, in units of
        ``profile.strength`` (None when the profile has no tile layer)."""
        if self._tile is None:
            return None
        hit = self._tile_planes.get((lh, lw))
        if hit is None:
            hit = render(self._tile, lh, lw) * self._tile_gain
            self._tile_planes[(lh, lw)] = hit
        return hit

    def mark_lowres(self, small: np.ndarray, t: float) -> np.ndarray:
        """The mark (luma levels, float32) at low resolution for downscaled luma ``small``."""
        planes = self.planes(*self._frame_shape)
        weights = self._schedule.weights(float(t))
        tp = self.tile_plane(*planes.shape[1:])
        mark = np.zeros(planes.shape[1:], dtype=np.float32) if tp is None else tp.copy()
        for b, wt in enumerate(weights):
            if wt:
                mark += np.float32(wt) * planes[b]
        mask = perceptual_mask(small, self.profile)
        return mark * mask * np.float32(self.profile.strength)

    def _quantised(self, small: np.ndarray, t: float) -> np.ndarray:
        """The low-resolution mark in quarter levels around 128 (uint8, rounded and
        saturated): the same as ``mark_lowres`` with fewer passes over the plane."""
        planes = self.planes(*self._frame_shape)
        if self._tile is not None:
            return self._quantised_tiled(planes, small, t)
        w = self._schedule.weights(float(t)) * (self.profile.strength * _Q)
        nz = np.flatnonzero(w)
        mask = perceptual_mask(small, self.profile)
        if len(nz) == 0:
            return np.full(planes.shape[1:], 128, np.uint8)
        if len(nz) == 1:
            mark = cv2.multiply(planes[nz[0]], mask, scale=float(w[nz[0]]))
        else:
            mark = cv2.multiply(cv2.addWeighted(planes[nz[0]], float(w[nz[0]]),
                                                planes[nz[1]], float(w[nz[1]]), 0.0), mask)
            for b in nz[2:]:
                mark += cv2.multiply(planes[b], mask, scale=float(w[b]))
        return cv2.add(mark, 128.0, dtype=cv2.CV_8U)

    def _quantised_tiled(self, planes: np.ndarray, small: np.ndarray, t: float
                         ) -> np.ndarray:
        mark = self.tile_plane(*planes.shape[1:]).copy()
        w = self._schedule.weights(float(t))
        for b in np.flatnonzero(w):
            cv2.scaleAdd(planes[b], float(w[b]), mark, dst=mark)
        mark = cv2.multiply(mark, perceptual_mask(small, self.profile),
                            scale=self.profile.strength * _Q)
        return cv2.add(mark, 128.0, dtype=cv2.CV_8U)

    def apply_luma(self, y: np.ndarray, t: float) -> None:
        """Mark a uint8 (H, W) luma plane in place (a strided view of a padded buffer is fine)."""
        if not isinstance(y, np.ndarray) or y.dtype != np.uint8 or y.ndim != 2:
            raise WatermarkInputError(N_("apply_luma needs a uint8 (H, W) luma plane."))
        h, w = y.shape
        self._frame_shape = (h, w)
        lh, lw = self.planes(h, w).shape[1:]
        small = coarse_luma(y, lh, lw)
        up = cv2.resize(self._quantised(small, t), (w, h), interpolation=cv2.INTER_LINEAR)
        out = cv2.addWeighted(y, 1.0, up, 1.0 / _Q, -128.0 / _Q, dst=y)
        if not np.shares_memory(out, y):  # OpenCV had to copy: write back
            np.copyto(y, out)

    def marked(self, frames: Iterable[tuple[float, np.ndarray]]
               ) -> list[tuple[float, np.ndarray]]:
        """Marked copies of ``(t, luma)`` frames (the originals are left as they are)."""
        out = []
        for t, y in frames:
            y = y.copy()
            self.apply_luma(y, t)
            out.append((t, y))
        return out

    def apply_bgra(self, frame: np.ndarray, t: float) -> None:
        """Mark an (H, W, 4) uint8 BGRA frame in place (the same luma change on B, G, R)."""
        if (
            not isinstance(frame, np.ndarray)
            or frame.dtype != np.uint8
            or frame.ndim != 3
            or frame.shape[2] != 4
        ):
            raise WatermarkInputError(N_("apply_bgra needs a uint8 (H, W, 4) BGRA frame."))
        h, w = frame.shape[:2]
        self._frame_shape = (h, w)
        lh, lw = self.planes(h, w).shape[1:]
        step = max(1, h // (4 * lh))
        rows = frame[step // 2 :: step] if step >= 2 else frame
        small = cv2.resize(cv2.cvtColor(rows, cv2.COLOR_BGRA2GRAY), (lw, lh),
                           interpolation=cv2.INTER_AREA)
        q = self._quantised(small, t)
        q4 = cv2.merge((q, q, q, np.full_like(q, 128)))
        up = cv2.resize(q4, (w, h), interpolation=cv2.INTER_LINEAR)
        out = cv2.addWeighted(frame, 1.0, up, 1.0 / _Q, -128.0 / _Q, dst=frame)
        if not np.shares_memory(out, frame):
            np.copyto(frame, out)
