"""Every published profile is pinned by a checked-in vector (patterns and time schedule),
so no change can silently alter a published mark; copies marked under any published
profile stay readable with it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tests.watermark.profile_vectors import vector
from watermark.profile import PUBLISHED, profile_by_name

VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "watermark"


def _file(ident: str) -> Path:
    return VECTORS / f"profile_{ident.replace('/', '-')}.json"


@pytest.mark.parametrize("ident", [p.ident for p in PUBLISHED])
def test_published_profile_matches_its_vector(ident: str) -> None:
    want = json.loads(_file(ident).read_text())
    got = vector(profile_by_name(ident))
    for key in ("profile", "parameters", "key", "payload", "atoms_v_u_sha256",
                "atoms_first", "banks_shape", "planes_1080p_shape", "slots_0_119"):
        assert got[key] == want[key], key
    assert np.allclose(got["banks_every_97th"], want["banks_every_97th"], atol=1e-9)
    assert np.allclose(got["planes_1080p_every_97th"], want["planes_1080p_every_97th"],
                       atol=1e-4)
    for (t1, w1), (t2, w2) in zip(got["weights_at"], want["weights_at"], strict=True):
        assert t1 == t2 and np.allclose(w1, w2, atol=1e-9)
    assert ("tile" in got) == ("tile" in want)
    if "tile" in want:  # a self-synchronising layer: its patterns and rendered tile
        assert got["tile_basis_shape"] == want["tile_basis_shape"]
        for key in ("tile_basis_every_97th", "tile", "tile_plane_1080p_every_97th"):
            assert np.allclose(got[key], want[key], atol=1e-5), key


def test_every_published_profile_has_a_vector() -> None:
    idents = {p.ident for p in PUBLISHED}
    files = {f.name for f in VECTORS.glob("profile_*.json")}
    assert files == {_file(i).name for i in idents}
