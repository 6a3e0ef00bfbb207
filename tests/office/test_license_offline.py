"""The license's offline allowance (tag 17 of a format-2 license, docs/formats/license.md)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from screeningroom.vault import read_license
from screeningroom.vault.encoding import FormatError
from screeningroom.vault.errors import VaultInputError
from screeningroom.vault.model import HpkeSuite, LicensePurpose
from screeningroom.vault.records import encode_license, parse_license

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
T = datetime(2026, 5, 1, tzinfo=UTC)


def _license(**extra) -> bytes:  # type: ignore[no-untyped-def]
    return encode_license(
        license_id="L1", purpose=LicensePurpose.REVIEW, film_id="F1", manifest_hash=bytes(32),
        station_id="st-1", station_kem_fingerprint=bytes(32), members=("m1",), not_before=T,
        not_after=T + timedelta(days=1), max_sessions=5, visible_overlay=False,
        suite=HpkeSuite.X25519, sealed_keys=b"k", issued_at=T, key=KEY, **extra)


def test_offline_sessions_round_trip_and_zero_writes_nothing() -> None:
    assert parse_license(_license(offline_sessions=2)).offline_sessions == 2
    plain = _license()
    assert parse_license(plain).offline_sessions == 0
    assert len(_license(offline_sessions=2)) == len(plain) + 5 + 8  # one more tag-length-u64


def test_offline_sessions_beyond_the_license_are_refused() -> None:
    with pytest.raises(FormatError):
        parse_license(_license(offline_sessions=6))
    with pytest.raises(ValueError):
        _license(offline_sessions=1, version=1)


def test_the_office_issues_an_offline_allowance(office) -> None:
    lic = read_license(office.license("A", max_sessions=3, offline_sessions=1))
    assert (lic.max_sessions, lic.offline_sessions) == (3, 1)
    with pytest.raises(VaultInputError):
        office.license("A", max_sessions=3, offline_sessions=4)
