"""A ready-to-send e-mail (``.eml``, RFC 5322) with attachments, from the stdlib.

UTF-8 throughout (Kazakh and Russian subjects are encoded per RFC 2047 by the stdlib),
a Message-ID and a Date, the body as plain text, attachments base64.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid

from screeningroom.documents.errors import DocumentError
from screeningroom_resources.i18n import _


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mime_type: str = "application/pdf"


@dataclass(frozen=True)
class Address:
    email: str
    name: str = ""

    def header(self) -> str:
        return formataddr((self.name, self.email)) if self.name else self.email


def _check_address(address: Address, role: str) -> None:
    local, at, domain = address.email.partition("@")
    if not at or not local or "." not in domain or any(c in address.email for c in " \r\n<>,"):
        raise DocumentError(
            _("The {role} address '{address}' is not an e-mail address.").format(
                role=role, address=address.email
            )
        )


def build_eml(
    *,
    sender: Address,
    to: Sequence[Address],
    subject: str,
    body: str,
    attachments: Sequence[Attachment] = (),
    cc: Sequence[Address] = (),
    reply_to: Address | None = None,
    language: str = "en",
    now: _dt.datetime | None = None,
    message_id: str | None = None,
) -> bytes:
    """The message as bytes (CRLF line ends, as an ``.eml`` file and SMTP want them)."""
    if not to:
        raise DocumentError(_("An e-mail needs at least one recipient."))
    _check_address(sender, _("sender"))
    for address in (*to, *cc):
        _check_address(address, _("recipient"))
    if "\n" in subject or "\r" in subject:
        subject = " ".join(subject.split())
    # Long lines (up to RFC 5322's 998) keep a Kazakh or Russian subject in one encoded
    # word: the stdlib folds encoded words in a way that loses the space at the fold.
    msg = EmailMessage(policy=policy.SMTP.clone(max_line_length=998))
    msg["From"] = sender.header()
    msg["To"] = ", ".join(a.header() for a in to)
    if cc:
        msg["Cc"] = ", ".join(a.header() for a in cc)
    if reply_to is not None:
        _check_address(reply_to, _("reply-to"))
        msg["Reply-To"] = reply_to.header()
    msg["Subject"] = subject
    when = now or _dt.datetime.now(_dt.UTC)
    msg["Date"] = format_datetime(when if when.tzinfo else when.replace(tzinfo=_dt.UTC))
    domain = sender.email.partition("@")[2]
    msg["Message-ID"] = message_id or make_msgid(domain=domain)
    msg["Content-Language"] = language
    msg.set_content(body, charset="utf-8", cte="quoted-printable")
    for item in attachments:
        maintype, _sep, subtype = item.mime_type.partition("/")
        msg.add_attachment(
            item.content, maintype=maintype, subtype=subtype, filename=item.filename
        )
    return msg.as_bytes()
