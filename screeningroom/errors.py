"""The root of the station's exceptions. Each layer has its own ``errors.py`` whose
classes derive from these; every message says what happened and what to do."""

from __future__ import annotations


class ScreeningRoomError(Exception):
    """Something a person can act on: refused, invalid, or missing. Exit code 1."""

    exit_code = 1


class BadInput(ScreeningRoomError):
    """A file, value or argument that is not what the command takes. Exit code 2."""

    exit_code = 2
