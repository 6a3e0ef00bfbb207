"""Which registered film a clip is, and where in it (content fingerprints)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from takedown.identify.fingerprint import RATE, fingerprint
from takedown.identify.index import FilmIndex, FilmMeta, load_all, save
from takedown.identify.search import MATCH_THRESHOLD, Candidate, Identification, search
from takedown.media import Source, read_clip
from watermark.align import ContentBox

__all__ = [
    "MATCH_THRESHOLD",
    "RATE",
    "Candidate",
    "ContentBox",
    "FilmIndex",
    "FilmMeta",
    "Identification",
    "fingerprint",
    "fingerprint_source",
    "load_all",
    "save",
    "search",
]


def fingerprint_source(
    source: Source, progress: Callable[[float, float], None] | None = None,
    each_luma: Callable[[float, np.ndarray], None] | None = None,
) -> tuple[np.ndarray, ContentBox]:
    """Fingerprint vectors and content box of a master (path or file-like), in one pass;
    ``each_luma(t, y)`` is given every frame's luma on the way (the master index)."""
    return fingerprint(read_clip(source, keep_works=False, stills=False, each_luma=each_luma,
                                 progress=progress).thumbs)
