"""Tracing several sessions at once (colluders), from the film's known sessions.

When members combine their copies (averaging frames of two or more copies, or switching
between copies every few seconds), each colluder's mark is still there, weaker (averaging
``c`` copies leaves each at ``1/c``) or only in its share of the time (switching). The
desk knows every session that played the film (audit records), so each one is scored:

1. the clip's soft symbols are kept per slot (one per second of film time), so that any
   time window is a sum of slots: the whole clip, halves, quarters, ... down to
   ``min_window`` seconds, each half-overlapping the next (switching leaves a colluder
   strong in some windows);
2. in each window, every candidate's codeword is correlated with the window's soft vector
   (``z = <c, S> / |S|``);
3. candidates scoring high anywhere (``z >= SUSPECT_Z``) are *suspects*; a suspect is
   re-scored in each window after the codewords of the other suspects are projected out
   of that window's soft vector (the marks of the other colluders would otherwise lend an
   innocent session part of their score through the chance overlap of codewords); then
   the sessions named so far are projected out of every window and the search for
   suspects repeats (a colluder present in a small share of the clip stands out only
   once the strong ones are removed), up to ``MAX_ROUNDS`` times;
4. a candidate is named when its best projected score gives
   ``p = candidates x windows x exp(-z^2 / 2) <= threshold``: the bound counts every
   candidate and every window tried.

The bound is Hoeffding's for a codeword that is a random +/-1 vector given the soft
vector, which holds for sessions whose mark is absent when the copy's noise does not
depend on the key's scrambling signs; the projection removes what the other suspects'
marks contribute. Its calibration on null scores is plotted in the benchmark.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from watermark.code import check_payload, codewords
from watermark.detect import DetectionMode
from watermark.features import Features
from watermark.patterns import Schedule, bank_matrices
from watermark.profile import WatermarkProfile
from watermark.stats import log10_p
from watermark.threads import single_blas

SUSPECT_Z = 3.5
MAX_SUSPECTS = 24
MAX_ROUNDS = 4


@dataclass(frozen=True)
class NamedSession:
    """A candidate session whose mark is shown in the clip, with its own bound."""

    payload: int
    p_value: float
    log10_p: float
    z_score: float
    window: tuple[float, float]  # clip seconds where its score is highest


@dataclass(frozen=True)
class CollusionTrace:
    """Every candidate named (strongest first); ``hypotheses`` = candidates x windows."""

    named: tuple[NamedSession, ...]
    candidates: int
    windows: int
    hypotheses: int
    threshold: float
    seconds_used: float
    mode: DetectionMode
    best_unnamed_log10_p: float = 0.0  # of the strongest suspect not named
    suspects: tuple[NamedSession, ...] = ()  # every re-scored candidate, named or not


def slot_vectors(features: Features, key: bytes, profile: WatermarkProfile
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Soft vectors per film slot ``(slots, bits)`` and the clip time each slot starts at
    (informed features: the master time of each frame is known)."""
    if features.master_times is None:
        raise ValueError("slot vectors need informed features")
    banks = bank_matrices(key, profile)
    schedule = Schedule(key, profile)
    mt = features.master_times
    slot = np.floor(mt / profile.slot_seconds).astype(np.int64)
    k0 = int(slot.min())
    n = int(slot.max()) - k0 + 1
    weights = np.stack([schedule.weights(float(t)) for t in mt])  # (f, b)
    out = np.zeros((n, profile.coded_bits))
    starts = np.full(n, np.nan)
    for b in range(banks.shape[0]):
        per_slot = np.zeros((n, features.coeffs.shape[1]))
        np.add.at(per_slot, slot - k0, features.coeffs * weights[:, b : b + 1])
        out += per_slot @ banks[b]
    for k in range(n):
        sel = slot - k0 == k
        if sel.any():
            starts[k] = float(features.clip_times[sel][0])
    return out, starts


