"""The values a notice is drafted from: the work, the infringing items, the evidence
summary, who sends it and to whom. All frozen; nothing here does I/O."""

from __future__ import annotations

import datetime as _dt
import enum
from dataclasses import dataclass, field

from screeningroom_resources.i18n import N_

__all__ = [
    "TELEGRAM_DESK",
    "EvidenceSummary",
    "InfringingItem",
    "NoticeRequest",
    "NoticeTarget",
    "Recipient",
    "SenderProfile",
    "Work",
]


class NoticeTarget(enum.Enum):
    """Who a notice goes to; the value is the template's name and the CLI's ``--to``."""

    TELEGRAM = "telegram"    # Telegram's copyright (DMCA) desk: public channels, bots, groups
    SITE = "site"            # the operator of the website showing the copy
    HOST = "host"            # the site's hosting provider (abuse contact of the IP network)
    REGISTRAR = "registrar"  # the registrar of the site's domain (its abuse contact)
    AUTHORITY = "authority"  # Ministry of Culture and Information (with the Ministry of Justice)

    @property
    def label(self) -> str:
        return _TARGET_LABELS[self]


_TARGET_LABELS = {
    NoticeTarget.TELEGRAM: N_("Telegram"),
    NoticeTarget.SITE: N_("the website operator"),
    NoticeTarget.HOST: N_("the hosting provider"),
    NoticeTarget.REGISTRAR: N_("the domain registrar"),
    NoticeTarget.AUTHORITY: N_("the Ministry of Culture and Information"),
}


@dataclass(frozen=True)
class Work:
    """The film whose rights are infringed, as the State register of films records it."""

    title: str
    rights_holder: str
    register_number: str = ""           # number in the State register of films
    distribution_certificate: str = ""  # number (and date) of the distribution certificate
    original_title: str = ""
    year: int | None = None
    official_url: str = ""              # where the work is lawfully offered, if anywhere
    rights_proof: str = ""              # e.g. "licence agreement No. 12 of 1 March 2026"


@dataclass(frozen=True)
class InfringingItem:
    """One place the copy was seen: the exact link, when, where, how often watched."""

    url: str
    seen_at: _dt.datetime
    channel: str = ""
    views: int | None = None
    clip_sha256: str = ""


@dataclass(frozen=True)
class EvidenceSummary:
    """What the desk established about the copy (the full record is the evidence bundle)."""

    case_id: str
    identified: bool = False                 # the copy was identified as the work
    offset_seconds: float | None = None      # where in the work the copy starts
    attributable: bool = False               # the forensic mark was found and resolved
    p_value: float | None = None             # false-positive probability of the mark
    threshold: float | None = None           # decision threshold the p-value is held to
    session_id: str = ""                     # the leaking review session (authority only)
    bundle_sha256: str = ""                  # SHA-256 of the signed evidence bundle
    attached: bool = False                   # the report and bundle go with the notice
    notified: tuple[str, ...] = ()           # targets already sent a notice of this case


@dataclass(frozen=True)
class SenderProfile:
    """Who signs the notices; kept in the desk's settings (see :mod:`.settings`)."""

    organisation: str = ""
    person: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    signature: str = ""       # the signature line, e.g. "/s/ A. Seitkali, head of anti-piracy"
    position: str = ""
    country_code: str = "KZ"


@dataclass(frozen=True)
class Recipient:
    """Where the notice goes; ``source`` says where the contact came from (RDAP, WHOIS)."""

    name: str = ""
    email: str = ""
    address: str = ""
    country_code: str = ""
    cc: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class NoticeAttachment:
    """A file sent with the notice (the evidence report, the signed evidence bundle)."""

    name: str
    data: bytes = field(repr=False)
    mime_type: str = "application/pdf"


@dataclass(frozen=True)
class NoticeRequest:
    """Everything one notice is drafted from."""

    work: Work
    items: tuple[InfringingItem, ...]
    evidence: EvidenceSummary
    sender: SenderProfile
    recipient: Recipient
    domain: str = ""          # the site's domain (site, host, registrar notices)
    notes: str = ""           # free text from the desk, printed as given (escaped)
    attachments: tuple[NoticeAttachment, ...] = ()  # sent with the .eml (evidence.attached)


# Telegram publishes this address for copyright notices; the desk may override it.
TELEGRAM_DESK = Recipient(
    name="Telegram Messenger, copyright (DMCA) desk",
    email="dmca@telegram.org",
    source="published copyright contact",
)
