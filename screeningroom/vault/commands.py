"""``screeningroom`` sub-commands of the vault: authority, station, package, license; and
:func:`verify_file`, which ``screeningroom verify`` calls for a vault file.

Passphrases come, first match wins, from ``--passphrase-file PATH`` (its first line), the
environment variable ``SCREENINGROOM_PASSPHRASE``, or a prompt on a terminal. The variable
is for provisioning scripts only: other processes of the same user may read a process's
environment and it can end up in shell history or CI logs; prefer a 0600 file.
Exit codes: 0 ok, 1 refused or invalid, 2 usage or bad input.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from screeningroom import paths
from screeningroom.vault.errors import PassphraseRequired, VaultInputError
from screeningroom.vault.station import ENV_PASSPHRASE
from screeningroom_resources.console import Secret, read_secret
from screeningroom_resources.i18n import _


def read_passphrase(args: argparse.Namespace, *, confirm: bool = False) -> str:
    """The station's or the office's key passphrase: ``--passphrase-file PATH``,
    $SCREENINGROOM_PASSPHRASE, or typed (twice with ``confirm``)."""
    return read_secret(Secret(
        env_var=ENV_PASSPHRASE,
        prompt=_("Passphrase: "),
        again_prompt=_("Passphrase again: "),
        unreadable=lambda path, error: VaultInputError(
            _("Cannot read {path}: {error}").format(path=path, error=error)),
        missing=lambda: PassphraseRequired(
            _("A passphrase is needed: type it, or use --passphrase-file PATH or the "
              "SCREENINGROOM_PASSPHRASE environment variable.")),
        differ=lambda: VaultInputError(_("The two passphrases differ; nothing was changed.")),
    ), getattr(args, "passphrase_file", None), confirm=confirm)


def parse_time(text: str) -> datetime:
    """ISO 8601; a time without a zone is taken as UTC."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a date and time like 2026-05-01T10:00Z.").format(text=text)
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _passphrase_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--passphrase-file", type=Path, metavar="PATH",
                        help=_("read the passphrase from the first line of this file"))


def register(sub: argparse._SubParsersAction) -> None:
    auth = sub.add_parser("authority", help=_("the review office: root key, certificates, "
                                               "revocation"))
    asub = auth.add_subparsers(dest="authority_command", metavar=_("COMMAND"), required=True)
    init = asub.add_parser("init", help=_("create the root key and the trust anchor"))
    init.add_argument("--name", required=True, help=_("name of the review office"))
    _passphrase_option(init)
    init.set_defaults(func=_authority_init)
    certify = asub.add_parser("certify", help=_("sign a station's enrollment request"))
    certify.add_argument("request", type=Path, metavar="REQUEST")
    certify.add_argument("--days", type=int, required=True, help=_("validity in days"))
    certify.add_argument("--out", type=Path, help=_("where to write the certificate"))
    _passphrase_option(certify)
    certify.set_defaults(func=_authority_certify)
    revoke = asub.add_parser("revoke", help=_("issue a revocation list"))
    revoke.add_argument("--station", action="append", default=[], metavar="ID",
                        help=_("station id to revoke (repeatable)"))
    revoke.add_argument("--license", action="append", default=[], metavar="ID",
                        help=_("license id to revoke (repeatable)"))
    revoke.add_argument("--out", type=Path, help=_("where to write the revocation list"))
    _passphrase_option(revoke)
    revoke.set_defaults(func=_authority_revoke)

    station = sub.add_parser("station", help=_("this review station: enrollment and library"))
    ssub = station.add_subparsers(dest="station_command", metavar=_("COMMAND"), required=True)
    sinit = ssub.add_parser("init", help=_("make the station's keys and enrollment request"))
    sinit.add_argument("--name", required=True, help=_("station name"))
    sinit.add_argument("--room", required=True, help=_("room where the station stands"))
    sinit.add_argument("--anchor", type=Path, required=True,
                       help=_("the review office's trust anchor file"))
    _passphrase_option(sinit)
    sinit.set_defaults(func=_station_init)
    install = ssub.add_parser("install", help=_("install the station certificate"))
    install.add_argument("certificate", type=Path, metavar="CERT")
    install.set_defaults(func=_station_install)
    imp = ssub.add_parser("import", help=_("import a screener, license or revocation list"))
    imp.add_argument("files", type=Path, nargs="+", metavar="FILE")
    imp.set_defaults(func=_station_import)
    lst = ssub.add_parser("list", help=_("list the films in this station's library"))
    _passphrase_option(lst)
    lst.set_defaults(func=_station_list)

    pkg = sub.add_parser("package", help=_("encrypt a film into a screener"))
    pkg.add_argument("film", type=Path, metavar="FILM")
    pkg.add_argument("--film-id", required=True)
    pkg.add_argument("--title", required=True)
    pkg.add_argument("--register-no", required=True, help=_("State register number"))
    pkg.add_argument("--declared-age", required=True, metavar="CAT",
                     help=_("declared age category: under 6, 6+, 12+, 14+, 16+, 18+, 21+"))
    pkg.add_argument("--rights-holder", required=True)
    pkg.add_argument("--out", type=Path, required=True, help=_("the screener file to write"))
    _passphrase_option(pkg)
    pkg.set_defaults(func=_package)

    lic = sub.add_parser("license", help=_("licenses for stations"))
    lsub = lic.add_subparsers(dest="license_command", metavar=_("COMMAND"), required=True)
    issue = lsub.add_parser("issue", help=_("issue a license for one station"))
    issue.add_argument("--film", type=Path, required=True, help=_("the screener file"))
    issue.add_argument("--station", type=Path, required=True, metavar="CERT",
                       help=_("the station's certificate"))
    issue.add_argument("--members", required=True, metavar="ID,ID",
                       help=_("member ids allowed, comma-separated"))
    issue.add_argument("--not-before", type=parse_time, required=True, metavar="T")
    issue.add_argument("--not-after", type=parse_time, required=True, metavar="T")
    issue.add_argument("--max-sessions", type=int, required=True, metavar="N")
    issue.add_argument("--offline-sessions", type=int, default=0, metavar="N",
                       help=_("sessions the station may start while the office's registry "
                              "cannot be reached (default 0)"))
    issue.add_argument("--visible-overlay", action="store_true",
                       help=_("show a visible overlay during playback"))
    issue.add_argument("--pq", action="store_true",
                       help=_("seal the keys with the post-quantum hybrid (ML-KEM-768 + X25519)"))
    issue.add_argument("--forensic", action="store_true",
                       help=_("a license for the takedown desk's reference copy"))
    issue.add_argument("--out", type=Path, help=_("where to write the license"))
    _passphrase_option(issue)
    issue.set_defaults(func=_license_issue)