def windows(n_slots: int, min_slots: int) -> list[tuple[int, int]]:
    """The whole range, then halves, quarters, ... (each half-overlapping the next) down
    to ``min_slots`` slots: ``[start, end)`` slot ranges."""
    out = [(0, n_slots)]
    length = n_slots // 2
    while length >= max(1, min_slots):
        hop = max(1, length // 2)
        out += [(a, a + length) for a in range(0, n_slots - length + 1, hop)]
        length //= 2
    return list(dict.fromkeys(out))


def projected_z(codes: np.ndarray, sums: np.ndarray, j: int, others: list[int]
                ) -> np.ndarray:
    """z of candidate ``j`` in every window (rows of ``sums``) after the codewords of
    ``others`` are projected out of the window's soft vector and of ``j``'s codeword;
    scaled by the dimensions left, so that it is a unit-variance score again."""
    c = codes[j].astype(np.float64)
    s = sums
    if others:
        q, _ = np.linalg.qr(codes[others].T.astype(np.float64))
        s = sums - (sums @ q) @ q.T
        c = c - q @ (q.T @ c)
    ns = np.linalg.norm(s, axis=1)
    nc = float(np.linalg.norm(c))
    dims = len(c) - len(others)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(ns > 0, (s @ c) / (ns * max(nc, 1e-12)) * np.sqrt(dims), 0.0)
    return z


@single_blas
def trace_sessions(
    features: Features,
    key: bytes,
    profile: WatermarkProfile,
    candidates: Iterable[int],
    min_window: float = 10.0,
) -> CollusionTrace:
    """Every candidate session shown in an informed clip (see the module)."""
    cands = tuple(dict.fromkeys(check_payload(c) for c in candidates))
    slots, starts = slot_vectors(features, key, profile)
    return trace_slots(slots, starts, cands, key, profile, min_window,
                       features.seconds_used, DetectionMode.INFORMED)


def trace_slots(
    slots: np.ndarray,
    starts: np.ndarray,
    candidates: tuple[int, ...],
    key: bytes,
    profile: WatermarkProfile,
    min_window: float,
    seconds_used: float,
    mode: DetectionMode = DetectionMode.INFORMED,
    codes: np.ndarray | None = None,
) -> CollusionTrace:
    """:func:`trace_sessions` on per-slot soft vectors (``codes``: the candidates'
    codewords when the caller has them already)."""
    if codes is None:
        codes = codewords(candidates, key, profile).astype(np.float64)
    n = len(slots)
    wins = windows(n, max(1, round(min_window / profile.slot_seconds)))
    cum = np.concatenate([np.zeros((1, slots.shape[1])), np.cumsum(slots, axis=0)])
    sums = np.stack([cum[b] - cum[a] for a, b in wins])  # (windows, bits)
    hyp = float(len(candidates) * len(wins))
    limit = np.log10(profile.threshold_p)
    named_idx: list[int] = []
    results: dict[int, NamedSession] = {}
    for _round in range(MAX_ROUNDS):
        # suspects: high raw scores once the sessions named so far are projected out
        rest = sums
        if named_idx:
            q, _ = np.linalg.qr(codes[named_idx].T)
            rest = sums - (sums @ q) @ q.T
        norms = np.linalg.norm(rest, axis=1)
        norms[norms == 0] = np.inf
        best_raw = ((rest @ codes.T) / norms[:, None]).max(axis=0)  # (candidates,)
        best_raw[named_idx] = -np.inf
        order = np.argsort(best_raw)[::-1][:MAX_SUSPECTS]
        fresh = [int(j) for j in order if best_raw[j] >= SUSPECT_Z]
        if not fresh:
            break
        pool = named_idx + fresh
        new_names = []
        for j in fresh:
            zs = projected_z(codes, sums, j, [i for i in pool if i != j])
            w_best = int(np.argmax(zs))
            zb = float(zs[w_best])
            lp = log10_p(zb, hyp)
            a, b = wins[w_best]
            t0 = float(starts[a]) if np.isfinite(starts[a]) else float(a)
            t1 = (float(starts[b - 1]) + profile.slot_seconds if np.isfinite(starts[b - 1])
                  else float(b))
            result = NamedSession(payload=candidates[j], p_value=10.0**lp, log10_p=lp,
                                  z_score=zb, window=(round(t0, 3), round(t1, 3)))
            if j not in results or result.log10_p < results[j].log10_p:
                results[j] = result
            if lp <= limit:
                new_names.append(j)
        if not new_names:
            break
        named_idx += new_names
    named = [results[j] for j in named_idx]
    best_other = min((r.log10_p for j, r in results.items() if j not in named_idx),
                     default=0.0)
    scored = list(results.values())
    named.sort(key=lambda s: s.log10_p)
    return CollusionTrace(named=tuple(named), candidates=len(candidates), windows=len(wins),
                          hypotheses=int(hyp), threshold=profile.threshold_p,
                          seconds_used=seconds_used, mode=mode,
                          best_unnamed_log10_p=best_other, suspects=tuple(scored))
