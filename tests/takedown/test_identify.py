"""Identification: the right film and offset from attacked copies, "no registered film"
for an unrelated clip, and the fingerprint index file refusing damage."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from clipmaker import Attack, attacked_copy, read_frames, synthetic_frames, write_clip

from takedown.errors import BadClip, BadIndex
from takedown.identify import FilmIndex, FilmMeta, fingerprint_source, search
from takedown.identify import index as index_file


def _index(path: Path, film_id: str) -> FilmIndex:
    vectors, box = fingerprint_source(path)
    meta = FilmMeta(film_id=film_id, title=film_id, register_number="", duration=0.0,
                    indexed_at="2026-03-01T00:00:00+00:00")
    return FilmIndex(meta=meta, vectors=vectors, box=box)


def identify(clip: Path, films: list[FilmIndex]):
    """The desk's identification of a clip file: its fingerprint searched among ``films``."""
    return search(fingerprint_source(clip)[0], films)


@pytest.fixture(scope="module")
def library(tmp_path_factory, sample_clip: Path) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("films")
    films = {"sample": sample_clip}
    for seed in (11, 12, 13):
        films[f"synthetic-{seed}"] = write_clip(
            folder / f"s{seed}.mp4", synthetic_frames(seed, 15.0, fps=12, size=(144, 256)),
            fps=12)
    return films


@pytest.fixture(scope="module")
def indexes(library: dict[str, Path]) -> list[FilmIndex]:
    return [_index(path, film_id) for film_id, path in library.items()]


