"""``screeningroom member ...``, ``screeningroom audit ...`` and ``screeningroom sessions``.

Every command unlocks the station (its key signs the audit log): the passphrase comes from
``--passphrase-file PATH``, ``$SCREENINGROOM_PASSPHRASE`` or a prompt. A new member's
password comes from ``--password-file F`` (its first line), ``$SCREENINGROOM_MEMBER_PASSWORD``
(for provisioning scripts) or a prompt typed twice.
"""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

from screeningroom.registry.errors import ChainBroken, NoCertificate, RegistryBadInput
from screeningroom.registry.model import RegistrySettings, Session
from screeningroom.registry.registry import Registry
from screeningroom_resources.console import Secret, read_secret
from screeningroom_resources.i18n import N_, _

ENV_MEMBER_PASSWORD = "SCREENINGROOM_MEMBER_PASSWORD"


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--registry", metavar="PATH_OR_URL",
                        help=_("the registry database (default: the station's own)"))
    parser.add_argument("--passphrase-file", type=Path, metavar="PATH",
                        help=_("read the passphrase from the first line of this file"))


def register(sub: argparse._SubParsersAction) -> None:
    member = sub.add_parser("member", help=_("commission members who may log in here"))
    msub = member.add_subparsers(dest="member_command", metavar=_("COMMAND"), required=True)
    add = msub.add_parser("add", help=_("enrol a member with a password"))
    add.add_argument("member_id", metavar="ID", help=_("the member's login id"))
    add.add_argument("--name", required=True, help=_("the member's full name"))
    add.add_argument("--password-file", type=Path, metavar="F",
                     help=_("read the password from the first line of this file"))
    _common(add)
    add.set_defaults(func=_member_add)
    lst = msub.add_parser("list", help=_("list the enrolled members"))
    _common(lst)
    lst.set_defaults(func=_member_list)
    unlock = msub.add_parser("unlock", help=_("lift a member's lock-out (recorded in the "
                                               "audit log)"))
    unlock.add_argument("member_id", metavar="ID", help=_("the member's login id"))
    unlock.add_argument("--by", metavar="NAME", default="",
                        help=_("who lifts it (default: the operating-system user)"))
    _common(unlock)
    unlock.set_defaults(func=_member_unlock)

    audit = sub.add_parser("audit", help=_("the station's signed audit log"))
    asub = audit.add_subparsers(dest="audit_command", metavar=_("COMMAND"), required=True)
    verify = asub.add_parser("verify", help=_("check every record's hash, link and signature"))
    _common(verify)
    verify.set_defaults(func=_audit_verify)
    export = asub.add_parser("export", help=_("write a signed bundle for the takedown desk"))
    export.add_argument("--out", type=Path, required=True, metavar="BUNDLE",
                        help=_("the bundle file to write"))
    export.add_argument("--since", type=int, metavar="SEQ",
                        help=_("first record to include (default: all)"))
    _common(export)
    export.set_defaults(func=_audit_export)

    sessions = sub.add_parser("sessions", help=_("list the review sessions of this station"))
    sessions.add_argument("--open", action="store_true", help=_("only sessions still open"))
    _common(sessions)
    sessions.set_defaults(func=_sessions)


def _station(args: argparse.Namespace):  # -> screeningroom.vault.station.Station
    from screeningroom.vault.commands import read_passphrase
    from screeningroom.vault.station import load_station

    return load_station(read_passphrase(args))


def _open(args: argparse.Namespace, station=None) -> Registry:
    station = station if station is not None else _station(args)
    return Registry.open(args.registry, station, settings=RegistrySettings.from_workstation())


