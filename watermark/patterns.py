"""Keyed low-frequency patterns and the time schedule that switches them.

Space: a pattern is a combination of 2-D DCT atoms ``cos(pi*u*(x+.5)/W) * cos(pi*v*(y+.5)/H)``
over the whole frame in normalised coordinates (so it does not depend on the frame size).
The atom set is the ``profile.atoms`` lowest frequencies by radius
``sqrt((u/(16/9))**2 + v**2)`` at or above ``profile.rho_min`` (the lowest atoms carry
brightness and vignetting and are left out). Bank ``b`` has ``coded_bits`` orthonormal
patterns: the columns of a keyed random orthogonal matrix ``Q_b`` (atoms x coded_bits).
Time: slot ``k = floor(t / slot_seconds)`` uses bank ``b_k`` with sign ``s_k`` (both from
HMAC of the key); neighbouring slots cross-fade with a raised cosine.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from watermark.keys import derive, keyed_rng
from watermark.profile import WatermarkProfile

NOMINAL_ASPECT = 16.0 / 9.0


@lru_cache(maxsize=8)
def atom_set(profile: WatermarkProfile) -> tuple[np.ndarray, np.ndarray]:
    """(v, u) frequency indices of the atoms, in a fixed order."""
    r = math.sqrt(profile.atoms / (math.pi / 4 * NOMINAL_ASPECT)) + 4
    vs, us = np.meshgrid(np.arange(int(r) + 1), np.arange(int(r * NOMINAL_ASPECT) + 1),
                         indexing="ij")
    v, u = vs.ravel(), us.ravel()
    rho = np.sqrt((u / NOMINAL_ASPECT) ** 2 + v**2)
    keep = rho >= profile.rho_min
    v, u, rho = v[keep], u[keep], rho[keep]
    order = np.lexsort((u, v, np.round(rho, 9)))[: profile.atoms]
    return v[order].astype(np.int64), u[order].astype(np.int64)


@lru_cache(maxsize=16)  # 2.6 MB each: the keys of a film's licenses, across its clips
def bank_matrices(key: bytes, profile: WatermarkProfile) -> np.ndarray:
    """Keyed (banks, atoms, coded_bits) matrices with orthonormal columns (read-only)."""
    out = np.empty((profile.banks, profile.atoms, profile.coded_bits), dtype=np.float64)
    for b in range(profile.banks):
        g = keyed_rng(key, f"{profile.ident}/bank/{b}").standard_normal(
            (profile.atoms, profile.coded_bits)
        )
        q, r = np.linalg.qr(g)
        out[b] = q * np.sign(np.diag(r))[None, :]  # the unique QR with positive diag(R)
    out.flags.writeable = False
    return out


def cosine_basis(n: int, freqs: np.ndarray) -> np.ndarray:
    """Orthonormal DCT-II rows for the given frequencies over ``n`` samples (len(freqs), n)."""
    x = (np.arange(n) + 0.5) / n
    basis = np.cos(np.pi * freqs[:, None] * x[None, :]) * math.sqrt(2.0 / n)
    basis[freqs == 0] = math.sqrt(1.0 / n)
    return basis


class AtomTransform:
    """Synthesis and analysis of atom coefficients on an (h, w) sampling grid."""

    def __init__(self, h: int, w: int, profile: WatermarkProfile) -> None:
        v, u = atom_set(profile)
        self.v, self.u = v, u
        self.vmax, self.umax = int(v.max()) + 1, int(u.max()) + 1
        self.cy = cosine_basis(h, np.arange(self.vmax)).astype(np.float32)  # (vmax, h)
        self.cx = cosine_basis(w, np.arange(self.umax)).astype(np.float32)  # (umax, w)
        self.shape = (h, w)

    def analyse(self, img: np.ndarray) -> np.ndarray:
        """Atom coefficients (atoms,) of a float32 (h, w) image."""
        full = self.cy @ img @ self.cx.T  # (vmax, umax)
        return full[self.v, self.u].astype(np.float64)

    def synthesise(self, coeffs: np.ndarray) -> np.ndarray:
        full = np.zeros((self.vmax, self.umax), dtype=np.float32)
        full[self.v, self.u] = coeffs
        return self.cy.T @ full @ self.cx


class Schedule:
    """Which bank, with which sign and weight, is shown at time ``t``."""

    def __init__(self, key: bytes, profile: WatermarkProfile) -> None:
        self._key = key
        self._profile = profile
        self._cache: dict[int, tuple[int, float]] = {}

    def slot(self, k: int) -> tuple[int, float]:
        hit = self._cache.get(k)
        if hit is None:
            d = derive(self._key, f"{self._profile.ident}/slot/{k}")
            hit = (d[0] % self._profile.banks, 1.0 if d[1] & 1 else -1.0)
            if len(self._cache) > 4096:
                self._cache.clear()
            self._cache[k] = hit
        return hit

    def weights(self, t: float) -> np.ndarray:
        """Signed weight per bank (banks,) of the mark at time ``t``."""
        p = self._profile
        out = np.zeros(p.banks, dtype=np.float64)
        k = math.floor(t / p.slot_seconds)
        bank, sign = self.slot(k)
        half = p.crossfade_seconds / 2
        into = t - k * p.slot_seconds
        left = (k + 1) * p.slot_seconds - t
        if half > 0 and into < half:  # fading in from slot k-1
            w = 0.5 - 0.5 * math.cos(math.pi * (into + half) / (2 * half))
            pb, ps = self.slot(k - 1)
            out[pb] += (1 - w) * ps
        elif half > 0 and left < half:  # fading out into slot k+1
            w = 0.5 - 0.5 * math.cos(math.pi * (left + half) / (2 * half))
            nb, ns = self.slot(k + 1)
            out[nb] += (1 - w) * ns
        else:
            w = 1.0
        out[bank] += w * sign
        return out