ATTACKS = {
    "reencode-downscale-crop": Attack(height=96, crop=0.06, crf=34),
    "letterbox-fps-change": Attack(height=120, letterbox=0.12, fps=15),
    "camcord": Attack(height=180, camcord=True, crop=0.03),
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_attacked_copies_are_identified_with_offset(
    tmp_path: Path, library, indexes, attack: str
) -> None:
    clip = attacked_copy(library["synthetic-12"], tmp_path / "clip.mp4", ATTACKS[attack],
                         start=5.0, end=13.0, src_fps=12)
    got = identify(clip, indexes)
    assert got.found and got.film.film_id == "synthetic-12", got
    assert got.offset == pytest.approx(5.0, abs=0.5)
    assert got.score >= got.threshold
    assert got.candidates[1].score < got.threshold  # the others are far below


def test_a_mirrored_copy_is_identified_and_said_to_be_mirrored(
    tmp_path: Path, library, indexes
) -> None:
    """Mirroring left to right is a pirate's way past content matching: the clip is
    compared mirrored back as well, and the identification says which one matched."""
    attack = Attack(height=120, crop=0.04, crf=30, mirror=True)
    clip = attacked_copy(library["synthetic-12"], tmp_path / "clip.mp4", attack,
                         start=5.0, end=13.0, src_fps=12)
    vectors = fingerprint_source(clip)[0]
    got = search(vectors, indexes)
    assert got.found and got.film.film_id == "synthetic-12", got
    assert got.mirrored and got.candidates[0].mirrored
    assert got.offset == pytest.approx(5.0, abs=0.5)
    assert got.candidates[1].score < got.threshold
    plain = attacked_copy(library["synthetic-12"], tmp_path / "plain.mp4",
                          Attack(height=120, crop=0.04, crf=30), start=5.0, end=13.0,
                          src_fps=12)
    direct = identify(plain, indexes)
    assert direct.found and not direct.mirrored


def test_a_copy_shown_small_on_a_plain_background_is_identified(
    tmp_path: Path, library, indexes
) -> None:
    """Picture in picture: the film at 60 % of the frame on a grey background. The clip's
    view inside that plain border matches the film; the view of the whole frame does not."""
    import cv2

    from takedown.media import read_clip
    from watermark.align import clip_views

    frames = []
    for _t, image in read_frames(library["synthetic-12"], 5.0, 13.0):
        h, w = image.shape[:2]
        canvas = np.full_like(image, 90)
        small = cv2.resize(image, (int(w * 0.6), int(h * 0.6)), interpolation=cv2.INTER_AREA)
        canvas[h // 8: h // 8 + small.shape[0], w // 10: w // 10 + small.shape[1]] = small
        frames.append(canvas)
    clip = write_clip(tmp_path / "pip.mp4", frames, fps=12, crf=23)
    thumbs = read_clip(clip, keep_works=False, stills=False).thumbs
    views = clip_views(thumbs)
    assert len(views) == 4 and not views[0].mirrored and views[1].mirrored
    assert search(views[:2], indexes).score < 0.8  # the whole frame: not this film
    got = search(views, indexes)
    assert got.found and got.film.film_id == "synthetic-12", got
    assert not got.mirrored
    assert got.offset == pytest.approx(5.0, abs=0.5)


def test_a_portrait_repost_over_its_own_blur_is_identified(
    tmp_path: Path, library, indexes
) -> None:
    """A 9:16 repost of a landscape film: the picture across the frame's width over a
    blurred, zoomed copy of itself. The whole frame does not match the film (the blur is
    two thirds of it); the view inside the sharp picture does (searched as the desk's
    scan searches a clip: under all its views). Real footage: a film as soft as its
    surround (the synthetic films' blurred shapes) gives no sharp picture to find."""
    from takedown.media import read_clip
    from watermark.align import clip_views

    clip = attacked_copy(library["sample"], tmp_path / "portrait.mp4",
                         Attack(height=180, crf=28, portrait=True), start=1.0, end=7.0)
    views = clip_views(read_clip(clip, keep_works=False, stills=False).thumbs)
    assert search(views[:2], indexes).score < 0.8  # the whole frame: not this film
    got = search(views, indexes)
    assert got.found and got.film.film_id == "sample", got
    assert got.offset == pytest.approx(1.0, abs=0.5)


def test_real_footage_is_identified(tmp_path: Path, library, indexes) -> None:
    clip = attacked_copy(library["sample"], tmp_path / "clip.mp4",
                         Attack(height=180, crop=0.05, camcord=True, fps=24), start=1.0, end=7.0)
    got = identify(clip, indexes)
    assert got.found and got.film.film_id == "sample"
    assert got.offset == pytest.approx(1.0, abs=0.5)


def test_unrelated_clip_is_no_registered_film(tmp_path: Path, indexes) -> None:
    clip = write_clip(tmp_path / "other.mp4", synthetic_frames(99, 8.0, fps=12), fps=12)
    got = identify(clip, indexes)
    assert not got.found and got.film is None and got.offset is None
    assert got.score < got.threshold


def test_too_short_clip_is_refused(tmp_path: Path, indexes) -> None:
    clip = write_clip(tmp_path / "short.mp4", synthetic_frames(5, 1.0, fps=12), fps=12)
    with pytest.raises(BadClip, match="too little picture"):
        identify(clip, indexes)


def test_index_file_round_trip_and_damage(tmp_path: Path, indexes) -> None:
    path = index_file.save(indexes[1], tmp_path)
    back = index_file.load(path)
    assert back.meta == indexes[1].meta and back.box == indexes[1].box
    assert back.vectors.dtype == np.int8
    assert np.abs(back.vectors / 127.0 - indexes[1].vectors).max() < 0.01
    data = bytearray(path.read_bytes())
    data[40] ^= 1
    path.write_bytes(bytes(data))
    with pytest.raises(BadIndex, match="index the film again"):
        index_file.load(path)


def test_a_pirate_intro_does_not_hide_the_film(tmp_path: Path, library, indexes) -> None:
    from clipmaker import read_frames

    intro = list(synthetic_frames(4242, 5.0, fps=12, size=(144, 256)))
    film = [f for _t, f in read_frames(library["synthetic-13"], 4.0, 12.0)]
    clip = write_clip(tmp_path / "intro.mp4", [*intro, *film], fps=12)
    got = identify(clip, indexes)
    assert got.found and got.film.film_id == "synthetic-13"
    # the clip starts 5 s before the film's 4 s mark
    assert got.offset == pytest.approx(-1.0, abs=0.5)
