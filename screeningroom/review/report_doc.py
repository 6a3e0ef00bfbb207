"""The review report as a PDF (``resources/templates/review/report.html``).

Notes, evidence and the conclusion are set as paragraphs, not table cells, so a note of
any allowed length (10,000 characters) flows across pages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from screeningroom.review.law import AGE_CATEGORIES, age_criteria, age_restrictions
from screeningroom.review.model import format_time_code
from screeningroom_resources.i18n import _, language

if TYPE_CHECKING:
    from screeningroom.review.report import ReviewReport

TEMPLATE = "review/report.html"


def render_report_pdf(report: ReviewReport, lang: str) -> bytes:
    from screeningroom.documents import render_pdf

    form = report.form
    notes_by_id = {n.note_id: n for n in report.notes}
    context = {
        "report": report,
        "film": report.film,
        "form": form,
        "watched": format_time_code(report.watched_seconds * 1000),
        "duration": format_time_code(report.film.duration_ms),
        "notes": report.notes,
        "withdrawn": len(report.withdrawn),
        "categories": AGE_CATEGORIES,
        "criteria": age_criteria,
        "restrictions": age_restrictions,
        "language_problems": (),
        "grounds": [
            (g.ground, [notes_by_id[i] for i in g.note_ids if i in notes_by_id])
            for g in form.grounds
        ],
    }
    with language(lang):
        context["language_problems"] = form.language.problems()
        footer = _("Review report {film} / {member}").format(
            film=report.film.register_no or report.film.film_id, member=report.member_id)
    return render_pdf(TEMPLATE, context, lang, footer=footer, now=report.created_at)
