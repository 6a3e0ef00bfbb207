"""The release record: the review office's signed statement that one bundle tarball is
version V of the station software (layout in docs/formats/station-update.md, vectors in
tests/vectors/update/).

It is a vault envelope (``docs/formats/envelope.md``) with magic ``SRUPDT\\r\\n``, signed
with the office's root key, so a station checks it with the trust anchor it already has.
The tarball itself is named by its size and SHA-256.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from screeningroom.updates.errors import (
    ArchiveMismatch,
    NotForThisStation,
    NotSignedByOffice,
    UpdateInputError,
)
from screeningroom.vault.encoding import (
    SIGNATURE_SIZE,
    Body,
    Fields,
    FormatError,
    open_envelope,
    signature_ok,
)
from screeningroom.vault.model import TrustAnchor
from screeningroom_resources.i18n import _

MAGIC_RELEASE = b"SRUPDT\r\n"
SUFFIX = ".sru"
PRODUCT = "screeningroom-station"
_VERSION = re.compile(r"^\d{1,6}(\.\d{1,6}){0,3}$")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,200}$")
_CHUNK = 1 << 20

#: ``seal(magic, body) -> signed envelope``: the office's root key (``Authority.seal``).
Sealer = Callable[[bytes, bytes], bytes]


@dataclass(frozen=True)
class Release:
    product: str
    version: str
    platform: str
    archive_name: str
    archive_size: int
    archive_sha256: bytes
    issued_at: datetime
    issuer_key: bytes
    signed_bytes: bytes

    @property
    def version_key(self) -> tuple[int, ...]:
        return version_key(self.version)


def version_key(version: str) -> tuple[int, ...]:
    """``"1.2.10"`` -> ``(1, 2, 10, 0)``: versions compare by their numbers."""
    if not _VERSION.match(version):
        raise UpdateInputError(
            _("{version!r} is not a version like 1.4.2 (numbers and dots only).").format(
                version=version))
    parts = tuple(int(p) for p in version.split("."))
    return parts + (0,) * (4 - len(parts))


def platform_tag() -> str:
    """The platform a bundle is built for, as in its tarball's name (``linux-x86_64``)."""
    import platform
    import sys

    return f"{sys.platform.removesuffix('2')}-{platform.machine()}"


def archive_digest(source: BinaryIO, sink: BinaryIO | None = None) -> tuple[int, bytes]:
    """(size, SHA-256) of ``source`` read to its end, copying into ``sink`` when given."""
    digest, size = hashlib.sha256(), 0
    while block := source.read(_CHUNK):
        digest.update(block)
        size += len(block)
        if sink is not None:
            sink.write(block)
    return size, digest.digest()


def file_digest(path: Path) -> tuple[int, bytes]:
    """(size, SHA-256) of the file ``path``."""
    try:
        with Path(path).open("rb") as fh:
            return archive_digest(fh)
    except OSError as exc:
        raise UpdateInputError(_("Cannot read {path}: {error}").format(
            path=path, error=exc.strerror)) from exc


def encode_release(
    archive: Path, version: str, *, issuer_key: bytes, seal: Sealer,
    platform: str | None = None, now: datetime | None = None,
) -> bytes:
    """The release record of the tarball ``archive``, sealed by ``seal`` (the office's root
    key, whose public half is ``issuer_key``)."""
    archive = Path(archive)
    version_key(version)
    if not _NAME.match(archive.name):
        raise UpdateInputError(
            _("The tarball's name {name!r} has characters a release cannot carry; rename it "
              "(letters, digits, dots, dashes).").format(name=archive.name))
    size, sha = file_digest(archive)
    moment = now or datetime.now(UTC)
    body = (
        Body().text(1, PRODUCT).text(2, version).text(3, platform or platform_tag())
        .text(4, archive.name).u64(5, size).raw(6, sha).time(7, moment).raw(8, issuer_key)
    )
    return seal(MAGIC_RELEASE, body.encode())


def parse_release(data: bytes) -> Release:
    """The record's fields (layout only; :func:`check_release` checks the signature)."""
    try:
        _signed, body, _sig = open_envelope(bytes(data), MAGIC_RELEASE)
        f = Fields(body)
        release = Release(
            product=f.text(1), version=f.text(2), platform=f.text(3), archive_name=f.text(4),
            archive_size=f.u64(5), archive_sha256=f.raw(6, 32), issued_at=f.time(7),
            issuer_key=f.raw(8, 32), signed_bytes=bytes(data),
        )
        f.done()
    except FormatError as exc:
        raise NotSignedByOffice(
            _("This release file is damaged or is not a release file; ask the review office "
              "for it again.")) from exc
    if not _NAME.match(release.archive_name):
        raise NotSignedByOffice(_("This release file names no valid tarball."))
    return release


def check_release(data: bytes, anchor: TrustAnchor, *, platform: str | None = None) -> Release:
    """A release record signed by ``anchor``'s key, for this product and platform."""
    release = parse_release(data)
    if release.issuer_key != anchor.public_key:
        raise NotSignedByOffice(
            _("The release {version} was signed by another review office, not by {office}: "
              "do not install it.").format(version=release.version, office=anchor.name))
    signed = bytes(data)[:-SIGNATURE_SIZE]
    if not signature_ok(anchor.public_key, signed, bytes(data)[-SIGNATURE_SIZE:]):
        raise NotSignedByOffice(
            _("The release file {version} is damaged or altered: do not install it; ask the "
              "review office for it again.").format(version=release.version))
    if release.product != PRODUCT or release.platform != (platform or platform_tag()):
        raise NotForThisStation(
            _("This release is {product} for {platform}, not the review station for "
              "{here}.").format(product=release.product, platform=release.platform,
                                here=platform or platform_tag()))
    version_key(release.version)
    return release


def check_archive(release: Release, size: int, sha256: bytes) -> None:
    if size != release.archive_size or sha256 != release.archive_sha256:
        raise ArchiveMismatch(
            _("The tarball is not the one release {version} names (its size or SHA-256 "
              "differ): it was damaged or replaced. Ask the review office for "
              "{name} again.").format(version=release.version, name=release.archive_name))
