"""Exceptions of the document renderer (PDF, plain text, e-mail)."""

from __future__ import annotations

from screeningroom.errors import BadInput, ScreeningRoomError


class DocumentError(ScreeningRoomError):
    """A document could not be produced. Exit code 1."""


class FontMissing(DocumentError):
    """The Unicode font that Kazakh and Russian text needs is not installed."""


class TemplateMissing(DocumentError):
    """No template of that name (in that language) is bundled."""


class TemplateFailed(DocumentError):
    """A template refers to something the context does not hold, or is malformed."""


class BadImage(BadInput, DocumentError):
    """An image handed to a document is not a PNG or JPEG. Exit code 2."""
