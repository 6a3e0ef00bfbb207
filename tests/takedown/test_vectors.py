"""The fingerprint index format is pinned by a checked-in file
(``tests/vectors/takedown/index.fpidx``; docs/formats/fingerprint-index.md)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from takedown.identify import FilmIndex, FilmMeta
from takedown.identify import index as index_file
from watermark.align import ContentBox

VECTOR = Path(__file__).resolve().parent.parent / "vectors" / "takedown" / "index.fpidx"


def expected() -> FilmIndex:
    """The index the vector holds: three fixed vectors, one of them flat (all zero)."""
    rows = np.zeros((3, 192), np.float32)
    rows[0, 0], rows[0, 191] = 0.6, -0.8
    rows[1] = np.linspace(-1, 1, 192, dtype=np.float32)
    rows[1] /= np.linalg.norm(rows[1])
    meta = FilmMeta(film_id="KZ-F-0042", title="Тихий берег", register_number="ПУ-2026-117",
                    duration=5400.0, indexed_at="2026-05-01T10:00:00+00:00")
    return FilmIndex(meta=meta, vectors=rows, box=ContentBox(0.0, 0.125, 1.0, 0.875))


def test_writing_gives_the_vector_bytes() -> None:
    assert index_file.to_bytes(expected()) == VECTOR.read_bytes()


def test_reading_the_vector() -> None:
    got = index_file.load(VECTOR)
    want = expected()
    assert got.meta == want.meta and got.box == want.box and got.rate == 4.0
    assert np.abs(got.vectors / 127.0 - want.vectors).max() < 0.01
    assert not got.vectors[2].any()


if __name__ == "__main__":  # regenerate (only when the format version changes)
    VECTOR.write_bytes(index_file.to_bytes(expected()))
