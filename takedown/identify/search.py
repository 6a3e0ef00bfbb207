"""Which registered film a clip is, and where in it: every offset of every indexed film is
scored at once by correlating whole sequences of fingerprint vectors (through the FFT) in
a coarse form (the descriptor's 32 lowest spatial frequencies); the best few places of
each film are then scored with the full vectors.

The score at an offset is the mean cosine between the clip's vectors and the film's
vectors they would line up with, over the best stretch of at least :data:`MIN_SAMPLES`
samples and :data:`MIN_MATCHED` of the clip's picture; a match must reach
:data:`MATCH_THRESHOLD`. The threshold is set from the null distribution measured in
``benchmarks/takedown.py`` (unrelated 60 s clips against 100 films score at most about
0.66, attacked clips of an indexed film 0.95 and above; short real clips in the tests
about 0.53 against 0.89 and above); below it the answer is "no registered film", not the
nearest guess.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from screeningroom_resources.i18n import _
from takedown.errors import BadClip
from takedown.identify.index import FilmIndex, FilmMeta, as_unit
from watermark.align import DESC_H, DESC_W, ClipView, ContentBox, mirror_descriptors, preferred

MATCH_THRESHOLD = 0.8
MIN_SAMPLES = 16  # 4 s of content at 4 samples per second
MIN_MATCHED = 0.5  # share of the clip's picture that must match the film (one stretch)
TOP = 5
COARSE_DIM = 32  # the coarse pass scores the lowest spatial frequencies of the descriptor
PEAKS = 3  # places per film the coarse pass hands to the full comparison
PEAK_GAP = 8  # samples (2 s) between two places kept for one film
MATCH_SPREAD = 0.25  # samples this far below the stretch's mean cosine still extend it


@cache
def coarse_basis() -> np.ndarray:
    """(DIM, COARSE_DIM): orthonormal 2-D DCT atoms of the descriptor's 12 x 16 grid, lowest
    frequencies first, the constant one left out (descriptors have zero mean)."""
    h, w = DESC_H, DESC_W
    atoms = []
    for u, v in sorted(((u, v) for u in range(h) for v in range(w) if u or v),
                       key=lambda uv: (uv[0] / h) ** 2 + (uv[1] / w) ** 2):
        a = np.outer(np.cos(np.pi * (np.arange(h) + 0.5) * u / h),
                     np.cos(np.pi * (np.arange(w) + 0.5) * v / w)).ravel()
        atoms.append(a / np.linalg.norm(a))
        if len(atoms) == COARSE_DIM:
            break
    return np.stack(atoms, axis=1).astype(np.float32)


def coarse(vectors: np.ndarray) -> np.ndarray:
    """Vectors (float or int8) projected on :func:`coarse_basis`, scaled to unit length."""
    out = np.empty((len(vectors), COARSE_DIM), np.float32)
    for i in range(0, len(vectors), 8192):  # bounded temporary memory
        p = vectors[i: i + 8192].astype(np.float32) @ coarse_basis()
        n = np.linalg.norm(p, axis=1, keepdims=True)
        out[i: i + 8192] = np.divide(p, n, out=np.zeros_like(p), where=n > 1e-6)
    return out


def full_score(film: np.ndarray, clip: np.ndarray, offset: int,
               min_run: int = MIN_SAMPLES) -> tuple[float, int, int, int]:
    """Mean cosine of the full vectors at one offset over the best stretch of at least
    ``min_run`` compared samples (a pirate's intro, outro or inserted ads do not count
    against the match), the samples compared in that stretch, and where the stretch lies
    in the clip (sample indices ``start``, ``end``; end exclusive)."""
    lo, hi = max(0, -offset), min(len(clip), len(film) - offset)
    if hi <= lo:
        return -1.0, 0, 0, 0
    c, f = as_unit(clip[lo:hi]), as_unit(film[offset + lo: offset + hi])
    valid = ((np.abs(c).sum(axis=1) > 0) & (np.abs(f).sum(axis=1) > 0)).astype(np.float64)
    if valid.sum() < min_run:
        return -1.0, 0, 0, 0
    cos = np.einsum("ij,ij->i", c, f) * valid
    sums = np.concatenate([[0.0], np.cumsum(cos)])
    counts = np.concatenate([[0.0], np.cumsum(valid)])
    best, best_count, best_at, best_len = -1.0, 0, 0, 0
    n = len(cos)
    # an optimal stretch with at least min_run samples is shorter than 2 * min_run + gaps:
    # try every length from min_run up to twice that (and the whole overlap)
    for length in sorted({*range(min_run, min(n, 2 * min_run) + 1), n}, reverse=True):
        if length > n:
            continue
        cnt = counts[length:] - counts[:-length]
        avg = np.where(cnt >= min_run, (sums[length:] - sums[:-length]) / np.maximum(cnt, 1),
                       -1.0)
        i = int(np.argmax(avg))
        if avg[i] > best + 1e-9:
            best, best_count, best_at, best_len = float(avg[i]), int(cnt[i]), i, length
    # the stretch grows over neighbouring samples that match as well as the stretch does
    # (a long match is found whole, not only its best 2 * min_run samples)
    start, end = best_at, best_at + best_len
    floor = best - MATCH_SPREAD
    while start > 0 and (not valid[start - 1] or cos[start - 1] >= floor):
        start -= 1
    while end < n and (not valid[end] or cos[end] >= floor):
        end += 1
    while start < end and not valid[start]:
        start += 1
    while end > start and not valid[end - 1]:
        end -= 1
    return best, best_count, lo + start, lo + end


@dataclass(frozen=True)
class Candidate:
    film: FilmMeta
    offset: float  # film time minus clip time (seconds; negative when the clip has an intro)
    score: float  # mean cosine, -1..1
    samples: int  # samples compared
    match_start: float = 0.0  # clip seconds where the part matching the film starts
    match_end: float = 0.0  # and where it ends
    mirrored: bool = False  # the clip matches the film mirrored left to right


@dataclass(frozen=True)
class Identification:
    """``film`` is None when no registered film reaches the threshold. ``offset`` is film
    time minus clip time along the match; the part of the clip that matches the film runs
    from ``match_start`` to ``match_end`` (clip seconds), i.e. from ``film_start`` seconds
    into the film."""

    film: FilmMeta | None
    offset: float | None
    score: float
    threshold: float
    samples: int
    candidates: tuple[Candidate, ...]  # best first, one per film
    seconds_used: float

    match_start: float | None = None
    match_end: float | None = None
    mirrored: bool = False  # the clip is the film mirrored left to right

    @property
    def found(self) -> bool:
        return self.film is not None

    @property
    def film_start(self) -> float | None:
        """Seconds into the film where the matching part of the clip starts."""
        if self.offset is None or self.match_start is None:
            return None
        return round(self.offset + self.match_start, 3)


def offsets_scores(film: np.ndarray, clip: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Offsets (in samples), mean cosine and overlap count for every offset of ``clip``
    (m d) against ``film`` (n d) where at least one sample overlaps."""
    n, m = len(film), len(clip)
    size = 1 << int(np.ceil(np.log2(n + m)))
    valid_f = (np.abs(film).sum(axis=1) > 0).astype(np.float32)
    valid_c = (np.abs(clip).sum(axis=1) > 0).astype(np.float32)
    ff = np.fft.rfft(film.astype(np.float32), size, axis=0)
    fc = np.fft.rfft(clip, size, axis=0)
    # correlation: corr[o] = sum_i clip[i] . film[o + i]
    sums = np.fft.irfft((ff * np.conj(fc)).sum(axis=1), size)
    counts = np.fft.irfft(np.fft.rfft(valid_f, size) * np.conj(np.fft.rfft(valid_c, size)), size)
    offsets = np.concatenate([np.arange(0, n), np.arange(-(m - 1), 0)])
    index = np.concatenate([np.arange(0, n), np.arange(size - (m - 1), size)])
    counts = np.rint(counts[index])
    scores = np.where(counts > 0, sums[index] / np.maximum(counts, 1), 0.0)
    return offsets, scores, counts


