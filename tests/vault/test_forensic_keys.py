"""Per-license forensic keys: a review license carries its own key, the desk's forensic
license every license's key of the film, and format-1 licenses the office's one key."""

from __future__ import annotations

from datetime import timedelta

from vaultworld import NOW, World, open_film

from screeningroom.vault import (
    ForensicKeys,
    KeyScheme,
    LicensePurpose,
    read_manifest,
)
from screeningroom.vault.forensic import film_key
from screeningroom.vault.model import HpkeSuite
from screeningroom.vault.records import encode_license, parse_license
from screeningroom.vault.sealing import seal_info, seal_keys


def _open(world: World, lic: bytes, member: str = "m1"):  # type: ignore[no-untyped-def]
    return open_film(world.station, world.screener, lic, member)


def test_each_review_license_has_its_own_key(world: World) -> None:
    first, second = world.license(), world.license()
    with _open(world, first) as a, _open(world, second) as b:
        assert a.watermark_key != b.watermark_key
        assert a.forensic_keys is None and b.forensic_keys is None
        assert parse_license(first).format_version == 2


def test_the_forensic_license_derives_every_review_license_key(world: World) -> None:
    review = world.license()
    forensic = world.license(purpose=LicensePurpose.FORENSIC, max_sessions=100)
    with _open(world, review) as station, _open(world, forensic) as desk:
        keys = desk.forensic_keys
        assert isinstance(keys, ForensicKeys) and keys.scheme is KeyScheme.DERIVED_V2
        assert desk.watermark_key is None
        lic_id = parse_license(review).license_id
        assert keys.for_license(lic_id) == station.watermark_key
        assert keys.for_license("another-license") != station.watermark_key
        assert keys.film_id == "F1"
        # the film key is derived from the office's master and this screener only
        assert keys.secret == film_key(world.authority._master, "F1",
                                       station.manifest.manifest_hash)
        assert keys.secret != world.authority._master


def _format_1_license(world: World, purpose: LicensePurpose) -> bytes:
    """A license as an office before format 2 issued it: the master itself is sealed."""
    authority = world.authority
    cert = world.station.certificate
    manifest = read_manifest(world.screener)
    lid = "0123456789abcdef0123456789abcdef"
    info = seal_info(lid, "F1", cert.station_id, manifest.manifest_hash)
    sealed = seal_keys(HpkeSuite.X25519, cert,
                       authority.content_key("F1", manifest.manifest_hash), authority._master,
                       info)
    return encode_license(
        license_id=lid, purpose=purpose, film_id="F1", manifest_hash=manifest.manifest_hash,
        station_id=cert.station_id, station_kem_fingerprint=cert.kem_fingerprint,
        members=("m1",), not_before=NOW - timedelta(hours=1), not_after=NOW + timedelta(days=1),
        max_sessions=3, visible_overlay=False, suite=HpkeSuite.X25519, sealed_keys=sealed,
        issued_at=NOW, key=authority._key, version=1)


def test_format_1_licenses_still_open_with_the_office_key(world: World) -> None:
    review = _format_1_license(world, LicensePurpose.REVIEW)
    forensic = _format_1_license(world, LicensePurpose.FORENSIC)
    with _open(world, review) as station, _open(world, forensic) as desk:
        assert station.watermark_key == world.authority._master
        assert desk.forensic_keys.scheme is KeyScheme.OFFICE_V1
        assert desk.forensic_keys.for_license("whatever") == world.authority._master
        assert desk.watermark_key == world.authority._master


def test_an_office_made_earlier_keeps_its_master(world: World) -> None:
    """The authority key file keeps its layout: the old watermark key is the master."""
    from screeningroom.vault import load_authority

    again = load_authority("authority-pass", folder=world.root / "authority")
    assert again._master == world.authority._master
