"""``screeningroom review ...``: notes, signed review reports, their check, the summary.

- ``review note``      add a time-coded note to a member's session (scripts, tests)
- ``review notes``     list a member's notes on a film
- ``review export``    the member's signed review report (PDF + .sig)
- ``review verify``    check a report's signature and that it matches the audit log
                       (``screeningroom verify REPORT.pdf`` comes here too)
- ``review summary``   the commission summary of a film from its members' reports
"""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime
from pathlib import Path

from screeningroom import paths
from screeningroom.review.errors import BadDate, ReviewBadInput, ReviewError
from screeningroom.review.model import NoteCategory, Severity, parse_time_code
from screeningroom_resources.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    review = sub.add_parser("review", help=_("expert review: notes, signed review reports, "
                                             "commission summary"))
    rsub = review.add_subparsers(dest="review_command", metavar=_("COMMAND"), required=True)

    note = rsub.add_parser("note", help=_("add a time-coded note to a session"))
    note.add_argument("--session", required=True, help=_("session id (16 hex digits)"))
    note.add_argument("--member", required=True, help=_("member id"))
    note.add_argument("--film", required=True, help=_("film id"))
    note.add_argument("--at", required=True, help=_("time code: H:MM:SS or seconds"))
    note.add_argument("--category", choices=[c.value for c in NoteCategory],
                      default=NoteCategory.OTHER.value, help=_("what the note is about"))
    note.add_argument("--severity", choices=[s.value for s in Severity],
                      default=Severity.MEDIUM.value, help=_("how serious it is"))
    note.add_argument("text", help=_("the note"))
    note.set_defaults(func=_note)

    notes = rsub.add_parser("notes", help=_("list a member's notes on a film"))
    notes.add_argument("--member", required=True, help=_("member id"))
    notes.add_argument("--film", required=True, help=_("film id"))
    notes.set_defaults(func=_notes)

    export = rsub.add_parser("export", help=_("write the member's signed review report"))
    export.add_argument("--film", required=True, help=_("film id"))
    export.add_argument("--member", required=True, help=_("member id"))
    export.add_argument("--out", type=Path, required=True, help=_("the PDF to write"))
    export.add_argument("--report-lang", choices=("kk", "ru", "en"), default="kk",
                        help=_("language of the report (default kk)"))
    export.add_argument("--passphrase-file", help=_("file whose first line is the passphrase"))
    export.set_defaults(func=_export)

    verify = rsub.add_parser("verify", help=_("check a review report's signature and that it "
                                              "matches the audit log"))
    verify.add_argument("file", type=Path, metavar="REPORT")
    verify.add_argument("--anchor", type=Path, help=_("trust anchor to check against"))
    verify.set_defaults(func=verify_command)

    summary = rsub.add_parser("summary", help=_("combine the members' reports on a film"))
    summary.add_argument("reports", type=Path, nargs="+", metavar="REPORT")
    summary.add_argument("--applied", help=_("application date, YYYY-MM-DD"))
    summary.add_argument("--members", type=int, help=_("how many members review the film"))
    summary.add_argument("--out", type=Path, help=_("also write the summary as a PDF"))
    summary.add_argument("--report-lang", choices=("kk", "ru", "en"), default="kk",
                         help=_("language of the summary PDF (default kk)"))
    summary.set_defaults(func=_summary)


def _store():
    from screeningroom.review.store import ReviewStore

    return ReviewStore()


def _session_id(text: str) -> int:
    try:
        value = int(text, 16)
    except ValueError:
        raise ReviewBadInput(_("{text} is not a session id: write its 16 hex digits.").format(
            text=text)) from None
    if not 0 < value < 2**64:
        raise ReviewBadInput(_("{text} is not a session id: write its 16 hex digits.").format(
            text=text))
    return value


def _note(args: argparse.Namespace) -> int:
    with _store() as store:
        note = store.add_note(session_id=_session_id(args.session), member_id=args.member,
                              film_id=args.film, time_ms=parse_time_code(args.at),
                              category=NoteCategory(args.category),
                              severity=Severity(args.severity), text=args.text)
    print(_("Note {note_id} at {time} saved.").format(note_id=note.note_id, time=note.time_code))
    return 0


def _notes(args: argparse.Namespace) -> int:
    with _store() as store:
        for n in store.notes(member_id=args.member, film_id=args.film):
            print(f"{n.note_id:>5}  {n.time_code}  {n.session_id:016x}  {n.category.title} / "
                  f"{n.severity.title}  {n.text}")
    return 0


