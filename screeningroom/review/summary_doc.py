"""The commission summary as text lines (the command line) and as a PDF."""

from __future__ import annotations

from screeningroom.review.summary import CommissionSummary
from screeningroom_resources.i18n import _

TEMPLATE = "review/summary.html"


def summary_lines(s: CommissionSummary) -> list[str]:
    lines = [_("Commission summary: {title} ({register})").format(
        title=s.film.title, register=s.film.register_no)]
    for v in s.verdicts:
        lines.append(f"  {v.member_id}: {v.age_category.label}, {v.recommendation.title}")
    lines.append(_("Majority category: {value}").format(
        value=s.majority_category.label if s.majority_category else _("no majority")))
    lines.append(_("Majority recommendation: {value}").format(
        value=s.majority_recommendation.title if s.majority_recommendation
        else _("no majority")))
    for d in s.disagreements:
        lines.append("  " + _("{member} differs on {field}: {chosen}").format(
            member=d.member_id, field=_field_title(d.field), chosen=d.chosen))
    if s.deadline is not None:
        lines.append(_("Deadline: {due} ({days} working days from {applied}): {status}").format(
            due=s.deadline.due.isoformat(), days=s.deadline.working_days,
            applied=s.deadline.applied_on.isoformat(), status=s.deadline.status.title))
    else:
        lines.append(_("Deadline: no application date given (--applied YYYY-MM-DD)."))
    return lines


def _field_title(field: str) -> str:
    return _("age category") if field == "age_category" else _("recommendation")


def render_summary_pdf(s: CommissionSummary, language: str) -> bytes:
    from screeningroom.documents import render_pdf

    context = {"s": s, "film": s.film, "field_title": _field_title}
    return render_pdf(TEMPLATE, context, language, footer=s.film.register_no)
