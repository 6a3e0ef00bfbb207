"""Where informed detection places a copy in its film, on pictures whose edges are dark."""

from __future__ import annotations

from types import ModuleType

import numpy as np
import pytest

from tests.watermark.conftest import KEY, PAYLOAD
from watermark import DEFAULT_PROFILE, Embedder, build_master_index, clip_features


@pytest.fixture(scope="module")
def night(heldout: ModuleType) -> tuple:
    master = heldout.night_clip(4.5, 24.0, size=(1280, 720))
    index = build_master_index(iter(master))
    return index, Embedder(KEY, PAYLOAD).marked([(t, y) for t, y in master if t < 3.0])


@pytest.mark.parametrize("mirrored", [False, True])
def test_a_tilting_night_scene_is_placed_at_its_own_time(attacks: ModuleType, night: tuple,
                                                          mirrored: bool) -> None:
    """The night scene's dark ground reads as a bar at some times and not at others, so
    the copy's picture box and the film's differ by a few rows; descriptors taken over
    those different areas of a picture that tilts matched best 0.58 s late (mirrored:
    0.18 s early at the speed 0.96). Taken in the film's own box, the copy is placed
    where it is."""
    index, marked = night
    if mirrored:
        marked = [(t, np.ascontiguousarray(y[:, ::-1])) for t, y in marked]
    copy = attacks.encode(marked, 24.0, crf=23)
    features = clip_features(copy, index, DEFAULT_PROFILE)
    placed = features.alignment
    assert placed is not None
    assert features.mirrored is mirrored
    assert placed.speed == pytest.approx(1.0, abs=0.004)
    assert abs(placed.offset) < 0.5 / 24.0
