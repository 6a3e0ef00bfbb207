"""The self-synchronising tile layer (profile ``sr-lf-tile/1``): read without the master or
candidates after crop, scale and re-encode; never a payload from unmarked or differently
keyed copies; the default profile is left as it was."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import cv2
import numpy as np
import pytest

from tests.watermark.conftest import KEY, OTHER_KEY, PAYLOAD
from watermark import DetectionMode, Embedder, detect, profile_by_name
from watermark.detect import decide, tile_evidence
from watermark.profile import DEFAULT_PROFILE, SR_LF_1, SR_LF_TILE_1
from watermark.selfsync import tile_features
from watermark.tile import tile

SIZE = (1280, 720)  # the sample footage as a 720p film


@pytest.fixture(scope="module")
def film(sample_clip: Path, attacks: ModuleType) -> tuple[list, float]:
    frames, fps = attacks.read_luma(str(sample_clip), 0.0, 8.0)
    return [(t, cv2.resize(y, SIZE, interpolation=cv2.INTER_LINEAR)) for t, y in frames], fps


def cropped_480p(frames: list, attacks: ModuleType, fps: float) -> list:
    """7 % off each side, off-centre, scaled to 480 lines, H.264 CRF 23."""
    h, w = frames[0][1].shape
    ch, cw = int(h * 0.93) // 2 * 2, int(w * 0.93) // 2 * 2
    y0, x0 = int((h - ch) * 0.7), int((w - cw) * 0.2)
    cut = [(t, y[y0 : y0 + ch, x0 : x0 + cw]) for t, y in frames]
    return attacks.encode(cut, fps, crf=23, size=(round(cw * 480 / ch) // 2 * 2, 480))


def test_tile_profile_is_published_and_the_default_has_no_tile() -> None:
    assert profile_by_name("sr-lf-tile/1") is SR_LF_TILE_1
    assert profile_by_name("sr-lf-tile") is SR_LF_TILE_1
    assert profile_by_name("sr-lf") is SR_LF_1 is DEFAULT_PROFILE
    assert DEFAULT_PROFILE.tile is None
    assert Embedder(KEY, PAYLOAD).tile_plane(135, 240) is None
    # the same mark energy as the default: hypot(1.45, 0.9) = 1.707 ~ 1.7
    assert SR_LF_TILE_1.tile is not None
    rms = np.hypot(SR_LF_TILE_1.strength, SR_LF_TILE_1.tile.strength)
    assert abs(rms - DEFAULT_PROFILE.strength) < 0.01


def test_tile_is_unit_rms_keyed_and_payload_dependent() -> None:
    t = tile(KEY, PAYLOAD, SR_LF_TILE_1)
    assert t.shape == (32, 32) and abs(float(np.sqrt(np.mean(t**2))) - 1) < 1e-5
    assert not np.allclose(t, tile(OTHER_KEY, PAYLOAD, SR_LF_TILE_1))
    assert not np.allclose(t, tile(KEY, PAYLOAD ^ 1, SR_LF_TILE_1))


def test_marked_frame_changes_only_by_the_mark(film: tuple[list, float]) -> None:
    frames, _ = film
    y = frames[10][1]
    plain, tiled = y.copy(), y.copy()
    Embedder(KEY, PAYLOAD).apply_luma(plain, 0.4)
    Embedder(KEY, PAYLOAD, SR_LF_TILE_1).apply_luma(tiled, 0.4)
    d0 = plain.astype(np.float64) - y
    d1 = tiled.astype(np.float64) - y
    assert 0.5 < np.sqrt(np.mean(d1**2)) / np.sqrt(np.mean(d0**2)) < 1.5
    assert np.abs(d1).max() <= 12


def test_read_without_master_or_candidates_after_crop_scale_reencode(
    film: tuple[list, float], attacks: ModuleType
) -> None:
    frames, fps = film
    marked = Embedder(KEY, PAYLOAD, SR_LF_TILE_1).marked(frames)
    d = detect(cropped_480p(marked, attacks, fps), KEY, profile=SR_LF_TILE_1)
    assert d.mode is DetectionMode.SELF_SYNC
    assert d.found and d.payload == PAYLOAD, d
    assert d.p_value <= 1e-9 and d.profile == "sr-lf-tile/1"
    assert d.geometry is not None
    # 256 px on the 720p frame, the copy scaled by 480 / (0.93 * 720)
    assert d.geometry.period_y == pytest.approx(256 * 480 / (0.93 * 720), rel=0.01)


def test_unmarked_and_other_keys_yield_no_payload(
    film: tuple[list, float], attacks: ModuleType
) -> None:
    frames, fps = film
    plain = tile_features(cropped_480p(frames, attacks, fps))
    marked = Embedder(KEY, PAYLOAD, SR_LF_TILE_1).marked(frames[:100])
    other = tile_features(attacks.encode(marked, fps, crf=23))

    for feats, k in ((plain, KEY), (other, OTHER_KEY)):
        d = decide(tile_evidence(feats, k, SR_LF_TILE_1), k, SR_LF_TILE_1, (PAYLOAD,))
        assert not d.found and d.payload is None


def test_default_profile_still_reads_blind_as_before(film: tuple[list, float]) -> None:
    frames, _ = film
    small = [(t, cv2.resize(y, (320, 180), interpolation=cv2.INTER_AREA))
             for t, y in frames[:30]]
    d = detect(small, KEY)
    assert d.mode is DetectionMode.BLIND and d.profile == "sr-lf/1"


def test_a_copy_too_small_for_the_tile_is_not_read_and_does_not_fail() -> None:
    rng = np.random.default_rng(1)
    frames = [(i / 25, rng.integers(40, 200, (60, 80), dtype=np.uint8)) for i in range(10)]
    d = detect(frames, KEY, profile=SR_LF_TILE_1)
    assert not d.found and d.payload is None and d.mode is DetectionMode.SELF_SYNC


def test_bgra_frames_get_the_tile_as_luma_frames_do() -> None:
    """The player's BGRA path carries the same mark, tile included, as the luma path."""
    from tests.watermark.conftest import textured_frame

    gray = textured_frame(360, 640)
    bgra = cv2.cvtColor(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR), cv2.COLOR_BGR2BGRA)
    luma = gray.copy()
    emb = Embedder(KEY, PAYLOAD, SR_LF_TILE_1)
    emb.apply_bgra(bgra, 0.5)
    emb.apply_luma(luma, 0.5)
    d = bgra[..., 0].astype(int) - gray
    assert np.array_equal(bgra[..., 0], bgra[..., 2]) and d.any()
    # the same mark within the rounding of the two coarse-luma paths
    assert np.mean(np.abs(d - (luma.astype(int) - gray))) < 0.2
    plain = gray.copy()
    Embedder(KEY, PAYLOAD).apply_luma(plain, 0.5)
    assert not np.array_equal(plain, luma)
