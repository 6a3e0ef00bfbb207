"""Installing a signed station bundle: check, unpack beside the installed ones, swap.

The install folder (``/opt/screeningroom`` on a provisioned station)::

    releases/<version>/            one unpacked bundle (the tarball's single top folder)
    releases/<version>.sru         the release record it was installed from
    current -> releases/<version>  what the kiosk session starts
    .staging/                      private work folder (0700), emptied after each run
    .lock                          held while an install runs (one at a time)

Nothing is changed until the record is signed by the trust anchor, is for this product
and platform, is newer than the installed one, and the tarball matches its size and
SHA-256 (checked on a private copy, so the file cannot be swapped between the check and
the unpacking). The tarball is unpacked with the ``data`` filter (no absolute paths, no
``..``, no links out, no devices, no setuid bits), then ``current`` is replaced by
``rename(2)``: at every moment it names a complete bundle. The running app keeps its
files; the new version starts with the next session.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from screeningroom.updates.errors import BadArchive, Downgrade, UpdateInputError
from screeningroom.updates.release import (
    SUFFIX,
    Release,
    archive_digest,
    check_archive,
    check_release,
    file_digest,
    version_key,
)
from screeningroom.vault.commands import _read as read_file  # the vault's one file reader
from screeningroom.vault.files import atomic_write
from screeningroom.vault.model import TrustAnchor
from screeningroom_resources.i18n import _

RELEASES = "releases"
CURRENT = "current"
STAGING = ".staging"
LOCK = ".lock"
PROGRAM = "screeningroom"
KEEP = 3


@dataclass(frozen=True)
class Installed:
    version: str
    path: Path
    previous: str | None
    changed: bool
    removed: tuple[str, ...] = ()


def installed_version(target: Path) -> str | None:
    """The version ``current`` points at, or None before the first install."""
    link = Path(target) / CURRENT
    if not link.is_symlink():
        return None
    return Path(os.readlink(link)).name


def installed_release(target: Path, anchor: TrustAnchor,
                      platform: str | None = None) -> Release | None:
    """The record of the installed version (None when there is none or it was placed by
    hand without one)."""
    version = installed_version(target)
    record = Path(target) / RELEASES / f"{version}{SUFFIX}"
    if version is None or not record.is_file():
        return None
    return check_release(record.read_bytes(), anchor, platform=platform)


def verify(release_file: Path, anchor: TrustAnchor, *, archive: Path | None = None,
           platform: str | None = None) -> tuple[Release, Path]:
    """The checked record and its tarball (named by the record, beside it, by default)."""
    release = check_release(read_file(release_file), anchor, platform=platform)
    tarball = Path(archive) if archive else Path(release_file).parent / release.archive_name
    check_archive(release, *file_digest(tarball))
    return release, tarball


def install(release_file: Path, anchor: TrustAnchor, target: Path, *,
            archive: Path | None = None, platform: str | None = None,
            keep: int = KEEP) -> Installed:
    """Install the bundle of ``release_file`` into ``target`` (see the module's text)."""
    if keep < 1:
        raise UpdateInputError(_("Keep at least one release."))
    target = Path(target)
    data = read_file(release_file)
    release = check_release(data, anchor, platform=platform)
    tarball = Path(archive) if archive else Path(release_file).parent / release.archive_name
    with _locked(target):
        before = installed_release(target, anchor, platform)
        if before is not None and before.version_key == release.version_key:
            if before.archive_sha256 != release.archive_sha256:
                raise Downgrade(
                    _("Version {version} is installed already with other contents: a "
                      "release with a new version number is needed.").format(
                        version=release.version))
            return Installed(release.version, target / RELEASES / before.version, None, False)
        if before is not None and before.version_key > release.version_key:
            raise Downgrade(
                _("Version {new} is older than the installed {old}: it is not installed.")
                .format(new=release.version, old=before.version))
        return _unpack_and_swap(data, release, tarball, target, keep)


def _unpack_and_swap(data: bytes, release: Release, tarball: Path, target: Path,
                     keep: int) -> Installed:
    releases = target / RELEASES
    releases.mkdir(parents=True, exist_ok=True)
    staging = target / STAGING
    staging.mkdir(mode=0o700, exist_ok=True)
    os.chmod(staging, 0o700)
    work = Path(tempfile.mkdtemp(prefix="install-", dir=staging))
    try:
        copy = work / "bundle.tar.gz"
        try:
            with tarball.open("rb") as src, copy.open("wb") as dst:
                size, sha = archive_digest(src, dst)
        except OSError as exc:
            raise UpdateInputError(_("Cannot read {path}: {error}").format(
                path=tarball, error=exc.strerror)) from exc
        check_archive(release, size, sha)
        top = _unpack(copy, work / "unpacked")
        dest = releases / release.version
        if dest.exists():  # left by an attempt that stopped before the swap
            shutil.rmtree(dest)
        os.rename(top, dest)
        atomic_write(releases / f"{release.version}{SUFFIX}", data)
        previous = installed_version(target)
        _point_current(target, f"{RELEASES}/{release.version}")
        removed = _prune(target, keep)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return Installed(release.version, dest, previous, True, removed)


@contextlib.contextmanager
def _locked(target: Path) -> Iterator[None]:
    """One install at a time in ``target`` (the updater and a person may both start one)."""
    target.mkdir(parents=True, exist_ok=True)
    fd = os.open(target / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _unpack(archive: Path, into: Path) -> Path:
    """The single top folder of ``archive``, unpacked safely into ``into``."""
    bad = BadArchive(_("The tarball does not hold one station bundle folder with the "
                       "'{program}' program in it.").format(program=PROGRAM))
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tops = {Path(m.name).parts[0] for m in tar.getmembers() if Path(m.name).parts}
            if len(tops) != 1:
                raise bad
            tar.extractall(into, filter="data")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BadArchive(_("The tarball cannot be unpacked safely: {error}").format(
            error=exc)) from exc
    top = into / tops.pop()
    program = top / PROGRAM
    if not (top.is_dir() and program.is_file() and os.access(program, os.X_OK)):
        raise bad
    return top


def _point_current(target: Path, relative: str) -> None:
    tmp = target / f".{CURRENT}.{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    os.symlink(relative, tmp)
    os.replace(tmp, target / CURRENT)
    fd = os.open(target, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _prune(target: Path, keep: int) -> tuple[str, ...]:
    """Remove all but the current release and the ``keep - 1`` newest others."""
    releases = target / RELEASES
    current = installed_version(target)
    versions = []
    for folder in releases.iterdir():
        if folder.is_dir() and folder.name != current:
            try:
                versions.append((version_key(folder.name), folder.name))
            except UpdateInputError:
                continue  # not ours: left alone
    versions.sort(reverse=True)
    removed = []
    for _key, name in versions[keep - 1:]:
        shutil.rmtree(releases / name)
        with contextlib.suppress(FileNotFoundError):
            (releases / f"{name}{SUFFIX}").unlink()
        removed.append(name)
    return tuple(removed)
