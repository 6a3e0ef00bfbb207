"""The master index: bytes round trip, damaged bytes refused, excerpts, and detection that
never decodes the master."""

from __future__ import annotations

import hashlib
import json
import struct
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from tests.watermark.conftest import KEY, PAYLOAD, excerpt
from watermark import (
    MasterIndex,
    MasterIndexBuilder,
    MasterIndexError,
    WatermarkCancelled,
    align,
    build_master_index,
    detect,
)
from watermark.index import FORMAT_VERSION, MAGIC

VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "watermark"


@pytest.fixture(scope="module")
def index(night_clip: Path) -> MasterIndex:
    return build_master_index(str(night_clip))


def test_round_trip_keeps_everything(index: MasterIndex) -> None:
    data = index.to_bytes()
    assert data[:8] == MAGIC
    back = MasterIndex.from_bytes(data)
    assert back.native == index.native and back.work == index.work
    assert np.array_equal(back.times, index.times)
    assert np.array_equal(back.descriptors, index.descriptors)
    assert back.chunks == index.chunks
    a = index.work_frames(1.0, 2.0)
    b = back.work_frames(1.0, 2.0)
    assert [t for t, _ in a] == [t for t, _ in b]
    assert all(np.array_equal(x, y) for (_, x), (_, y) in zip(a, b, strict=True))


def test_index_is_compact_and_close_to_the_master(index: MasterIndex, night_clip: Path,
                                                  attacks: ModuleType) -> None:
    import cv2

    frames, _fps = attacks.read_luma(str(night_clip), 2.0, 1.0)
    got = dict(index.work_frames(2.0, 3.0))
    h, w = index.work
    errs = [float(np.sqrt(np.mean((cv2.resize(y, (w, h), interpolation=cv2.INTER_AREA)
                                   .astype(float) - got[t]) ** 2)))
            for t, y in frames if t in got]
    assert errs and max(errs) < 2.5  # near-lossless at the work size
    assert len(index.to_bytes()) < 400_000 * index.duration  # well under 400 kB per second


def test_damaged_bytes_are_refused(index: MasterIndex) -> None:
    data = index.to_bytes()
    with pytest.raises(MasterIndexError, match="not a watermark master index"):
        MasterIndex.from_bytes(b"RIFF" + data[4:])
    with pytest.raises(MasterIndexError, match="damaged"):
        MasterIndex.from_bytes(data[:-40] + data[-32:])
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0x40
    with pytest.raises(MasterIndexError, match="damaged"):
        MasterIndex.from_bytes(bytes(flipped))
    newer = bytearray(data[:-32])
    struct.pack_into("<H", newer, 8, FORMAT_VERSION + 1)
    newer += hashlib.sha256(newer).digest()
    with pytest.raises(MasterIndexError, match="not supported"):
        MasterIndex.from_bytes(bytes(newer))
    with pytest.raises(MasterIndexError):
        MasterIndex.from_bytes(b"")


def test_detection_through_the_index(index: MasterIndex, marked: tuple,
                                     attacks: ModuleType) -> None:
    _, m, fps = marked
    clip = attacks.encode(excerpt(m, 1.0, 5.5), fps, crf=28)
    d = detect(clip, KEY, master=MasterIndex.from_bytes(index.to_bytes()))
    assert d.found and d.payload == PAYLOAD
    assert d.alignment is not None and abs(d.alignment.offset - 1.0) < 0.05
    e = detect(clip, KEY, master=index.excerpt(0.0, 7.0))
    assert e.found and e.payload == PAYLOAD


def test_excerpt_outside_the_film_is_refused(index: MasterIndex) -> None:
    with pytest.raises(Exception, match="no frames between"):
        index.excerpt(500.0, 600.0)


def test_builder_takes_frame_pairs_and_can_be_cancelled(marked: tuple) -> None:
    original, _, _ = marked
    built = build_master_index(iter(original[:60]))
    assert built.frames == 60 and built.times[0] == 0.0
    calls = iter([False, False, True])
    with pytest.raises(WatermarkCancelled):
        build_master_index(iter(original), cancelled=lambda: next(calls, True))
    b = MasterIndexBuilder()
    with pytest.raises(Exception, match="too few frames"):
        b.finish()


