"""Signed station updates: the release record, its checks, and the atomic install."""

from __future__ import annotations

import io
import os
import tarfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from screeningroom import cli
from screeningroom.updates import check_release, encode_release, install, installed_version
from screeningroom.updates.errors import (
    ArchiveMismatch,
    BadArchive,
    Downgrade,
    NotForThisStation,
    NotSignedByOffice,
)
from screeningroom.updates.release import MAGIC_RELEASE, parse_release, platform_tag
from screeningroom.vault import init_authority, load_authority
from screeningroom.vault.encoding import MAGIC_LICENSE
from screeningroom.vault.errors import VaultInputError
from screeningroom.vault.keyfile import ScryptParams

CHEAP = ScryptParams(10, 8, 1)
PASSPHRASE = "office passphrase 2026"
T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def make_bundle(folder: Path, version: str, *, extra: dict[str, bytes] | None = None,
                top: str = "screeningroom-station") -> Path:
    """A small bundle tarball: one top folder with an executable ``screeningroom``."""
    tarball = folder / f"screeningroom-station-{version}-{platform_tag()}.tar.gz"
    files = {f"{top}/screeningroom": f"#!/bin/sh\necho screeningroom {version}\n".encode(),
             f"{top}/_internal/data.txt": version.encode(), **(extra or {})}
    with tarfile.open(tarball, "w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o755 if name.endswith("/screeningroom") else 0o644
            tar.addfile(info, io.BytesIO(data))
    return tarball


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    init_authority("Test review office", PASSPHRASE, folder=tmp_path / "office", scrypt=CHEAP,
                   now=T0)
    return load_authority(PASSPHRASE, folder=tmp_path / "office")


def sign(office, tarball: Path, version: str, **options) -> Path:  # type: ignore[no-untyped-def]
    data = encode_release(tarball, version, issuer_key=office.anchor.public_key,
                          seal=office.seal, now=T0, **options)
    out = tarball.with_name(tarball.name + ".sru")
    out.write_bytes(data)
    return out


def test_a_signed_release_names_its_tarball(office, tmp_path: Path) -> None:
    tarball = make_bundle(tmp_path, "1.2.0")
    release = check_release(sign(office, tarball, "1.2.0").read_bytes(), office.anchor)
    assert (release.version, release.platform, release.archive_name) == (
        "1.2.0", platform_tag(), tarball.name)
    assert release.archive_size == tarball.stat().st_size
    assert release.issued_at == T0
    assert release.version_key == (1, 2, 0, 0)


def test_another_office_or_a_changed_byte_is_refused(office, tmp_path: Path) -> None:
    tarball = make_bundle(tmp_path, "1.0.0")
    data = sign(office, tarball, "1.0.0").read_bytes()
    init_authority("Other office", PASSPHRASE, folder=tmp_path / "other", scrypt=CHEAP)
    other = load_authority(PASSPHRASE, folder=tmp_path / "other")
    with pytest.raises(NotSignedByOffice, match="another review office"):
        check_release(data, other.anchor)
    for at in (20, len(data) // 2, len(data) - 1):
        bent = bytearray(data)
        bent[at] ^= 0x01
        with pytest.raises(NotSignedByOffice):
            check_release(bytes(bent), office.anchor)
    with pytest.raises(NotSignedByOffice, match="not a release file"):
        check_release(b"SRLICE\r\n" + data[8:], office.anchor)


def test_a_release_for_another_platform_is_refused(office, tmp_path: Path) -> None:
    tarball = make_bundle(tmp_path, "1.0.0")
    data = sign(office, tarball, "1.0.0", platform="linux-aarch64").read_bytes()
    with pytest.raises(NotForThisStation, match="linux-aarch64"):
        check_release(data, office.anchor, platform="linux-x86_64")


def test_the_root_key_seals_no_vault_record_for_others(office) -> None:
    with pytest.raises(VaultInputError):
        office.seal(MAGIC_LICENSE, b"")
    assert parse_release.__module__  # the release magic is accepted
    assert office.seal(MAGIC_RELEASE, b"")[:8] == MAGIC_RELEASE


def test_install_swaps_current_and_refuses_older_or_altered(office, tmp_path: Path) -> None:
    target = tmp_path / "opt"
    first = sign(office, make_bundle(tmp_path, "1.0.0"), "1.0.0")
    done = install(first, office.anchor, target)
    assert done.changed and done.previous is None
    assert os.readlink(target / "current") == "releases/1.0.0"
    assert (target / "current" / "screeningroom").stat().st_mode & 0o111
    assert (target / "releases" / "1.0.0.sru").read_bytes() == first.read_bytes()

    again = install(first, office.anchor, target)
    assert not again.changed

    newer = sign(office, make_bundle(tmp_path, "1.1.0"), "1.1.0")
    done = install(newer, office.anchor, target)
    assert (done.version, done.previous) == ("1.1.0", "1.0.0")
    assert installed_version(target) == "1.1.0"
    assert (target / "releases" / "1.0.0").is_dir()  # kept for going back by hand

    with pytest.raises(Downgrade, match="older"):
        install(first, office.anchor, target)
    (tmp_path / "x").mkdir()
    other = make_bundle(tmp_path / "x", "1.1.0", extra={"screeningroom-station/new": b"!"})
    other_copy = sign(office, other, "1.1.0")
    with pytest.raises(Downgrade, match="other contents"):
        install(other_copy, office.anchor, target)
    assert installed_version(target) == "1.1.0"
    assert not list((target / ".staging").iterdir())


def test_a_replaced_tarball_changes_nothing(office, tmp_path: Path) -> None:
    target = tmp_path / "opt"
    install(sign(office, make_bundle(tmp_path, "1.0.0"), "1.0.0"), office.anchor, target)
    tarball = make_bundle(tmp_path, "2.0.0")
    release = sign(office, tarball, "2.0.0")
    data = bytearray(tarball.read_bytes())
    data[len(data) // 2] ^= 0x40
    tarball.write_bytes(bytes(data))
    with pytest.raises(ArchiveMismatch):
        install(release, office.anchor, target)
    assert installed_version(target) == "1.0.0"
    assert sorted(p.name for p in (target / "releases").iterdir()) == ["1.0.0", "1.0.0.sru"]


@pytest.mark.parametrize("entries", [
    {"screeningroom-station/screeningroom": b"x", "elsewhere/file": b"y"},
    {"screeningroom-station/screeningroom": b"x", "screeningroom-station/../../evil": b"y"},
    {"screeningroom-station/readme": b"no program"},
])
def test_a_signed_but_unsafe_tarball_is_not_unpacked(office, tmp_path: Path,
                                                     entries: dict[str, bytes]) -> None:
    tarball = tmp_path / "bad.tar.gz"
    with tarfile.open(tarball, "w:gz") as tar:
        for name, data in entries.items():
            info = tarfile.TarInfo(name)
            info.size, info.mode = len(data), 0o755
            tar.addfile(info, io.BytesIO(data))
    target = tmp_path / "opt"
    with pytest.raises(BadArchive):
        install(sign(office, tarball, "1.0.0"), office.anchor, target)
    assert installed_version(target) is None
    assert not (tmp_path / "evil").exists()
    assert not (target / "releases" / "1.0.0").exists()


def test_old_releases_are_pruned(office, tmp_path: Path) -> None:
    target = tmp_path / "opt"
    for minor in range(5):
        version = f"1.{minor}.0"
        install(sign(office, make_bundle(tmp_path, version), version), office.anchor, target)
    kept = sorted(p.name for p in (target / "releases").iterdir() if p.is_dir())
    assert kept == ["1.2.0", "1.3.0", "1.4.0"]


def test_commands_sign_verify_install(office, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    tarball = make_bundle(tmp_path, "3.0.1")
    secret = tmp_path / "pass"
    secret.write_text(PASSPHRASE + "\n")
    os.environ["SCREENINGROOM_HOME"] = str(tmp_path)
    os.environ.pop("SCREENINGROOM_PASSPHRASE", None)
    try:
        (tmp_path / "authority").symlink_to(tmp_path / "office")
        assert cli.main(["update", "sign", str(tarball), "--version", "3.0.1",
                         "--passphrase-file", str(secret)]) == 0
    finally:
        del os.environ["SCREENINGROOM_HOME"]
    release = tarball.with_name(tarball.name + ".sru")
    anchor = tmp_path / "office" / "anchor.sra"
    assert cli.main(["update", "verify", str(release), "--anchor", str(anchor)]) == 0
    assert "VALID" in capsys.readouterr().out
    target = tmp_path / "opt"
    args = ["update", "install", str(release), "--anchor", str(anchor), "--target", str(target)]
    assert cli.main(args) == 0
    assert "3.0.1" in capsys.readouterr().out
    assert cli.main(args) == 0
    assert "nothing changed" in capsys.readouterr().out
    tarball.write_bytes(b"not the tarball")
    assert cli.main(["update", "verify", str(release), "--anchor", str(anchor)]) == 1
    err = capsys.readouterr().err
    assert "SHA-256" in err and "Traceback" not in err
    assert cli.main(["update", "verify", str(tmp_path / "missing.sru"), "--anchor",
                     str(anchor)]) == 2
    assert "Cannot read" in capsys.readouterr().err


VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "update"


def test_the_release_vector_reads_and_is_rebuilt_byte_for_byte() -> None:
    import json
    import runpy

    from screeningroom.updates.release import archive_digest, check_archive
    from screeningroom.vault.checks import load_anchor

    inputs = json.loads((VECTORS / "vectors.json").read_text())
    data = (VECTORS / "release.sru").read_bytes()
    release = check_release(data, load_anchor((VECTORS / "anchor.sra").read_bytes()),
                            platform=inputs["platform"])
    assert (release.version, release.archive_name) == (inputs["version"],
                                                       inputs["archive_name"])
    assert release.issued_at.isoformat() == inputs["issued_at"]
    check_archive(release, *archive_digest(io.BytesIO(bytes.fromhex(inputs["archive_hex"]))))
    built = runpy.run_path(str(VECTORS / "generate.py"))["build"]()
    assert built["release.sru"] == data
    assert built["anchor.sra"] == (VECTORS / "anchor.sra").read_bytes()


def test_two_installs_at_once_take_turns(office, tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    target = tmp_path / "opt"
    release = sign(office, make_bundle(tmp_path, "2.0.0"), "2.0.0")
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda _i: install(release, office.anchor, target), range(2)))
    assert sorted(r.changed for r in results) == [False, True]
    assert installed_version(target) == "2.0.0"
    assert sorted(p.name for p in (target / "releases").iterdir()) == ["2.0.0", "2.0.0.sru"]
