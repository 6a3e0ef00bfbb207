"""A notice request from a desk case (``takedown.cases``): the clips become the
infringing items, their identification and trace the evidence summary."""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import urlsplit

from takedown.cases import Case
from takedown.notices.model import (
    EvidenceSummary,
    InfringingItem,
    NoticeRequest,
    NoticeTarget,
    Recipient,
    SenderProfile,
    Work,
)


def _file_sha256(path: str | None) -> str:
    if not path or not Path(path).is_file():
        return ""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def request_from_case(case: Case, target: NoticeTarget, *, work: Work, sender: SenderProfile,
                      recipient: Recipient) -> NoticeRequest:
    """The request for ``target``: Telegram clips for Telegram, website clips for the site,
    its host and registrar, all clips for the authority."""
    clips = [c for c in case.clips
             if target is NoticeTarget.AUTHORITY
             or (target is NoticeTarget.TELEGRAM) == (c.link_kind != "website")]
    items = tuple(InfringingItem(url=c.link, seen_at=c.seen_at, channel=c.channel or "",
                                 views=c.views, clip_sha256=c.sha256) for c in clips)
    traced = [c for c in clips if c.session_id is not None and c.log10_p is not None]
    best = min(traced, key=lambda c: c.log10_p or 0.0) if traced else None
    found = [c for c in clips if c.film_offset is not None]
    evidence = EvidenceSummary(
        case_id=case.case_id,
        identified=bool(found) or case.film_id is not None,
        offset_seconds=found[0].film_offset if found else None,
        attributable=best is not None,
        p_value=10.0 ** best.log10_p if best is not None and best.log10_p is not None else None,
        session_id=f"{best.session_id:016x}" if best is not None and best.session_id else "",
        bundle_sha256=next((h for h in (_file_sha256(c.evidence) for c in clips) if h), ""),
    )
    domains = {urlsplit(c.link).hostname or "" for c in clips if c.link_kind == "website"}
    return NoticeRequest(work=work, items=items, evidence=evidence, sender=sender,
                         recipient=recipient, domain=sorted(domains)[0] if domains else "")
