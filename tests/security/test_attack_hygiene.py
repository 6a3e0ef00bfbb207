"""Found (smaller): world-readable databases, core dumps with keys and frames, a verify
that says VALID for any key-file header, member ids told apart by login, a license id
used as a file name unchecked, a caller's content key, Scrypt N=2^15."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest
from secworld import FAST, PASSWORD, Site
from signers import KeyOnly
from vaultworld import CHEAP, NOW, film_options

from screeningroom.registry import AccountLocked, Registry, WrongPassword
from screeningroom.vault import errors as e
from screeningroom.vault import explain, import_file, read_anchor, read_manifest
from screeningroom.vault.keyfile import HEAD, ScryptParams, params_of
from screeningroom.vault.model import HpkeSuite, LicensePurpose
from screeningroom.vault.records import encode_license
from screeningroom.vault.sealing import seal_info, seal_keys

ROOT = Path(__file__).resolve().parents[2]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_reading_the_registry_as_another_local_user_is_refused(site: Site,
                                                               tmp_path: Path) -> None:
    folder = tmp_path / "station-data"
    with Registry.open(folder / "registry.sqlite3", KeyOnly(site.station),
                       settings=FAST) as registry:
        registry.add_member("m2", "Member Two", PASSWORD)
        registry.authenticate("m2", PASSWORD)
    assert _mode(folder) == 0o700
    files = sorted(folder.iterdir())
    assert {p.name for p in files} >= {"registry.sqlite3", "registry.sqlite3.live"}
    for path in files:
        assert _mode(path) == 0o600, path.name
    # the station's other databases: review notes and forms, members' signing keys
    from screeningroom.review.member_keys import MemberKeys
    from screeningroom.review.store import ReviewStore

    for name, make in (("review", ReviewStore), ("keys", MemberKeys)):
        store = make(tmp_path / name / f"{name}.sqlite3")
        store.close()
        assert _mode(tmp_path / name) == 0o700
        assert _mode(tmp_path / name / f"{name}.sqlite3") == 0o600, name
    # a database made by an older version (0644) is closed when it is opened
    os.chmod(folder / "registry.sqlite3", 0o644)
    os.chmod(folder, 0o755)
    Registry.open(folder / "registry.sqlite3", KeyOnly(site.station), settings=FAST).close()
    assert _mode(folder / "registry.sqlite3") == 0o600 and _mode(folder) == 0o700


def test_a_core_dump_taken_mid_session_is_refused(site: Site) -> None:
    """Once a film's keys are unsealed the process is not dumpable and writes no core."""
    w = site.world
    lic = w.root / "lic.srl"
    lic.write_bytes(w.license())
    script = textwrap.dedent(f"""
        import resource, sys
        sys.path.insert(0, {str(ROOT / "tests" / "vault")!r})
        from vaultworld import open_film
        from screeningroom.vault import load_station
        from screeningroom.vault.memory import is_dumpable
        assert is_dumpable()
        station = load_station("station-pass", folder={str(site.station.folder)!r})
        with open_film(station, {str(w.screener)!r}, open({str(lic)!r}, "rb").read()) as r:
            r.read(10)
            print(is_dumpable(), resource.getrlimit(resource.RLIMIT_CORE))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False (0, 0)"


def test_verify_calling_any_key_file_header_valid_is_refused(site: Site) -> None:
    anchor = read_anchor(site.world.root / "authority" / "anchor.sra")
    genuine = site.station.folder / "station.key"
    fake = site.world.root / "fake.key"
    fake.write_bytes(b"SRPKEY\r\n" + b"\x00" * 200)
    verdict = explain(fake, anchor)
    assert not verdict.valid and verdict.reason is e.Reason.TAMPERED_FILE
    cut = site.world.root / "cut.key"
    cut.write_bytes(genuine.read_bytes()[:-1])
    assert not explain(cut, anchor).valid
    good = explain(genuine, anchor)
    assert good.valid and not good.complete and "passphrase" in good.message


def test_enumerating_member_ids_by_login_is_refused(site: Site, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """An unknown id gets the same error, words, count-down, lock-out and Scrypt work as a
    wrong password for an enrolled id."""
    from screeningroom.registry import registry as registry_module

    checked: list[str] = []
    real = registry_module.verify_password
    def spy(password: str, stored: str) -> bool:
        checked.append(stored.split("$")[1])
        return real(password, stored)

    monkeypatch.setattr(registry_module, "verify_password", spy)
    answers = {}
    with site.registry() as registry:
        for login in ("m1", "nobody-here"):
            seen = []
            for _ in range(4):
                with pytest.raises((WrongPassword, AccountLocked)) as info:
                    registry.authenticate(login, "not it", now=NOW)
                seen.append((type(info.value).__name__,
                             str(info.value).replace(login, "ID")))
            answers[login] = seen
    assert answers["m1"] == answers["nobody-here"]
    assert len(checked) == 8 and len(set(checked)) == 1  # one Scrypt check each, same cost


def test_a_license_id_that_climbs_out_of_the_licenses_folder_is_refused(site: Site) -> None:
    w = site.world
    cert = site.station.certificate
    manifest_hash = read_manifest(w.screener).manifest_hash
    lid = "../../../escaped"
    info = seal_info(lid, "F1", cert.station_id, manifest_hash, 2, 1)
    sealed = seal_keys(HpkeSuite.X25519, cert, bytes(32), bytes(32), info)
    data = encode_license(
        license_id=lid, purpose=LicensePurpose.REVIEW, film_id="F1", manifest_hash=manifest_hash,
        station_id=cert.station_id, station_kem_fingerprint=cert.kem_fingerprint,
        members=("m1",), not_before=NOW, not_after=NOW + timedelta(days=1), max_sessions=1,
        visible_overlay=False, suite=HpkeSuite.X25519, sealed_keys=sealed, issued_at=NOW,
        key=w.authority._key)
    path = w.root / "evil.srl"
    path.write_bytes(data)
    with pytest.raises(e.TamperedLicense):
        import_file(path, folder=site.station.folder)
    assert not list(site.station.folder.parent.rglob("escaped*"))
    with pytest.raises(e.VaultInputError):
        w.license(license_id="../x")


def test_packaging_under_a_callers_content_key_is_refused(site: Site) -> None:
    w = site.world
    src = w.root / "film2.bin"
    src.write_bytes(os.urandom(5000))
    for option in ({"content_key": bytes(32)}, {"random_bytes": lambda n: bytes(n)}):
        with pytest.raises((e.VaultInputError, TypeError)):
            w.authority.package(src, w.root / "x.scr", **film_options("F9"), **option)
    assert not (w.root / "x.scr").exists()
    from screeningroom.vault.package import package_film

    with pytest.raises(TypeError):
        package_film(src, w.root / "y.scr", **film_options("F9"), signing_key=w.authority._key,
                     content_key=bytes(32))  # type: ignore[call-arg]


def test_weak_scrypt_for_key_files_and_passwords_is_refused(site: Site, monkeypatch,  # type: ignore[no-untyped-def]
                                                            tmp_path: Path) -> None:
    """New key files and password hashes cost N=2^17; older ones (2^15) still open and are
    written again at 2^17 the first time they are unlocked."""
    from screeningroom.registry import RegistrySettings
    from screeningroom.registry.model import ScryptParams as PasswordScrypt
    from screeningroom.vault import keyfile, load_station

    assert ScryptParams() == ScryptParams(17, 8, 1) and PasswordScrypt().n == 2**17
    monkeypatch.setattr(keyfile, "SCRYPT_DEFAULT", ScryptParams())  # the product's cost
    path = site.station.folder / "station.key"
    assert params_of(path.read_bytes()) == CHEAP
    old = keyfile.encrypt_key_body(keyfile.decrypt_key_body(path.read_bytes(), "station-pass",
                                                            "s"), "station-pass",
                                   params=ScryptParams(15, 8, 1))
    path.write_bytes(old)
    load_station("station-pass", folder=site.station.folder)  # opens the 2^15 file ...
    assert params_of(path.read_bytes()) == ScryptParams(17, 8, 1)  # ... and upgrades it
    assert _mode(path) == 0o600 and len(path.read_bytes()) == len(old)
    assert HEAD.size < len(old)
    load_station("station-pass", folder=site.station.folder)
    # a member's 2^15 hash is re-hashed at the registry's cost at the next login
    weak = RegistrySettings(scrypt=PasswordScrypt(n=2**15))
    strong = RegistrySettings(scrypt=PasswordScrypt(n=2**16))
    db = tmp_path / "r.sqlite3"
    with Registry.open(db, KeyOnly(site.station), settings=weak) as registry:
        registry.add_member("m5", "Member Five", PASSWORD)
    with Registry.open(db, KeyOnly(site.station), settings=strong) as registry:
        registry.authenticate("m5", PASSWORD)
        stored = registry._storage.get_member("m5").password_hash
    assert stored.split("$")[1] == str(2**16)


def test_verify_saying_an_anchor_is_installed_where_none_is_is_refused(site: Site) -> None:
    """``verify`` of a trust anchor on a machine with none installed said "installed here:
    yes"; it says what it compared against."""
    path = site.world.root / "authority" / "anchor.sra"
    anchor = read_anchor(path)
    assert dict(explain(path, None).details)["installed here"] == (
        "no trust anchor is installed here")
    assert dict(explain(path, anchor).details)["installed here"] == "yes"
    from screeningroom.vault import init_authority

    other = init_authority("Another office", "another passphrase",
                           folder=site.world.root / "other-office", now=NOW, scrypt=CHEAP)
    assert dict(explain(path, other).details)["installed here"] == "no"


def test_verify_calling_a_revoked_license_or_station_valid_is_refused(site: Site) -> None:
    """``verify`` said VALID for a license or certificate the installed revocation list
    revokes; it checks the list found with the anchor, and says when there is none."""
    w = site.world
    anchor = read_anchor(w.root / "authority" / "anchor.sra")
    lic_data = w.license()
    lic = w.root / "lic.srl"
    lic.write_bytes(lic_data)
    cert = w.root / "st.src"
    cert.write_bytes(site.station.certificate_bytes)
    assert dict(explain(lic, anchor, now=NOW).details)["revocation list"] == (
        "none here: not checked")
    from screeningroom.vault import read_license

    rl = w.root / "rl.srr"
    rl.write_bytes(w.authority.revoke(licenses=(read_license(lic_data).license_id,), now=NOW))
    revoked = explain(lic, anchor, revocations=rl, now=NOW)
    assert not revoked.valid and revoked.reason is e.Reason.REVOKED
    assert explain(cert, anchor, revocations=rl, now=NOW).valid  # the station itself is not revoked
    assert dict(explain(cert, anchor, revocations=rl, now=NOW).details)["revocation list"] == (
        "number 1: not revoked")
    rl.write_bytes(w.authority.revoke(stations=(site.station.station_id,), now=NOW))
    for path in (lic, cert):
        verdict = explain(path, anchor, revocations=rl, now=NOW)
        assert not verdict.valid and verdict.reason is e.Reason.REVOKED, path.name
    damaged = bytearray(rl.read_bytes())
    damaged[-3] ^= 1
    rl.write_bytes(bytes(damaged))
    assert dict(explain(cert, anchor, revocations=rl, now=NOW).details)["revocation list"] == (
        "damaged: not checked")
