"""The commission summary as text lines (the command line), as a PDF, and signed.

The PDF (``resources/templates/review/summary.html``) carries what the commission decides
on: each member's category, recommendation, grounds with their evidence (time code and
text), every note, the number of withdrawn notes, her conclusion, her key and the report
files it was read from; then the majority, the disagreements and the deadline. Values
are shown in the summary's language.

The station that makes the PDF signs it: ``SUMMARY.pdf.sig`` (format
``screeningroom-review-summary-signature``, docs/formats/review-signature.md), checked by
``review verify SUMMARY.pdf`` like a report.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime

from screeningroom.registry.canonical import canonical_json, iso
from screeningroom.review.member_keys import fingerprint
from screeningroom.review.summary import CommissionSummary
from screeningroom_resources.i18n import _, language

TEMPLATE = "review/summary.html"
SUMMARY_FORMAT = "screeningroom-review-summary-signature"
SUMMARY_VERSION = 1
SUMMARY_PREFIX = b"SRSUMMARY\x01"


def summary_lines(s: CommissionSummary) -> list[str]:
    lines = [_("Commission summary: {title} ({register})").format(
        title=s.film.title, register=s.film.register_no)]
    lines.append(_("Commission members: {expected}; reports counted: {count}").format(
        expected=s.expected_members, count=len(s.verdicts)))
    for v in s.verdicts:
        lines.append(f"  {v.member_id}: {v.age_category.label}, {v.recommendation.title}")
        if v.report is not None:
            for ground in v.report.form.grounds:
                evidence = ", ".join(n.time_code for n in v.report.evidence(ground.ground))
                lines.append("    " + _("ground: {ground} (evidence at {times})").format(
                    ground=ground.ground.title, times=evidence))
            lines.append("    " + _("notes: {count}, withdrawn: {withdrawn}").format(
                count=len(v.report.notes), withdrawn=len(v.report.withdrawn)))
        if v.evidence is not None:
            lines.append("    " + _("signed by the member's key {key}; {files}").format(
                key=fingerprint(v.evidence.member_key), files=", ".join(v.evidence.files)))
    lines.append(_("Majority category: {value}").format(
        value=s.majority_category.label if s.majority_category else _("no majority")))
    lines.append(_("Majority recommendation: {value}").format(
        value=s.majority_recommendation.title if s.majority_recommendation
        else _("no majority")))
    for d in s.disagreements:
        lines.append("  " + _("{member} differs on {field}: {chosen}").format(
            member=d.member_id, field=d.field.title, chosen=d.chosen_text))
    if s.deadline is not None:
        lines.append(_("Deadline: {due} ({days} working days from {applied}): {status}").format(
            due=s.deadline.due.isoformat(), days=s.deadline.working_days,
            applied=s.deadline.applied_on.isoformat(), status=s.deadline.status.title))
    else:
        lines.append(_("Deadline: no application date given (--applied YYYY-MM-DD)."))
    return lines


def render_summary_pdf(s: CommissionSummary, lang: str, *, made_at: datetime,
                       station_id: str) -> bytes:
    from screeningroom.documents import render_pdf

    context = {"s": s, "film": s.film, "fingerprint": fingerprint, "made_at": made_at,
               "station_id": station_id}
    with language(lang):
        footer = _("Commission summary {film}").format(film=s.film.register_no)
    return render_pdf(TEMPLATE, context, lang, footer=footer, now=made_at)


def summary_facts(s: CommissionSummary, made_at: datetime, lang: str) -> dict[str, object]:
    film = s.film
    return {
        "film": {"film_id": film.film_id, "title": film.title,
                 "register_no": film.register_no,
                 "declared_age": film.declared_age.value if film.declared_age else None},
        "made_at": iso(made_at),
        "language": lang,
        "expected_members": s.expected_members,
        "members": [{
            "member_id": v.member_id,
            "member_name": v.member_name,
            "age_category": v.age_category.value,
            "recommendation": v.recommendation.value,
            "decided_on": v.decided_on.isoformat(),
            "member_key": v.evidence.member_key.hex() if v.evidence else "",
            "station_id": v.evidence.station_id if v.evidence else "",
            "reports_sha256": list(v.evidence.pdf_sha256) if v.evidence else [],
        } for v in s.verdicts],
        "majority_category": s.majority_category.value if s.majority_category else None,
        "majority_recommendation": (s.majority_recommendation.value
                                    if s.majority_recommendation else None),
        "deadline": None if s.deadline is None else {
            "applied_on": s.deadline.applied_on.isoformat(),
            "working_days": s.deadline.working_days,
            "due": s.deadline.due.isoformat(),
            "status": s.deadline.status.value,
        },
    }


def sign_summary(s: CommissionSummary, pdf: bytes, signer, *, made_at: datetime,  # type: ignore[no-untyped-def]
                 lang: str, certificate: bytes | None) -> bytes:
    """The ``.sig`` file of a summary PDF, signed by the station (``signer``)."""
    body = {
        "format": SUMMARY_FORMAT,
        "version": SUMMARY_VERSION,
        "pdf_sha256": hashlib.sha256(pdf).hexdigest(),
        "facts": summary_facts(s, made_at, lang),
        "station_id": signer.station_id,
        "signing_public_key": signer.signing_public_key.hex(),
        "certificate": base64.b64encode(certificate).decode("ascii") if certificate else "",
    }
    body["signature"] = signer.sign(SUMMARY_PREFIX + canonical_json(body)).hex()
    return canonical_json(body) + b"\n"
