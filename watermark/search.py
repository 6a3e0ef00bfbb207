"""Schedule search: coherent accumulation when the clip's place in the film is unknown.

The bank and sign of every slot come from the key, so for a hypothesised offset ``o``
(film time = clip time + o) the frames can be added coherently. Offsets are tried on a
grid: every whole slot ``k0`` in the range and ``phases`` sub-slot phases. For each, the
slot sums ``G[j, b]`` (clip slot ``j``, bank ``b``) combine into
``S(o) = sum_j sign_{k0+j} G[j, bank_{k0+j}]``; offsets are ranked by the cross-slot
energy ``|S|^2 - sum_j |G_j|^2`` (large only where slots agree on one codeword), and the
best few go on to decoding. Every offset tried counts in the false-positive bound.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from watermark.patterns import Schedule
from watermark.profile import WatermarkProfile


@dataclass(frozen=True)
class SearchResult:
    vectors: tuple[np.ndarray, ...]  # soft symbols at the best offsets (best first)
    offsets: tuple[float, ...]
    hypotheses: int  # offsets tried


def _slot_table(schedule: Schedule, k_lo: int, k_hi: int) -> tuple[np.ndarray, np.ndarray]:
    ks = range(k_lo, k_hi)
    pairs = [schedule.slot(k) for k in ks]
    return (np.fromiter((p[0] for p in pairs), dtype=np.int64, count=len(pairs)),
            np.fromiter((p[1] for p in pairs), dtype=np.float64, count=len(pairs)))


def _slot_weights(tl: np.ndarray, profile: WatermarkProfile) -> tuple[np.ndarray, ...]:
    """For local times ``tl`` (slot 0 starts at 0): own slot, its weight, neighbour slot
    and its weight (the raised-cosine cross-fade of the embedder)."""
    L, half = profile.slot_seconds, profile.crossfade_seconds / 2
    j = np.floor(tl / L).astype(np.int64)
    into = tl - j * L
    left = L - into
    w = np.ones_like(tl)
    nb = j.copy()
    if half > 0:
        a = into < half
        w[a] = 0.5 - 0.5 * np.cos(np.pi * (into[a] + half) / (2 * half))
        nb[a] = j[a] - 1
        b = (~a) & (left < half)
        w[b] = 0.5 - 0.5 * np.cos(np.pi * (left[b] + half) / (2 * half))
        nb[b] = j[b] + 1
    return j, w, nb, 1.0 - w


def slot_sums(coeffs: np.ndarray, times: np.ndarray, profile: WatermarkProfile,
              phase: float) -> tuple[int, np.ndarray]:
    """Key-independent slot sums of per-frame atom coefficients ``(f, atoms)`` for one
    sub-slot phase: ``(j0, G)`` with ``G[j]`` the cross-fade-weighted sum of the frames
    in local slot ``j0 + j``."""
    t = np.asarray(times, dtype=np.float64) - float(times[0])
    j, w, nb, wn = _slot_weights(t + phase, profile)
    j0 = int(min(j.min(), nb.min()))
    n_j = int(max(j.max(), nb.max())) - j0 + 1
    m = np.zeros((n_j, len(t)))
    cols = np.arange(len(t))
    m[j - j0, cols] += w
    m[nb - j0, cols] += wn
    return j0, m @ coeffs


def offset_search(
    coeffs: np.ndarray,
    times: np.ndarray,
    banks: np.ndarray,
    schedule: Schedule,
    profile: WatermarkProfile,
    offset_range: tuple[float, float],
    phases: int = 8,
    keep: int = 6,
    cache: dict | None = None,
    rank_codes: np.ndarray | None = None,
) -> SearchResult:
    """Search film offsets in ``offset_range`` (seconds) for per-frame atom coefficients
    ``coeffs (f, atoms)`` under the key's bank matrices ``banks (b, atoms, bits)``. The
    slot sums do not depend on the key and are kept in ``cache`` (one per clip) when given.
    ``rank_codes`` (candidates' codewords, rows): offsets are ranked by the best
    candidate's score there instead of by cross-slot energy (every offset and candidate
    still counts in the bound)."""
    L = profile.slot_seconds
    lo, hi = offset_range
    k_first = math.floor(lo / L)
    k_last = max(k_first, math.floor(hi / L))
    n_k0 = k_last - k_first + 1
    n_b, n_a, n_c = banks.shape
    flat = banks.transpose(1, 0, 2).reshape(n_a, n_b * n_c)
    best: list[tuple[float, float, np.ndarray]] = []
    for p in range(phases):
        phi = p * L / phases
        ck = ("slot_sums", phases, p)
        hit = cache.get(ck) if cache is not None else None
        if hit is None:
            hit = slot_sums(coeffs, times, profile, phi)
            if cache is not None:
                cache[ck] = hit
        j0, ga = hit
        n_j = ga.shape[0]
        g = (ga @ flat).reshape(n_j, n_b, n_c)
        energy = np.einsum("jbc,jbc->jb", g, g)
        bank, sign = _slot_table(schedule, k_first + j0, k_last + j0 + n_j)
        s = np.zeros((n_k0, n_c))
        own = np.zeros(n_k0)
        for jj in range(n_j):
            b = bank[jj : jj + n_k0]
            s += sign[jj : jj + n_k0, None] * g[jj, b]
            own += energy[jj, b]
        cross = np.einsum("kc,kc->k", s, s) - own
        if rank_codes is not None:
            norm = np.sqrt(np.maximum(np.einsum("kc,kc->k", s, s), 1e-30))
            cross = (s @ rank_codes.T).max(axis=1) / norm
        top = np.argsort(cross)[::-1][:keep]
        for k in top:
            offset = (k_first + int(k)) * L + phi
            best.append((float(cross[k]), offset, s[k]))
    best.sort(key=lambda x: -x[0])
    best = best[:keep]
    return SearchResult(
        vectors=tuple(b[2] for b in best),
        offsets=tuple(b[1] for b in best),
        hypotheses=n_k0 * phases,
    )
