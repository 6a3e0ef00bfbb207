"""The product's one document renderer: Jinja2 templates to PDF, plain text and e-mail.

Front door::

    pdf = render_pdf("notices/telegram.html", context, "kk")
    text = render_text("notices/telegram.html", context, "kk")
    subject = render_block_text("notices/telegram.html", "subject", context, "kk")
    eml = build_eml(sender=..., to=[...], subject=subject, body=text,
                    attachments=[Attachment("notice.pdf", pdf)])

Templates are under the bundled ``templates/`` folder (see :mod:`.templates` for how a
language picks its version); the context is a mapping of plain values and frozen
dataclasses; everything from it is escaped. Images go in as bytes through the
``image_src`` filter. Kazakh and Russian text is set in DejaVu (:mod:`.fonts`).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

from screeningroom.documents.eml import Address, Attachment, build_eml
from screeningroom.documents.errors import (
    BadImage,
    DocumentError,
    FontMissing,
    TemplateFailed,
    TemplateMissing,
)
from screeningroom.documents.fonts import FontSet, find_fonts
from screeningroom.documents.templates import image_src, render_block_html, render_html
from screeningroom.documents.text import html_to_text

__all__ = [
    "Address",
    "Attachment",
    "BadImage",
    "DocumentError",
    "FontMissing",
    "FontSet",
    "TemplateFailed",
    "TemplateMissing",
    "build_eml",
    "find_fonts",
    "html_to_text",
    "image_src",
    "render_block_text",
    "render_html",
    "render_pdf",
    "render_text",
]


def render_pdf(
    template_name: str,
    context: Mapping[str, Any],
    language: str,
    *,
    footer: str = "",
    now: _dt.datetime | None = None,
) -> bytes:
    """The template as a PDF document (A4, DejaVu, page numbers with ``footer``)."""
    html = render_html(template_name, context, language)
    from screeningroom.documents.pdf import html_to_pdf  # fpdf: loaded when a PDF is made

    return html_to_pdf(html, lang=language, footer=footer, now=now)


def render_text(template_name: str, context: Mapping[str, Any], language: str) -> str:
    """The same template as plain text (an e-mail body)."""
    return html_to_text(render_html(template_name, context, language))


def render_block_text(
    template_name: str, block: str, context: Mapping[str, Any], language: str
) -> str:
    """One block of the template as one line of plain text (a subject line)."""
    text = html_to_text(render_block_html(template_name, block, context, language))
    return " ".join(text.split())
