"""Screening Room: encrypted pre-release screeners played only on registered review
stations, for logged-in commission members, with a per-session forensic watermark."""

__version__ = "0.1.0"
