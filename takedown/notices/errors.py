"""Exceptions of notice drafting, contact parsing and sending."""

from __future__ import annotations

from collections.abc import Sequence

from screeningroom_resources.i18n import _
from takedown.errors import TakedownError, TakedownInputError

__all__ = [
    "ContactsNotFound",
    "InvalidNoticeField",
    "LumenRecordInvalid",
    "MissingNoticeField",
    "SendRefused",
    "SettingsInvalid",
]


class MissingNoticeField(TakedownInputError):
    """A notice cannot be drafted: one or more fields it needs are empty.

    ``fields`` holds their dotted names (``sender.phone``, ``work.register_number``,
    ``items[0].url``) in the order the notice uses them.
    """

    def __init__(self, target: str, fields: Sequence[str]) -> None:
        self.target = target
        self.fields = tuple(fields)
        super().__init__(
            _("The notice to {target} cannot be drafted: missing {fields}.").format(
                target=target, fields=", ".join(self.fields)
            )
        )


class InvalidNoticeField(TakedownInputError):
    """A field is present but unusable for this notice (a web link in a Telegram notice)."""

    def __init__(self, target: str, field: str, reason: str) -> None:
        self.target = target
        self.field = field
        super().__init__(
            _("The notice to {target} cannot be drafted: {field} {reason}").format(
                target=target, field=field, reason=reason
            )
        )


class ContactsNotFound(TakedownInputError):
    """RDAP or WHOIS text in which no usable contact could be found."""


class SettingsInvalid(TakedownInputError):
    """The desk's notice settings file is damaged or of an unknown version."""


class LumenRecordInvalid(TakedownError):
    """A Lumen record that lacks a documented field (a defect, not a user's mistake)."""


class SendRefused(TakedownError):
    """Sending was not confirmed, not configured, or the server refused the message."""
