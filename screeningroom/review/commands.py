"""``screeningroom review ...``: notes, signed review reports, their check, the summary.

- ``review note``      add a time-coded note to the member's own session (her password)
- ``review notes``     list a member's notes on a film
- ``review withdraw``  withdraw one of her notes (her password); the report counts it
- ``review export``    the member's signed review report (PDF + .sig; her password)
- ``review verify``    check a report's signatures and that it matches the audit log
                       (``screeningroom verify REPORT.pdf`` comes here too)
- ``review summary``   the signed commission summary of a film from its members' reports
"""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime
from pathlib import Path

from screeningroom import paths
from screeningroom.review.errors import BadDate, ReviewBadInput, ReviewError
from screeningroom.review.ids import parse_session_id, session_hex
from screeningroom.review.model import NoteCategory, Severity, parse_time_code
from screeningroom_resources.i18n import _


def _station_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--passphrase-file", type=Path, metavar="PATH",
                        help=_("file whose first line is the station's passphrase"))
    parser.add_argument("--password-file", type=Path, metavar="F",
                        help=_("file whose first line is the member's password (default: "
                               "asked)"))


def register(sub: argparse._SubParsersAction) -> None:
    review = sub.add_parser("review", help=_("expert review: notes, signed review reports, "
                                             "commission summary"))
    rsub = review.add_subparsers(dest="review_command", metavar=_("COMMAND"), required=True)

    note = rsub.add_parser("note", help=_("add a time-coded note to the member's session"))
    note.add_argument("--session", required=True, help=_("session id (16 hex digits)"))
    note.add_argument("--member", required=True, help=_("member id"))
    note.add_argument("--film", required=True, help=_("film id"))
    note.add_argument("--at", required=True, help=_("time code: H:MM:SS or seconds"))
    note.add_argument("--category", choices=[c.value for c in NoteCategory],
                      default=NoteCategory.OTHER.value, help=_("what the note is about"))
    note.add_argument("--severity", choices=[s.value for s in Severity],
                      default=Severity.MEDIUM.value, help=_("how serious it is"))
    note.add_argument("text", help=_("the note"))
    _station_options(note)
    note.set_defaults(func=_note)

    notes = rsub.add_parser("notes", help=_("list a member's notes on a film"))
    notes.add_argument("--member", required=True, help=_("member id"))
    notes.add_argument("--film", required=True, help=_("film id"))
    notes.set_defaults(func=_notes)

    withdraw = rsub.add_parser("withdraw", help=_("withdraw (delete) one of the member's "
                                                  "notes; the report counts it"))
    withdraw.add_argument("note_id", type=int, metavar="NOTE", help=_("the note's number"))
    withdraw.add_argument("--member", required=True, help=_("member id"))
    _station_options(withdraw)
    withdraw.set_defaults(func=_withdraw)

    export = rsub.add_parser("export", help=_("write the member's signed review report"))
    export.add_argument("--film", required=True, help=_("film id"))
    export.add_argument("--member", required=True, help=_("member id"))
    export.add_argument("--out", type=Path, required=True, help=_("the PDF to write"))
    export.add_argument("--report-lang", choices=("kk", "ru", "en"), default="kk",
                        help=_("language of the report (default kk)"))
    _station_options(export)
    export.set_defaults(func=_export)

    verify = rsub.add_parser("verify", help=_("check a review report's signatures and that "
                                              "it matches the audit log"))
    verify.add_argument("file", type=Path, metavar="REPORT")
    _trust_options(verify)
    verify.set_defaults(func=verify_command)

    summary = rsub.add_parser("summary", help=_("combine the members' reports on a film"))
    summary.add_argument("reports", type=Path, nargs="+", metavar="REPORT")
    summary.add_argument("--members", type=positive_int, required=True,
                         help=_("how many members the commission has"))
    summary.add_argument("--applied", help=_("application date, YYYY-MM-DD"))
    summary.add_argument("--out", type=Path, help=_("also write the summary as a signed PDF"))
    summary.add_argument("--report-lang", choices=("kk", "ru", "en"), default="kk",
                         help=_("language of the summary PDF (default kk)"))
    summary.add_argument("--passphrase-file", type=Path, metavar="PATH",
                         help=_("file whose first line is the station's passphrase (the "
                                "station signs the summary PDF)"))
    _trust_options(summary)
    summary.set_defaults(func=_summary)


def _trust_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--anchor", type=Path, action="append", default=[],
                        metavar="ANCHOR",
                        help=_("the review office's trust anchor (repeatable; default: the "
                               "one of this station or authority)"))
    parser.add_argument("--revocations", type=Path, action="append", default=[],
                        metavar="LIST",
                        help=_("the review office's revocation list (repeatable; default: "
                               "the one imported at this station)"))
    parser.add_argument("--audit", type=Path, action="append", default=[], metavar="BUNDLE",
                        help=_("a station's signed audit bundle to compare the reports with "
                               "(repeatable; this station's own log is always used)"))


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{text} is not a whole number.").format(
            text=text)) from None
    if value < 1:
        raise argparse.ArgumentTypeError(
            _("{text}: a commission has at least one member.").format(text=text))
    return value


