"""A notice request from a desk case: its sightings become the infringing items, the
clip's identification and trace the evidence summary, the work's details the film's record
on the desk (the signed manifest and the certificate recorded with ``takedown film``), and
the newest signed evidence bundle (with its PDF report) the attachments where the notice
says they are attached. Only a case identified as a registered film gets a notice."""

from __future__ import annotations

import zipfile
from pathlib import Path
from urllib.parse import urlsplit

from screeningroom_resources.i18n import _
from takedown.cases import DRAFTABLE, Case
from takedown.errors import TakedownInputError
from takedown.intake import sha256_file
from takedown.notices.model import (
    EvidenceSummary,
    InfringingItem,
    NoticeAttachment,
    NoticeRequest,
    NoticeTarget,
    Recipient,
    SenderProfile,
    Work,
)
from takedown.store import FilmRecord

#: notices that say the evidence is attached, and attach it
ATTACHING = frozenset({NoticeTarget.AUTHORITY})


class NotIdentified(TakedownInputError):
    """A notice asserting infringement was asked for a case not identified as a film."""


def _file_sha256(path: str | None) -> str:
    if not path or not Path(path).is_file():
        return ""
    return sha256_file(Path(path))


def work_of(film: FilmRecord) -> Work:
    return Work(title=film.title, rights_holder=film.rights_holder,
                register_number=film.register_number,
                distribution_certificate=film.distribution_certificate)


def check_draftable(case: Case, film: FilmRecord | None) -> FilmRecord:
    if case.film_id is None or film is None:
        raise NotIdentified(
            _("Case {case} was not identified as a registered film, so no notice asserting "
              "infringement is drafted for it. Index the film ('takedown index') and scan the "
              "clip again if you believe it is one.").format(case=case.case_id))
    if case.status not in DRAFTABLE:
        raise NotIdentified(
            _("Case {case} is {status}; notices are drafted for identified cases that are "
              "not closed or removed.").format(case=case.case_id, status=case.status.label))
    return film


def request_from_case(case: Case, target: NoticeTarget, *, film: FilmRecord | None,
                      sender: SenderProfile, recipient: Recipient,
                      notified: frozenset[str] = frozenset()) -> NoticeRequest:
    """The request for ``target``: Telegram sightings for Telegram, website sightings for
    the site, its host and registrar, all of them for the authority."""
    film = check_draftable(case, film)
    sightings = [s for s in case.sightings
                 if target is NoticeTarget.AUTHORITY
                 or (target is NoticeTarget.TELEGRAM) == (s.link_kind != "website")]
    clip = case.clip
    items = tuple(InfringingItem(url=s.link, seen_at=s.seen_at, channel=s.channel or "",
                                 views=s.views, clip_sha256=s.clip_sha256) for s in sightings)
    attributed = (clip is not None and clip.verdict == "attributed"
                  and clip.session_id is not None and clip.log10_p is not None)
    newest = next((s.evidence for s in reversed(case.sightings) if s.evidence
                   and Path(s.evidence).is_file()), None)
    attachments: tuple[NoticeAttachment, ...] = ()
    if target in ATTACHING and newest is not None:
        attachments = _attachments(Path(newest))
    film_start = (clip.film_offset + clip.match_start if clip is not None and
                  clip.film_offset is not None and clip.match_start is not None else
                  clip.film_offset if clip is not None else None)
    evidence = EvidenceSummary(
        case_id=case.case_id,
        identified=True,
        offset_seconds=film_start,
        attributable=attributed,
        p_value=10.0 ** clip.log10_p if attributed and clip is not None and
        clip.log10_p is not None else None,
        threshold=1e-9 if attributed else None,
        session_id=f"{clip.session_id:016x}" if attributed and clip is not None and
        clip.session_id is not None else "",
        bundle_sha256=_file_sha256(newest),
        attached=bool(attachments),
        notified=tuple(sorted(notified)),
    )
    domains = {urlsplit(s.link).hostname or "" for s in sightings if s.link_kind == "website"}
    return NoticeRequest(work=work_of(film), items=items, evidence=evidence, sender=sender,
                         recipient=recipient, domain=sorted(domains)[0] if domains else "",
                         attachments=attachments)


def _attachments(bundle: Path) -> tuple[NoticeAttachment, ...]:
    """The report and the bundle, or nothing when the bundle has no report (the notice then
    says both will be submitted on request)."""
    with zipfile.ZipFile(bundle) as zf:
        if "report.pdf" not in zf.namelist():
            return ()
        report = zf.read("report.pdf")
    return (NoticeAttachment(f"{bundle.stem}-report.pdf", report),
            NoticeAttachment(bundle.name, bundle.read_bytes(), "application/zip"))
