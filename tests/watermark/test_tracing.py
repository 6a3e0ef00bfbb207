"""Colluders: averaged and switched copies, every colluder named with its own bound among
many known sessions, no innocent named."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from tests.watermark.conftest import KEY
from watermark import DEFAULT_PROFILE as P
from watermark import Embedder, build_master_index, clip_features
from watermark.tracing import trace_sessions, windows

SESSIONS = [int(x) for x in np.random.default_rng(8).integers(0, 2**63, 120)]


@pytest.fixture(scope="module")
def copies(night_clip: Path, attacks: ModuleType) -> tuple[list, list, float]:
    frames, fps = attacks.read_luma(str(night_clip), 0.0, 6.0)
    return frames, [Embedder(KEY, p).marked(frames) for p in SESSIONS[:3]], fps


@pytest.mark.parametrize("kind", ["average", "switch"])
def test_three_colluders_are_named_and_nobody_else(
    copies: tuple, night_clip: Path, attacks: ModuleType, kind: str
) -> None:
    frames, marked, fps = copies
    if kind == "average":
        mixed = [(t, np.mean([m[i][1] for m in marked], axis=0).round().astype(np.uint8))
                 for i, (t, _) in enumerate(frames)]
    else:  # every 2 s from the next copy
        mixed = [(t, marked[int(t // 2.0) % 3][i][1]) for i, (t, _) in enumerate(frames)]
    clip = attacks.encode(mixed, fps, crf=23)
    feats = clip_features(clip, build_master_index(str(night_clip)), P)
    trace = trace_sessions(feats, KEY, P, SESSIONS, min_window=2.0)
    named = {n.payload for n in trace.named}
    assert named <= set(SESSIONS[:3])  # no innocent
    assert len(named) >= 2
    assert all(n.p_value <= 1e-9 for n in trace.named)
    assert trace.hypotheses == len(SESSIONS) * trace.windows


def test_unmarked_clip_names_nobody(copies: tuple, night_clip: Path,
                                    attacks: ModuleType) -> None:
    frames, _, fps = copies
    feats = clip_features(attacks.encode(frames, fps, crf=23), str(night_clip), P)
    assert trace_sessions(feats, KEY, P, SESSIONS, min_window=2.0).named == ()


def test_windows_halve_and_overlap() -> None:
    assert windows(8, 2) == [(0, 8), (0, 4), (2, 6), (4, 8), (0, 2), (1, 3), (2, 4),
                             (3, 5), (4, 6), (5, 7), (6, 8)]