def _peaks(scores: np.ndarray) -> list[int]:
    """Indices of the :data:`PEAKS` best scores at least :data:`PEAK_GAP` apart."""
    order = np.argsort(scores)[::-1]
    kept: list[int] = []
    for i in order[: PEAKS * PEAK_GAP * 2]:
        if scores[i] <= -1.0:
            break
        if all(abs(int(i) - j) >= PEAK_GAP for j in kept):
            kept.append(int(i))
            if len(kept) == PEAKS:
                break
    return kept


def search(
    clip: np.ndarray | Sequence[ClipView],
    films: Sequence[FilmIndex],
    *,
    threshold: float = MATCH_THRESHOLD,
    progress: Callable[[float, float], None] | None = None,
    clock: Callable[[], float] | None = None,
) -> Identification:
    """Score ``clip`` against every film in ``films``: its views
    (:func:`watermark.align.clip_views`, in order of preference), or its fingerprint
    vectors (m d), read as they are and mirrored left to right. Per film, the view kept
    is the one :func:`watermark.align.preferred` picks from their best scores (a copy
    mirrored to get past content matching is matched mirrored back)."""
    import time

    clock = clock or time.perf_counter
    started = clock()
    if isinstance(clip, np.ndarray):
        clip = (ClipView(clip, ContentBox()),
                ClipView(mirror_descriptors(clip), ContentBox(), mirrored=True))
    views = list(clip)
    informative = int((np.abs(views[0].desc).sum(axis=1) > 0).sum())
    if informative < MIN_SAMPLES:
        raise BadClip(
            _("The clip has too little picture to identify ({seconds} s); at least {need} s "
              "of picture are needed.").format(
                seconds=round(informative / 4.0, 1), need=MIN_SAMPLES // 4)
        )
    need = max(MIN_SAMPLES, int(np.ceil(MIN_MATCHED * informative)))
    coarse_views = [coarse(v.desc) for v in views]
    found: list[Candidate] = []
    for k, film in enumerate(films):
        best: list[Candidate | None] = [None] * len(views)  # the best place of each view
        for n, view in enumerate(views if len(film.vectors) else ()):
            offsets, scores, counts = offsets_scores(film.coarse, coarse_views[n])
            scores = np.where(counts >= need, scores, -1.0)
            for i in _peaks(scores):
                score, samples, start, end = full_score(film.vectors, view.desc,
                                                        int(offsets[i]), need)
                kept = best[n]
                if samples >= need and (kept is None or score > kept.score):
                    best[n] = Candidate(
                        film=film.meta, offset=round(float(offsets[i]) / film.rate, 3),
                        score=round(score, 4), samples=samples,
                        match_start=round(start / film.rate, 3),
                        match_end=round(end / film.rate, 3), mirrored=view.mirrored)
        if any(c is not None for c in best):
            chosen = best[preferred([c.score if c is not None else -2.0 for c in best], views)]
            if chosen is not None:
                found.append(chosen)
        if progress is not None:
            progress(k + 1, len(films))
    found.sort(key=lambda c: c.score, reverse=True)
    top = tuple(found[:TOP])
    best_c = top[0] if top and top[0].score >= threshold else None
    return Identification(
        film=best_c.film if best_c else None,
        offset=best_c.offset if best_c else None,
        score=top[0].score if top else 0.0,
        threshold=threshold,
        samples=top[0].samples if top else 0,
        candidates=top,
        seconds_used=round(clock() - started, 3),
        match_start=best_c.match_start if best_c else None,
        match_end=best_c.match_end if best_c else None,
        mirrored=best_c.mirrored if best_c else False,
    )
