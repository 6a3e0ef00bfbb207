"""What the provisioning tests share: a review office, stand-in bundles, signing."""

from __future__ import annotations

import io
import sys
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest

from screeningroom.updates import encode_release
from screeningroom.updates.release import platform_tag
from screeningroom.vault import init_authority, load_authority
from screeningroom.vault.keyfile import ScryptParams

OFFICE_PASSPHRASE = "office passphrase 2026"


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A review office in tmp_path/office (its anchor: tmp_path/office/anchor.sra)."""
    init_authority("Review office", OFFICE_PASSPHRASE, folder=tmp_path / "office",
                   scrypt=ScryptParams(10, 8, 1))
    return load_authority(OFFICE_PASSPHRASE, folder=tmp_path / "office")


def make_venv_bundle(folder: Path, version: str) -> Path:
    """A stand-in bundle tarball whose 'screeningroom' runs this checkout's environment
    (building the real one takes minutes; the slow bundle test does that)."""
    folder.mkdir(parents=True, exist_ok=True)
    program = Path(sys.executable).with_name("screeningroom")
    tarball = folder / f"screeningroom-station-{version}-{platform_tag()}.tar.gz"
    script = f'#!/bin/sh\n# bundle {version}\nexec "{program}" "$@"\n'.encode()
    with tarfile.open(tarball, "w:gz") as tar:
        info = tarfile.TarInfo("screeningroom-station/screeningroom")
        info.size, info.mode = len(script), 0o755
        tar.addfile(info, io.BytesIO(script))
    return tarball


def make_sign(office) -> Callable[[Path, str], Path]:  # type: ignore[no-untyped-def]
    """Sign a tarball as release VERSION; the release file is written beside it."""

    def signed(tarball: Path, version: str) -> Path:
        out = tarball.with_name(tarball.name + ".sru")
        out.write_bytes(encode_release(tarball, version, issuer_key=office.anchor.public_key,
                                       seal=office.seal))
        return out

    return signed


@pytest.fixture(scope="session")
def venv_bundle() -> Callable[[Path, str], Path]:
    return make_venv_bundle


@pytest.fixture(scope="session")
def signer_for():  # type: ignore[no-untyped-def]
    """``signer_for(office)``: the signing function of another office than ``office``'s."""
    return make_sign


@pytest.fixture
def sign(office) -> Callable[[Path, str], Path]:  # type: ignore[no-untyped-def]
    return make_sign(office)
