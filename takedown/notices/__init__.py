"""Notices: drafts to Telegram, website operators, hosting providers, registrars and the
national authority, in Kazakh, Russian and English, as ``.eml``, PDF and a Lumen record.

Front door::

    drafts = draft_all(request, NoticeTarget.TELEGRAM, ("kk", "ru", "en"))
    write_drafts(drafts, out_dir)

Every field a notice needs is checked first; :class:`MissingNoticeField` names them.
"""

from __future__ import annotations

from takedown.notices.checks import check_request, required_fields
from takedown.notices.drafting import (
    NoticeDraft,
    NoticeFiles,
    draft_all,
    draft_notice,
    template_name,
    write_drafts,
)
from takedown.notices.errors import (
    ContactsNotFound,
    InvalidNoticeField,
    LumenRecordInvalid,
    MissingNoticeField,
    SendRefused,
    SettingsInvalid,
)
from takedown.notices.lumen import lumen_json, validate_lumen_json
from takedown.notices.model import (
    TELEGRAM_DESK,
    EvidenceSummary,
    InfringingItem,
    NoticeRequest,
    NoticeTarget,
    Recipient,
    SenderProfile,
    Work,
)

__all__ = [
    "TELEGRAM_DESK",
    "ContactsNotFound",
    "EvidenceSummary",
    "InfringingItem",
    "InvalidNoticeField",
    "LumenRecordInvalid",
    "MissingNoticeField",
    "NoticeDraft",
    "NoticeFiles",
    "NoticeRequest",
    "NoticeTarget",
    "Recipient",
    "SendRefused",
    "SenderProfile",
    "SettingsInvalid",
    "Work",
    "check_request",
    "draft_all",
    "draft_notice",
    "lumen_json",
    "required_fields",
    "template_name",
    "validate_lumen_json",
    "write_drafts",
]
