"""The desk's commands: ``import-audit``, ``index``, ``scan``, ``cases``, ``case``."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

from screeningroom_resources.console import ProgressBar
from screeningroom_resources.i18n import _
from takedown.cases import Case, CaseStatus
from takedown.desk import Desk
from takedown.intake import take_in
from takedown.trace import Verdict


def register(sub: argparse._SubParsersAction) -> None:
    imp = sub.add_parser("import-audit", help=_("verify a station's audit bundle and record "
                                                "its sessions"))
    imp.add_argument("bundle", type=Path, metavar="BUNDLE")
    imp.set_defaults(func=_import_audit)

    index = sub.add_parser("index", help=_("build the content fingerprint index of a "
                                           "registered film"))
    index.add_argument("screener", type=Path, metavar="FILM.scr")
    index.set_defaults(func=_index)

    scan = sub.add_parser("scan", help=_("identify a suspected clip, trace the leaking session "
                                         "and keep the evidence"))
    scan.add_argument("clip", type=Path, metavar="CLIP")
    scan.add_argument("--seen-at", required=True, metavar="LINK",
                      help=_("where the clip was seen: a t.me message link or a web address"))
    scan.add_argument("--seen-time", metavar="T",
                      help=_("when it was seen (ISO 8601, e.g. 2026-03-01T18:30; default: now)"))
    scan.add_argument("--channel", metavar="NAME", help=_("the channel or site name"))
    scan.add_argument("--views", type=int, metavar="N", help=_("views shown with the clip"))
    scan.set_defaults(func=_scan)

    cases = sub.add_parser("cases", help=_("list the desk's cases"))
    cases.add_argument("--status", choices=[s.value for s in CaseStatus],
                       help=_("only cases with this status"))
    cases.set_defaults(func=_cases)

    case = sub.add_parser("case", help=_("show one case; optionally set its status"))
    case.add_argument("case_id", metavar="ID")
    case.add_argument("--set-status", choices=[s.value for s in CaseStatus],
                      help=_("move the case to this status"))
    case.add_argument("--note", default="", help=_("a note recorded with the status"))
    case.set_defaults(func=_case)


def _desk() -> Desk:
    return Desk.open()


def _import_audit(args: argparse.Namespace) -> int:
    with _desk() as desk:
        got = desk.import_audit(args.bundle)
    print(_("Audit bundle verified: station {station} ({room}), {records} records.").format(
        station=got.station_id, room=got.room, records=got.records))
    print(_("Sessions recorded: {added} new, {known} already known.").format(
        added=got.sessions_added, known=got.sessions_known))
    return 0


def _index(args: argparse.Namespace) -> int:
    bar = ProgressBar(_("Fingerprinting"))
    with _desk() as desk:
        index = desk.index_film(args.screener, progress=bar)
    bar.close()
    print(_("Indexed {title} ({film}): {count} fingerprints over {minutes} min.").format(
        title=index.meta.title, film=index.film_id, count=len(index.vectors),
        minutes=round(index.meta.duration / 60, 1)))
    return 0


def _scan(args: argparse.Namespace) -> int:
    # the clip and the link are checked before the desk is opened: bad input touches nothing
    intake = take_in(args.clip, args.seen_at, seen_time=args.seen_time, channel=args.channel,
                     views=args.views)
    bar = ProgressBar(_("Scanning"))
    with _desk() as desk:
        result = desk.scan(args.clip, args.seen_at, seen_time=args.seen_time,
                           channel=args.channel, views=args.views, progress=bar,
                           received=intake.received_at)
    bar.close()
    for line in summary_lines(result):
        print(line)
    return 0


def summary_lines(result) -> list[str]:  # type: ignore[no-untyped-def]
    """The scan's summary, one fact a line."""
    ident, tr = result.identification, result.trace
    lines = [
        _("Case {case}: {status}").format(case=result.case_id, status=result.status.label),
        _("Clip SHA-256: {sha}").format(sha=result.intake.sha256),
        _("Seen at: {link}").format(link=result.intake.sighting.link.url),
    ]
    if ident.found:
        lines.append(_("Film: {title} ({film}), from {offset} s into it (match {score:.2f}, "
                       "threshold {threshold:.2f})").format(
            title=ident.film.title, film=ident.film.film_id, offset=round(ident.offset, 1),
            score=ident.score, threshold=ident.threshold))
    else:
        lines.append(_("No registered film matches this clip (best match {score:.2f}, "
                       "threshold {threshold:.2f}).").format(score=ident.score,
                                                             threshold=ident.threshold))
    if tr is not None and tr.session is not None:
        s = tr.session
        lines.append(_("Leaked from session {session}: station {station}, {room}, member "
                       "{member}, started {started}").format(
            session=s.short_id, station=s.station_id, room=s.room, member=s.member_id,
            started=s.started_at.strftime("%Y-%m-%d %H:%M UTC")))
        lines.append(_("False-positive probability: {p:.1e} (threshold {threshold:.0e})").format(
            p=tr.p_value, threshold=tr.threshold))
    elif tr is not None and tr.verdict is Verdict.UNKNOWN_SESSION:
        lines.append(_("The clip carries the mark of session {session} (p = {p:.1e}), which no "
                       "imported audit bundle holds: import the station's audit bundle and scan "
                       "again.").format(session=f"{tr.payload:016x}", p=tr.p_value))
    elif tr is not None:
        lines.append(_("Not attributable: p = {p:.1e} is above the threshold {threshold:.0e}; "
                       "no session is named.").format(p=tr.p_value, threshold=tr.threshold))
    if result.reupload_of:
        lines.append(_("Re-upload of case {case}, which was already taken down.").format(
            case=result.reupload_of))
    lines.append(_("Evidence: {path}").format(path=result.evidence.path))
    if result.report_note:
        lines.append(_("No PDF report in the evidence: {reason}.").format(
            reason=result.report_note))
    return lines


