"""Signed updates of the station bundle.

The review office signs a bundle tarball with its root key (a *release record*, format in
docs/formats/station-update.md); a station installs it only when that record verifies
against the trust anchor it already holds, names this product, this platform and a newer
version, and the tarball matches the record's size and SHA-256. Front door:

- :func:`encode_release` (``archive, version, *, issuer_key, seal``) -> bytes;
  ``seal`` is :meth:`screeningroom.vault.Authority.seal`;
- :func:`check_release` (``data, anchor``) -> :class:`Release`;
- :func:`verify` (``release_file, anchor, *, archive=None``) -> (Release, tarball path);
- :func:`install` (``release_file, anchor, target``) -> :class:`Installed`: unpack beside
  the installed releases and swap ``target/current`` atomically.

Errors are in :mod:`screeningroom.updates.errors`.
"""

from screeningroom.updates.install import Installed, install, installed_version, verify
from screeningroom.updates.release import (
    MAGIC_RELEASE,
    Release,
    check_release,
    encode_release,
    parse_release,
)

__all__ = ["MAGIC_RELEASE", "Installed", "Release", "check_release", "encode_release",
           "install", "installed_version", "parse_release", "verify"]
