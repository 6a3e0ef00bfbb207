"""Perceptual mask: how much mark a region can hide, from a coarse (downscaled) luma.

Texture hides more, flat areas less (but not nothing: ``flat_floor``), and very dark areas
get less down to nothing at ``dark_knee[0]`` (black bars and near-black stay untouched).
Works on the frame downscaled by ``grid_divisor`` (about 1/8 of the side), so masking
follows the coarse structure the low-frequency mark lives in.
"""

from __future__ import annotations

import cv2
import numpy as np

from watermark.profile import WatermarkProfile


def perceptual_mask(small: np.ndarray, profile: WatermarkProfile) -> np.ndarray:
    """Mask (float32, same shape) for a downscaled luma plane (uint8 or float32)."""
    s = small.astype(np.float32)
    mean = cv2.blur(s, (5, 5), borderType=cv2.BORDER_REFLECT)
    sq = cv2.blur(s * s, (5, 5), borderType=cv2.BORDER_REFLECT)
    activity = cv2.sqrt(cv2.max(sq - mean * mean, 0.0))
    f = profile.flat_floor
    texture = np.clip(f + (1.0 - f) * activity / profile.activity_knee, f, profile.mask_max)
    lo, hi = profile.dark_knee
    dark = np.clip((cv2.min(mean, s) - lo) / (hi - lo), 0.0, 1.0)
    return texture * dark
