"""Before a draft is produced: every field the notice needs is there and usable.

All missing fields are named at once (``sender.phone, work.register_number``), so the
desk fixes them in one go. What each target needs follows the law it speaks: the
elements of 17 U.S.C. §512(c)(3) for Telegram and for website, hosting and registrar
abuse desks, and the certificate, register number and evidence for the authority.
"""

from __future__ import annotations

import re

from screeningroom_resources.i18n import _
from takedown.errors import BadLink
from takedown.links import parse_link
from takedown.notices.errors import InvalidNoticeField, MissingNoticeField
from takedown.notices.model import NoticeRequest, NoticeTarget

# C0 and C1 controls (NEL is a line break), the line and paragraph separators, and lone
# surrogates (an RDAP "\ud800" escape: no character)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_EMAIL = re.compile(r"^[^@\s<>,;\"]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,63}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")

_SENDER = ("organisation", "person", "email", "phone", "address", "signature")


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def required_fields(target: NoticeTarget) -> tuple[str, ...]:
    """The dotted names a notice to ``target`` cannot go without (documented in docs/)."""
    fields = [
        "evidence.case_id",
        "work.title",
        "work.rights_holder",
        "items",
        *(f"sender.{name}" for name in _SENDER),
        "recipient.name",
        "recipient.email",
    ]
    if target in (NoticeTarget.TELEGRAM, NoticeTarget.AUTHORITY):
        fields += ["work.register_number", "work.distribution_certificate"]
    if target in (NoticeTarget.SITE, NoticeTarget.HOST, NoticeTarget.REGISTRAR):
        fields += ["domain"]
    if target is NoticeTarget.AUTHORITY:
        fields += ["evidence.bundle_sha256"]
    return tuple(fields)


def _value(request: NoticeRequest, dotted: str) -> object:
    value: object = request
    for part in dotted.split("."):
        value = getattr(value, part)
    return value


def check_request(request: NoticeRequest, target: NoticeTarget) -> None:
    """Raise :class:`MissingNoticeField` naming every missing field, or
    :class:`InvalidNoticeField` for the first unusable one."""
    who = _(target.label)
    missing = [name for name in required_fields(target)
               if (not request.items if name == "items" else _blank(_value(request, name)))]
    for i, item in enumerate(request.items):
        if _blank(item.url):
            missing.append(f"items[{i}].url")
        if item.seen_at is None:
            missing.append(f"items[{i}].seen_at")
    if missing:
        raise MissingNoticeField(who, missing)

    for name in ("recipient.name", "recipient.email", "recipient.address", "sender.organisation",
                 "sender.person", "sender.email", "sender.phone", "work.title",
                 "work.rights_holder", "domain"):
        if _CONTROL.search(str(_value(request, name))):
            raise InvalidNoticeField(who, name, _(
                "contains a line break or another control character (pasted from RDAP/WHOIS?); "
                "give it on one line."))
    for address in request.recipient.cc:
        if _CONTROL.search(address):
            raise InvalidNoticeField(who, "recipient.cc", _(
                "contains a line break or another control character (pasted from RDAP/WHOIS?); "
                "give it on one line."))
    if not request.evidence.identified:
        raise InvalidNoticeField(
            who, "evidence.identified",
            _("is false: a notice asserting infringement is drafted only for a copy the desk "
              "identified as a registered film."),
        )
    if request.evidence.attached and not request.attachments:
        raise InvalidNoticeField(who, "evidence.attached",
                                 _("is true, but no file is attached."))
    for name in ("sender.email", "recipient.email"):
        if not _EMAIL.match(str(_value(request, name)).strip()):
            raise InvalidNoticeField(who, name, _("is not an e-mail address."))
    for address in request.recipient.cc:
        if not _EMAIL.match(address.strip()):
            raise InvalidNoticeField(who, "recipient.cc", _("is not an e-mail address."))
    for i, item in enumerate(request.items):
        try:
            link = parse_link(item.url)
        except BadLink as exc:
            raise InvalidNoticeField(who, f"items[{i}].url", str(exc)) from exc
        if target is NoticeTarget.TELEGRAM and not link.is_telegram:
            raise InvalidNoticeField(
                who, f"items[{i}].url", _("is not a Telegram link; send it to the site instead.")
            )
        if target in (NoticeTarget.SITE, NoticeTarget.HOST, NoticeTarget.REGISTRAR) and (
            link.is_telegram
        ):
            raise InvalidNoticeField(
                who, f"items[{i}].url", _("is a Telegram link; send it to Telegram instead.")
            )
        if item.seen_at.tzinfo is None:
            raise InvalidNoticeField(
                who, f"items[{i}].seen_at", _("has no time zone; give the time with its offset.")
            )
        if item.clip_sha256 and not _SHA256.match(item.clip_sha256):
            raise InvalidNoticeField(
                who, f"items[{i}].clip_sha256", _("is not a SHA-256 in hexadecimal.")
            )
    ev = request.evidence
    if ev.bundle_sha256 and not _SHA256.match(ev.bundle_sha256):
        raise InvalidNoticeField(
            who, "evidence.bundle_sha256", _("is not a SHA-256 in hexadecimal.")
        )
    if ev.p_value is not None and not 0.0 <= ev.p_value <= 1.0:
        raise InvalidNoticeField(who, "evidence.p_value", _("is not between 0 and 1."))
