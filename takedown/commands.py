"""The desk's commands: ``import-audit``, ``index``, ``film``, ``scan``, ``cases``, ``case``.

Times are read and printed in the desk's zone (``takedown zone``; default the local zone);
every time printed carries its zone. Commands that open the desk's station key take
``--passphrase-file PATH`` (else ``SCREENINGROOM_PASSPHRASE``, else a prompt).
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from screeningroom import paths
from screeningroom_resources.console import ProgressBar
from screeningroom_resources.i18n import _
from takedown import zone
from takedown.cases import MANUAL, Case, CaseStatus
from takedown.intake import take_in
from takedown.zone import format_time

if TYPE_CHECKING:  # the desk (watermark, OpenCV, the store) loads when a command opens it
    from takedown.desk import Desk
    from takedown.recording import ScanResult


def passphrase_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--passphrase-file", type=Path, metavar="PATH",
                        help=_("read the desk station's passphrase from the first line of "
                               "this file"))


def open_desk(args: argparse.Namespace | None = None) -> Desk:
    """The desk of this workstation; its station key is unlocked only when a step needs it
    (passphrase from ``--passphrase-file``, ``SCREENINGROOM_PASSPHRASE`` or a prompt)."""
    from screeningroom.vault.commands import read_passphrase
    from screeningroom.vault.station import load_station

    folder = paths.station_dir()

    def station() -> object:
        return load_station(read_passphrase(args or argparse.Namespace()), folder=folder)

    from takedown.desk import Desk

    return Desk.open(station=station, station_folder=folder)


def _zone_note() -> str:
    return _("a time without a zone is read in the desk's zone ({zone}; see 'takedown zone')"
             ).format(zone=zone.describe())


def register(sub: argparse._SubParsersAction) -> None:
    zone.use(zone.load_zone(paths.desk_dir()))
    imp = sub.add_parser("import-audit", help=_("verify a station's audit bundle against the "
                                                "review office and record its sessions"))
    imp.add_argument("bundle", type=Path, metavar="BUNDLE")
    imp.set_defaults(func=_import_audit)

    index = sub.add_parser("index", help=_("build the content fingerprint index of a "
                                           "registered film"))
    index.add_argument("screener", type=Path, metavar="FILM.scr")
    passphrase_option(index)
    index.set_defaults(func=_index)

    film = sub.add_parser("film", help=_("show an indexed film's details; record its "
                                         "distribution certificate"))
    film.add_argument("film_id", metavar="FILM_ID")
    film.add_argument("--certificate", metavar="TEXT",
                      help=_("the film's distribution certificate (number and date), "
                             "recorded once for every notice"))
    film.set_defaults(func=_film)

    scan = sub.add_parser("scan", help=_("identify a suspected clip, trace the leaking session "
                                         "and keep the evidence"))
    scan.add_argument("clip", type=Path, metavar="CLIP")
    scan.add_argument("--seen-at", required=True, metavar="LINK",
                      help=_("where the clip was seen: a t.me message link or a web address"))
    scan.add_argument("--seen-time", metavar="T",
                      help=_("when it was seen (ISO 8601, e.g. 2026-03-01T18:30; default: "
                             "now); {note}").format(note=_zone_note()))
    scan.add_argument("--channel", metavar="NAME", help=_("the channel or site name"))
    scan.add_argument("--views", type=int, metavar="N", help=_("views shown with the clip"))
    passphrase_option(scan)
    scan.set_defaults(func=_scan)

    cases = sub.add_parser("cases", help=_("list the desk's cases"))
    cases.add_argument("--status", choices=[s.value for s in CaseStatus],
                       help=_("only cases with this status"))
    cases.set_defaults(func=_cases)

    case = sub.add_parser("case", help=_("show one case; optionally set its status"))
    case.add_argument("case_id", metavar="ID")
    case.add_argument("--set-status", choices=[s.value for s in CaseStatus if s in MANUAL],
                      help=_("move the case to this status (the others follow from scans and "
                             "notices)"))
    case.add_argument("--note", default="", help=_("a note recorded with the status"))
    case.set_defaults(func=_case)


def _import_audit(args: argparse.Namespace) -> int:
    with open_desk(args) as desk:
        got = desk.import_audit(args.bundle)
    if got.already_imported:
        print(_("This audit bundle was imported before (station {station}); nothing new.")
              .format(station=got.station_id))
        return 0
    print(_("Audit bundle verified against the review office: station {station} ({room}), "
            "{records} records.").format(station=got.station_id, room=got.room,
                                         records=got.records))
    print(_("Sessions recorded: {added} new, {known} already known, {ended} given their "
            "end.").format(added=got.sessions_added, known=got.sessions_known,
                           ended=got.sessions_ended))
    for session in got.findings:
        print(_("Finding: session {session} is claimed by another station as well; see "
                "'takedown findings'.").format(session=session))
    return 0


def _index(args: argparse.Namespace) -> int:
    bar = ProgressBar(_("Fingerprinting"))
    with open_desk(args) as desk:
        index = desk.index_film(args.screener, progress=bar)
    bar.close()
    print(_("Indexed {title} ({film}): {count} fingerprints over {minutes} min.").format(
        title=index.meta.title, film=index.film_id, count=len(index.vectors),
        minutes=round(index.meta.duration / 60, 1)))
    return 0


def _film(args: argparse.Namespace) -> int:
    with open_desk(args) as desk:
        film = (desk.set_film_certificate(args.film_id, args.certificate)
                if args.certificate is not None else desk.film(args.film_id))
    print(_("Film {film}: {title}").format(film=film.film_id, title=film.title))
    print(_("State register No.: {number}").format(number=film.register_number or "-"))
    print(_("Rights holder: {holder}").format(holder=film.rights_holder or "-"))
    print(_("Distribution certificate: {certificate}").format(
        certificate=film.distribution_certificate or _("not recorded (takedown film ID "
                                                       "--certificate TEXT)")))
    print(_("Indexed {time}").format(time=format_time(film.indexed_at)))
    return 0


def _scan(args: argparse.Namespace) -> int:
    # the clip and the link are checked before the desk is opened: bad input touches nothing
    intake = take_in(args.clip, args.seen_at, seen_time=args.seen_time, channel=args.channel,
                     views=args.views)
    bar = ProgressBar(_("Scanning"))
    with open_desk(args) as desk:
        _sync_office(desk)  # with a central registry set, sessions are resolved there too
        result = desk.scan(args.clip, args.seen_at, seen_time=args.seen_time,
                           channel=args.channel, views=args.views, progress=bar,
                           received=intake.received_at)
    bar.close()
    for line in summary_lines(result):
        print(line)
    return 0


def _sync_office(desk: Desk) -> None:
    from screeningroom.office.desk_sync import desk_client
    from screeningroom.office.errors import OfficeError

    client = desk_client(desk.station())
    if client is None:
        return
    from takedown.trust_commands import print_office_sync

    with client:
        try:
            print_office_sync(desk.sync_office(client))
        except OfficeError as exc:  # the desk's own records still resolve the clip
            print(_("Not synchronised with the central registry: {reason}").format(reason=exc))


def summary_lines(result: ScanResult) -> list[str]:
    """The scan's summary, one fact a line."""
    ident, tr = result.identification, result.trace
    sighting = result.intake.sighting
    lines = [
        _("Case {case}: {status}").format(case=result.case_id, status=result.status.label),
        _("Clip SHA-256: {sha}").format(sha=result.intake.sha256),
        _("Seen at: {link} on {time}").format(link=sighting.link.url,
                                             time=format_time(sighting.seen_time)),
    ]
    if not result.new_case:
        lines.append(_("This clip was recorded before: the sighting is added to case {case}.")
                     .format(case=result.case_id))
    if ident.found:
        lines.append(_("Film: {title} ({film}); clip {start}-{end} s matches the film from "
                       "{film_start} s (match {score:.2f}, threshold {threshold:.2f})").format(
            title=ident.film.title, film=ident.film.film_id,
            start=round(ident.match_start, 1), end=round(ident.match_end, 1),
            film_start=round(ident.film_start, 1), score=ident.score,
            threshold=ident.threshold))
        if ident.mirrored:
            lines.append(_("The clip shows the film mirrored left to right."))
    else:
        lines.append(_("No registered film matches this clip (best match {score:.2f}, "
                       "threshold {threshold:.2f}).").format(score=ident.score,
                                                             threshold=ident.threshold))
    lines.extend(trace_lines(tr))
    if result.reupload_of:
        lines.append(_("Re-upload of case {case}, which was already taken down.").format(
            case=result.reupload_of))
    lines.append(_("Evidence: {path}").format(path=result.evidence.path))
    if result.report_note:
        lines.append(_("No PDF report in the evidence: {reason}.").format(
            reason=result.report_note))
    return lines


