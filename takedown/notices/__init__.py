"""Notices: drafts to Telegram, website operators, hosting providers, registrars and the
national authority, in Kazakh, Russian and English, as ``.eml``, PDF and a Lumen record.

Front door::

    drafts = draft_all(request, NoticeTarget.TELEGRAM, ("kk", "ru", "en"))
    write_drafts(drafts, out_dir)

Every field a notice needs is checked first; :class:`MissingNoticeField` names them.
"""

from __future__ import annotations

from takedown.notices import errors, model
from takedown.notices.checks import check_request, required_fields
from takedown.notices.drafting import (
    NoticeDraft,
    NoticeFiles,
    draft_all,
    draft_notice,
    template_name,
    write_drafts,
)
from takedown.notices.errors import *  # noqa: F403
from takedown.notices.lumen import lumen_json, validate_lumen_json
from takedown.notices.model import *  # noqa: F403

__all__ = [
    *errors.__all__,
    *model.__all__,
    "NoticeDraft",
    "NoticeFiles",
    "check_request",
    "draft_all",
    "draft_notice",
    "lumen_json",
    "required_fields",
    "template_name",
    "validate_lumen_json",
    "write_drafts",
]
