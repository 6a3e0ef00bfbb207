"""Perceptual mask: how much mark a region can hide, from a coarse (downscaled) luma.

Texture hides more, flat areas less (but not nothing: ``flat_floor``), and very dark areas
get less down to nothing at ``dark_knee[0]`` (black bars and near-black stay untouched).
Works on the frame downscaled by ``grid_divisor`` (about 1/8 of the side), so masking
follows the coarse structure the low-frequency mark lives in.
"""

from __future__ import annotations

import numpy as np

from watermark.kernels import mask_cells, mask_constants
from watermark.profile import WatermarkProfile


def perceptual_mask(small: np.ndarray, profile: WatermarkProfile) -> np.ndarray:
    """Mask (float32, same shape) for a downscaled uint8 luma plane: the spread (standard
    deviation) of the 5x5 cells around each cell (edges mirrored), ramped from
    ``flat_floor`` up through ``activity_knee`` and capped at ``mask_max``, times the dark
    ramp of min(local mean, cell) from 0 at ``dark_knee[0]`` to 1 at ``dark_knee[1]``.
    One compiled pass (:func:`watermark.kernels.mask_cells`)."""
    if not isinstance(small, np.ndarray) or small.dtype != np.uint8 or small.ndim != 2:
        raise ValueError("perceptual_mask needs a uint8 (h, w) plane")
    return mask_cells(small, mask_constants(profile.flat_floor, profile.activity_knee,
                                            profile.mask_max, profile.dark_knee))