def trace_lines(tr) -> list[str]:  # type: ignore[no-untyped-def]
    from takedown.trace import TraceVerdict

    if tr is None:
        return []
    p = _("p = {p:.1e}, license keys tried: {keys} (threshold {threshold:.0e})").format(
        p=tr.p_value, keys=tr.keys, threshold=tr.threshold)
    payload = f"{tr.payload:016x}" if tr.payload is not None else "-"
    if tr.verdict is TraceVerdict.ATTRIBUTED:
        s = tr.session
        key = (_("the key of license {license}").format(license=tr.license_id)
               if tr.license_id else _("the office's single key (format-1 licenses)"))
        return [
            _("Leaked from session {session}: station {station}, {room}, member {member}, "
              "started {started}").format(session=s.short_id, station=s.station_id,
                                          room=s.room, member=s.member_id,
                                          started=format_time(s.started_at)),
            _("Mark found under {key}; false-positive probability: {p}").format(key=key, p=p),
        ]
    if tr.verdict is TraceVerdict.UNRECORDED_MARK:
        return [_("Tampering at station {station}: the copy is marked under the key of its "
                  "license {license} with session {session}, which it never recorded ({p}). "
                  "Recorded as a finding; no session is accused.").format(
            station=tr.key_station_id, license=tr.license_id, session=payload, p=p)]
    if tr.verdict is TraceVerdict.REFUSED_RECORDS:
        held = (_("That bundle records session {session}.") if tr.refused_recorded else
                _("That bundle does not record session {session}.")).format(session=payload)
        return [_("The copy is marked under the key of license {license} with session "
                  "{session} ({p}). The desk holds records of that license only in an audit "
                  "bundle it refused, from station {station} (bundle {bundle}; see 'takedown "
                  "findings'). No session is accused.").format(
            license=tr.license_id, session=payload, p=p, station=tr.key_station_id,
            bundle=tr.refused_bundle), held]
    if tr.verdict is TraceVerdict.CLAIMED_TWICE:
        return [_("The copy carries the mark of session {session} ({p}), which stations "
                  "{stations} both claim; it is attributed to neither (see 'takedown "
                  "findings').").format(session=payload, p=p,
                                        stations=", ".join(tr.claimed_by))]
    if tr.verdict is TraceVerdict.UNKNOWN_SESSION:
        return [_("The clip carries the mark of session {session} ({p}), which no imported "
                  "audit bundle holds: import the station's audit bundle and scan again.")
                .format(session=payload, p=p)]
    return [_("Not attributable: {p}; no session is named.").format(p=p)]


