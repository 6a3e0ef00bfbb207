"""Abuse contacts from RDAP JSON or WHOIS text that the desk pastes or imports.

No network: the desk runs ``whois example.com`` or opens the RDAP answer elsewhere and
gives this module the text. Recognised: RDAP domain and IP-network objects (registrar
with its nested abuse entity; network abuse entity, possibly under the registrant), and
WHOIS answers in the common forms (gTLD "Registrar Abuse Contact Email", RIPE
"abuse-mailbox" and "% Abuse contact for", ARIN "OrgAbuseEmail", KazNIC's dotted
"Email Address......" lines, .ru's "registrar:").
"""

from __future__ import annotations

import enum
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from screeningroom_resources.i18n import _
from takedown.notices.errors import ContactsNotFound, MissingNoticeField
from takedown.notices.model import NoticeTarget, Recipient

_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,63}")


class ContactRole(enum.Enum):
    REGISTRAR = "registrar"   # the domain's registrar (its abuse desk)
    HOSTING = "hosting"       # the network the site is served from (its abuse desk)
    REGISTRANT = "registrant" # the holder of the domain (the site's operator, if shown)


@dataclass(frozen=True)
class Contact:
    role: ContactRole
    name: str = ""
    email: str = ""
    phone: str = ""
    source: str = ""   # "rdap" or "whois"


@dataclass(frozen=True)
class ParsedContacts:
    """What the text says about one domain or network."""

    subject: str                 # the domain name or the network range/name
    registrar: Contact | None = None
    hosting: Contact | None = None
    registrant: Contact | None = None

    def recipient_for(self, target: NoticeTarget) -> Recipient:
        """The recipient of a ``site``, ``host`` or ``registrar`` notice, or
        :class:`MissingNoticeField` naming the contact the text lacks."""
        role = {NoticeTarget.REGISTRAR: self.registrar, NoticeTarget.HOST: self.hosting,
                NoticeTarget.SITE: self.registrant}.get(target)
        field = {NoticeTarget.REGISTRAR: "registrar abuse e-mail",
                 NoticeTarget.HOST: "hosting abuse e-mail",
                 NoticeTarget.SITE: "registrant e-mail"}.get(target, "recipient.email")
        if role is None or not role.email:
            raise MissingNoticeField(_(target.label), [f"recipient.email ({field})"])
        return Recipient(name=role.name or self.subject, email=role.email,
                         source=f"{role.source}: {role.role.value}")


def parse_contacts(text: str) -> ParsedContacts:
    """Parse RDAP JSON or WHOIS text; :class:`ContactsNotFound` if nothing usable is in it."""
    stripped = (text or "").strip()
    if not stripped:
        raise ContactsNotFound(_("The RDAP/WHOIS text is empty."))
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
        except ValueError as exc:
            raise ContactsNotFound(
                _("The text looks like RDAP JSON but does not parse: {reason}").format(
                    reason=str(exc))
            ) from exc
        parsed = _from_rdap(data)
    else:
        parsed = _from_whois(stripped)
    if not any((parsed.registrar, parsed.hosting, parsed.registrant)):
        raise ContactsNotFound(
            _("No registrar, hosting or registrant contact was found in the RDAP/WHOIS text. "
              "Paste the full answer of 'whois DOMAIN', 'whois IP' or the RDAP JSON.")
        )
    return parsed


# -- RDAP (RFC 9083) ---------------------------------------------------------------------
def _vcard(entity: dict[str, Any]) -> tuple[str, str, str]:
    name = email = phone = ""
    card = entity.get("vcardArray")
    if isinstance(card, list) and len(card) == 2 and isinstance(card[1], list):
        for prop in card[1]:
            if not isinstance(prop, list) or len(prop) < 4:
                continue
            key, value = str(prop[0]).lower(), prop[3]
            if isinstance(value, list):
                value = " ".join(str(v) for v in value if v)
            value = str(value).strip()
            if (key == "fn" and not name) or (key == "org" and not name):
                name = value
            elif key == "email" and not email:
                email = value
            elif key == "tel" and not phone:
                phone = value.removeprefix("tel:")
    return name, email, phone


