"""Every way a station update is refused (exit code 1) or badly asked for (exit code 2)."""

from __future__ import annotations

from screeningroom.errors import BadInput, ScreeningRoomError


class UpdateError(ScreeningRoomError):
    """A station update refused: nothing was installed or changed."""


class UpdateInputError(BadInput, UpdateError):
    """A file or value the update commands do not take."""


class NotSignedByOffice(UpdateError):
    """The release record is damaged, or signed by another key than the trust anchor's."""


class ArchiveMismatch(UpdateError):
    """The tarball is not the one the release record names (size or SHA-256 differ)."""


class NotForThisStation(UpdateError):
    """A release of another product or platform."""


class Downgrade(UpdateError):
    """A release older than the one installed (or the same version with other contents)."""


class BadArchive(UpdateError):
    """The tarball does not hold one bundle folder, or holds unsafe entries."""
