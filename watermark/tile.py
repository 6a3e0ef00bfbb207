"""The self-synchronising layer's patterns: a keyed periodic tile carrying the payload.

A tile is ``K x K`` cells (``K = profile.tile.cells``) of the embedder's low-resolution
grid (8 px per cell and a 256-px period on a 1080p frame). Its ``1 + coded_bits``
patterns are the columns of a keyed random orthogonal matrix (``K*K x (1 + coded_bits)``,
Gaussian from the PCG64 generator of ``HMAC(key, "<ident>/tile")``, QR with a positive
diagonal of R): column 0 is the sync pattern, column ``1 + i`` carries coded symbol ``i``.
The tile of a payload is ``sqrt(s) * sync + sqrt(1 - s) * pay``, both at unit RMS, where
``pay = sum_i c_i * column_{1+i}`` (``c``: the payload's keyed codeword, as for the
low-frequency layer) and ``s = profile.tile.sync_share``, then scaled to unit RMS. It is
repeated over the low-resolution plane from its top-left corner (cell (0, 0) at plane
sample (0, 0)) and added, times ``tile.strength / strength``, to the plane before the
perceptual mask, the quantisation and the one upscale of the embedder: a fixed pattern
in time, about 0.01 ms per 1080p frame.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from watermark.code import codeword
from watermark.keys import keyed_rng
from watermark.profile import TileLayer, WatermarkProfile


def layer(profile: WatermarkProfile) -> TileLayer:
    if profile.tile is None:
        raise ValueError(f"profile {profile.ident} has no tile layer")
    return profile.tile


@lru_cache(maxsize=16)
def tile_basis(key: bytes, profile: WatermarkProfile) -> np.ndarray:
    """Keyed ``(K*K, 1 + coded_bits)`` orthonormal columns: sync, then one per coded
    symbol (read-only)."""
    k = layer(profile).cells
    g = keyed_rng(key, f"{profile.ident}/tile").standard_normal((k * k, 1 + profile.coded_bits))
    q, r = np.linalg.qr(g)
    q = q * np.sign(np.diag(r))[None, :]
    q.flags.writeable = False
    return q


def tile(key: bytes, payload: int, profile: WatermarkProfile) -> np.ndarray:
    """The unit-RMS ``(K, K)`` float32 tile of ``payload`` under ``key``."""
    t = layer(profile)
    basis = tile_basis(key, profile)
    c = codeword(payload, key, profile).astype(np.float64)
    sync = basis[:, 0] * t.cells  # unit RMS: a unit column over K*K samples
    pay = basis[:, 1:] @ c
    pay /= math.sqrt(np.mean(pay**2))
    out = math.sqrt(t.sync_share) * sync + math.sqrt(1 - t.sync_share) * pay
    out /= math.sqrt(np.mean(out**2))
    return out.reshape(t.cells, t.cells).astype(np.float32)


def render(t: np.ndarray, h: int, w: int, cell: float = 1.0) -> np.ndarray:
    """The (K, K) tile ``t`` repeated over an (h, w) plane at ``cell`` plane samples per
    tile cell, sampled cyclically and bilinearly at sample centres (``cell`` 1: plain
    repetition)."""
    k = t.shape[0]

    def axis(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        pos = (np.arange(n) + 0.5) / cell - 0.5
        i0 = np.floor(pos).astype(np.int64)
        return i0 % k, (i0 + 1) % k, (pos - i0).astype(np.float32)

    ya, yb, fy = axis(h)
    xa, xb, fx = axis(w)
    rows = t[ya] * (1 - fy)[:, None] + t[yb] * fy[:, None]
    return np.ascontiguousarray(rows[:, xa] * (1 - fx)[None, :] + rows[:, xb] * fx[None, :],
                                dtype=np.float32)


@lru_cache(maxsize=8)
def fine_patterns(key: bytes, profile: WatermarkProfile, fine: int) -> np.ndarray:
    """The tile's patterns as the reader folds them: ``(1 + coded_bits, K*fine, K*fine)``,
    each rendered at ``fine`` bins per cell (read-only)."""
    k = layer(profile).cells
    basis = tile_basis(key, profile).T.reshape(-1, k, k).astype(np.float32)
    out = np.stack([render(b, k * fine, k * fine, float(fine)) for b in basis])
    out.flags.writeable = False
    return out
