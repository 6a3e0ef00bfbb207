"""Rebuilds the vault test vectors: ``python tests/vectors/vault/generate.py``.

Fixed keys, nonces, salts and times, so every file but the license comes out byte for byte
the same on every run (HPKE's encapsulation is random by design: the license is pinned by
opening it with the fixed station keys). ``vectors.json`` lists the secret inputs a second
implementation needs to check itself against these files.
"""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import mlkem, x25519
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from screeningroom.vault.checks import station_id_for
from screeningroom.vault.encoding import Body
from screeningroom.vault.forensic import film_key, license_key
from screeningroom.vault.keyfile import ScryptParams, encrypt_key_body
from screeningroom.vault.model import AgeCategory, HpkeSuite, LicensePurpose, MediaInfo
from screeningroom.vault.package import package_film
from screeningroom.vault.records import (
    encode_anchor,
    encode_certificate,
    encode_license,
    encode_request,
    encode_revocations,
    parse_certificate,
    parse_request,
)
from screeningroom.vault.sealing import seal_info, seal_keys

HERE = Path(__file__).resolve().parent
T0 = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
ROOT_SEED = bytes(range(32))
STATION_SEED = bytes(range(32, 64))
X25519_RAW = bytes(range(64, 96))
MLKEM_SEED = bytes(range(96, 160))
WATERMARK_KEY = bytes(range(160, 192))
CONTENT_KEY = bytes(range(192, 224))
STREAM_ID = bytes(range(224, 240))
FILM = bytes((i * 7 + 3) % 256 for i in range(200))
CHUNK = 64
KEY_SALT = bytes(range(16))
KEY_NONCE = bytes(range(12))
KEY_PASSPHRASE = "correct horse battery staple"
LICENSE_ID = "00112233445566778899aabbccddeeff"


def keys():  # type: ignore[no-untyped-def]
    return (
        Ed25519PrivateKey.from_private_bytes(ROOT_SEED),
        Ed25519PrivateKey.from_private_bytes(STATION_SEED),
        x25519.X25519PrivateKey.from_private_bytes(X25519_RAW),
        mlkem.MLKEM768PrivateKey.from_seed_bytes(MLKEM_SEED),
    )


def _fixed(*values: bytes):  # type: ignore[no-untyped-def]
    """A 'random' source giving these bytes in turn (content key, then stream id)."""
    queue = list(values)
    return lambda n: queue.pop(0)


def build_deterministic() -> dict[str, bytes]:
    """Every vector file that must come out identical (all but the license)."""
    root, sign, xkey, mkey = keys()
    out: dict[str, bytes] = {}
    out["anchor.sra"] = encode_anchor("Test Review Office", root, T0)
    out["request.srq"] = encode_request(
        station_id_for(sign.public_key().public_bytes_raw()), "Station A", "Room 1", sign,
        xkey.public_key().public_bytes_raw(), mkey.public_key().public_bytes_raw(), T0)
    out["certificate.src"] = encode_certificate(
        "0123456789abcdef0123456789abcdef", parse_request(out["request.srq"]), T0,
        T0 + timedelta(days=365), "Test Review Office", root)
    out["revocations.srr"] = encode_revocations(
        3, T0, ("st-0000000000000000",), ("ffeeddccbbaa99887766554433221100",), root)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "film.bin"
        src.write_bytes(FILM)
        package_film(
            src, Path(tmp) / "film.scr", film_id="VEC-1", title="Vector film",
            register_no="KZ-TEST-1", declared_age=AgeCategory.AGE_12, rights_holder="Nobody",
            signing_key=root, media=MediaInfo(12_345, "test: raw"), chunk_size=CHUNK,
            random_bytes=_fixed(CONTENT_KEY, STREAM_ID),
            now=T0)
        out["screener.scr"] = (Path(tmp) / "film.scr").read_bytes()
    key_body = Body().text(1, "vector").raw(2, ROOT_SEED).encode()
    out["keyfile.key"] = encrypt_key_body(key_body, KEY_PASSPHRASE, params=ScryptParams(10, 8, 1),
                                          salt=KEY_SALT, nonce=KEY_NONCE)
    return out


FORENSIC_LICENSE_ID = "ffeeddccbbaa99887766554433221100"
OTHER_LICENSE_IDS = ("0123456789abcdef0123456789abcdef", "lic-review-1")