def _film(station, film_id: str):
    from screeningroom.review.model import Film
    from screeningroom.vault.library import station_library

    for entry in station_library(station):
        if entry.manifest.film_id == film_id:
            return Film.from_manifest(entry.manifest)
    raise ReviewError(_("Film {film_id} is not in this station's library: import its "
                        "screener first.").format(film_id=film_id))


def _export(args: argparse.Namespace) -> int:
    from screeningroom.registry.registry import Registry
    from screeningroom.review.report import build_report, export_report
    from screeningroom.vault.station import load_station
    from screeningroom_resources.console import ProgressBar

    passphrase = None
    if args.passphrase_file:
        passphrase = Path(args.passphrase_file).read_text(encoding="utf-8").splitlines()[0]
    station = load_station(passphrase)
    film = _film(station, args.film)
    with Registry.open(None, station) as registry, _store() as store:
        member = registry.member(args.member)
        report = build_report(store, registry, film, args.member, member_name=member.full_name,
                              station_id=station.station_id, room=station.room,
                              language=args.report_lang)
        done = export_report(report, args.out, station, certificate=station.certificate_bytes,
                             progress=ProgressBar(_("Review report")))
    print(_("Review report written: {pdf} (signature {sig})").format(pdf=done.pdf,
                                                                    sig=done.signature))
    return 0


def _anchor(path: Path | None):
    from screeningroom.vault.checks import load_anchor

    candidates = [path] if path else [paths.station_dir() / "anchor.sra",
                                      paths.authority_dir() / "anchor.sra"]
    for candidate in candidates:
        if candidate and candidate.exists():
            return load_anchor(candidate.read_bytes())
    if path:
        raise ReviewBadInput(_("No trust anchor at {path}.").format(path=path))
    return None


def _registry_sessions():
    """The station's registry read without its key: sessions only (None if there is none)."""
    if not paths.registry_path().exists():
        return None
    from screeningroom.registry.storage import open_storage

    storage = open_storage(paths.registry_path())

    class _Sessions:
        def sessions(self):
            return storage.list_sessions()

        def session(self, session_id: int):
            found = storage.get_session(session_id)
            if found is None:
                raise ReviewError(_("Session {session} is not in the audit log.").format(
                    session=f"{session_id:016x}"))
            return found

        def close(self) -> None:
            storage.close()

    return _Sessions()


def verify_command(args: argparse.Namespace) -> int:
    """``review verify REPORT`` (also reached from ``screeningroom verify REPORT.pdf``)."""
    from screeningroom.review.verify import verify_report

    anchor = _anchor(getattr(args, "anchor", None))
    sessions = _registry_sessions()
    try:
        check = verify_report(args.file, anchor=anchor, sessions=sessions)
    finally:
        if sessions is not None:
            sessions.close()
    print(f"{check.pdf}: {_('review report')}")
    print(f"  {_('station')}: {check.station_id}")
    print(f"  {_('film')}: {check.film_id} ({check.register_no})")
    print(f"  {_('member')}: {check.member_id}")
    print(f"  {_('sessions')}: {', '.join(check.session_ids)}")
    if not check.origin_checked:
        print("  " + _("No trust anchor on this machine: the signature proves the report is "
                       "intact, not which station made it."))
    if not check.audit_checked:
        print("  " + _("No registry on this machine: the sessions were not compared with the "
                       "audit log."))
    print(_("VALID"))
    return 0


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadDate(text) from None


def _summary(args: argparse.Namespace) -> int:
    from screeningroom.review.summary import film_from_facts, summarise, verdict_from_facts
    from screeningroom.review.summary_doc import render_summary_pdf, summary_lines
    from screeningroom.review.verify import signed_facts, verify_report
    from screeningroom.settings import Settings

    anchor = _anchor(None)
    facts = []
    for path in args.reports:
        verify_report(path, anchor=anchor)
        facts.append(signed_facts(path))
    films = {f["film"]["film_id"] for f in facts}
    if len(films) != 1:
        raise ReviewBadInput(_("The reports are about different films ({films}): summarise "
                               "one film at a time.").format(films=", ".join(sorted(films))))
    film = film_from_facts(facts[0])
    with _store() as store:
        applied = parse_date(args.applied) if args.applied else store.application_date(
            film.film_id)
        if args.applied:
            store.set_application_date(film.film_id, applied)
    summary = summarise(
        film, [verdict_from_facts(f) for f in facts], applied_on=applied,
        working_days=int(Settings().get("review_period_working_days")),
        today=datetime.now(UTC).date(), expected_members=args.members)
    for line in summary_lines(summary):
        print(line)
    if args.out:
        pdf = render_summary_pdf(summary, args.report_lang)
        Path(args.out).write_bytes(pdf)
        print(_("Summary written: {path}").format(path=args.out))
    return 0

