"""Intake: links are checked and normalised; clips that are not videos, empty or truncated
are refused with a clear error and nothing is written."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from clipmaker import write_clip

from takedown.errors import BadClip, BadLink, TakedownInputError
from takedown.intake import sha256_file, take_in
from takedown.links import LinkKind, parse_link

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "kind", "url", "channel", "msg"),
    [
        ("https://t.me/kino_leaks/123", LinkKind.TELEGRAM_PUBLIC,
         "https://t.me/kino_leaks/123", "kino_leaks", 123),
        ("t.me/kino_leaks/0123", LinkKind.TELEGRAM_PUBLIC,
         "https://t.me/kino_leaks/123", "kino_leaks", 123),
        ("https://t.me/c/1234567890/55", LinkKind.TELEGRAM_PRIVATE,
         "https://t.me/c/1234567890/55", "1234567890", 55),
        ("https://telegram.me/s/kino_leaks/9/", LinkKind.TELEGRAM_PREVIEW,
         "https://t.me/s/kino_leaks/9", "kino_leaks", 9),
        ("https://Pirate-Kino.example.KZ/film?id=3", LinkKind.WEBSITE,
         "https://pirate-kino.example.kz/film?id=3", None, None),
        ("https://кино.қаз/фильм", LinkKind.WEBSITE, "https://кино.қаз/фильм", None, None),
    ],
)
def test_links_are_normalised(text, kind, url, channel, msg) -> None:
    link = parse_link(text)
    assert (link.kind, link.url, link.channel, link.message_id) == (kind, url, channel, msg)


@pytest.mark.parametrize(
    "text",
    [
        "", "   ", "https://t.me/kino_leaks", "https://t.me/kino_leaks/abc",
        "https://t.me/c/notanumber/5", "https://t.me/s/kino_leaks", "https://t.me/ab/5",
        "https://t.me/kino_leaks/0", "ftp://files.example.com/film.mp4", "javascript:alert(1)",
        "https://localhost/film", "https://exa mple.com/x", "https://user:pw@example.com/x",
        "https://t.me/c/123/45/67", "https://[::1/x",
    ],
)
def test_malformed_links_are_refused(text: str) -> None:
    with pytest.raises(BadLink) as info:
        parse_link(text)
    assert info.value.exit_code == 2
    assert str(info.value)


@pytest.fixture(scope="module")
def good_clip(tmp_path_factory) -> Path:
    rng = np.random.default_rng(1)
    frames = [rng.integers(0, 255, (72, 128, 3), dtype=np.uint8) for _ in range(12)]
    return write_clip(tmp_path_factory.mktemp("c") / "good.mp4", frames, fps=12)


def test_a_good_clip_is_hashed_and_probed(good_clip: Path) -> None:
    before = good_clip.read_bytes()
    got = take_in(good_clip, "t.me/kino_leaks/7", views=1200, now=NOW)
    assert got.sha256 == sha256_file(good_clip) and len(got.sha256) == 64
    assert got.info.frames == 12 and (got.info.width, got.info.height) == (128, 72)
    assert got.sighting.channel == "kino_leaks" and got.sighting.seen_time == NOW
    assert good_clip.read_bytes() == before


def _assert_refused(tmp_path: Path, clip: Path, kind=BadClip) -> None:
    before = sorted(tmp_path.rglob("*"))
    with pytest.raises(kind) as info:
        take_in(clip, "https://t.me/kino_leaks/7", now=NOW)
    assert info.value.exit_code == 2
    assert sorted(tmp_path.rglob("*")) == before  # nothing half-written


def test_zero_length_clip(tmp_path: Path) -> None:
    clip = tmp_path / "empty.mp4"
    clip.write_bytes(b"")
    _assert_refused(tmp_path, clip)


def test_not_a_video(tmp_path: Path) -> None:
    clip = tmp_path / "notes.mp4"
    clip.write_text("these are meeting notes, not a film\n" * 50)
    _assert_refused(tmp_path, clip)


def test_missing_file(tmp_path: Path) -> None:
    _assert_refused(tmp_path, tmp_path / "nowhere.mp4")


@pytest.mark.parametrize("keep", [0.2, 0.6, 0.9])
def test_truncated_clip(tmp_path: Path, good_clip: Path, keep: float) -> None:
    data = good_clip.read_bytes()
    clip = tmp_path / "cut.mp4"
    clip.write_bytes(data[: int(len(data) * keep)])
    _assert_refused(tmp_path, clip)


def test_truncated_clip_without_faststart(tmp_path: Path) -> None:
    rng = np.random.default_rng(2)
    frames = [rng.integers(0, 255, (72, 128, 3), dtype=np.uint8) for _ in range(12)]
    whole = write_clip(tmp_path / "whole.mp4", frames, fps=12, faststart=False)
    clip = tmp_path / "cut.mp4"
    clip.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    _assert_refused(tmp_path, clip)


def test_audio_only_file_is_not_a_video(tmp_path: Path) -> None:
    import av

    clip = tmp_path / "sound.m4a"
    with av.open(str(clip), "w") as out:
        stream = out.add_stream("aac", rate=8000)
        frame = av.AudioFrame.from_ndarray(np.zeros((1, 1024), np.float32), format="fltp",
                                           layout="mono")
        frame.sample_rate = 8000
        for packet in [*stream.encode(frame), *stream.encode()]:
            out.mux(packet)
    _assert_refused(tmp_path, clip)


@pytest.mark.parametrize(("when", "ok"), [("2026-03-01T18:30", True), ("yesterday", False),
                                          ("2027-01-01T00:00Z", False)])
def test_seen_time(good_clip: Path, when: str, ok: bool) -> None:
    if ok:
        got = take_in(good_clip, "https://example.com/v", seen_time=when, now=NOW)
        assert got.sighting.seen_time == datetime(2026, 3, 1, 18, 30, tzinfo=UTC)
    else:
        with pytest.raises(TakedownInputError):
            take_in(good_clip, "https://example.com/v", seen_time=when, now=NOW)


def test_negative_views_refused(good_clip: Path) -> None:
    with pytest.raises(TakedownInputError):
        take_in(good_clip, "https://example.com/v", views=-1, now=NOW)
