"""Provisioning with its OS-package part, into a real Debian 12 root made by debootstrap
(slow: the first run fetches a minimal system, about 200 MB, and caches it as a tarball
in ~/.cache/screeningroom/; the X packages are fetched on every run)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "installer" / "provision-station.sh"
SUITE = "bookworm"
STATION_PASSPHRASE = "station nine passphrase"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.geteuid() != 0, reason="debootstrap and chroot need root"),
    pytest.mark.skipif(shutil.which("debootstrap") is None,
                       reason="debootstrap is not installed (installer/bootstrap.sh)"),
]


def cached_debian() -> Path:
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "screeningroom"
    tarball = cache / f"debootstrap-{SUITE}-minbase.tar"
    if not tarball.exists():
        cache.mkdir(parents=True, exist_ok=True)
        work = cache / f"debootstrap-{SUITE}.work"
        shutil.rmtree(work, ignore_errors=True)
        subprocess.run(["debootstrap", "--variant=minbase", SUITE, str(work)], check=True,
                       capture_output=True, timeout=1800)
        subprocess.run(["tar", "-C", str(work), "-cf", f"{tarball}.part", "."], check=True)
        os.replace(f"{tarball}.part", tarball)
        shutil.rmtree(work)
    return tarball


def in_root(root: Path, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["chroot", str(root), *command], capture_output=True, text=True,
                          timeout=1800, env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
                                             "DEBIAN_FRONTEND": "noninteractive"})


def installed(root: Path, package: str) -> bool:
    done = in_root(root, "dpkg-query", "-W", "-f=${Status}", package)
    return "install ok installed" in done.stdout


def test_packages_are_installed_and_capture_tools_purged(  # type: ignore[no-untyped-def]
        tmp_path: Path, venv_bundle, sign) -> None:
    root = tmp_path / "debian"
    root.mkdir()
    subprocess.run(["tar", "-C", str(root), "-xf", str(cached_debian())], check=True)
    assert in_root(root, "apt-get", "update", "-qq").returncode == 0
    planted = in_root(root, "apt-get", "install", "-y", "-qq", "--no-install-recommends",
                      "scrot")
    assert planted.returncode == 0 and installed(root, "scrot"), planted.stderr

    secret = tmp_path / "station.pass"
    secret.write_text(STATION_PASSPHRASE)
    tarball = venv_bundle(tmp_path / "from-office", "0.1.0")
    args = ["bash", str(SCRIPT), "--root", str(root),
            "--anchor", str(tmp_path / "office" / "anchor.sra"), "--name", "Station 9",
            "--room", "Hall 4", "--passphrase-file", str(secret), "--bundle", str(tarball),
            "--release", str(sign(tarball, "0.1.0"))]
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCREENINGROOM_")}
    first = subprocess.run(args, capture_output=True, text=True, timeout=3600, env=env)
    assert first.returncode == 0, first.stderr[-3000:]
    assert "removing scrot" in first.stderr

    assert not installed(root, "scrot") and not (root / "usr/bin/scrot").exists()
    for package in ("xserver-xorg-core", "xinit", "xauth", "fonts-dejavu-core",
                    "libgl1-mesa-dri"):
        assert installed(root, package), package
    for program in ("usr/bin/startx", "usr/bin/xinit", "usr/bin/Xorg", "usr/bin/xauth"):
        assert (root / program).exists(), program
    again = in_root(root, "apt-get", "install", "-s", "scrot")
    assert again.returncode != 0 and "scrot" in again.stderr  # pinned away
    assert not (root / "usr/sbin/policy-rc.d").exists()
    assert os.readlink(root / "opt/screeningroom/current") == "releases/0.1.0"

    second = subprocess.run(args, capture_output=True, text=True, timeout=3600, env=env)
    assert second.returncode == 0, second.stderr[-3000:]
    for word in ("installing", "removing", "wrote ", "added the user"):
        assert word not in second.stderr, second.stderr
