"""Exceptions of the watermark library."""

from __future__ import annotations


class WatermarkError(Exception):
    """Base class. Exit code 1 in the command line."""

    exit_code = 1


class WatermarkInputError(WatermarkError):
    """A clip, key, payload or argument that cannot be used. Exit code 2."""

    exit_code = 2