def _cases(args: argparse.Namespace) -> int:
    status = CaseStatus(args.status) if args.status else None
    now = datetime.now(UTC)
    with open_desk(args) as desk:
        found = desk.cases(status)
    if not found:
        print(_("No cases."))
        return 0
    print(_("Times in {zone}.").format(zone=zone.describe()))
    print(f"{_('CASE'):<14} {_('STATUS'):<16} {_('OPENED'):<17} {_('DEADLINE'):<19} "
          f"{_('SEEN'):>4} {_('SESSION'):<17} {_('FILM')}")
    for c in found:
        late = " !" if c.overdue(now) else ""
        print(f"{c.case_id:<14} {c.status.label:<16} {_short(c.opened_at):<17} "
              f"{_short(c.deadline) + late:<19} {c.sightings_count:>4} "
              f"{c.session_hex or '-':<17} {c.title}")
    return 0


def _short(value: datetime | None) -> str:
    return "-" if value is None else value.astimezone(zone.current()).strftime("%Y-%m-%d %H:%M")


def _case(args: argparse.Namespace) -> int:
    with open_desk(args) as desk:
        if args.set_status:
            desk.set_status(args.case_id, CaseStatus(args.set_status), args.note)
        case = desk.case(args.case_id)
        notices = desk.store.notices.of_case(case.case_id)
    for line in case_lines(case):
        print(line)
    if notices:
        print(_("Notices:"))
        for n in notices:
            sent = (_("sent {time} to {to}").format(time=format_time(n.sent_at), to=n.sent_to)
                    if n.sent_at else _("not sent"))
            print(f"  {n.target} v{n.version} {n.language}: {format_time(n.drafted_at)}; "
                  f"{sent}; {n.eml}")
    return 0


def case_lines(case: Case) -> list[str]:
    lines = [
        _("Case {case}: {title}").format(case=case.case_id, title=case.title),
        _("Status: {status}; opened {opened}; deadline {deadline}").format(
            status=case.status.label, opened=format_time(case.opened_at),
            deadline=format_time(case.deadline)),
    ]
    if case.film_id:
        lines.append(_("Film: {film}").format(film=case.film_id))
    if case.session_id is not None:
        lines.append(_("Session: {session} at station {station}").format(
            session=case.session_hex, station=case.station_id))
    if case.group is not None and len(case.group.case_ids) > 1:
        lines.append(_("Copies of the same leak: {cases}").format(
            cases=", ".join(case.group.case_ids)))
    if case.reupload_of:
        lines.append(_("Re-upload of case {case}").format(case=case.reupload_of))
    for s in case.sightings:
        lines.append(_("Seen at {link} on {seen} ({views} views)").format(
            link=s.link, seen=format_time(s.seen_at),
            views="-" if s.views is None else s.views))
        if s.evidence:
            lines.append("  " + _("Evidence: {path}").format(path=s.evidence))
    lines.append(_("History:"))
    for event in case.events:
        note = f" — {event.note}" if event.note else ""
        lines.append(f"  {format_time(event.at)}  {event.status.label}{note}")
    return lines
