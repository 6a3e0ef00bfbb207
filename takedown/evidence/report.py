"""The evidence report as PDF, through the product's one document renderer
(:mod:`screeningroom.documents`) and its template ``evidence/report.html``. When the
renderer or the template is not installed the bundle is written without the PDF and the
reason is returned (and recorded in the case's custody log by the caller)."""

from __future__ import annotations

from typing import Any

from screeningroom_resources.i18n import _, current_language
from takedown.evidence.contents import EvidenceInput
from takedown.evidence.jsonable import jsonable

TEMPLATE = "evidence/report.html"


def report_context(data: EvidenceInput, score_png: bytes | None = None) -> dict[str, Any]:
    """Plain values for the template: the same facts the bundle's JSON files hold; images
    as PNG bytes (for the renderer's ``image_src`` filter)."""
    return {
        "case_id": data.case_id,
        "clip": jsonable(data.intake),
        "identification": jsonable(data.identification),
        "trace": jsonable(data.trace),
        "session": jsonable(data.proof.session) if data.proof else None,
        "audit_bundle_sha256": data.proof.bundle_sha256 if data.proof else None,
        "custody": jsonable(data.custody),
        "reupload_of": data.reupload_of,
        "pairs": [{"clip_time": p.clip_time, "master_time": p.master_time, "png": p.png}
                  for p in data.pairs],
        "score_png": score_png,
    }


def render_report(data: EvidenceInput, score_png: bytes | None = None,
                  language: str | None = None) -> tuple[bytes | None, str | None]:
    """(PDF bytes, None), or (None, why there is no PDF)."""
    try:
        from screeningroom.documents import DocumentError, TemplateMissing, render_pdf
    except ImportError:
        return None, _("the document renderer is not installed")
    try:
        return render_pdf(TEMPLATE, report_context(data, score_png),
                          language or current_language()), None
    except TemplateMissing:
        return None, _("the report template {name} is not installed").format(name=TEMPLATE)
    except DocumentError as exc:
        return None, _("the report could not be rendered: {reason}").format(reason=exc)
