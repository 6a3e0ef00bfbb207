"""Our code against the checked-in vectors in tests/vectors/vault/ (fixed keys and nonces)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import mlkem, x25519
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from screeningroom.vault import read_anchor, read_license
from screeningroom.vault.checks import (
    load_certificate_checked,
    load_license_checked,
    load_revocations_checked,
    load_screener_checked,
)
from screeningroom.vault.container import HEADER_SIZE, chunk_aad, chunk_nonce
from screeningroom.vault.forensic import ForensicKeys, KeyScheme, film_key, license_key
from screeningroom.vault.keyfile import decrypt_key_body
from screeningroom.vault.model import HpkeSuite, LicensePurpose
from screeningroom.vault.sealing import open_keys, seal_info

VECTORS = Path(__file__).resolve().parent.parent / "vectors" / "vault"
SECRETS = json.loads((VECTORS / "vectors.json").read_text())
FORENSIC = json.loads((VECTORS / "forensic.json").read_text())


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("vault_vectors", VECTORS / "generate.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_deterministic_files_are_rebuilt_byte_for_byte() -> None:
    for name, data in _generator().build_deterministic().items():
        assert (VECTORS / name).read_bytes() == data, name


def test_checked_in_files_verify_against_the_anchor() -> None:
    anchor = read_anchor(VECTORS / "anchor.sra")
    cert = load_certificate_checked((VECTORS / "certificate.src").read_bytes(), anchor)
    assert cert.name == "Station A"
    rl = load_revocations_checked((VECTORS / "revocations.srr").read_bytes(), anchor)
    assert rl.sequence == 3
    layout = load_screener_checked(VECTORS / "screener.scr", anchor)
    assert layout.manifest.manifest_hash.hex() == SECRETS["manifest_sha256"]


def test_screener_decrypts_with_the_documented_construction() -> None:
    """Decrypt chunk by chunk exactly as docs/formats/screener.md says, without the reader."""
    data = (VECTORS / "screener.scr").read_bytes()
    key, chunk = bytes.fromhex(SECRETS["content_key"]), SECRETS["chunk_size"]
    film = bytes.fromhex(SECRETS["film_plaintext"])
    header, pos, plain, n = data[:HEADER_SIZE], HEADER_SIZE, b"", -(-len(film) // chunk)
    for i in range(n):
        size = min(chunk, len(film) - i * chunk) + 16
        plain += AESGCM(key).decrypt(chunk_nonce(i), data[pos : pos + size],
                                     chunk_aad(header, i, i == n - 1))
        pos += size
    assert plain == film


def _station_keys():  # type: ignore[no-untyped-def]
    xkey = x25519.X25519PrivateKey.from_private_bytes(
        bytes.fromhex(SECRETS["station_x25519_private"]))
    mkey = mlkem.MLKEM768PrivateKey.from_seed_bytes(bytes.fromhex(SECRETS["station_mlkem768_seed"]))
    return xkey, mkey


def _hkdf(secret: bytes, info: bytes) -> bytes:
    """HKDF-SHA256 exactly as docs/formats/license.md says (no salt, 32 bytes)."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(secret)


@pytest.mark.parametrize(("name", "suite"), [("license.srl", HpkeSuite.X25519),
                                             ("license-pq.srl", HpkeSuite.MLKEM768_X25519)])
def test_format_1_license_opens_and_carries_the_office_key(name: str, suite: HpkeSuite) -> None:
    anchor = read_anchor(VECTORS / "anchor.sra")
    lic = load_license_checked((VECTORS / name).read_bytes(), anchor)
    assert lic.format_version == 1 and lic.revocations_required == 0
    assert lic.suite is suite and lic.visible_overlay and lic.members == ("member-1", "member-2")
    info = b"\x00".join([b"screeningroom license v1", lic.license_id.encode(),
                         lic.film_id.encode(), lic.station_id.encode(), lic.manifest_hash])
    assert info == seal_info(lic.license_id, lic.film_id, lic.station_id, lic.manifest_hash)
    content, mark = open_keys(lic.suite, lic.sealed_keys, *_station_keys(), info)
    assert content.hex() == SECRETS["content_key"]
    assert mark.hex() == SECRETS["watermark_key"]
    assert read_license(VECTORS / name).license_id == SECRETS["license_id"]
    keys = ForensicKeys("VEC-1", KeyScheme.OFFICE_V1, mark)
    assert keys.for_license("anything") == mark


@pytest.mark.parametrize(("name", "purpose"), [
    ("license-v2.srl", LicensePurpose.REVIEW), ("license-v2-pq.srl", LicensePurpose.REVIEW),
    ("license-v2-forensic.srl", LicensePurpose.FORENSIC)])
def test_format_2_license_carries_its_own_key_or_the_film_key(name: str,
                                                               purpose: LicensePurpose) -> None:
    anchor = read_anchor(VECTORS / "anchor.sra")
    data = (VECTORS / name).read_bytes()
    assert data[8:10] == b"\x00\x02"
    lic = load_license_checked(data, anchor)
    assert (lic.format_version, lic.purpose, lic.revocations_required) == (2, purpose, 3)
    info = b"\x00".join([b"screeningroom license v2", lic.license_id.encode(),
                         lic.film_id.encode(), lic.station_id.encode(), lic.manifest_hash,
                         bytes([purpose.value])])
    content, secret = open_keys(lic.suite, lic.sealed_keys, *_station_keys(), info)
    assert content.hex() == SECRETS["content_key"]
    vectors = FORENSIC["license_keys"]
    if purpose is LicensePurpose.FORENSIC:
        assert secret.hex() == FORENSIC["film_key"]
        keys = ForensicKeys(lic.film_id, KeyScheme.DERIVED_V2, secret)
        assert {lid: keys.for_license(lid).hex() for lid in vectors} == vectors
    else:
        assert secret.hex() == vectors[lic.license_id]
        assert secret.hex() != SECRETS["watermark_key"]  # never the office's master


def test_forensic_keys_follow_the_documented_derivation() -> None:
    master, mh = bytes.fromhex(FORENSIC["master"]), bytes.fromhex(FORENSIC["manifest_hash"])
    film = _hkdf(master, b"screeningroom forensic film v2\x00VEC-1\x00" + mh)
    assert film.hex() == FORENSIC["film_key"] == film_key(master, "VEC-1", mh).hex()
    for lid, expected in FORENSIC["license_keys"].items():
        derived = _hkdf(film, b"screeningroom forensic license v2\x00" + lid.encode())
        assert derived.hex() == expected == license_key(film, lid).hex()
    assert len(set(FORENSIC["license_keys"].values())) == len(FORENSIC["license_keys"])


def test_key_file_vector() -> None:
    body = decrypt_key_body((VECTORS / "keyfile.key").read_bytes(),
                            SECRETS["keyfile_passphrase"], "vector")
    assert bytes.fromhex(SECRETS["root_ed25519_seed"]) in body