def _store():
    from screeningroom.review.store import ReviewStore

    return ReviewStore()


def _member_password(args: argparse.Namespace) -> str:
    from screeningroom.registry.commands import read_password

    return read_password(args, confirm=False)


class _Station:
    """The unlocked station, its registry and review store, for one command."""

    def __init__(self, args: argparse.Namespace) -> None:
        from screeningroom.registry.model import RegistrySettings
        from screeningroom.registry.registry import Registry
        from screeningroom.vault.commands import read_passphrase
        from screeningroom.vault.station import load_station

        self.station = load_station(read_passphrase(args))
        self.registry = Registry.open(None, self.station,
                                      settings=RegistrySettings.from_workstation())
        self.store = _store()

    def __enter__(self) -> _Station:
        return self

    def __exit__(self, *exc: object) -> None:
        self.store.close()
        self.registry.close()

    def login(self, args: argparse.Namespace, member_id: str) -> str:
        password = _member_password(args)
        self.registry.authenticate(member_id, password)
        return password

    def film(self, film_id: str):
        from screeningroom.review.model import Film
        from screeningroom.vault.library import station_library

        for entry in station_library(self.station):
            if entry.manifest.film_id == film_id:
                return Film.from_manifest(entry.manifest)
        raise ReviewError(_("Film {film_id} is not in this station's library: import its "
                            "screener first.").format(film_id=film_id))


def _note(args: argparse.Namespace) -> int:
    from screeningroom.registry.errors import UnknownSession
    from screeningroom.review.errors import NotMembersSession

    session_id = parse_session_id(args.session)
    time_ms = parse_time_code(args.at)
    with _Station(args) as here:
        film = here.film(args.film)
        here.login(args, args.member)
        try:
            session = here.registry.session(session_id)
        except UnknownSession:
            raise NotMembersSession(session_hex(session_id), args.member, args.film) from None
        if session.member_id != args.member or session.film_id != film.film_id:
            raise NotMembersSession(session_hex(session_id), args.member, args.film)
        note = here.store.add_note(session_id=session_id, member_id=args.member,
                                   film_id=film.film_id, time_ms=time_ms,
                                   category=NoteCategory(args.category),
                                   severity=Severity(args.severity), text=args.text,
                                   duration_ms=film.duration_ms)
    print(_("Note {note_id} at {time} saved.").format(note_id=note.note_id, time=note.time_code))
    return 0


def _notes(args: argparse.Namespace) -> int:
    with _store() as store:
        standing = store.notes(member_id=args.member, film_id=args.film)
        withdrawn = store.notes(member_id=args.member, film_id=args.film, withdrawn=True)
    for n in standing:
        print(f"{n.note_id:>5}  {n.time_code}  {n.session_short}  {n.category.title} / "
              f"{n.severity.title}  {n.text}")
    if withdrawn:
        print(_("Withdrawn notes: {count}").format(count=len(withdrawn)))
    return 0


def _withdraw(args: argparse.Namespace) -> int:
    from screeningroom.review.errors import UnknownNote

    with _Station(args) as here:
        here.login(args, args.member)
        note = here.store.note(args.note_id)
        if note.member_id != args.member:
            raise UnknownNote(args.note_id)
        here.store.withdraw_note(note.note_id)
    print(_("Note {note_id} at {time} withdrawn; it stays in the record and the report "
            "counts it.").format(note_id=note.note_id, time=note.time_code))
    return 0


def _export(args: argparse.Namespace) -> int:
    from screeningroom.review.member_keys import MemberKeys
    from screeningroom.review.signing import export_signed_report
    from screeningroom_resources.console import ProgressBar

    with _Station(args) as here:
        film = here.film(args.film)
        password = _member_password(args)
        with MemberKeys.beside(here.store.path) as keys:
            done = export_signed_report(
                registry=here.registry, store=here.store, keys=keys, station=here.station,
                film=film, member_id=args.member, password=password, out=args.out,
                language=args.report_lang, certificate=here.station.certificate_bytes,
                room=here.station.room, progress=ProgressBar(_("Review report")))
    print(_("Review report written: {pdf} (signature {sig})").format(pdf=done.pdf,
                                                                    sig=done.signature))
    return 0


def trust_anchors(given: list[Path]) -> tuple[object, ...]:
    """The anchors given, else this station's or authority's; none is an error."""
    from screeningroom.vault.checks import load_anchor

    candidates = list(given) or [p for p in (paths.station_dir() / "anchor.sra",
                                             paths.authority_dir() / "anchor.sra")
                                 if p.exists()]
    if not candidates:
        raise ReviewBadInput(_("No trust anchor: give the review office's anchor with "
                               "--anchor ANCHOR (a report is trusted only when its "
                               "station's certificate was issued by the office)."))
    anchors = []
    for candidate in candidates:
        try:
            anchors.append(load_anchor(candidate.read_bytes()))
        except OSError as exc:
            raise ReviewBadInput(_("No trust anchor at {path}.").format(
                path=candidate)) from exc
    return tuple(anchors)


