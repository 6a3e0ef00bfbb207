"""The one video reader: times, seeking, reduced size, colour, file objects, progress,
cancel, and bad input."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from watermark import PixelFormat, VideoReader, WatermarkCancelled, WatermarkInputError, probe


def test_times_are_seconds_since_the_first_frame(sample_clip: Path) -> None:
    frames = list(VideoReader(sample_clip))
    info = probe(sample_clip)
    assert len(frames) == info.frames == 200
    assert frames[0].t == 0.0
    assert np.allclose(np.diff([f.t for f in frames]), 1 / info.fps)
    assert frames[0].image.shape == (info.height, info.width)
    assert frames[0].image.dtype == np.uint8 and frames[0].image.flags["C_CONTIGUOUS"]


def test_start_end_seek_and_keep_times(sample_clip: Path) -> None:
    part = list(VideoReader(sample_clip, start=3.0, end=4.0))
    assert part[0].t == pytest.approx(3.0) and part[-1].t < 4.0
    assert len(part) == 25
    whole = {f.t: f.image for f in VideoReader(sample_clip)}
    assert np.array_equal(part[0].image, whole[part[0].t])


def test_reduced_size_and_colour(sample_clip: Path) -> None:
    small = next(iter(VideoReader(sample_clip, width=160)))
    assert small.image.shape == (90, 160)
    bgr = next(iter(VideoReader(sample_clip, pixels=PixelFormat.BGR, size=(320, 180))))
    assert bgr.image.shape == (180, 320, 3)
    rgb = next(iter(VideoReader(sample_clip, pixels=PixelFormat.RGB, size=(320, 180))))
    # the same picture, channels in the other order (the two scaler paths round apart)
    assert np.abs(rgb.image[..., ::-1].astype(int) - bgr.image).mean() < 3


def test_file_object_progress_and_cancel(sample_clip: Path) -> None:
    seen: list[tuple[float, float]] = []
    with sample_clip.open("rb") as fh:
        n = sum(1 for _ in VideoReader(fh, progress=lambda d, t: seen.append((d, t))))
    assert n == 200
    assert seen[-1][0] == seen[-1][1] > 7.5
    assert all(a <= b for (a, _), (b, _) in itertools.pairwise(seen))
    calls = iter([False, False, True])
    with pytest.raises(WatermarkCancelled):
        for _ in VideoReader(sample_clip, cancelled=lambda: next(calls, True)):
            pass


def test_bad_input_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    with pytest.raises(WatermarkInputError, match="empty"):
        VideoReader(empty)
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"\x00garbage" * 500)
    with pytest.raises(WatermarkInputError, match="not a readable video"):
        VideoReader(junk)
    with pytest.raises(WatermarkInputError, match="No such file"):
        VideoReader(tmp_path / "missing.mp4")