def _entities(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for entity in node.get("entities") or []:
        if isinstance(entity, dict):
            yield entity


def _roles(entity: dict[str, Any]) -> set[str]:
    return {str(r).lower() for r in entity.get("roles") or []}


def _abuse_under(entity: dict[str, Any]) -> tuple[str, str]:
    for sub in _entities(entity):
        if "abuse" in _roles(sub):
            _n, email, phone = _vcard(sub)
            if email:
                return email, phone
    return "", ""


def _from_rdap(data: Any) -> ParsedContacts:
    if not isinstance(data, dict) or "objectClassName" not in data:
        raise ContactsNotFound(_("The JSON is not an RDAP answer (it has no objectClassName)."))
    kind = str(data.get("objectClassName"))
    if kind == "domain":
        subject = str(data.get("ldhName") or data.get("unicodeName") or "").lower()
    else:
        subject = str(data.get("name") or data.get("handle") or "")
        if data.get("startAddress"):
            subject = f"{subject} ({data.get('startAddress')} - {data.get('endAddress')})"
    registrar = hosting = registrant = None
    owner = abuse_email = abuse_phone = ""
    for entity in _entities(data):
        roles = _roles(entity)
        name, email, phone = _vcard(entity)
        nested_email, nested_phone = _abuse_under(entity)
        if "registrar" in roles:
            registrar = Contact(ContactRole.REGISTRAR, name, nested_email or email,
                                nested_phone or phone, "rdap")
        elif kind == "domain" and "registrant" in roles and (name or email):
            registrant = Contact(ContactRole.REGISTRANT, name, email, phone, "rdap")
        elif kind != "domain":
            if "registrant" in roles and not owner:
                owner = name
            if "abuse" in roles and email and not abuse_email:
                abuse_email, abuse_phone = email, phone
                owner = owner or name
            elif nested_email and not abuse_email:
                abuse_email, abuse_phone = nested_email, nested_phone
    if abuse_email:
        hosting = Contact(ContactRole.HOSTING, owner, abuse_email, abuse_phone, "rdap")
    return ParsedContacts(subject, registrar, hosting, registrant)


# -- WHOIS text ----------------------------------------------------------------------------
_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z0-9 /_-]*?)\s*\.*\s*:\s*(.*?)\s*$")
_RIPE_ABUSE = re.compile(r"%\s*Abuse contact for .*? is '([^']+)'", re.IGNORECASE)


def _fields(text: str) -> list[tuple[str, str]]:
    out = []
    for line in text.splitlines():
        if line.lstrip().startswith(("%", "#", ">>>")):
            continue
        match = _LINE.match(line)
        if match and match.group(2):
            out.append((match.group(1).strip().lower(), match.group(2)))
    return out


def _first(fields: list[tuple[str, str]], *keys: str) -> str:
    for key in keys:
        for k, v in fields:
            if k == key:
                return v
    return ""


def _email(value: str) -> str:
    match = _EMAIL.search(value)
    return match.group(0) if match else ""


def _from_whois(text: str) -> ParsedContacts:
    fields = _fields(text)
    subject = _first(fields, "domain name", "domain", "inetnum", "netrange", "inet6num",
                     "cidr").lower()
    registrar = hosting = registrant = None
    reg_name = _first(fields, "registrar", "current registar", "current registrar",
                      "sponsoring registrar")
    reg_email = _email(_first(fields, "registrar abuse contact email"))
    reg_phone = _first(fields, "registrar abuse contact phone")
    if reg_name or reg_email:
        registrar = Contact(ContactRole.REGISTRAR, reg_name, reg_email, reg_phone, "whois")
    ripe = _RIPE_ABUSE.search(text)
    net_email = _email(_first(fields, "orgabuseemail", "abuse-mailbox", "abuse-c email",
                              "rabuseemail")) or (ripe.group(1) if ripe else "")
    if net_email:
        net_name = _first(fields, "orgname", "org-name", "organization", "descr", "netname")
        hosting = Contact(ContactRole.HOSTING, net_name, _email(net_email),
                          _first(fields, "orgabusephone", "rabusephone"), "whois")
    holder_email = _email(_first(fields, "registrant email", "email address", "e-mail"))
    holder_name = _first(fields, "registrant organization", "registrant name",
                         "organization name", "org")
    if holder_email and "redacted" not in holder_email.lower() and (
        "please query" not in holder_email.lower()
    ):
        registrant = Contact(ContactRole.REGISTRANT, holder_name, holder_email, "", "whois")
    return ParsedContacts(subject, registrar, hosting, registrant)
