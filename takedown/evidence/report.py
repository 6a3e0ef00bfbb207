"""The evidence report as PDF, through the product's one document renderer
(:mod:`screeningroom.documents`) and its template ``evidence/report.html``: the same facts
as the bundle's JSON files, for a person to read. Times are in the desk's zone, each with
its zone; session ids in 16 hex digits. When the renderer fails the bundle is written
without the PDF and the reason is returned (and recorded in the case's custody log)."""

from __future__ import annotations

from typing import Any

from screeningroom_resources.i18n import _, current_language
from takedown.evidence.contents import EvidenceInput
from takedown.zone import describe, format_time, hms

TEMPLATE = "evidence/report.html"



def report_context(data: EvidenceInput, score_png: bytes | None = None) -> dict[str, Any]:
    """Plain values for the template (images as PNG bytes for ``image_src``)."""
    intake, ident, tr = data.intake, data.identification, data.trace
    info = intake.info
    identification = None
    if ident is not None:
        identification = {
            "found": ident.found, "score": f"{ident.score:.3f}",
            "threshold": f"{ident.threshold:.2f}",
            "film": ident.film,
            "match": (f"{ident.match_start:.1f}–{ident.match_end:.1f} s"
                      if ident.found else None),
            "film_start": hms(ident.film_start) if ident.found else None,
            "mirrored": ident.found and ident.mirrored,
            "others": [{"film": c.film.film_id, "title": c.film.title,
                        "score": f"{c.score:.3f}"} for c in ident.candidates[1:]],
        }
    trace = None
    if tr is not None:
        s = tr.session
        trace = {
            "verdict": tr.verdict.label, "attributed": tr.attributed,
            "p": f"{tr.p_value:.2e}", "threshold": f"{tr.threshold:.0e}",
            "z": f"{tr.z_score:.1f}", "keys_tried": tr.keys,
            "key": tr.license_id or _("the office's single key (format-1 licenses)"),
            "key_station": tr.key_station_id or "-",
            "payload": f"{tr.payload:016x}" if tr.payload is not None else "-",
            "span": f"{tr.clip_start:.1f}–{tr.clip_end:.1f} s",
            "seconds": f"{tr.seconds_used:.1f}", "mode": tr.mode.value,
            "session": None if s is None else {
                "id": s.short_id, "station": s.station_id, "room": s.room,
                "member": s.member_id, "license": s.license_id,
                "started": format_time(s.started_at), "ended": format_time(s.ended_at)},
            "claimed_by": ", ".join(tr.claimed_by),
            "refused_bundle": tr.refused_bundle,
        }
    return {
        "case_id": data.case_id,
        "zone": describe(),
        "clip": {"name": intake.path.name, "sha256": intake.sha256, "size": intake.size,
                 "duration": f"{info.duration:.1f}", "format": f"{info.container}, "
                 f"{info.codec} {info.width}x{info.height} at {info.fps:g} fps",
                 "received": format_time(intake.received_at)},
        "seen": {"link": intake.sighting.link.url,
                 "time": format_time(intake.sighting.seen_time),
                 "channel": intake.sighting.channel or "-",
                 "views": "-" if intake.sighting.views is None else intake.sighting.views},
        "sightings": [{"link": s.link, "time": format_time(s.seen_at),
                       "views": "-" if s.views is None else s.views} for s in data.sightings],
        "group": [c for c in data.group if c != data.case_id],
        "identification": identification,
        "trace": trace,
        "proof": None if data.proof is None else {
            "bundle": data.proof.bundle_sha256, "records": len(data.proof.records),
            "end_bundle": data.proof.end_bundle_sha256,
            "between": [sha for sha, _file in data.proof.between],
            "events": [{"seq": r.seq, "time": format_time(r.time, seconds=True),
                        "event": r.event.value} for r in data.proof.records]},
        "custody": [{"at": format_time(e.at, seconds=True), "actor": e.actor,
                     "action": e.action, "detail": e.detail} for e in data.custody],
        "reupload_of": data.reupload_of,
        "pairs": [{"clip_time": f"{p.clip_time:.1f}", "master_time": hms(p.master_time),
                   "png": p.png} for p in data.pairs],
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
                          language or current_language(),
                          footer=_("Evidence report, case {case}").format(
                              case=data.case_id)), None
    except TemplateMissing:
        return None, _("the report template {name} is not installed").format(name=TEMPLATE)
    except DocumentError as exc:
        return None, _("the report could not be rendered: {reason}").format(reason=exc)
