"""Forensic video watermark: real-time embedding of a per-session payload into luma, and
robust, calibrated detection from a degraded copy. Pure numpy + OpenCV (+ PyAV for files).

Front door::

    Embedder(key, payload, profile=DEFAULT_PROFILE).apply_luma(y, t)   # every frame
    detect(clip, key, master=None, candidates=None) -> Detection
"""

from watermark.align import Alignment
from watermark.detect import Detection, DetectionMode, detect
from watermark.embed import Embedder
from watermark.errors import WatermarkError, WatermarkInputError, WatermarkNotFound
from watermark.profile import DEFAULT_PROFILE, WatermarkProfile, profile_by_name

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_PROFILE",
    "Alignment",
    "Detection",
    "DetectionMode",
    "Embedder",
    "WatermarkError",
    "WatermarkInputError",
    "WatermarkNotFound",
    "WatermarkProfile",
    "detect",
    "profile_by_name",
]
