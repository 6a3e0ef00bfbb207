"""Rebuilds the station-update test vectors: ``python tests/vectors/update/generate.py``.

A fixed root key, time and tarball bytes: ``release.sru`` comes out byte for byte the same
on every run (Ed25519 signatures are deterministic). ``vectors.json`` lists the inputs a
second implementation needs to check itself against it.
"""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from screeningroom.updates.release import encode_release
from screeningroom.vault.encoding import seal_envelope
from screeningroom.vault.records import encode_anchor

HERE = Path(__file__).resolve().parent
ROOT_SEED = bytes(range(32))  # the same root key as tests/vectors/vault
T0 = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
ARCHIVE_NAME = "screeningroom-station-1.4.2-linux-x86_64.tar.gz"
ARCHIVE = b"a stand-in for the bundle tarball\n" * 3
VERSION = "1.4.2"
PLATFORM = "linux-x86_64"


def build() -> dict[str, bytes]:
    key = Ed25519PrivateKey.from_private_bytes(ROOT_SEED)
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / ARCHIVE_NAME
        archive.write_bytes(ARCHIVE)
        release = encode_release(
            archive, VERSION, issuer_key=key.public_key().public_bytes_raw(),
            seal=lambda magic, body: seal_envelope(magic, body, key),
            platform=PLATFORM, now=T0)
    return {"release.sru": release, "anchor.sra": encode_anchor("Vector office", key, T0)}


def main() -> None:
    for name, data in build().items():
        (HERE / name).write_bytes(data)
    (HERE / "vectors.json").write_text(json.dumps({
        "root_seed": ROOT_SEED.hex(), "issued_at": T0.isoformat(), "version": VERSION,
        "platform": PLATFORM, "archive_name": ARCHIVE_NAME, "archive_hex": ARCHIVE.hex(),
    }, indent=2) + "\n")


if __name__ == "__main__":
    main()
