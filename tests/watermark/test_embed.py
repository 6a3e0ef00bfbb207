"""The embedder: in-place marking, strided views, BGRA, determinism, invisibility floors."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from tests.watermark.conftest import KEY, PAYLOAD, textured_frame
from watermark import DEFAULT_PROFILE, Embedder, WatermarkInputError, profile_by_name


def _psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = float(np.mean((a.astype(np.float64) - b) ** 2))
    return 10 * np.log10(255**2 / mse)


def test_marks_in_place_and_deterministically() -> None:
    frame = textured_frame()
    a, b = frame.copy(), frame.copy()
    Embedder(KEY, PAYLOAD).apply_luma(a, 1.3)
    Embedder(KEY, PAYLOAD).apply_luma(b, 1.3)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, frame)
    assert _psnr(a, frame) > 40


def test_strided_view_equals_contiguous() -> None:
    frame = textured_frame(270, 480)
    padded = np.zeros((272, 512), np.uint8)
    padded[:270, :480] = frame
    view = padded[:270, :480]
    assert not view.flags["C_CONTIGUOUS"]
    emb = Embedder(KEY, PAYLOAD)
    contiguous = frame.copy()
    emb.apply_luma(contiguous, 2.0)
    emb.apply_luma(view, 2.0)
    assert np.array_equal(padded[:270, :480], contiguous)
    assert not padded[:, 480:].any() and not padded[270:].any()


def test_bgra_gets_the_same_luma_change_on_each_colour() -> None:
    gray = textured_frame(180, 320)
    bgra = cv2.cvtColor(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR), cv2.COLOR_BGR2BGRA)
    before = bgra.copy()
    Embedder(KEY, PAYLOAD).apply_bgra(bgra, 0.5)
    d = bgra.astype(int) - before
    assert np.array_equal(d[..., 0], d[..., 1]) and np.array_equal(d[..., 1], d[..., 2])
    assert not d[..., 3].any()
    assert np.abs(d[..., 0]).max() > 0


def test_black_bars_stay_untouched() -> None:
    frame = textured_frame()
    frame[:40] = 16
    Embedder(KEY, PAYLOAD).apply_luma(frame, 0.0)
    assert (frame[:30] == 16).all()


def test_mark_changes_over_time_and_averages_out() -> None:
    """Averaging many seconds of one copy (flat grey) does not leave the mark standing."""
    emb = Embedder(KEY, PAYLOAD)
    flat = np.full((144, 256), 128, np.uint8)
    marks = []
    for i in range(120):  # 60 s at 2 frames per second
        f = flat.copy()
        emb.apply_luma(f, i * 0.5)
        marks.append(f.astype(np.float64) - 128)
    marks = np.array(marks)
    single = np.sqrt(np.mean(marks**2))
    averaged = np.sqrt(np.mean(marks.mean(axis=0) ** 2))
    assert single > 0.3
    assert averaged < 0.35 * single


def test_profile_lookup() -> None:
    assert profile_by_name("sr-lf") is DEFAULT_PROFILE
    assert profile_by_name("sr-lf/1") is DEFAULT_PROFILE
    with pytest.raises(WatermarkInputError, match="Unknown watermark profile"):
        profile_by_name("nope")


@pytest.mark.parametrize(
    ("key", "payload"), [(b"short", 1), ("x" * 32, 1), (KEY, -5), (KEY, 2**64)]
)
def test_bad_session_input_is_refused(key: object, payload: int) -> None:
    with pytest.raises(WatermarkInputError):
        Embedder(key, payload)  # type: ignore[arg-type]


def test_bad_frames_are_refused() -> None:
    emb = Embedder(KEY, PAYLOAD)
    with pytest.raises(WatermarkInputError):
        emb.apply_luma(np.zeros((10, 10), np.float32), 0.0)
    with pytest.raises(WatermarkInputError):
        emb.apply_bgra(np.zeros((10, 10, 3), np.uint8), 0.0)


@pytest.mark.parametrize(("h", "w", "lh", "lw"), [(720, 1280, 90, 160), (37, 53, 5, 7),
                                                  (1080, 1920, 135, 240)])
def test_the_one_pass_upscale_and_add_is_opencvs_bilinear_rounded(
        h: int, w: int, lh: int, lw: int) -> None:
    """The fused pass places samples where ``cv2.resize`` (INTER_LINEAR) does, counts the
    mark in quarter levels (rounded before and after the upscale), rounds the sum to a
    level and saturates at both ends."""
    from watermark.kernels import VerticalTaps, add_upscaled

    rng = np.random.default_rng(h)
    mark = (rng.standard_normal((lh, lw)) * 4).astype(np.float32)
    base = rng.integers(0, 256, (h, w)).astype(np.uint8)
    base[: h // 3] = 250  # near white and near black: the sum saturates there
    base[-h // 3 :] = 3
    frame = base.copy()
    add_upscaled(frame, np.rint(mark * 4), VerticalTaps.of(h, lh))
    exact = np.clip(base + cv2.resize(mark, (w, h), interpolation=cv2.INTER_LINEAR), 0, 255)
    assert np.abs(frame - exact).max() <= 0.5 + 2 * 0.125 + 1e-3
    assert frame.min() == 0 and frame.max() == 255


def test_a_frame_whose_samples_are_not_contiguous_is_marked_through_a_copy() -> None:
    frame = textured_frame(180, 320)
    wide = np.zeros((180, 640), np.uint8)
    wide[:, ::2] = frame
    every_other = wide[:, ::2]  # each row's samples two bytes apart
    emb = Embedder(KEY, PAYLOAD)
    expected = frame.copy()
    emb.apply_luma(expected, 0.7)
    emb.apply_luma(every_other, 0.7)
    assert np.array_equal(wide[:, ::2], expected)
    assert not wide[:, 1::2].any()


@pytest.mark.parametrize(("h", "w"), [(1080, 1920), (720, 1280), (486, 910), (1000, 1333),
                                      (37, 53)])
def test_coarse_luma_is_opencvs_area_average_of_the_rows_it_takes(h: int, w: int) -> None:
    """One compiled pass over the rows taken, then OpenCV along the rows: the same cells
    as ``cv2.resize`` (INTER_AREA) of every ``h // (4 lh)``-th row, to rounding."""
    from watermark.embed import coarse_luma, lowres_shape

    rng = np.random.default_rng(w)
    y = cv2.GaussianBlur(rng.integers(0, 256, (h, w), dtype=np.uint8), (0, 0), 2)
    lh, lw = lowres_shape(h, w, DEFAULT_PROFILE)
    step = h // (4 * lh)
    rows = y[step // 2 :: step] if step >= 2 else y
    expected = cv2.resize(rows, (lw, lh), interpolation=cv2.INTER_AREA).astype(int)
    got = coarse_luma(y, lh, lw)
    assert got.dtype == np.uint8 and got.shape == (lh, lw)
    assert np.abs(got - expected).max() <= 1 and np.mean(got != expected) < 0.001
    assert np.array_equal(coarse_luma(np.asfortranarray(y), lh, lw), got)


def _opencv_mask(small: np.ndarray) -> np.ndarray:
    """The perceptual mask written with OpenCV's box filter, pass by pass."""
    p = DEFAULT_PROFILE
    s = small.astype(np.float32)
    mean = cv2.blur(s, (5, 5), borderType=cv2.BORDER_REFLECT)
    sq = cv2.blur(s * s, (5, 5), borderType=cv2.BORDER_REFLECT)
    spread = np.sqrt(np.maximum(sq - mean * mean, 0.0))
    f = p.flat_floor
    texture = np.clip(spread * (1.0 - f) / p.activity_knee + f, f, p.mask_max)
    lo, hi = p.dark_knee
    dark = np.clip((np.minimum(mean, s) - lo) / (hi - lo), 0.0, 1.0)
    return (texture * dark).astype(np.float32)


@pytest.mark.parametrize(("h", "w"), [(135, 240), (90, 160), (5, 7), (2, 3), (1, 4), (48, 61)])
def test_the_compiled_mask_is_the_box_filter_mask(h: int, w: int) -> None:
    """One compiled pass gives the mask OpenCV's 5x5 box filter (edges mirrored) gives,
    to float32 rounding, flat, dark, saturated and textured cells alike."""
    from watermark.mask import perceptual_mask

    rng = np.random.default_rng(h * w)
    small = rng.integers(0, 256, (h, w)).astype(np.uint8)
    small[: h // 3] = 8  # below the dark knee
    small[-h // 4 :, : w // 2] = 255
    got = perceptual_mask(small, DEFAULT_PROFILE)
    assert got.dtype == np.float32 and got.shape == (h, w)
    assert np.abs(got - _opencv_mask(small)).max() <= 1e-5
    strided = np.zeros((h, 2 * w), np.uint8)
    strided[:, ::2] = small
    assert np.array_equal(perceptual_mask(strided[:, ::2], DEFAULT_PROFILE), got)
    with pytest.raises(ValueError):
        perceptual_mask(small.astype(np.float32), DEFAULT_PROFILE)
