"""Every refusal of open_screener, in the documented order, with its reason code."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from vaultworld import CHEAP, NOW, STATION_PASS, World, film_data, make_world, open_film

from screeningroom.vault import (
    AgeCategory,
    import_file,
    init_authority,
    load_authority,
    load_station,
    read_license,
    read_revocations,
)
from screeningroom.vault import errors as e
from screeningroom.vault.errors import Reason
from screeningroom.vault.station import CERT_FILE


def _open(world: World, lic: bytes | None = None, **kw):  # type: ignore[no-untyped-def]
    options = dict(member_id="m1")
    options.update(kw)
    screener = options.pop("screener", world.screener)
    station = options.pop("station", world.station)
    member = options.pop("member_id")
    return open_film(station, screener, lic if lic is not None else world.license(), member,
                     **options)


def _refused(exc_type: type[e.VaultError], reason: Reason, world: World, *args, **kw) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(exc_type) as info:
        _open(world, *args, **kw)
    assert info.value.reason is reason
    assert info.value.exit_code == 1
    return str(info.value)


def test_opens_when_everything_is_right(world: World) -> None:
    with _open(world, sessions_used=2, clock_floor=NOW + timedelta(minutes=4)) as reader:
        assert reader.read(10) == world.film_bytes[:10]


def test_station_without_certificate(world: World) -> None:
    (world.station.folder / CERT_FILE).unlink()
    station = load_station(STATION_PASS, folder=world.station.folder)
    msg = _refused(e.StationNotCertified, Reason.STATION_NOT_CERTIFIED, world, station=station)
    assert "station install" in msg


def test_certificate_from_another_authority(world: World, tmp_path: Path) -> None:
    init_authority("Other", "other-pass", folder=tmp_path / "other", scrypt=CHEAP)
    other = load_authority("other-pass", folder=tmp_path / "other")
    from screeningroom.vault.station import REQUEST_FILE

    foreign = other.certify((world.station.folder / REQUEST_FILE).read_bytes(), 30,
                            now=NOW - timedelta(days=1))
    (world.station.folder / CERT_FILE).write_bytes(foreign)
    station = load_station(STATION_PASS, folder=world.station.folder)
    _refused(e.StationNotCertified, Reason.STATION_NOT_CERTIFIED, world, station=station)


def test_certificate_expired(world: World) -> None:
    msg = _refused(e.CertificateExpired, Reason.CERTIFICATE_EXPIRED, world,
                   now=NOW + timedelta(days=40))
    assert "renew" in msg


def test_license_tampered_and_foreign(world: World, tmp_path: Path) -> None:
    lic = bytearray(world.license())
    lic[40] ^= 0x01
    _refused(e.TamperedLicense, Reason.TAMPERED_LICENSE, world, bytes(lic))
    _refused(e.TamperedLicense, Reason.TAMPERED_LICENSE, world, b"SRLICE\r\n junk")
    foreign_world = make_world(tmp_path / "w2")
    foreign = foreign_world.authority.issue_license(
        foreign_world.screener, foreign_world.certificate, members=("m1",),
        not_before=NOW, not_after=NOW + timedelta(days=1), max_sessions=1, now=NOW)
    msg = _refused(e.InvalidSignature, Reason.INVALID_SIGNATURE, world, foreign)
    assert "another review office" in msg


def test_wrong_station(world: World, tmp_path: Path) -> None:
    from screeningroom.vault import init_station

    req = init_station("Station 2", "Room 9", "second-pass", world.authority.anchor.signed_bytes,
                       folder=tmp_path / "st2", scrypt=CHEAP)
    cert2 = world.authority.certify(req.signed_bytes, 30, now=NOW - timedelta(days=1))
    lic = world.license(certificate=cert2)
    msg = _refused(e.WrongStation, Reason.WRONG_STATION, world, lic)
    assert req.station_id in msg


def test_wrong_film(world: World) -> None:
    other = world.package("other", film_data(5000, seed=2), film_id="F2")
    msg = _refused(e.WrongFilm, Reason.WRONG_FILM, world, world.license(), screener=other)
    assert "F2" in msg


def test_window(world: World) -> None:
    _refused(e.LicenseNotYetValid, Reason.LICENSE_NOT_YET_VALID, world,
             world.license(not_before=NOW + timedelta(hours=1)))
    msg = _refused(e.LicenseExpired, Reason.LICENSE_EXPIRED, world,
                   world.license(not_after=NOW - timedelta(minutes=1)))
    assert "new license" in msg


def test_member_not_licensed(world: World) -> None:
    msg = _refused(e.MemberNotLicensed, Reason.MEMBER_NOT_LICENSED, world, member_id="m9")
    assert "m9" in msg


def test_sessions_used_up(world: World) -> None:
    _refused(e.SessionsUsedUp, Reason.SESSIONS_USED_UP, world, sessions_used=3)


def test_revoked_station_and_license(world: World) -> None:
    lic = world.license(license_id="a" * 32)
    rl = read_revocations(world.authority.revoke(licenses=("a" * 32,), now=NOW))
    _refused(e.Revoked, Reason.REVOKED, world, lic, revocations=rl)
    rl2 = read_revocations(world.authority.revoke(stations=(world.station.station_id,), now=NOW))
    assert rl2.sequence == 2 and "a" * 32 in rl2.licenses
    msg = _refused(e.Revoked, Reason.REVOKED, world, revocations=rl2)
    assert world.station.station_id in msg


def test_installed_revocation_list_is_used_and_never_rolled_back(world: World) -> None:
    from screeningroom.vault import import_file

    first = world.root / "r1.srr"
    first.write_bytes(world.authority.revoke(licenses=("x",), now=NOW))
    second = world.root / "r2.srr"
    second.write_bytes(world.authority.revoke(stations=(world.station.station_id,), now=NOW))
    import_file(second, folder=world.station.folder)
    _refused(e.Revoked, Reason.REVOKED, world)
    with pytest.raises(e.StaleRevocations):
        import_file(first, folder=world.station.folder)


def test_clock_rollback(world: World) -> None:
    msg = _refused(e.ClockRollback, Reason.CLOCK_ROLLBACK, world,
                   clock_floor=NOW + timedelta(minutes=6))
    assert "clock" in msg


def test_checks_come_in_order(world: World) -> None:
    """An expired, foreign-member, used-up license on a rolled-back clock: the window speaks,
    then the member, then the clock; the session ticket is checked last."""
    lic = world.license(not_after=NOW - timedelta(minutes=1))
    _refused(e.LicenseExpired, Reason.LICENSE_EXPIRED, world, lic, member_id="zz",
             sessions_used=99, clock_floor=NOW + timedelta(days=1))
    _refused(e.MemberNotLicensed, Reason.MEMBER_NOT_LICENSED, world, member_id="zz",
             sessions_used=99, clock_floor=NOW + timedelta(days=1))
    _refused(e.ClockRollback, Reason.CLOCK_ROLLBACK, world, sessions_used=99,
             clock_floor=NOW + timedelta(days=1))
    _refused(e.SessionsUsedUp, Reason.SESSIONS_USED_UP, world, sessions_used=99)


def test_tampered_and_truncated_screener(world: World) -> None:
    data = world.screener.read_bytes()
    world.screener.write_bytes(data[:-100])
    _refused(e.TruncatedScreener, Reason.TRUNCATED_SCREENER, world)
    world.screener.write_bytes(data[:5000])
    _refused(e.TruncatedScreener, Reason.TRUNCATED_SCREENER, world)
    world.screener.write_bytes(data + b"\x00")
    _refused(e.TamperedScreener, Reason.TAMPERED_SCREENER, world)
    flipped = bytearray(data)
    flipped[100] ^= 0x80  # inside chunk 0: noticed when the chunk is read
    world.screener.write_bytes(bytes(flipped))
    with _open(world) as reader, pytest.raises(e.TamperedScreener) as info:
        reader.read(10)
    assert info.value.reason is Reason.TAMPERED_SCREENER


def test_wrong_passphrase_and_key_file_mode(world: World) -> None:
    with pytest.raises(e.WrongPassphrase) as info:
        load_station("not the passphrase", folder=world.station.folder)
    assert info.value.reason is Reason.WRONG_PASSPHRASE
    assert "Type it again" in str(info.value)
    mode = (world.station.folder / "station.key").stat().st_mode & 0o777
    assert mode == 0o600
    assert (world.authority.folder / "authority.key").stat().st_mode & 0o777 == 0o600


def test_passphrase_from_environment(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(e.PassphraseRequired):
        load_station(folder=world.station.folder)
    monkeypatch.setenv("SCREENINGROOM_PASSPHRASE", STATION_PASS)
    assert load_station(folder=world.station.folder).station_id == world.station.station_id


def test_naive_times_are_bad_input(world: World) -> None:
    from datetime import datetime

    with pytest.raises(e.VaultInputError):
        _open(world, now=datetime(2026, 5, 1))


def test_every_reason_has_a_class() -> None:
    classes = {cls.reason for cls in vars(e).values()
               if isinstance(cls, type) and issubclass(cls, e.VaultError)}
    assert classes == set(Reason)


def test_age_category_parse() -> None:
    assert AgeCategory.parse("under 6") is AgeCategory.UNDER_6
    assert AgeCategory.parse("UNDER_6") is AgeCategory.UNDER_6
    assert AgeCategory.parse("21+") is AgeCategory.AGE_21
    assert AgeCategory.UNDER_6.label == "under 6"
    with pytest.raises(ValueError):
        AgeCategory.parse("13+")


def test_a_license_refuses_without_the_revocation_list_it_names(world: World) -> None:
    first = world.root / "rl1.srr"
    first.write_bytes(world.authority.revoke(licenses=("x",), now=NOW))
    second = world.root / "rl2.srr"
    second.write_bytes(world.authority.revoke(licenses=("y",), now=NOW))
    lic = world.license()  # issued after list 2: it names 2
    assert read_license(lic).revocations_required == 2
    msg = _refused(e.StaleRevocations, Reason.STALE_REVOCATIONS, world, lic)
    assert "number 2" in msg and "no list" in msg
    import_file(first, folder=world.station.folder, now=NOW)
    _refused(e.StaleRevocations, Reason.STALE_REVOCATIONS, world, lic)
    import_file(second, folder=world.station.folder, now=NOW)
    with _open(world, lic):
        pass
