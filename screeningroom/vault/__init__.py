"""Screener containers, station identity, licenses and signatures (``cryptography`` only)."""