def _read(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise VaultInputError(_("Cannot read {path}: {error}").format(
            path=path, error=exc.strerror)) from exc


def _authority_init(args: argparse.Namespace) -> int:
    from screeningroom.vault.authority import ANCHOR_FILE, init_authority

    anchor = init_authority(args.name, read_passphrase(args, confirm=True))
    print(_("Trust anchor: {path}").format(path=paths.authority_dir() / ANCHOR_FILE))
    print(_("Fingerprint: {fingerprint}").format(fingerprint=anchor.fingerprint))
    return 0


def _authority_certify(args: argparse.Namespace) -> int:
    from screeningroom.vault.authority import load_authority
    from screeningroom.vault.files import atomic_write, safe_name
    from screeningroom.vault.records import parse_certificate

    authority = load_authority(read_passphrase(args))
    cert = authority.certify(_read(args.request), args.days)
    parsed = parse_certificate(cert)
    out = args.out or Path(f"{safe_name(parsed.station_id)}.src")
    atomic_write(out, cert)
    print(_("Certificate for {station} valid until {date}: {path}").format(
        station=parsed.station_id, date=parsed.not_after.date().isoformat(), path=out))
    return 0


def _authority_revoke(args: argparse.Namespace) -> int:
    from screeningroom.vault.authority import load_authority
    from screeningroom.vault.files import atomic_write
    from screeningroom.vault.records import parse_revocations

    # nothing named is a list all the same: the office's first (empty) list, or the
    # earlier revocations again under a new number and date
    authority = load_authority(read_passphrase(args))
    data = authority.revoke(stations=tuple(args.station), licenses=tuple(args.license))
    rl = parse_revocations(data)
    out = args.out or Path(f"revocations-{rl.sequence}.srr")
    atomic_write(out, data)
    print(_("Revocation list number {number}: {path}").format(number=rl.sequence, path=out))
    return 0


def _station_init(args: argparse.Namespace) -> int:
    from screeningroom.vault.station import REQUEST_FILE, init_station

    req = init_station(args.name, args.room, read_passphrase(args, confirm=True),
                       _read(args.anchor))
    print(_("Station {station}: send {path} to the review office.").format(
        station=req.station_id, path=paths.station_dir() / REQUEST_FILE))
    return 0


def _station_install(args: argparse.Namespace) -> int:
    from screeningroom.vault.station import install_certificate

    cert = install_certificate(_read(args.certificate))
    print(_("Certificate installed; valid until {date}.").format(
        date=cert.not_after.date().isoformat()))
    return 0


def _station_import(args: argparse.Namespace) -> int:
    from screeningroom.vault.station import import_file
    from screeningroom_resources.console import ProgressBar

    for path in args.files:
        bar = ProgressBar(_("Checking {name}").format(name=Path(path).name))
        try:
            done = import_file(path, progress=bar)
        finally:
            bar.close()
        print(_("Imported {kind}: {path}").format(kind=done.kind.value, path=done.path))
    return 0


def _station_list(args: argparse.Namespace) -> int:
    from screeningroom.vault.library import station_library
    from screeningroom.vault.station import load_station

    for entry in station_library(load_station(read_passphrase(args))):
        until = entry.valid_until.date().isoformat() if entry.valid_until else "-"
        print(f"{entry.manifest.film_id}\t{entry.manifest.title}\t"
              f"{entry.manifest.declared_age.label}\t{entry.status.value}\t{until}")
    return 0


def _package(args: argparse.Namespace) -> int:
    from screeningroom.vault.authority import load_authority
    from screeningroom.vault.model import AgeCategory
    from screeningroom_resources.console import ProgressBar

    try:
        age = AgeCategory.parse(args.declared_age)
    except ValueError:
        raise VaultInputError(_("Unknown age category {value!r}: use one of under 6, 6+, 12+, "
                                "14+, 16+, 18+, 21+.").format(value=args.declared_age)) from None
    authority = load_authority(read_passphrase(args))
    bar = ProgressBar(_("Packaging"))
    done = authority.package(
        args.film, args.out, film_id=args.film_id, title=args.title,
        register_no=args.register_no, declared_age=age, rights_holder=args.rights_holder,
        progress=bar,
    )
    bar.close()
    print(_("Screener written: {path} ({chunks} chunks)").format(
        path=done.path, chunks=done.manifest.chunk_count))
    return 0


def _license_issue(args: argparse.Namespace) -> int:
    from screeningroom.vault.authority import load_authority
    from screeningroom.vault.files import atomic_write, safe_name
    from screeningroom.vault.model import HpkeSuite, LicensePurpose
    from screeningroom.vault.records import parse_license

    authority = load_authority(read_passphrase(args))
    data = authority.issue_license(
        args.film, _read(args.station), members=tuple(args.members.split(",")),
        not_before=args.not_before, not_after=args.not_after, max_sessions=args.max_sessions,
        offline_sessions=args.offline_sessions, visible_overlay=args.visible_overlay,
        suite=HpkeSuite.MLKEM768_X25519 if args.pq else HpkeSuite.X25519,
        purpose=LicensePurpose.FORENSIC if args.forensic else LicensePurpose.REVIEW,
    )
    lic = parse_license(data)
    out = args.out or Path(f"{safe_name(lic.film_id)}-{lic.station_id}-{lic.license_id[:8]}.srl")
    atomic_write(out, data)
    print(_("License {license} for {station}: {path}").format(
        license=lic.license_id, station=lic.station_id, path=out))
    if lic.not_after <= datetime.now(UTC):
        print(_("Warning: the license's window ended on {date}; it cannot be used. Issue it "
                "again with a later --not-after.").format(
            date=lic.not_after.strftime("%Y-%m-%d %H:%M UTC")), file=sys.stderr)
    return 0


def _default_anchor() -> Path | None:
    for folder in (paths.station_dir(), paths.authority_dir()):
        if (folder / "anchor.sra").exists():
            return folder / "anchor.sra"
    return None


def _default_revocations(anchor_path: Path | None) -> Path | None:
    """The revocation list installed beside the anchor (station or office), if any."""
    if anchor_path is None:
        return None
    path = Path(anchor_path).with_name("revocations.srr")
    return path if path.is_file() else None


def verify_file(args: argparse.Namespace) -> int:
    """``screeningroom verify`` of a vault file (``args.file``, ``args.anchor``)."""
    from screeningroom.vault.checks import load_anchor
    from screeningroom.vault.verify import explain, kind_of

    kind_of(args.file)  # unknown files are bad input (exit 2) before anything else
    anchor_path = args.anchor or _default_anchor()
    anchor = load_anchor(_read(anchor_path)) if anchor_path else None
    verdict = explain(args.file, anchor, revocations=_default_revocations(
        None if args.anchor else anchor_path))
    print(f"{args.file}: {verdict.kind.value}")
    for label, value in verdict.details:
        print(f"  {label}: {value}")
    if verdict.valid and not verdict.complete:
        print(_("LAYOUT VALID: {message}").format(message=verdict.message))
        return 0
    if verdict.valid:
        print(_("VALID"))
        return 0
    print(_("NOT VALID ({reason}): {message}").format(reason=verdict.reason.value if
                                                      verdict.reason else "-",
                                                      message=verdict.message))
    return 1
