"""Notices as part of a case: drafted from the case's record, written under the desk's
``notices/<case>/`` folder as a new version every time (``<case>-<target>-<lang>-v2.eml``;
an earlier draft is never overwritten), recorded in the store, and the case moved to
"notice drafted"; a sent notice is recorded and moves the case to "sent"."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from screeningroom_resources.i18n import _
from takedown import custody
from takedown.cases import TRANSITIONS, CaseStatus
from takedown.desk import Desk
from takedown.errors import TakedownInputError
from takedown.notices.drafting import NoticeDraft, NoticeFiles, draft_all, write_drafts
from takedown.notices.from_case import request_from_case
from takedown.notices.model import NoticeRequest, NoticeTarget, Recipient, SenderProfile
from takedown.recording import move
from takedown.store import NoticeRecord


@dataclass(frozen=True)
class DraftedNotices:
    case_id: str
    target: NoticeTarget
    version: int
    drafts: tuple[NoticeDraft, ...]
    files: tuple[NoticeFiles, ...]
    request: NoticeRequest


def notice_request(desk: Desk, case_id: str, target: NoticeTarget, *,
                   sender: SenderProfile, recipient: Recipient) -> NoticeRequest:
    case = desk.case(case_id)
    film = desk.store.films.get(case.film_id) if case.film_id else None
    return request_from_case(case, target, film=film, sender=sender, recipient=recipient,
                             notified=desk.store.notices.sent_targets(case_id))


def draft_case_notices(desk: Desk, case_id: str, target: NoticeTarget, *,
                       sender: SenderProfile, recipient: Recipient,
                       languages: Sequence[str], now: datetime,
                       copy_to: Path | None = None) -> DraftedNotices:
    """Draft, write (a new version) and record the notices of ``case_id`` to ``target``."""
    request = notice_request(desk, case_id, target, sender=sender, recipient=recipient)
    drafts = draft_all(request, target, tuple(languages), now=now)
    store = desk.store
    with store.atomic():
        version = store.notices.next_version(case_id, target.value)
        folder = store.private_dir(store.notices_dir / case_id)
        versioned = tuple(_versioned(d, version) for d in drafts)
        files = write_drafts(versioned, folder)
        for draft, f in zip(versioned, files, strict=True):
            store.notices.add(NoticeRecord(
                notice_id=0, case_id=case_id, target=target.value, language=draft.language,
                version=version, drafted_at=now, subject=draft.subject, eml=str(f.eml),
                pdf=str(f.pdf), lumen=str(f.lumen),
                eml_sha256=hashlib.sha256(draft.eml).hexdigest(),
                attachments=draft.attachments))
        case = desk.case(case_id)
        if CaseStatus.NOTICE_DRAFTED in TRANSITIONS[case.status]:
            move(store, case, CaseStatus.NOTICE_DRAFTED, now,
                 _("notice to {target} drafted (version {version})").format(
                     target=_(target.label), version=version))
        custody.record(store, actor=desk.actor, action="notice",
                       detail=f"{target.value} v{version} drafted in "
                              f"{', '.join(d.language for d in drafts)}", case_id=case_id,
                       now=now)
    if copy_to is not None:
        copy_to.mkdir(parents=True, exist_ok=True)
        for f in files:
            for path in (f.eml, f.pdf, f.lumen):
                target_path = copy_to / path.name
                if not target_path.exists():
                    shutil.copyfile(path, target_path)
    return DraftedNotices(case_id, target, version, drafts, files, request)


def _versioned(draft: NoticeDraft, version: int) -> NoticeDraft:
    from dataclasses import replace

    return replace(draft, version=version)


def record_sent(desk: Desk, eml: bytes, to: Sequence[str], *, now: datetime) -> str | None:
    """Record that ``eml`` (a drafted notice) was sent; the case becomes "sent". Returns
    the case id, or None when the message is not a notice this desk drafted."""
    store = desk.store
    notice = store.notices.by_eml_sha256(hashlib.sha256(eml).hexdigest())
    if notice is None:
        return None
    with store.atomic():
        store.notices.mark_sent(notice.notice_id, now, ", ".join(to))
        case = desk.case(notice.case_id)
        if CaseStatus.SENT in TRANSITIONS[case.status]:
            move(store, case, CaseStatus.SENT, now, _("notice to {target} sent to {to}").format(
                target=notice.target, to=", ".join(to)))
        custody.record(store, actor=desk.actor, action="notice-sent",
                       detail=f"{notice.target} v{notice.version} {notice.language} sent to "
                              f"{', '.join(to)}", case_id=notice.case_id, now=now)
    return notice.case_id


def check_out_dir(path: Path | None) -> None:
    if path is not None and path.exists() and not path.is_dir():
        raise TakedownInputError(_("{path} is not a folder.").format(path=str(path)))
