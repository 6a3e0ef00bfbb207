"""The per-frame front ends (blind and informed): what each frame may carry, as atom
coefficients ``(atoms,)``; :mod:`watermark.detect` and :mod:`watermark.search` turn them
into soft vectors ``(coded_bits,)`` under a key.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from watermark.embed import coarse_luma, lowres_shape
from watermark.mask import perceptual_mask
from watermark.patterns import AtomTransform
from watermark.profile import WatermarkProfile

WORK_PIXELS = 384 * 216  # registration / warping resolution (area)
# blind: the picture's slow change is removed with a moving mean of +/- this many slots
# (one slot each side: a window of one slot would take the slot's own mark with it)
BLIND_HALF_WINDOW_SLOTS = 1.5


def area_shape(h: int, w: int, pixels: int) -> tuple[int, int]:
    """(h, w) with the aspect of (h, w) and about ``pixels`` samples (even sides)."""
    scale = math.sqrt(pixels / float(h * w))
    return max(8, 2 * round(h * scale / 2)), max(8, 2 * round(w * scale / 2))


def detection_shape(h: int, w: int, profile: WatermarkProfile) -> tuple[int, int]:
    return area_shape(h, w, profile.detect_pixels)


def mask_for(
    luma: np.ndarray,
    shape: tuple[int, int],
    profile: WatermarkProfile,
    native: tuple[int, int] | None = None,
) -> np.ndarray:
    """The embedder's perceptual mask of a frame of size ``native`` (default: luma's own),
    computed from ``luma`` (that frame, possibly reduced), resampled to ``shape``."""
    lh, lw = lowres_shape(*(native or luma.shape), profile)
    small = coarse_luma(luma, lh, lw)
    mask = perceptual_mask(small, profile)
    return cv2.resize(mask, (shape[1], shape[0]), interpolation=cv2.INTER_LINEAR)


class BlindFrontEnd:
    """Atom coefficients of each clip frame; the picture itself is the noise. (Weighting by
    the clip's own mask was tried: it helps little and hurts on dark footage.)"""

    def __init__(self, profile: WatermarkProfile) -> None:
        self.profile = profile
        self._tr: AtomTransform | None = None
        self.coeffs: list[np.ndarray] = []
        self.times: list[float] = []

    def add(self, t: float, luma: np.ndarray) -> None:
        shape = detection_shape(*luma.shape, self.profile)
        if self._tr is None or self._tr.shape != shape:
            self._tr = AtomTransform(*shape, self.profile)
        small = cv2.resize(luma, (shape[1], shape[0]), interpolation=cv2.INTER_AREA)
        small = small.astype(np.float32)
        self.coeffs.append(self._tr.analyse(small - small.mean()))
        self.times.append(t)

    def whitened(self) -> np.ndarray:
        """(frames, atoms) after removing the slow picture content, unit spread per atom,
        each frame weighted by the inverse of what is left of its picture (a cut or fast
        motion leaves much, and would drown the frames where the mark stands out)."""
        x = np.stack(self.coeffs)
        t = np.asarray(self.times)
        hp = x - moving_mean(x, t, BLIND_HALF_WINDOW_SLOTS * self.profile.slot_seconds)
        hp /= np.median(np.abs(hp), axis=0) * 1.4826 + 1e-6
        energy = np.maximum(np.mean(hp * hp, axis=1), 1e-6)
        weight = 1.0 / energy
        return hp * (weight / np.median(weight))[:, None]


def moving_mean(x: np.ndarray, t: np.ndarray, half: float) -> np.ndarray:
    """Mean of rows of ``x`` within +/- ``half`` seconds of each row's time."""
    c = np.concatenate([np.zeros((1, x.shape[1])), np.cumsum(x, axis=0)])
    lo = np.searchsorted(t, t - half, side="left")
    hi = np.searchsorted(t, t + half, side="right")
    return (c[hi] - c[lo]) / (hi - lo)[:, None]


class InformedFrontEnd:
    """Residual correlations of clip frames registered to their master frames.

    One geometry (``homography``: clip work pixels -> master work pixels) for the excerpt;
    the valid area (where the clip's picture, inside any bars it gained, covers the master)
    and per-master-frame data are computed once and reused.
    """

    def __init__(
        self,
        homography: np.ndarray,
        clip_picture: np.ndarray,
        master_shape: tuple[int, int],
        tr: AtomTransform,
        master_native: tuple[int, int],
        profile: WatermarkProfile,
    ) -> None:
        self.h = homography
        self.native = master_native
        self.profile = profile
        self.master_shape = master_shape
        self.tr = tr
        mh, mw = master_shape
        dh, dw = tr.shape
        valid = cv2.warpPerspective(clip_picture, homography, (mw, mh), flags=cv2.INTER_NEAREST)
        valid = cv2.erode(valid, np.ones((5, 5), np.uint8))
        self.valid = (cv2.resize(valid, (dw, dh), interpolation=cv2.INTER_AREA) >= 255)
        self._master: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def _master_data(self, ident: int, master_work: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        hit = self._master.get(ident)
        if hit is None:
            dh, dw = self.tr.shape
            m = cv2.resize(master_work, (dw, dh), interpolation=cv2.INTER_AREA)
            m = m.astype(np.float32)
            gx = cv2.Sobel(m, cv2.CV_32F, 1, 0, ksize=3)
            gy = cv2.Sobel(m, cv2.CV_32F, 0, 1, ksize=3)
            weight = self.valid / (1.0 + (gx * gx + gy * gy) / 36.0)
            weight *= mask_for(master_work, self.tr.shape, self.profile, self.native)
            if len(self._master) > 64:
                self._master.clear()
            self._master[ident] = hit = (m, weight.astype(np.float32))
        return hit

    def frame(
        self, clip_work: np.ndarray, ident: int, master_work: np.ndarray
    ) -> tuple[np.ndarray, float]:
        """Atom coefficients of the masked residual (clip registered to the master, minus
        the tone-matched master) at detection resolution, and the residual's variance."""
        from watermark.register import photometric_residual

        mh, mw = self.master_shape
        dh, dw = self.tr.shape
        m, weight = self._master_data(ident, master_work)
        warped = cv2.warpPerspective(clip_work, self.h, (mw, mh), flags=cv2.INTER_LINEAR)
        c = cv2.resize(warped, (dw, dh), interpolation=cv2.INTER_AREA).astype(np.float32)
        weight = weight * ((c > 4.0) & (c < 251.0))  # clipped by the copy: no mark left there
        res, var = photometric_residual(c, m, weight)
        if not np.isfinite(var) or var <= 0:
            return np.zeros(len(self.tr.v)), float("inf")
        lim = 4.0 * math.sqrt(var)
        np.clip(res, -lim, lim, out=res)
        return self.tr.analyse(res * weight), var

