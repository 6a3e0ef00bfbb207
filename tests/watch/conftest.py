"""Fixtures of the watch tests: a local HTTP server (loopback only) and a desk folder with
watches opened on it (see ``watchworld.py``)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from watchserver import LocalServer
from watchworld import World


@pytest.fixture
def server() -> Iterator[LocalServer]:
    srv = LocalServer()
    yield srv
    srv.stop()


@pytest.fixture
def clips(shared_clips: dict[str, Path], sample_clip: Path) -> list[Path]:
    """Five real, different video files from the sample footage."""
    return [sample_clip, *sorted(shared_clips.values())]


@pytest.fixture
def world(tmp_path: Path, server: LocalServer) -> Iterator[World]:
    w = World(tmp_path / "desk", server)
    yield w
    w.close()
