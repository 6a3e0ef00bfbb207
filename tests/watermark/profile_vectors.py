"""What pins a published profile: its parameters, atom set, keyed bank matrices, rendered
low-resolution planes and time schedule (and the tile of a tile layer), under a fixed test
key. Parameters that are None (a layer the profile does not have) are left out, so adding
an optional layer to the class leaves the vectors of the profiles without it as they are.
``python -m tests.watermark.profile_vectors NAME`` prints the vector of a profile (only ever
written once, when the profile is published)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys

import numpy as np

from watermark import Embedder
from watermark.patterns import Schedule, atom_set, bank_matrices
from watermark.profile import WatermarkProfile, profile_by_name
from watermark.tile import tile, tile_basis

KEY = bytes(range(32))
PAYLOAD = 0x0123456789ABCDEF
PICK = 97  # every PICK-th entry of the flattened arrays is pinned


def vector(profile: WatermarkProfile) -> dict:
    v, u = atom_set(profile)
    banks = bank_matrices(KEY, profile)
    planes = Embedder(KEY, PAYLOAD, profile).planes(1080, 1920)
    schedule = Schedule(KEY, profile)
    out = {
        "profile": profile.ident,
        "parameters": {k: list(x) if isinstance(x, tuple) else x
                       for k, x in dataclasses.asdict(profile).items() if x is not None},
        "key": KEY.hex(),
        "payload": f"{PAYLOAD:016x}",
        "atoms_v_u_sha256": hashlib.sha256(np.stack([v, u]).astype("<i8").tobytes())
        .hexdigest(),
        "atoms_first": [[int(a), int(b)] for a, b in zip(v[:12], u[:12], strict=True)],
        "banks_shape": list(banks.shape),
        "banks_every_97th": [round(float(x), 12) for x in banks.ravel()[::PICK]],
        "planes_1080p_shape": list(planes.shape),
        "planes_1080p_every_97th": [round(float(x), 5) for x in planes.ravel()[::PICK]],
        "slots_0_119": [list(schedule.slot(k)) for k in range(120)],
        "weights_at": [[t, [round(float(w), 9) for w in schedule.weights(t)]]
                       for t in (0.0, 0.1, 0.5, 0.9, 0.95, 1.0, 1.05, 7.3, 3599.99)],
    }
    if profile.tile is not None:
        emb = Embedder(KEY, PAYLOAD, profile)
        basis = tile_basis(KEY, profile)
        plane = emb.tile_plane(*planes.shape[1:])
        assert plane is not None
        out |= {
            "tile_basis_shape": list(basis.shape),
            "tile_basis_every_97th": [round(float(x), 12) for x in basis.ravel()[::PICK]],
            "tile": [round(float(x), 6) for x in tile(KEY, PAYLOAD, profile).ravel()],
            "tile_plane_1080p_every_97th": [round(float(x), 6) for x in plane.ravel()[::PICK]],
        }
    return out


if __name__ == "__main__":
    print(json.dumps(vector(profile_by_name(sys.argv[1])), indent=1))
