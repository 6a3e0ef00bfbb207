"""Sending a drafted ``.eml`` through the configured SMTP server, only when confirmed."""

from __future__ import annotations

import os
import smtplib
import ssl
from email import message_from_bytes, policy
from email.utils import getaddresses

from screeningroom_resources.i18n import _
from takedown.notices.errors import SendRefused
from takedown.notices.settings import SmtpSecurity, SmtpSettings


def recipients_of(eml: bytes) -> tuple[str, tuple[str, ...]]:
    """The From address and every To/Cc address of a message."""
    msg = message_from_bytes(eml, policy=policy.SMTP)
    sender = getaddresses([str(msg.get("From", ""))])
    to = getaddresses([str(v) for k in ("To", "Cc") for v in msg.get_all(k, [])])
    addresses = tuple(a for _n, a in to if a)
    if not sender or not sender[0][1] or not addresses:
        raise SendRefused(_("The message has no sender or no recipient; draft it again."))
    return sender[0][1], addresses


def send_eml(eml: bytes, smtp: SmtpSettings, *, confirmed: bool, timeout: float = 30.0) -> \
        tuple[str, ...]:
    """Send ``eml``; refuse unless ``confirmed``. Returns the addresses it went to."""
    if not confirmed:
        raise SendRefused(_("Not sent: sending needs explicit confirmation (--yes)."))
    if not smtp.host:
        raise SendRefused(
            _("Not sent: no SMTP server is configured (takedown notice smtp --host ...).")
        )
    sender, addresses = recipients_of(eml)
    password = os.environ.get(smtp.password_env, "") if smtp.password_env else ""
    try:
        if smtp.security is SmtpSecurity.TLS:
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                smtp.host, smtp.port, timeout=timeout, context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=timeout)
        with client:
            if smtp.security is SmtpSecurity.STARTTLS:
                client.starttls(context=ssl.create_default_context())
            if smtp.username:
                client.login(smtp.username, password)
            refused = client.sendmail(sender, list(addresses), eml)
    except (OSError, smtplib.SMTPException) as exc:
        raise SendRefused(
            _("Not sent: the SMTP server {host}:{port} answered: {reason}").format(
                host=smtp.host, port=smtp.port, reason=str(exc))
        ) from exc
    if refused:
        raise SendRefused(_("The server refused these recipients: {addresses}").format(
            addresses=", ".join(refused)))
    return addresses
