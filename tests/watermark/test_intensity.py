"""Registration by intensity (watermark/intensity.py) and the families it fixes: strong tone
changes that clip, and crop + downscale, on pictures too smooth for feature matches."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import cv2
import numpy as np
import pytest

from tests.watermark.conftest import KEY, PAYLOAD
from watermark import Embedder, build_master_index, detect
from watermark.align import ContentBox
from watermark.intensity import homography_cost, register_axis_aligned
from watermark.register import ZOOMS, box_homography, estimate_homography


def _smooth(h: int = 216, w: int = 384, seed: int = 1, shift: float = 0.0) -> np.ndarray:
    """A sky-like picture: a gradient, two soft shapes, faint noise (no corners)."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    img = 70 + 150 * (1 - yy / h)
    img += 50 * np.exp(-(((xx - 0.3 * w - shift) ** 2 + (yy - 0.55 * h) ** 2) / (0.2 * w) ** 2))
    img -= 40 * np.exp(-(((xx - 0.7 * w + shift) ** 2 + (yy - 0.4 * h) ** 2) / (0.12 * w) ** 2))
    img += rng.normal(0, 1.0, (h, w)).astype(np.float32)
    return np.clip(img, 0, 255).astype(np.uint8)


def _crop_resize(img: np.ndarray, side: float) -> np.ndarray:
    h, w = img.shape
    ch, cw = round(h * side), round(w * side)
    y0, x0 = (h - ch) // 2, (w - cw) // 2
    return cv2.resize(img[y0 : y0 + ch, x0 : x0 + cw], (w, h), interpolation=cv2.INTER_AREA)


def _crop_map(shape: tuple[int, int], side: float) -> np.ndarray:
    """Clip pixel -> master pixel of :func:`_crop_resize` (pixel centres)."""
    h, w = shape
    ch, cw = round(h * side), round(w * side)
    y0, x0 = (h - ch) // 2, (w - cw) // 2
    return np.array([[cw / w, 0, 0.5 * cw / w - 0.5 + x0],
                     [0, ch / h, 0.5 * ch / h - 0.5 + y0], [0, 0, 1.0]])


def _tone(img: np.ndarray, gain: float, offset: float = 0.0, gamma: float = 1.0) -> np.ndarray:
    lut = np.clip(255.0 * (np.arange(256) / 255.0) ** gamma * gain + offset, 0, 255)
    return cv2.LUT(img, lut.astype(np.uint8))


def _corners_error(h_found: np.ndarray, h_true: np.ndarray, shape: tuple[int, int]) -> float:
    hh, ww = shape
    pts = np.float32([[0, 0], [ww - 1, 0], [0, hh - 1], [ww - 1, hh - 1]]).reshape(-1, 1, 2)
    a = cv2.perspectiveTransform(pts, h_found)
    b = cv2.perspectiveTransform(pts, h_true)
    return float(np.max(np.linalg.norm(a - b, axis=2)))


@pytest.mark.parametrize(("gain", "offset", "gamma"), [(1.5, 0.0, 1.0), (1.6, -48.0, 1.0),
                                                       (1.3, 0.0, 0.6)])
def test_a_crop_is_found_through_a_tone_change_that_clips(gain: float, offset: float,
                                                         gamma: float) -> None:
    side = 0.93
    pairs = []
    for k in range(3):
        master = _smooth(seed=k, shift=4.0 * k)
        clip = _tone(_crop_resize(master, side), gain, offset, gamma)
        pairs.append((clip, master))
    assert np.mean(pairs[0][0] >= 250) + np.mean(pairs[0][0] <= 5) > 0.05  # it clips
    shape = pairs[0][0].shape
    true = _crop_map(shape, side)
    starts = [box_homography(shape, shape, ContentBox(), ContentBox(), z) for z in ZOOMS]
    found = register_axis_aligned(pairs, starts)
    assert found is not None
    assert _corners_error(found[0], true, shape) < 1.5  # work pixels
    assert homography_cost(pairs, found[0]) < homography_cost(pairs, np.eye(3))


def test_the_cost_prefers_the_true_map_and_refuses_a_degenerate_one() -> None:
    master = _smooth()
    clip = _tone(_crop_resize(master, 0.9), 1.4)
    pairs = [(clip, master)]
    good = _crop_map(master.shape, 0.9)
    assert homography_cost(pairs, good) < 0.5 * homography_cost(pairs, np.eye(3))
    assert homography_cost(pairs, np.zeros((3, 3))) == float("inf")
    tiny = np.diag([0.1, 0.1, 1.0])  # the clip would cover 1 % of the master
    assert homography_cost(pairs, tiny) == float("inf")


def test_structureless_pairs_are_registered_by_intensity() -> None:
    master = [_smooth(seed=k, shift=3.0 * k) for k in range(4)]
    pairs = [(_tone(_crop_resize(m, 0.95), 1.5), m) for m in master]
    reg = estimate_homography(pairs, boxes=(ContentBox(), ContentBox()))
    assert not reg.matched  # no features to match on such pictures
    assert reg.homography[0, 0] == pytest.approx(0.95, abs=0.01)
    assert reg.homography[1, 1] == pytest.approx(0.95, abs=0.01)