def read_password(args: argparse.Namespace, *, confirm: bool = True) -> str:
    """A member's password: ``--password-file F``, $SCREENINGROOM_MEMBER_PASSWORD, or typed
    (twice with ``confirm``, for a new member; once to sign a review report)."""
    return read_secret(Secret(
        env_var=ENV_MEMBER_PASSWORD,
        prompt=_("Member's password: "),
        again_prompt=_("Password again: "),
        unreadable=lambda path, error: RegistryBadInput(
            _("Cannot read the password file {path}: {error}").format(path=path, error=error)),
        missing=lambda: RegistryBadInput(
            _("A password is needed for the new member: type it, or use --password-file F "
              "or the SCREENINGROOM_MEMBER_PASSWORD environment variable.") if confirm else
            _("The member's password is needed: type it, or use --password-file F or the "
              "SCREENINGROOM_MEMBER_PASSWORD environment variable.")),
        differ=lambda: RegistryBadInput(_("The two passwords differ; nobody was enrolled.")),
    ), args.password_file, confirm=confirm)


def _member_add(args: argparse.Namespace) -> int:
    password = read_password(args)
    with _open(args) as registry:
        member = registry.add_member(args.member_id, args.name, password)
    print(_("Enrolled {member_id} ({name}).").format(member_id=member.member_id,
                                                     name=member.full_name))
    return 0


def _member_list(args: argparse.Namespace) -> int:
    with _open(args) as registry:
        members = registry.members()
    if not members:
        print(_("No members are enrolled yet: add one with 'screeningroom member add'."))
    for m in members:
        print(f"{m.member_id:<20} {m.enrolled_at:%Y-%m-%d}  {m.full_name}")
    return 0


def _member_unlock(args: argparse.Namespace) -> int:
    by = args.by.strip() or getpass.getuser()
    with _open(args) as registry:
        registry.unlock_member(args.member_id, by=by)
    print(_("{member_id} may log in again; the unlock is recorded in the audit log.").format(
        member_id=args.member_id))
    return 0


def _broken(report) -> ChainBroken:  # type: ignore[no-untyped-def]
    reason = _(report.reason.value) if report.reason else ""
    return ChainBroken(report.first_bad_seq, f"{reason} {report.detail}".strip())


def _audit_verify(args: argparse.Namespace) -> int:
    with _open(args) as registry:
        report = registry.verify_chain()
        station_id = registry.station_id
    if not report.ok:
        raise _broken(report)
    print(_("The audit log of station {station} is intact: {count} records.").format(
        station=station_id, count=report.records))
    return 0


def _audit_export(args: argparse.Namespace) -> int:
    station = _station(args)
    if not station.certificate_bytes:
        raise NoCertificate(station.station_id)
    with _open(args, station) as registry:
        report = registry.verify_chain()
        if not report.ok:
            raise _broken(report)
        registry.export_bundle(args.out, station.certificate_bytes, since_seq=args.since)
    from screeningroom.registry.bundle import load_bundle

    bundle = load_bundle(args.out)
    print(_("Wrote {records} records and {sessions} sessions of station {station} to "
            "{path}.").format(records=len(bundle.records), sessions=len(bundle.sessions),
                              station=bundle.station_id, path=args.out))
    return 0


_COLUMNS = (  # (title, width); the last column takes the rest of the line
    (N_("session id"), 16), (N_("started (UTC)"), 19), (N_("ended (UTC)"), 19),
    (N_("state"), 7), (N_("member"), 16), (N_("film"), 16), (N_("license"), 16),
    (N_("room"), 0),
)


def _row(cells: list[str]) -> str:
    return "  ".join(f"{cell:<{width}}" if width else cell
                     for cell, (_title, width) in zip(cells, _COLUMNS, strict=True))


def _session_cells(s: Session) -> list[str]:
    ended = "" if s.ended_at is None else f"{s.ended_at:%Y-%m-%d %H:%M:%S}"
    return [s.short_id, f"{s.started_at:%Y-%m-%d %H:%M:%S}", ended, s.end.value, s.member_id,
            s.film_id, s.license_id, s.room]


def _sessions(args: argparse.Namespace) -> int:
    with _open(args) as registry:
        sessions = registry.sessions(open_only=args.open)
    if not sessions:
        print(_("No sessions recorded."))
        return 0
    print(_row([_(title) for title, _width in _COLUMNS]))
    for s in sessions:
        print(_row(_session_cells(s)))
    return 0
