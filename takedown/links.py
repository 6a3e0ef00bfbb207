"""Where a clip was seen: a Telegram message link or a website address, checked and
normalised before anything is written."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from screeningroom_resources.i18n import _
from takedown.errors import BadLink


class LinkKind(enum.Enum):
    TELEGRAM_PUBLIC = "telegram-public"    # t.me/<channel>/<msg>
    TELEGRAM_PREVIEW = "telegram-preview"  # t.me/s/<channel>/<msg> (web preview)
    TELEGRAM_PRIVATE = "telegram-private"  # t.me/c/<internal id>/<msg> (members only)
    WEBSITE = "website"


@dataclass(frozen=True)
class SeenAt:
    """A normalised link: ``url`` is the canonical https form."""

    kind: LinkKind
    url: str
    host: str
    channel: str | None = None
    message_id: int | None = None

    @property
    def is_telegram(self) -> bool:
        return self.kind is not LinkKind.WEBSITE


_TG_HOSTS = {"t.me", "telegram.me", "www.t.me", "www.telegram.me"}
# Telegram usernames: 5-32 characters, letters, digits and underscores, starting with a letter.
_USERNAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")
_NUMBER = re.compile(r"^[0-9]{1,19}$")
_HOSTNAME = re.compile(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z]{2,63}|xn--[a-z0-9-]{1,59})$"
)


def parse_link(text: str) -> SeenAt:
    """Check ``text`` and return it normalised; raise :class:`BadLink` naming the problem."""
    raw = (text or "").strip()
    if not raw:
        raise BadLink(_("The link is empty: give the address where the clip was seen."))
    candidate = raw if "://" in raw else "https://" + raw
    try:
        parts = urlsplit(candidate)
        port = parts.port
    except ValueError as exc:
        raise BadLink(_("Not a valid link: {link}").format(link=raw)) from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise BadLink(
            _("Only http and https links are accepted, not {scheme}: {link}").format(
                scheme=parts.scheme, link=raw
            )
        )
    host = (parts.hostname or "").lower().rstrip(".")
    if host in _TG_HOSTS:
        return _telegram(raw, parts.path)
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        ascii_host = ""
    if not _HOSTNAME.match(ascii_host):
        raise BadLink(_("The link has no valid host name: {link}").format(link=raw))
    if parts.username or parts.password:
        raise BadLink(_("The link carries a user name or password; remove them: {link}").format(
            link=raw))
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    path = parts.path or "/"
    url = f"https://{netloc}{path}" if parts.scheme.lower() == "https" else f"http://{netloc}{path}"
    if parts.query:
        url += "?" + parts.query
    return SeenAt(kind=LinkKind.WEBSITE, url=url, host=host)


def _telegram(raw: str, path: str) -> SeenAt:
    segs = [s for s in path.split("/") if s]
    bad = BadLink(
        _(
            "Not a Telegram message link: {link}. Use https://t.me/<channel>/<message>, "
            "https://t.me/s/<channel>/<message> or https://t.me/c/<id>/<message>."
        ).format(link=raw)
    )
    if len(segs) == 3 and segs[0] in ("c", "s"):
        kind = LinkKind.TELEGRAM_PRIVATE if segs[0] == "c" else LinkKind.TELEGRAM_PREVIEW
        channel, msg = segs[1], segs[2]
        good_channel = _NUMBER.match(channel) if kind is LinkKind.TELEGRAM_PRIVATE else (
            _USERNAME.match(channel)
        )
        if not good_channel or not _NUMBER.match(msg) or int(msg) == 0:
            raise bad
        prefix = segs[0] + "/"
    elif len(segs) == 2:
        kind, channel, msg, prefix = LinkKind.TELEGRAM_PUBLIC, segs[0], segs[1], ""
        if not _USERNAME.match(channel) or not _NUMBER.match(msg) or int(msg) == 0:
            raise bad
    else:
        raise bad
    return SeenAt(
        kind=kind,
        url=f"https://t.me/{prefix}{channel}/{int(msg)}",
        host="t.me",
        channel=channel,
        message_id=int(msg),
    )
