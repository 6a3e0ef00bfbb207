"""Real-time embedding: one Embedder per session, one call per displayed frame.

Per session (constructor): the keyed codeword of the payload, its atom coefficients in each
bank, the slot schedule (and the tile of a profile with a tile layer,
:mod:`watermark.tile`). Per frame size (first frame of that size): the low-resolution mark
plane of each bank (and the tile repeated over it). Per frame: coarse luma at
1/``grid_divisor`` (:func:`coarse_luma`), perceptual mask, blend the bank planes with the
slot weights (onto the tile), then upscale bilinearly and add with rounding and saturation
in one pass over the frame (:mod:`watermark.kernels`). Only the downscale and that pass
touch full-resolution pixels.
"""

from __future__ import annotations

from collections.abc import Iterable

import cv2
import numpy as np

from watermark.code import check_payload, codeword
from watermark.errors import N_, WatermarkInputError
from watermark.kernels import (
    CellAreas,
    VerticalTaps,
    add_upscaled,
    area_downscale,
    quarter_cells,
    warm_up,
)
from watermark.keys import check_key
from watermark.mask import perceptual_mask
from watermark.patterns import AtomTransform, Schedule, bank_matrices
from watermark.profile import DEFAULT_PROFILE, WatermarkProfile
from watermark.tile import render, tile

_MIN_LOW = 48  # the low-resolution plane is never smaller than this on its long side


def lowres_shape(h: int, w: int, profile: WatermarkProfile) -> tuple[int, int]:
    """(h, w) of the plane the mark and the mask are computed on for an (h, w) frame."""
    div = profile.grid_divisor
    while div > 1 and max(h, w) / div < _MIN_LOW:
        div //= 2
    return max(2, -(-h // div)), max(2, -(-w // div))


def coarse_cells(h: int, w: int, lh: int, lw: int) -> CellAreas:
    """The rows :func:`coarse_luma` reads of an (h, w) frame, the samples of each cell,
    and their weights."""
    return CellAreas.of(h, w, lh, lw, h // (4 * lh))


def coarse_luma(y: np.ndarray, lh: int, lw: int) -> np.ndarray:
    """Luma at (lh, lw) for the mask: about four rows per low-resolution cell (every
    ``h // (4 lh)``-th row, the others not read), each averaged over its whole width
    (32 samples per cell on a 1080p frame). Coarse on purpose: the mask follows the
    structure the low-frequency mark lives in."""
    return area_downscale(y, coarse_cells(*y.shape, lh, lw))


class _FramePlan:
    """What marking a frame of one size needs that does not change from frame to frame
    (built on its first frame): the low-resolution planes, the rows the coarse luma reads,
    the upscale's row taps, the tile plane."""

    __slots__ = ("areas", "planes", "taps", "tile")

    def __init__(self, planes: np.ndarray, h: int, w: int, tile: np.ndarray | None) -> None:
        lh, lw = planes.shape[1:]
        self.planes, self.tile = planes, tile
        self.areas = coarse_cells(h, w, lh, lw)
        self.taps = VerticalTaps.of(h, lh)


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
        self._tile = None if profile.tile is None else tile(self.key, self.payload, profile)
        # the tile's strength in units of the profile's (the planes are rendered in those)
        self._tile_gain = (np.float32(profile.tile.strength / profile.strength)
                           if profile.tile is not None else np.float32(0.0))
        self._plans: dict[tuple[int, int], _FramePlan] = {}
        warm_up()

    def planes(self, h: int, w: int) -> np.ndarray:
        """Unit-RMS low-resolution mark planes (banks, lh, lw) for an (h, w) frame."""
        return self._plan(h, w).planes

    def tile_plane(self, lh: int, lw: int) -> np.ndarray | None:
        """The self-synchronising tile over an (lh, lw) low-resolution plane, in units of
        ``profile.strength`` (None when the profile has no tile layer). Rendered anew on
        each call: the frame plan keeps the one each frame size uses."""
        if self._tile is None:
            return None
        return render(self._tile, lh, lw) * self._tile_gain

    def _plan(self, h: int, w: int) -> _FramePlan:
        hit = self._plans.get((h, w))
        if hit is None:
            lh, lw = lowres_shape(h, w, self.profile)
            tr = AtomTransform(lh, lw, self.profile)
            planes = np.stack([tr.synthesise(c) for c in self._coeffs]).astype(np.float32)
            planes /= np.sqrt(np.mean(planes**2, axis=(1, 2), keepdims=True))
            hit = _FramePlan(planes, h, w, self.tile_plane(lh, lw))
            self._plans[(h, w)] = hit
        return hit

    def _quarters(self, plan: _FramePlan, small: np.ndarray, t: float) -> np.ndarray:
        """The mark at low resolution in quarter luma levels (rounded) for downscaled
        luma ``small``: the tile (if the profile has one) plus the banks' planes weighted
        by the slot schedule at ``t``, times the perceptual mask and the profile's
        strength (compiled loops: the mask, then the weighted sum)."""
        mask = perceptual_mask(small, self.profile)
        weights = self._schedule.weights(float(t)).astype(np.float32)
        return quarter_cells(plan.planes, weights, plan.tile, mask, self.profile.strength)

    def apply_luma(self, y: np.ndarray, t: float) -> None:
        """Mark a uint8 (H, W) luma plane in place (a strided view of a padded buffer is fine)."""
        if not isinstance(y, np.ndarray) or y.dtype != np.uint8 or y.ndim != 2:
            raise WatermarkInputError(N_("apply_luma needs a uint8 (H, W) luma plane."))
        plan = self._plan(*y.shape)
        small = area_downscale(y, plan.areas)
        add_upscaled(y, self._quarters(plan, small, t), plan.taps)

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
        plan = self._plan(*frame.shape[:2])
        small = area_downscale(cv2.cvtColor(frame, cv2.COLOR_BGRA2GRAY), plan.areas)
        add_upscaled(frame, self._quarters(plan, small, t), plan.taps, channels=3)