def test_coarse_search_finds_the_place_in_a_long_film() -> None:
    rng = np.random.default_rng(5)
    n = 25 * 600  # ten minutes of descriptors
    mt = np.arange(n) / 25.0
    walk = np.cumsum(rng.normal(0, 0.2, (n, 192)), axis=0)
    md = (walk / np.linalg.norm(walk, axis=1, keepdims=True)).astype(np.float32)
    at = 25 * 317
    ct = mt[:200]
    cd = md[at : at + 200] + rng.normal(0, 0.01, (200, 192)).astype(np.float32)
    spans = align.coarse_spans(ct, cd, mt, md)
    assert any(lo <= 317.0 <= hi for lo, hi in spans)


def _walk_film(rng: np.random.Generator, n: int) -> np.ndarray:
    walk = np.cumsum(rng.normal(0, 0.2, (n, 192)), axis=0)
    return (walk / np.linalg.norm(walk, axis=1, keepdims=True)).astype(np.float32)


@pytest.mark.parametrize(("clip_fps", "uneven"), [(25.0, False), (24.0, False), (30.0, False),
                                                  (25.0, True), (24.0, True)])
def test_coarse_search_on_even_and_uneven_frame_times(clip_fps: float, uneven: bool) -> None:
    """A constant frame rate is searched on the master's frame grid, uneven frame times
    (each frame up to 3 % of a frame off its place) by searching each time: both find
    the clip's place, whatever its frame rate."""
    rng = np.random.default_rng(6)
    n = 25 * 900
    mt = np.arange(n) / 25.0
    if uneven:
        mt = mt + rng.uniform(-0.03, 0.03, n) / 25.0
    md = _walk_film(rng, n)
    ct = np.arange(int(8 * clip_fps)) / clip_fps
    rows = align.nearest_rows(mt, 611.0 + ct)
    cd = md[rows] + rng.normal(0, 0.01, (len(ct), 192)).astype(np.float32)
    spans = align.coarse_spans(ct, cd, mt, md)
    lo, hi = spans[0]
    assert lo <= 611.0 <= hi


def test_coarse_search_on_the_frame_grid_scores_the_nearest_frames() -> None:
    """Where the clip's frames fall on the master's frame grid, the rows shifted on it are
    the master frames nearest each clip frame: the spans are those of scoring each
    offset by :func:`align.nearest_rows`."""
    rng = np.random.default_rng(7)
    n = 25 * 300
    mt = np.arange(n) / 25.0
    md = _walk_film(rng, n)
    ct = np.arange(150) / 25.0
    cd = md[3000:3150] + rng.normal(0, 0.3, (150, 192)).astype(np.float32)
    spans = align.coarse_spans(ct, cd, mt, md, speeds=(1.0,))
    pick = np.unique(np.linspace(0, len(ct) - 1, num=24).astype(int))
    sims = cd[pick] @ md.T
    want = mt[None, :] + ct[pick][:, None]
    score = np.take_along_axis(sims, align.nearest_rows(mt, want), axis=1).mean(axis=0)
    score[want[-1] > mt[-1] + 0.5] = -np.inf
    expected: list[tuple[float, float]] = []
    for j in np.argsort(score)[::-1][:150]:  # the 50 best per span kept
        if all(abs(mt[j] - (lo + 3.0)) >= 5.0 for lo, _ in expected):
            expected.append((mt[j] - 3.0, mt[j] + ct[-1] + 3.0))
        if len(expected) == 3:
            break
    np.testing.assert_allclose(np.array(spans), np.array(expected), rtol=0, atol=1e-9)


def test_vector_file_reads_back() -> None:
    """A checked-in index (format 1): the reader keeps reading what was published."""
    data = (VECTORS / "master_index_v1.bin").read_bytes()
    want = json.loads((VECTORS / "master_index_v1.json").read_text())
    index = MasterIndex.from_bytes(data)
    assert [index.native[0], index.native[1]] == want["native"]
    assert [index.work[0], index.work[1]] == want["work"]
    assert index.times.tolist() == want["times"]
    assert index.descriptors[:, :8].tolist() == want["descriptors_first8"]
    frames = index.work_frames(-1.0, 1e9)
    assert [round(float(f.mean()), 3) for _, f in frames] == want["frame_means"]
