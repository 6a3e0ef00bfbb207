"""Exceptions of the watermark library.

Messages are English templates marked with :func:`N_` and formatted with named
placeholders; the command line translates them (``exc.template`` / ``exc.params``), so the
library itself needs no translation machinery.
"""

from __future__ import annotations

from collections.abc import Callable


def N_(message: str) -> str:
    """Mark ``message`` for translation (it is translated where it is shown)."""
    return message


class WatermarkError(Exception):
    """Base class. Exit code 1 in the command line."""

    exit_code = 1

    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(template.format(**params) if params else template)

    def translated(self, translate: Callable[[str], str]) -> str:
        """The message in another language, through ``translate`` (e.g. i18n's ``_``)."""
        text = translate(self.template)
        return text.format(**self.params) if self.params else text


class WatermarkInputError(WatermarkError):
    """A clip, key, payload or argument that cannot be used. Exit code 2."""

    exit_code = 2


class WatermarkCancelled(WatermarkError):
    """Long work (reading, indexing, detecting) stopped because the caller's ``cancelled()``
    returned true. Nothing was written."""


class MasterIndexError(WatermarkInputError):
    """Bytes that are not a master index this version can read (wrong magic, unknown
    version, damaged or truncated). Exit code 2."""
