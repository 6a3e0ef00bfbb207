"""A Lumen-compatible record of a notice (the ``notice`` object of the Lumen database's
notice-submission API), so the desk can share what it sent with researchers or file it
with Lumen. The fields used and their meaning are listed in ``docs/notices.md``."""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Mapping
from typing import Any

from screeningroom_resources.i18n import _
from takedown.notices.errors import LumenRecordInvalid
from takedown.notices.model import NoticeRequest, NoticeTarget

LUMEN_TYPES = ("DMCA", "Other")
ROLE_NAMES = ("principal", "agent", "recipient", "sender", "target", "submitter")
ENTITY_KINDS = ("organization", "individual")

_TITLES = {
    NoticeTarget.TELEGRAM: "Copyright infringement notice to Telegram",
    NoticeTarget.SITE: "Copyright infringement notice to a website operator",
    NoticeTarget.HOST: "Copyright infringement notice to a hosting provider",
    NoticeTarget.REGISTRAR: "Copyright infringement notice to a domain registrar",
    NoticeTarget.AUTHORITY: "Request to restrict access, to the Ministry of Culture and "
                            "Information of the Republic of Kazakhstan",
}


def _entity(name: str, kind: str, *, email: str = "", phone: str = "", address: str = "",
            country_code: str = "") -> dict[str, str]:
    entity = {"name": name, "kind": kind}
    for key, value in (("email", email), ("phone", phone), ("address_line_1", address),
                       ("country_code", country_code)):
        if value:
            entity[key] = value
    return entity


def lumen_json(request: NoticeRequest, target: NoticeTarget, language: str,
               sent: _dt.datetime, subject: str) -> str:
    """The record as JSON text (UTF-8, keys in a fixed order)."""
    work = request.work
    description = f"{work.title} ({work.rights_holder})"
    if work.register_number:
        description += f"; State register of films No. {work.register_number}"
    if work.distribution_certificate:
        description += f"; distribution certificate {work.distribution_certificate}"
    copyrighted = [{"url": work.official_url}] if work.official_url else []
    sender = request.sender
    recipient = request.recipient
    notice: dict[str, Any] = {
        "title": _TITLES[target],
        "type": "Other" if target is NoticeTarget.AUTHORITY else "DMCA",
        "subject": subject,
        "date_sent": sent.astimezone(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "language": language,
        "source": "Email",
        "tag_list": "film, pre-release leak, " + target.value,
        "jurisdiction_list": "KZ" if target is NoticeTarget.AUTHORITY else "KZ, US",
        "works_attributes": [
            {
                "kind": "movie",
                "description": description,
                "copyrighted_urls_attributes": copyrighted,
                "infringing_urls_attributes": [{"url": item.url} for item in request.items],
            }
        ],
        "entity_notice_roles_attributes": [
            {"name": "principal", "entity_attributes": _entity(work.rights_holder,
                                                               "organization")},
            {"name": "sender", "entity_attributes": _entity(
                sender.organisation, "organization", email=sender.email, phone=sender.phone,
                address=sender.address, country_code=sender.country_code)},
            {"name": "recipient", "entity_attributes": _entity(
                recipient.name, "organization", email=recipient.email,
                address=recipient.address, country_code=recipient.country_code)},
        ],
    }
    text = json.dumps({"notice": notice}, ensure_ascii=False, indent=2)
    validate_lumen_json(text)
    return text + "\n"


def _fail(where: str, what: str) -> LumenRecordInvalid:
    return LumenRecordInvalid(
        _("The Lumen record is invalid at {where}: {what}").format(where=where, what=what)
    )


def _need_str(obj: Mapping[str, Any], key: str, where: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _fail(f"{where}.{key}", _("a non-empty string is required."))
    return value


def validate_lumen_json(text: str) -> None:
    """Check a record against the documented fields; :class:`LumenRecordInvalid` if not."""
    try:
        root = json.loads(text)
    except ValueError as exc:
        raise _fail("(root)", str(exc)) from exc
    if not isinstance(root, dict) or not isinstance(root.get("notice"), dict):
        raise _fail("(root)", _("an object with a 'notice' object is required."))
    notice = root["notice"]
    _need_str(notice, "title", "notice")
    if notice.get("type") not in LUMEN_TYPES:
        raise _fail("notice.type", _("must be one of {values}.").format(
            values=", ".join(LUMEN_TYPES)))
    _need_str(notice, "subject", "notice")
    try:
        _dt.datetime.strptime(_need_str(notice, "date_sent", "notice"), "%Y-%m-%dT%H:%M:%SZ")
    except ValueError as exc:
        raise _fail("notice.date_sent", _("an ISO 8601 UTC time is required.")) from exc
    if notice.get("language") not in ("kk", "ru", "en"):
        raise _fail("notice.language", _("must be kk, ru or en."))
    works = notice.get("works_attributes")
    if not isinstance(works, list) or not works:
        raise _fail("notice.works_attributes", _("at least one work is required."))
    for i, work in enumerate(works):
        where = f"notice.works_attributes[{i}]"
        if not isinstance(work, dict):
            raise _fail(where, _("an object is required."))
        _need_str(work, "kind", where)
        _need_str(work, "description", where)
        for key, minimum in (("infringing_urls_attributes", 1), ("copyrighted_urls_attributes", 0)):
            urls = work.get(key)
            if not isinstance(urls, list) or len(urls) < minimum:
                raise _fail(f"{where}.{key}", _("a list of objects with a 'url' is required."))
            for j, url in enumerate(urls):
                if not isinstance(url, dict):
                    raise _fail(f"{where}.{key}[{j}]", _("an object is required."))
                if not _need_str(url, "url", f"{where}.{key}[{j}]").startswith(
                        ("http://", "https://")):
                    raise _fail(f"{where}.{key}[{j}].url", _("an http(s) URL is required."))
    roles = notice.get("entity_notice_roles_attributes")
    if not isinstance(roles, list):
        raise _fail("notice.entity_notice_roles_attributes", _("a list is required."))
    seen = set()
    for i, role in enumerate(roles):
        where = f"notice.entity_notice_roles_attributes[{i}]"
        if not isinstance(role, dict) or role.get("name") not in ROLE_NAMES:
            raise _fail(where, _("a role named one of {values} is required.").format(
                values=", ".join(ROLE_NAMES)))
        entity = role.get("entity_attributes")
        if not isinstance(entity, dict):
            raise _fail(f"{where}.entity_attributes", _("an object is required."))
        _need_str(entity, "name", f"{where}.entity_attributes")
        if entity.get("kind") not in ENTITY_KINDS:
            raise _fail(f"{where}.entity_attributes.kind", _("must be organization or individual."))
        seen.add(role["name"])
    for needed in ("sender", "recipient"):
        if needed not in seen:
            raise _fail("notice.entity_notice_roles_attributes",
                        _("a '{role}' entity is required.").format(role=needed))
