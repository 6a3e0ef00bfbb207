"""Which registered film a clip is, and where in it: every offset of every indexed film is
scored at once by correlating whole sequences of fingerprint vectors (through the FFT).

The score at an offset is the mean cosine between the clip's vectors and the film's
vectors they would line up with; a match must reach :data:`MATCH_THRESHOLD` over at least
:data:`MIN_SAMPLES` informative samples. The threshold is set from the null distribution
measured in ``benchmarks/takedown.py`` (unrelated clips against 100 films score at most
about 0.55 on short overlaps, matched attacked clips 0.8 and above); below it the answer
is "no registered film", not the nearest guess.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from screeningroom_resources.i18n import _
from takedown.errors import BadClip
from takedown.identify.index import FilmIndex, FilmMeta

MATCH_THRESHOLD = 0.75
MIN_SAMPLES = 16  # 4 s of content at 4 samples per second
MIN_OVERLAP = 0.75  # share of the clip's informative samples that must overlap the film
TOP = 5


@dataclass(frozen=True)
class Candidate:
    film: FilmMeta
    offset: float  # seconds into the film where the clip starts
    score: float  # mean cosine, -1..1
    samples: int  # samples compared


@dataclass(frozen=True)
class Identification:
    """``film`` is None when no registered film reaches the threshold."""

    film: FilmMeta | None
    offset: float | None
    score: float
    threshold: float
    samples: int
    candidates: tuple[Candidate, ...]  # best first, one per film
    seconds_used: float

    @property
    def found(self) -> bool:
        return self.film is not None


def offsets_scores(film: np.ndarray, clip: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Offsets (in samples), mean cosine and overlap count for every offset of ``clip``
    (m d) against ``film`` (n d) where at least one sample overlaps."""
    n, m = len(film), len(clip)
    size = 1 << int(np.ceil(np.log2(n + m)))
    valid_f = (np.abs(film).sum(axis=1) > 0).astype(np.float32)
    valid_c = (np.abs(clip).sum(axis=1) > 0).astype(np.float32)
    ff = np.fft.rfft(film, size, axis=0)
    fc = np.fft.rfft(clip, size, axis=0)
    # correlation: corr[o] = sum_i clip[i] . film[o + i]
    sums = np.fft.irfft((ff * np.conj(fc)).sum(axis=1), size)
    counts = np.fft.irfft(np.fft.rfft(valid_f, size) * np.conj(np.fft.rfft(valid_c, size)), size)
    offsets = np.concatenate([np.arange(0, n), np.arange(-(m - 1), 0)])
    index = np.concatenate([np.arange(0, n), np.arange(size - (m - 1), size)])
    counts = np.rint(counts[index])
    scores = np.where(counts > 0, sums[index] / np.maximum(counts, 1), 0.0)
    return offsets, scores, counts


def search(
    clip: np.ndarray,
    films: Sequence[FilmIndex],
    *,
    threshold: float = MATCH_THRESHOLD,
    progress: Callable[[float, float], None] | None = None,
    clock: Callable[[], float] | None = None,
) -> Identification:
    """Score ``clip`` (m d fingerprint vectors) against every film in ``films``."""
    import time

    clock = clock or time.perf_counter
    started = clock()
    informative = int((np.abs(clip).sum(axis=1) > 0).sum())
    if informative < MIN_SAMPLES:
        raise BadClip(
            _("The clip has too little picture to identify ({seconds} s); at least {need} s "
              "of picture are needed.").format(
                seconds=round(informative / 4.0, 1), need=MIN_SAMPLES // 4)
        )
    need = max(MIN_SAMPLES, int(np.ceil(MIN_OVERLAP * informative)))
    found: list[Candidate] = []
    for k, film in enumerate(films):
        if len(film.vectors):
            offsets, scores, counts = offsets_scores(film.vectors, clip)
            scores = np.where(counts >= need, scores, -1.0)
            best = int(np.argmax(scores))
            if scores[best] > -1.0:
                found.append(Candidate(
                    film=film.meta, offset=round(float(offsets[best]) / film.rate, 3),
                    score=round(float(scores[best]), 4), samples=int(counts[best]),
                ))
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
    )
