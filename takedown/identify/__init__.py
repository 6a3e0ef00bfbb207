"""Which registered film a clip is, and where in it (content fingerprints)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from takedown.identify.fingerprint import RATE, WIDTH, fingerprint
from takedown.identify.index import FilmIndex, FilmMeta, load_all, save
from takedown.identify.search import MATCH_THRESHOLD, Candidate, Identification, search
from takedown.media import Source, sample_frames
from watermark.align import ContentBox

__all__ = [
    "MATCH_THRESHOLD",
    "Candidate",
    "ContentBox",
    "FilmIndex",
    "FilmMeta",
    "Identification",
    "fingerprint",
    "fingerprint_source",
    "identify",
    "load_all",
    "save",
    "search",
]


def fingerprint_source(
    source: Source, progress: Callable[[float, float], None] | None = None
):
    """Fingerprint vectors and content box of a clip or master (path or file-like)."""
    return fingerprint(sample_frames(source, RATE, width=WIDTH, progress=progress))


def identify(
    source: Source,
    films: Sequence[FilmIndex],
    progress: Callable[[float, float], None] | None = None,
) -> Identification:
    """Fingerprint ``source`` and search ``films`` for it."""
    vectors, _box = fingerprint_source(source, progress=progress)
    return search(vectors, films)
