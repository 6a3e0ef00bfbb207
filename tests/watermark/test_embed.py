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
