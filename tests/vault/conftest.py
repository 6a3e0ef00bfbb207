"""Fixtures of the vault tests (helpers in ``vaultworld.py``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from vaultworld import World, make_world


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "home"
    monkeypatch.setenv("SCREENINGROOM_HOME", str(root))
    monkeypatch.delenv("SCREENINGROOM_PASSPHRASE", raising=False)
    return root


@pytest.fixture
def world(home: Path) -> World:
    return make_world(home)
