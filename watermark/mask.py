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
    sq = cv2.blur(cv2.multiply(s, s), (5, 5), borderType=cv2.BORDER_REFLECT)
    activity = cv2.sqrt(cv2.max(cv2.subtract(sq, cv2.multiply(mean, mean)), 0.0))
    f = profile.flat_floor
    texture = cv2.addWeighted(activity, (1.0 - f) / profile.activity_knee, activity, 0.0, f)
    np.clip(texture, f, profile.mask_max, out=texture)
    lo, hi = profile.dark_knee
    dark = cv2.addWeighted(cv2.min(mean, s), 1.0 / (hi - lo), mean, 0.0, -lo / (hi - lo))
    np.clip(dark, 0.0, 1.0, out=dark)
    return cv2.multiply(texture, dark)