@pytest.fixture(scope="module")
def grainy(attacks: ModuleType) -> tuple[list, list]:
    """A smooth grainy 640x360 clip of 4 s (sky gradient, a soft shape drifting across,
    grain sigma 4), as its master and marked."""
    rng = np.random.default_rng(17)
    h, w = 360, 640
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    frames = []
    for i in range(96):
        t = i / 24.0
        img = 35 + 190 * (1 - yy / h) ** 1.4
        img += 45 * np.exp(-(((xx - 150 - 30 * t) / 60) ** 2 + ((yy - 150) / 60) ** 2))
        img += rng.normal(0, 4.0, (h, w)).astype(np.float32)
        frames.append((t, np.clip(img, 0, 255).astype(np.uint8)))
    master = attacks.encode(frames, 24.0, crf=10)
    return master, Embedder(KEY, PAYLOAD).marked(master)


@pytest.mark.parametrize(("gain", "offset", "gamma"), [(1.5, 0.0, 1.0), (1.6, -48.0, 1.0),
                                                       (1.3, 0.0, 0.6)])
def test_tone_changes_that_clip_on_structureless_content(
        grainy: tuple, attacks: ModuleType, gain: float, offset: float, gamma: float) -> None:
    master, marked = grainy
    clip = attacks.encode(attacks.tone(marked, gain=gain, offset=offset, gamma=gamma), 24.0,
                          crf=23)
    d = detect(clip, KEY, master=build_master_index(iter(master)))
    assert d.found and d.payload == PAYLOAD, d


@pytest.fixture(scope="module")
def flat(attacks: ModuleType, heldout: ModuleType) -> tuple[list, list]:
    """A flat 960x540 clip of 5 s, as its master and marked."""
    master = attacks.encode(heldout.flat_clip(5.0, 24.0, size=(960, 540)), 24.0, crf=10)
    return master, Embedder(KEY, PAYLOAD).marked(master)


def test_crop_downscale_and_crf30_on_flat_content(
        flat: tuple, attacks: ModuleType, heldout: ModuleType) -> None:
    master, marked = flat
    clip = heldout.crop_scale(marked, 24.0, area=0.9, height=360, crf=30)
    d = detect(clip, KEY, master=build_master_index(iter(master)))
    assert d.found and d.payload == PAYLOAD, d


def test_a_centred_crop_of_flat_content(flat: tuple, attacks: ModuleType) -> None:
    """The axis-aligned fit finds the crop; the refinement that may replace it (for a
    camera's rotation and keystone) drifted on flat pictures to a wrong map that explained
    the pixels a few per cent better, and the mark was lost with no re-encoding at all."""
    master, marked = flat
    d = detect(attacks.crop_center(marked, 0.9), KEY, master=build_master_index(iter(master)))
    assert d.found and d.payload == PAYLOAD and d.bit_errors < 8, d


def test_a_camcorder_copy_of_structureless_content(grainy: tuple, attacks: ModuleType) -> None:
    """Rotation and keystone are beyond the axis-aligned fit: the homography refined
    from it wins by the residual."""
    master, marked = grainy
    clip = attacks.camcorder(marked, 24.0)
    d = detect(clip, KEY, master=build_master_index(iter(master)))
    assert d.found and d.payload == PAYLOAD, d


def test_the_tone_match_leaves_an_overlay_out() -> None:
    """Pixels the copy covers (an opaque box and a half-transparent one) get no weight,
    so neither the tone map nor the residual's variance is bent by them."""
    from tests.watermark.conftest import textured_frame
    from watermark.register import photometric_residual

    master = textured_frame(96, 170).astype(np.float32)
    rng = np.random.default_rng(4)
    noise = rng.normal(0, 1.5, master.shape).astype(np.float32)
    clip = np.clip(1.1 * master + 5 + noise, 0, 255)
    clip[5:20, 130:165] = 235  # an opaque logo
    clip[30:45, 100:165] = 0.6 * clip[30:45, 100:165] + 102  # a 40 % white banner
    res, var = photometric_residual(clip, master, np.ones_like(master))
    assert var < 1.5**2 * 1.3
    assert np.abs(res[5:20, 130:165]).max() == 0
    assert np.abs(res[31:44, 101:164]).max() == 0
    assert np.mean(res != 0) > 0.8  # the rest is kept



VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "watermark" / "logo_pairs"


def test_a_feature_fit_is_not_replaced_by_an_ecc_drift() -> None:
    # three (clip, master) work-frame pairs (clip above master in each PNG): the sample film
    # as a station showed it, mirrored by a channel that stamped its logo on it, 240p CRF 28,
    # mirrored back. ORB agrees on the identity; ECC's refinement drifted from it to a
    # skewed map (shear 0.12) that explains the pixels worse, and was kept (the desk's
    # mirrored-with-logo trace was lost in about 4 runs of 10)
    pairs = []
    for k in range(3):
        both = cv2.imread(str(VECTORS / f"{k}.png"), cv2.IMREAD_GRAYSCALE)
        half = both.shape[0] // 2
        pairs.append((both[:half], both[half:]))
    reg = estimate_homography(pairs, boxes=(ContentBox(y1=0.8666666666666667), ContentBox()))
    assert _corners_error(reg.homography, np.eye(3), pairs[0][1].shape) < 1.0
    assert homography_cost(pairs, reg.homography) <= 1.05 * homography_cost(pairs, np.eye(3))
