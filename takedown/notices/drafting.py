"""A notice drafted from its templates: subject, plain text, PDF, ``.eml`` and the
Lumen record, in one language. Writing the files is all-or-nothing."""

from __future__ import annotations

import datetime as _dt
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from screeningroom.documents import (
    Address,
    Attachment,
    build_eml,
    render_block_text,
    render_pdf,
    render_text,
)
from screeningroom_resources.i18n import LANGUAGES, UnknownLanguage, _
from takedown.errors import TakedownInputError
from takedown.notices.checks import check_request
from takedown.notices.lumen import lumen_json
from takedown.notices.model import NoticeRequest, NoticeTarget


@dataclass(frozen=True)
class NoticeDraft:
    """One notice in one language, ready to review and send."""

    target: NoticeTarget
    language: str
    case_id: str
    subject: str
    text: str
    pdf: bytes
    eml: bytes
    lumen_json: str
    attachments: tuple[str, ...] = ()  # names of the files sent with the e-mail
    version: int = 1  # the desk numbers every re-draft of a case's notice to a target

    @property
    def stem(self) -> str:
        """The file name stem: ``<case>-<target>-<lang>`` (``-v<n>`` from version 2)."""
        return file_stem(self.case_id, self.target, self.language, self.version)


def file_stem(case_id: str, target: NoticeTarget, language: str, version: int = 1) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", case_id).strip("._") or "case"
    stem = f"{safe}-{target.value}-{language}"
    return stem if version == 1 else f"{stem}-v{version}"


@dataclass(frozen=True)
class NoticeFiles:
    eml: Path
    pdf: Path
    lumen: Path


def template_name(target: NoticeTarget) -> str:
    return f"notices/{target.value}.html"


def _context(request: NoticeRequest, target: NoticeTarget, now: _dt.datetime) -> dict[str, object]:
    return {
        "n": request,
        "work": request.work,
        "items": request.items,
        "evidence": request.evidence,
        "sender": request.sender,
        "recipient": request.recipient,
        "domain": request.domain,
        "target": target.value,
        "today": now,
    }


def draft_notice(
    request: NoticeRequest,
    target: NoticeTarget,
    language: str,
    *,
    now: _dt.datetime | None = None,
) -> NoticeDraft:
    """Check the request (:class:`MissingNoticeField` names what is missing), then draft."""
    if language not in LANGUAGES:
        raise UnknownLanguage(language)
    check_request(request, target)
    when = now or _dt.datetime.now(_dt.UTC)
    context = _context(request, target, when)
    name = template_name(target)
    subject = render_block_text(name, "subject", context, language)
    text = render_text(name, context, language)
    footer = f"{request.evidence.case_id} · {request.sender.organisation}"
    pdf = render_pdf(name, context, language, footer=footer, now=when)
    draft_stem = file_stem(request.evidence.case_id, target, language)
    eml = build_eml(
        sender=Address(request.sender.email, request.sender.organisation),
        to=[Address(request.recipient.email, request.recipient.name)],
        cc=[Address(a) for a in request.recipient.cc],
        subject=subject,
        body=text,
        attachments=[Attachment(f"{draft_stem}.pdf", pdf),
                     *(Attachment(a.name, a.data, a.mime_type) for a in request.attachments)],
        language=language,
        now=when,
    )
    return NoticeDraft(
        target=target,
        language=language,
        case_id=request.evidence.case_id,
        subject=subject,
        text=text,
        pdf=pdf,
        eml=eml,
        lumen_json=lumen_json(request, target, language, when, subject),
        attachments=(f"{draft_stem}.pdf", *(a.name for a in request.attachments)),
    )


def draft_all(
    request: NoticeRequest,
    target: NoticeTarget,
    languages: Sequence[str] = LANGUAGES,
    *,
    now: _dt.datetime | None = None,
) -> tuple[NoticeDraft, ...]:
    """The same notice in each language (checked once, before any is drafted)."""
    check_request(request, target)
    return tuple(draft_notice(request, target, lang, now=now) for lang in languages)


def write_drafts(drafts: Sequence[NoticeDraft], out_dir: Path) -> tuple[NoticeFiles, ...]:
    """Write ``<stem>.eml``, ``.pdf`` and ``.lumen.json`` of each draft into ``out_dir``.

    Every file is written to a temporary name first and renamed when all are written,
    so a failure leaves no half-written notice behind; an existing file is never replaced.
    """
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise TakedownInputError(_("{path} is not a folder.").format(path=str(out)))
    out.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    results: list[NoticeFiles] = []
    try:
        for draft in drafts:
            files = NoticeFiles(
                eml=out / f"{draft.stem}.eml",
                pdf=out / f"{draft.stem}.pdf",
                lumen=out / f"{draft.stem}.lumen.json",
            )
            for final, data in ((files.eml, draft.eml), (files.pdf, draft.pdf),
                                (files.lumen, draft.lumen_json.encode("utf-8"))):
                if final.exists():
                    raise TakedownInputError(
                        _("{path} exists already; a drafted notice is never overwritten (a "
                          "new draft is a new version).").format(path=str(final)))
                fd, tmp = tempfile.mkstemp(prefix=".partial-", dir=out)
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                staged.append((Path(tmp), final))
            results.append(files)
        for tmp, final in staged:
            os.replace(tmp, final)
    finally:
        for tmp, _final in staged:
            tmp.unlink(missing_ok=True)
    return tuple(results)
