"""Exceptions of the takedown desk."""

from __future__ import annotations

from screeningroom.errors import BadInput, ScreeningRoomError


class TakedownError(ScreeningRoomError):
    """Refused or not possible. Exit code 1."""


class TakedownInputError(BadInput, TakedownError):
    """A clip, link or argument that cannot be used. Exit code 2."""