def _when(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if value else "-"


def _cases(args: argparse.Namespace) -> int:
    status = CaseStatus(args.status) if args.status else None
    now = datetime.now(UTC)
    with _desk() as desk:
        found = desk.cases(status)
    if not found:
        print(_("No cases."))
        return 0
    print(f"{_('CASE'):<14} {_('STATUS'):<16} {_('OPENED'):<17} {_('DEADLINE'):<18} {_('FILM')}")
    for c in found:
        late = " !" if c.overdue(now) else ""
        print(f"{c.case_id:<14} {c.status.label:<16} {_when(c.opened_at):<17} "
              f"{_when(c.deadline) + late:<18} {c.title}")
    return 0


def _case(args: argparse.Namespace) -> int:
    with _desk() as desk:
        if args.set_status:
            desk.set_status(args.case_id, CaseStatus(args.set_status), args.note)
        case = desk.case(args.case_id)
    for line in case_lines(case):
        print(line)
    return 0


def case_lines(case: Case) -> list[str]:
    lines = [
        _("Case {case}: {title}").format(case=case.case_id, title=case.title),
        _("Status: {status}; opened {opened}; deadline {deadline}").format(
            status=case.status.label, opened=_when(case.opened_at), deadline=_when(case.deadline)),
    ]
    if case.film_id:
        lines.append(_("Film: {film}").format(film=case.film_id))
    if case.session_id is not None:
        lines.append(_("Session: {session}").format(session=f"{case.session_id:016x}"))
    if case.reupload_of:
        lines.append(_("Re-upload of case {case}").format(case=case.reupload_of))
    for clip in case.clips:
        lines.append(_("Clip {sha} seen at {link} on {seen} ({views} views)").format(
            sha=clip.sha256[:16], link=clip.link, seen=_when(clip.seen_at),
            views="-" if clip.views is None else clip.views))
        if clip.evidence:
            lines.append("  " + _("Evidence: {path}").format(path=clip.evidence))
    lines.append(_("History:"))
    for event in case.events:
        note = f" — {event.note}" if event.note else ""
        lines.append(f"  {_when(event.at)}  {event.status.label}{note}")
    return lines
