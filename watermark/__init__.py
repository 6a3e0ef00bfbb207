"""Forensic video watermark: real-time embedding of a per-session payload into luma, and
robust, calibrated detection from a degraded copy. Pure numpy + OpenCV."""

__version__ = "0.1.0"
