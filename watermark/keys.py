"""Keyed randomness: every secret-dependent choice of the mark derives from the 32-byte key.

``HMAC-SHA256(key, label)`` (standard library) gives independent 256-bit seeds per use and
profile; bit sequences (scrambling, time slots) come straight from HMAC output, pattern
matrices from a numpy ``PCG64`` generator seeded with such a seed.
"""

from __future__ import annotations

import hashlib
import hmac

import numpy as np

from watermark.errors import N_, WatermarkInputError

KEY_BYTES = 32


def check_key(key: object) -> bytes:
    """``key`` as bytes, or a clear :class:`WatermarkInputError`."""
    if not isinstance(key, bytes | bytearray | memoryview):
        raise WatermarkInputError(N_("The watermark key must be bytes."))
    key = bytes(key)
    if len(key) != KEY_BYTES:
        raise WatermarkInputError(
            N_("The watermark key must be {expected} bytes long, not {actual}."),
            expected=KEY_BYTES,
            actual=len(key),
        )
    return key


def derive(key: bytes, label: str) -> bytes:
    return hmac.new(key, b"screeningroom-wm/" + label.encode(), hashlib.sha256).digest()


def keyed_rng(key: bytes, label: str) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(int.from_bytes(derive(key, label), "big")))


def keyed_signs(key: bytes, label: str, n: int) -> np.ndarray:
    """``n`` keyed signs (+1/-1, float32) from HMAC in counter mode."""
    blocks = bytearray()
    counter = 0
    while len(blocks) * 8 < n:
        blocks += derive(key, f"{label}/{counter}")
        counter += 1
    bits = np.unpackbits(np.frombuffer(bytes(blocks), dtype=np.uint8))[:n]
    return (1.0 - 2.0 * bits).astype(np.float32)
