"""Frame descriptor and temporal alignment."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import cv2
import numpy as np

from watermark import align


def test_excerpt_is_placed_in_its_master(night_clip: Path, attacks: ModuleType) -> None:
    frames, _fps = attacks.read_luma(str(night_clip), 0.0, 10.0)
    box = align.content_box([align.thumbnail(y) for _, y in frames[:30]])
    mt = np.array([t for t, _ in frames])
    md = np.stack([align.frame_descriptor(align.thumbnail(y), box) for _, y in frames])
    clip = attacks.box_to(attacks.tone(
        [(t, cv2.resize(y, (320, 136))) for t, y in frames if 3.0 <= t < 7.0], gain=1.15
    ), 16 / 9)
    cthumbs = [align.thumbnail(y) for _, y in clip]
    cbox = align.content_box(cthumbs)
    assert cbox.y0 > 0.1 and cbox.y1 < 0.9  # the added bars are found
    cd = np.stack([align.frame_descriptor(th, cbox) for th in cthumbs])
    ct = np.array([t - clip[0][0] for t, _ in clip])
    a = align.align_sequences(ct, cd, mt, md)
    assert abs(a.offset - clip[0][0]) < 0.05
    assert a.speed == 1.0 and a.score > 0.9
    assert abs(a.master_time(1.0) - (clip[0][0] + 1.0)) < 0.05


def test_descriptor_is_unit_norm_and_flat_frames_are_zero() -> None:
    rng = np.random.default_rng(1)
    d = align.frame_descriptor(rng.integers(0, 255, (90, 160), dtype=np.uint8))
    assert d.shape == (align.DESC_W * align.DESC_H,)
    assert abs(float(np.linalg.norm(d)) - 1.0) < 1e-5
    assert not align.frame_descriptor(np.full((90, 160), 77, np.uint8)).any()


def test_a_plain_background_around_the_picture_is_a_border(
        night_clip: Path, attacks: ModuleType) -> None:
    """Picture in picture: a copy shows the film scaled down on a plain grey background.
    Over a clip's thumbnails that background is as much a border as black bars are; in a
    single image it is not looked for (one frame's flat sky would count)."""
    frames, fps = attacks.read_luma(str(night_clip), 0.0, 4.0)
    clip = attacks.encode(attacks.inset(frames, 0.7, background=90), fps, crf=23)
    thumbs = [align.thumbnail(y) for _, y in clip[::4]]
    plain = align.content_box(thumbs)
    assert (plain.x0, plain.y0, plain.x1, plain.y1) == (0.0, 0.0, 1.0, 1.0)
    box = align.content_box(thumbs, uniform=align.UNIFORM_SPREAD)
    assert abs(box.x0 - 0.05) < 0.03 and abs(box.x1 - 0.75) < 0.03
    assert abs(box.y0 - 0.10) < 0.03 and abs(box.y1 - 0.80) < 0.03
    single = align.content_box(thumbs[:1], uniform=align.UNIFORM_SPREAD)
    assert (single.x0, single.x1) == (0.0, 1.0)
    # the film's own thumbnails keep their whole picture
    own = align.content_box([align.thumbnail(y) for _, y in frames[::4]],
                            uniform=align.UNIFORM_SPREAD)
    assert own == align.content_box([align.thumbnail(y) for _, y in frames[::4]])


def _walk(n: int, seed: int) -> np.ndarray:
    """Unit descriptors of a master that changes slowly, with a cut every 40 frames."""
    rng = np.random.default_rng(seed)
    d = np.empty((n, align.DESC_W * align.DESC_H), np.float32)
    cur = rng.standard_normal(d.shape[1])
    for i in range(n):
        step = rng.standard_normal(d.shape[1])
        cur = step if i % 40 == 0 else cur + 0.15 * step
        d[i] = cur / np.linalg.norm(cur)
    return d


def test_placement_over_a_master_in_memory_scores_as_pushing_every_frame() -> None:
    """score_all (matrix products, master dot products reused) places a clip where the
    frame-by-frame aligner does, with the same score, whatever the clip's frame rate."""
    mt = np.arange(600) / 25.0
    md = _walk(600, 3)
    rng = np.random.default_rng(4)
    for step in (1, 2, 25):  # 25, 12.5 and 1 frames a second of the master's 25
        pick = np.arange(180, 430, step)
        ct = mt[pick] - mt[pick[0]]
        cd = md[pick] + 0.02 * rng.standard_normal((len(pick), md.shape[1])).astype(np.float32)
        cd /= np.linalg.norm(cd, axis=1, keepdims=True)
        pushed = align.align_sequences(ct, cd, mt, md)
        held = align.StreamAligner(ct, cd).score_all(mt, md)
        assert abs(held.offset - mt[180]) < 1e-9 and abs(pushed.offset - mt[180]) < 1e-9
        assert held.speed == pushed.speed == 1.0
        assert abs(held.score - pushed.score) < 1e-5


def test_neighbour_dots_are_the_dot_products_of_any_pairs() -> None:
    md = _walk(50, 5)
    near = align._NeighbourDots(md, most=4)
    rng = np.random.default_rng(6)
    prev = rng.integers(0, 50, (7, 9))
    cur = np.clip(prev + rng.integers(-3, 12, prev.shape), 0, 49)  # back, near and far
    want = np.einsum("kid,kid->ki", md[cur], md[prev])
    assert np.allclose(near.pairs(prev, cur), want, atol=1e-6)
    assert np.allclose(near.of(0), np.einsum("md,md->m", md, md), atol=1e-6)


def _textured(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    noise = rng.integers(0, 256, (h // 4, w // 4)).astype(np.uint8)
    return cv2.resize(noise, (w, h), interpolation=cv2.INTER_LINEAR)


def test_the_sharp_picture_over_a_soft_surround_is_boxed() -> None:
    """A picture across a portrait frame over a blurred copy of itself, with a line of
    sharp text on the surround: the box is the picture (the text is a run of its own);
    a plain textured clip is the whole frame and adds no view."""
    rng = np.random.default_rng(8)
    thumbs, plain = [], []
    for _ in range(12):
        pic = _textured(rng, 90, 160)
        frame = cv2.GaussianBlur(cv2.resize(pic, (160, 284)), (0, 0), 6)
        frame[97:187] = pic
        cv2.putText(frame, "@channel", (10, 260), cv2.FONT_HERSHEY_SIMPLEX, 0.6, 255, 1)
        thumbs.append(frame)
        plain.append(pic)
    box = align.detail_box(thumbs)
    assert abs(box.y0 - 97 / 284) < 0.02 and abs(box.y1 - 187 / 284) < 0.02
    assert box.x0 < 0.02 and box.x1 > 0.98
    views = align.clip_views(thumbs)
    assert len(views) == 4 and views[2].box == box and views[3].mirrored
    assert align.detail_box(plain) == align.ContentBox()
    assert len(align.clip_views(plain)) == 2
    assert align.detail_box([np.zeros((90, 160), np.uint8)] * 3) == align.ContentBox()


def test_a_cropped_view_must_match_much_better_to_be_used() -> None:
    """A film with a soft half matches cropped to its sharp half nearly as well as whole:
    the crop (a view inside the sharp picture) is used only when it matches by far
    better, the mirrored view already when it matches a little better."""
    d = np.zeros((3, align.DESC_W * align.DESC_H), np.float32)
    views = [align.ClipView(d, align.ContentBox()),
             align.ClipView(d, align.ContentBox(), mirrored=True),
             align.ClipView(d, align.ContentBox(0, 0.4, 1, 0.9), margin=align.DETAIL_MARGIN)]
    assert align.preferred([0.80, 0.83, 0.70], views) == 1
    assert align.preferred([0.80, 0.70, 0.90], views) == 0
    assert align.preferred([0.30, 0.20, 0.95], views) == 2
    assert align.preferred([0.80, 0.83]) == 1
