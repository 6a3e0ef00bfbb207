"""The attacks of the trust-chain probe, each a test that the attack is refused
(``tests/security/test_attack_<what>.py::test_<attacker_does_x>_is_refused``)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "vault"))

from secworld import Site, make_site


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    monkeypatch.setenv("SCREENINGROOM_HOME", str(tmp_path / "home"))
    yield make_site(tmp_path)