def revocation_lists(given: list[Path], anchors: tuple[object, ...]) -> tuple[object, ...]:
    """The revocation lists given (each checked against the anchors), else this
    station's imported one."""
    from screeningroom.errors import ScreeningRoomError
    from screeningroom.vault.checks import load_revocations_checked

    candidates = list(given) or [p for p in (paths.station_dir() / "revocations.srr",)
                                 if p.exists()]
    found = []
    for candidate in candidates:
        try:
            data = candidate.read_bytes()
        except OSError as exc:
            raise ReviewBadInput(_("Cannot read the revocation list {path}.").format(
                path=candidate)) from exc
        reasons = []
        for anchor in anchors:
            try:
                found.append(load_revocations_checked(data, anchor))
                break
            except ScreeningRoomError as exc:
                reasons.append(str(exc))
        else:
            raise ReviewBadInput(_("The revocation list {path} is not the review office's: "
                                   "{reason}").format(path=candidate,
                                                      reason=" ".join(reasons)))
    return tuple(found)


def audit_views(bundles: list[Path], anchors: tuple[object, ...]):
    """This station's own audit log (when there is one here) and the bundles given."""
    from screeningroom.review.audit import from_bundle, from_registry_file

    views = []
    if paths.registry_path().exists():
        views.append(from_registry_file(paths.registry_path()))
    views.extend(from_bundle(bundle, anchors) for bundle in bundles)
    return tuple(views)


def verify_command(args: argparse.Namespace) -> int:
    """``review verify REPORT`` (also reached from ``screeningroom verify REPORT.pdf``)."""
    from screeningroom.review.verify import is_summary, verify_report, verify_summary

    given = getattr(args, "anchor", None)
    anchors = trust_anchors([given] if isinstance(given, Path) else list(given or []))
    if is_summary(args.file):
        found = verify_summary(args.file, anchors=anchors)
        print(f"{found.pdf}: {_('commission summary')}")
        print(f"  {_('station')}: {found.station_id}")
        print(f"  {_('film')}: {found.film_id} ({found.register_no})")
        print(f"  {_('members')}: {', '.join(found.members)}")
        print(_("VALID"))
        return 0
    views = audit_views(list(getattr(args, "audit", None) or []), anchors)
    revoked = revocation_lists(list(getattr(args, "revocations", None) or []), anchors)
    check = verify_report(args.file, anchors=anchors, audit=views, revocations=revoked)
    print(f"{check.pdf}: {_('review report')}")
    print(f"  {_('station')}: {check.station_id}")
    print(f"  {_('film')}: {check.film_id} ({check.register_no})")
    print(f"  {_('member')}: {check.member_id}")
    print(f"  {_('sessions')}: {', '.join(check.session_ids)}")
    if check.member_key is not None:
        from screeningroom.review.member_keys import fingerprint

        print(f"  {_('member key')}: {fingerprint(check.member_key)}")
    else:
        print("  " + _("No member signature: this report was made before members signed "
                       "their own reports; only the station signed it."))
    if check.audit_source is None:
        print("  " + _("No audit log of station {station} here: the sessions were not "
                       "compared with it (give its bundle with --audit).").format(
            station=check.station_id))
    else:
        print("  " + _("Matches the audit log: {source}").format(source=check.audit_source))
    print(_("VALID"))
    return 0


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadDate(text) from None


def _summary(args: argparse.Namespace) -> int:
    from screeningroom.review.commission import collect_verdicts
    from screeningroom.review.report import check_out_path, write_signed_pdf
    from screeningroom.review.summary import summarise
    from screeningroom.review.summary_doc import render_summary_pdf, sign_summary, summary_lines
    from screeningroom.settings import Settings

    applied = parse_date(args.applied) if args.applied else None
    out = check_out_path(args.out) if args.out else None
    anchors = trust_anchors(args.anchor)
    counted = collect_verdicts(args.reports, anchors=anchors,
                               audit=audit_views(args.audit, anchors), members=args.members,
                               revocations=revocation_lists(args.revocations, anchors))
    summary = summarise(
        counted.film, counted.verdicts, applied_on=applied,
        working_days=int(Settings().get("review_period_working_days")),
        today=datetime.now(UTC).date(), expected_members=args.members)
    for line in summary_lines(summary):
        print(line)
    if out is not None:
        from screeningroom.vault.commands import read_passphrase
        from screeningroom.vault.station import load_station

        station = load_station(read_passphrase(args))
        made_at = datetime.now(UTC).replace(microsecond=0)
        pdf = render_summary_pdf(summary, args.report_lang, made_at=made_at,
                                 station_id=station.station_id)
        sig = sign_summary(summary, pdf, station, made_at=made_at, lang=args.report_lang,
                           certificate=station.certificate_bytes)
        written = write_signed_pdf(out, pdf, sig)
        print(_("Summary written and signed by station {station}: {path} (signature "
                "{sig})").format(station=station.station_id, path=out, sig=written))
    return 0
