"""What can be watched, as typed by a person, and what a post's links lead to.

``parse_source`` takes ``@name``, ``t.me/name`` (or ``https://t.me/s/name``, or a message
link of the channel) or a web page / feed address and returns a normalised
:class:`~takedown.watch.model.SourceSpec`. ``lead_of`` classifies a link found in a post:
another channel, a bot, a private invite or a website (mirror chains).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from screeningroom_resources.i18n import _
from takedown.errors import BadLink
from takedown.links import _USERNAME as TELEGRAM_USERNAME  # one definition of a username
from takedown.links import parse_link
from takedown.watch.errors import BadWatchSource
from takedown.watch.model import LeadKind, SourceKind, SourceSpec

TELEGRAM_HOSTS = frozenset({"t.me", "telegram.me", "www.t.me", "www.telegram.me",
                            "telegram.dog"})
#: first path segments of t.me that are not user names
RESERVED = frozenset({"joinchat", "addstickers", "addemoji", "addtheme", "addlist", "share",
                      "proxy", "socks", "login", "setlanguage", "confirmphone", "boost",
                      "contact", "invoice", "giftcode", "iv"})
#: hosts of Telegram itself (its CDN, its own site): never a lead
TELEGRAM_OWN = ("telegram.org", "telesco.pe", "cdn-telegram.org", "telegram-cdn.org")


def telegram_key(name: str) -> str:
    return "tg:" + name.lower()


def _channel_spec(name: str, raw: str) -> SourceSpec:
    if not TELEGRAM_USERNAME.match(name) or name.lower() in RESERVED:
        raise BadWatchSource(
            _("Not a public Telegram channel name: {text}. A name has 5 to 32 letters, digits "
              "or underscores and starts with a letter.").format(text=raw))
    if name.lower().endswith("bot"):
        raise BadWatchSource(
            _("{name} is a bot: a bot has no public posts to watch. Report it to Telegram's "
              "abuse desk instead.").format(name="@" + name))
    return SourceSpec(kind=SourceKind.TELEGRAM, key=telegram_key(name), name="@" + name,
                      url=f"https://t.me/s/{name}")


def _segments(path: str) -> list[str]:
    """The parts of a t.me path, without the preview's ``s/`` in front."""
    segs = [s for s in path.split("/") if s]
    return segs[1:] if segs and segs[0] == "s" else segs


def parse_source(text: str) -> SourceSpec:
    """Check ``text`` and return the source it names; :class:`BadWatchSource` otherwise."""
    raw = (text or "").strip()
    if not raw:
        raise BadWatchSource(_("Give a Telegram channel (@name or a t.me link) or the "
                               "address of a web page or feed."))
    if raw.startswith("@"):
        return _channel_spec(raw[1:], raw)
    if "://" not in raw and "/" not in raw and "." not in raw:
        return _channel_spec(raw, raw)
    candidate = raw if "://" in raw else "https://" + raw
    try:
        parts = urlsplit(candidate)
    except ValueError as exc:
        raise BadWatchSource(_("Not a valid address: {text}").format(text=raw)) from exc
    host = (parts.hostname or "").lower().rstrip(".")
    if host in TELEGRAM_HOSTS:
        segs = _segments(parts.path)
        if not segs:
            raise BadWatchSource(_("The Telegram link names no channel: {text}").format(text=raw))
        if segs[0].startswith("+") or segs[0] == "joinchat":
            raise BadWatchSource(
                _("{text} is an invite to a private channel: it has no public preview. Join it "
                  "with the desk's Telegram account and watch it in API mode by its name.")
                .format(text=raw))
        if segs[0] == "c":
            raise BadWatchSource(
                _("{text} is a link inside a private channel: it cannot be watched from "
                  "outside.").format(text=raw))
        if len(segs) > 2 or (len(segs) == 2 and not segs[1].isdigit()):
            raise BadWatchSource(_("Not a Telegram channel link: {text}").format(text=raw))
        return _channel_spec(segs[0], raw)
    try:
        link = parse_link(raw)
    except BadLink as exc:
        raise BadWatchSource(str(exc)) from exc
    return SourceSpec(kind=SourceKind.WEBSITE, key=link.url, name=link.url, url=link.url)


@dataclass(frozen=True)
class LeadRef:
    kind: LeadKind
    target: str  # "@name", "t.me/+hash", or the normalised address
    url: str


def lead_of(href: str, *, own_key: str, own_host: str | None = None) -> LeadRef | None:
    """The lead a link in a post points to, or None (the source itself, its own pages,
    Telegram's own hosts, or nothing that could be followed)."""
    try:
        parts = urlsplit(href.strip())
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme == "tg":
        name = (parse_qs(parts.query).get("domain") or [""])[0]
        return _name_lead(name, own_key) if parts.netloc == "resolve" else None
    if scheme not in ("http", "https"):
        return None
    host = (parts.hostname or "").lower().rstrip(".")
    if host in TELEGRAM_HOSTS:
        segs = _segments(parts.path)
        if not segs:
            return None
        if segs[0].startswith("+") and len(segs[0]) > 1:
            return LeadRef(LeadKind.INVITE, "t.me/" + segs[0], "https://t.me/" + segs[0])
        if segs[0] == "joinchat" and len(segs) > 1:
            return LeadRef(LeadKind.INVITE, "t.me/+" + segs[1], "https://t.me/+" + segs[1])
        return _name_lead(segs[0], own_key)
    if not host or host == own_host or any(host == h or host.endswith("." + h)
                                           for h in TELEGRAM_OWN):
        return None
    try:
        link = parse_link(href)
    except BadLink:
        return None
    return LeadRef(LeadKind.SITE, link.url, link.url)


def _name_lead(name: str, own_key: str) -> LeadRef | None:
    if not TELEGRAM_USERNAME.match(name) or name.lower() in RESERVED:
        return None
    if telegram_key(name) == own_key:
        return None
    kind = LeadKind.BOT if name.lower().endswith("bot") else LeadKind.CHANNEL
    return LeadRef(kind, "@" + name, f"https://t.me/{name}")