def build_license(certificate: bytes, manifest_hash: bytes, suite: HpkeSuite,
                  version: int = 1, purpose: LicensePurpose = LicensePurpose.REVIEW) -> bytes:
    """Format 1 seals the office's key (``WATERMARK_KEY``); format 2 the license's own key
    (review) or the film key (forensic), derived from it as the master secret."""
    root = keys()[0]
    cert = parse_certificate(certificate)
    license_id = FORENSIC_LICENSE_ID if purpose is LicensePurpose.FORENSIC else LICENSE_ID
    info = seal_info(license_id, "VEC-1", cert.station_id, manifest_hash, version,
                     purpose.value)
    mark = WATERMARK_KEY
    if version == 2:
        film = film_key(WATERMARK_KEY, "VEC-1", manifest_hash)
        mark = film if purpose is LicensePurpose.FORENSIC else license_key(film, license_id)
    sealed = seal_keys(suite, cert, CONTENT_KEY, mark, info)
    return encode_license(
        license_id=license_id, purpose=purpose, film_id="VEC-1",
        manifest_hash=manifest_hash, station_id=cert.station_id,
        station_kem_fingerprint=cert.kem_fingerprint, members=("member-1", "member-2"),
        not_before=T0, not_after=T0 + timedelta(days=7), max_sessions=2, visible_overlay=True,
        suite=suite, sealed_keys=sealed, issued_at=T0, key=root, version=version,
        revocations_required=3 if version == 2 else 0)


def forensic_vectors(manifest_hash: bytes) -> dict[str, object]:
    film = film_key(WATERMARK_KEY, "VEC-1", manifest_hash)
    return {
        "master": WATERMARK_KEY.hex(), "film_id": "VEC-1", "manifest_hash": manifest_hash.hex(),
        "film_key": film.hex(),
        "license_keys": {lid: license_key(film, lid).hex()
                         for lid in (LICENSE_ID, FORENSIC_LICENSE_ID, *OTHER_LICENSE_IDS)},
    }


LICENSES = (  # file, suite, format version, purpose
    ("license.srl", HpkeSuite.X25519, 1, LicensePurpose.REVIEW),
    ("license-pq.srl", HpkeSuite.MLKEM768_X25519, 1, LicensePurpose.REVIEW),
    ("license-v2.srl", HpkeSuite.X25519, 2, LicensePurpose.REVIEW),
    ("license-v2-pq.srl", HpkeSuite.MLKEM768_X25519, 2, LicensePurpose.REVIEW),
    ("license-v2-forensic.srl", HpkeSuite.X25519, 2, LicensePurpose.FORENSIC),
)


def main() -> None:
    import hashlib

    from screeningroom.vault.container import read_layout

    files = build_deterministic()
    for name, data in files.items():
        (HERE / name).write_bytes(data)
    manifest = read_layout(HERE / "screener.scr").manifest
    for name, suite, version, purpose in LICENSES:
        if version == 1 and (HERE / name).exists():
            continue  # format-1 files stay as an older program wrote them
        (HERE / name).write_bytes(build_license(files["certificate.src"], manifest.manifest_hash,
                                                suite, version, purpose))
    (HERE / "forensic.json").write_text(
        json.dumps(forensic_vectors(manifest.manifest_hash), indent=2) + "\n")
    licenses = [name for name, *_rest in LICENSES]
    secrets = {
        "root_ed25519_seed": ROOT_SEED.hex(), "station_ed25519_seed": STATION_SEED.hex(),
        "station_x25519_private": X25519_RAW.hex(), "station_mlkem768_seed": MLKEM_SEED.hex(),
        "watermark_key": WATERMARK_KEY.hex(), "content_key": CONTENT_KEY.hex(),
        "stream_id": STREAM_ID.hex(), "film_plaintext": FILM.hex(), "chunk_size": CHUNK,
        "manifest_sha256": manifest.manifest_hash.hex(), "license_id": LICENSE_ID,
        "forensic_license_id": FORENSIC_LICENSE_ID,
        "keyfile_passphrase": KEY_PASSPHRASE, "time": T0.isoformat(),
        "sha256": {name: hashlib.sha256((HERE / name).read_bytes()).hexdigest()
                   for name in sorted([*files, *licenses, "forensic.json"])},
    }
    (HERE / "vectors.json").write_text(json.dumps(secrets, indent=2) + "\n")


if __name__ == "__main__":
    main()
