"""Shared material for the watermark tests: a fixed key, a marked short clip in memory,
and the benchmark's attack helpers (one copy of them, in benchmarks/wm_attacks.py)."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
KEY = bytes(range(32))
OTHER_KEY = bytes(range(100, 132))
PAYLOAD = 0x5EC0DE5EC0DE0042


@pytest.fixture(scope="session")
def attacks() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "wm_attacks", ROOT / "benchmarks" / "wm_attacks.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("wm_attacks", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def heldout(attacks: ModuleType) -> ModuleType:
    """The benchmark's generated held-out clips (benchmarks/wm_heldout.py)."""
    spec = importlib.util.spec_from_file_location(
        "wm_heldout", ROOT / "benchmarks" / "wm_heldout.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def night_clip(sample_clip: Path) -> Path:
    """The master of the informed-detection tests: the shared night footage when it is
    beside the checkout, else the generated sample (``WM_TEST_FOOTAGE=sample`` forces it)."""
    from screeningroom_resources import media

    night = media("bikes_night_640x272.mp4")
    if night.exists() and os.environ.get("WM_TEST_FOOTAGE") != "sample":
        return night
    return sample_clip


@pytest.fixture(scope="session")
def marked(night_clip: Path, attacks: ModuleType) -> tuple[list, list, float]:
    """(original, marked) luma frames of the first 6 s of the night clip, and its fps."""
    from watermark import Embedder

    frames, fps = attacks.read_luma(str(night_clip), 0.0, 6.0)
    return frames, Embedder(KEY, PAYLOAD).marked(frames), fps


def excerpt(frames: list, start: float, end: float) -> list:
    return [(t, y) for t, y in frames if start <= t < end]


def textured_frame(h: int = 360, w: int = 640, seed: int = 3) -> np.ndarray:
    """A deterministic frame with gradients, texture and a dark corner."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    base = 60 + 120 * xx / w + 30 * np.sin(yy / 17.0)
    noise = rng.normal(0, 12, (h, w)).astype(np.float32)
    img = base + noise
    img[: h // 4, : w // 4] = 10
    return np.clip(img, 0, 255).astype(np.uint8)
