"""Exceptions of the takedown desk."""

from __future__ import annotations

from screeningroom.errors import BadInput, ScreeningRoomError


class TakedownError(ScreeningRoomError):
    """Refused or not possible. Exit code 1."""


class TakedownInputError(BadInput, TakedownError):
    """A clip, link or argument that cannot be used. Exit code 2."""


class BadLink(TakedownInputError):
    """A "seen at" link that is neither a Telegram message link nor a website address."""


class BadClip(TakedownInputError):
    """A clip that is empty, not a video, or truncated."""


class BadIndex(TakedownError):
    """A fingerprint index file that is damaged or of an unknown version."""


class FilmNotIndexed(TakedownError):
    """A film the desk has no fingerprint index for."""


class BundleRefused(TakedownError):
    """An audit bundle whose signatures or hash chain do not verify."""


class CaseNotFound(TakedownInputError):
    """A case id the desk does not know."""


class DeskNotReady(TakedownError):
    """The desk lacks something a step needs (an enrolled station, a license, a master)."""
