"""``screeningroom office ...``: the review office's central registry.

On the office's machine (the database URL from ``--database`` or
``$SCREENINGROOM_OFFICE_DATABASE``)::

    office serve --anchor ANCHOR [--host H --port P --tls-cert PEM --tls-key PEM]
    office migrate                      bring the database's schema up to date
    office status [--zone Asia/Almaty] [--html OUT]
    office findings [--station ID] [--all]
    office readers add|remove STATION   let a takedown desk read the registry
    office revocations install LIST --anchor ANCHOR

On a station (its key signs the requests)::

    office push --url https://registry.example:8443 [--office-ca PEM] [--registry PATH]
"""

from __future__ import annotations

import argparse
import os
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from screeningroom.office.errors import OfficeBadInput
from screeningroom_resources.i18n import _

ENV_DATABASE = "SCREENINGROOM_OFFICE_DATABASE"
ENV_STATUS_PASSWORD = "SCREENINGROOM_OFFICE_STATUS_PASSWORD"


def _database(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--database", metavar="URL",
                        help=_("the central registry's PostgreSQL URL (default: "
                               "$SCREENINGROOM_OFFICE_DATABASE)"))


def _anchor(parser: argparse.ArgumentParser, required: bool = True) -> None:
    parser.add_argument("--anchor", type=Path, required=required, metavar="ANCHOR",
                        help=_("the review office's trust anchor file (anchor.sra)"))


def register(sub: argparse._SubParsersAction) -> None:
    office = sub.add_parser("office", help=_("the review office's central registry"))
    osub = office.add_subparsers(dest="office_command", metavar=_("COMMAND"), required=True)

    serve = osub.add_parser("serve", help=_("run the registry service stations push to"))
    _database(serve)
    _anchor(serve)
    serve.add_argument("--host", default="127.0.0.1", help=_("address to listen on"))
    serve.add_argument("--port", type=int, default=8443, help=_("port to listen on"))
    serve.add_argument("--tls-cert", type=Path, metavar="PEM",
                       help=_("the office's TLS certificate (chain), PEM"))
    serve.add_argument("--tls-key", type=Path, metavar="PEM",
                       help=_("the TLS certificate's private key, PEM"))
    serve.add_argument("--status-password-file", type=Path, metavar="FILE",
                       help=_("password of the /status page (its first line)"))
    serve.add_argument("--pool-size", type=int, default=16,
                       help=_("database connections of this instance"))
    serve.set_defaults(func=_serve)

    migrate = osub.add_parser("migrate", help=_("bring the database's schema up to date"))
    _database(migrate)
    migrate.set_defaults(func=_migrate)

    status = osub.add_parser("status", help=_("the stations: last contact, chain head, "
                                              "sessions today, anomalies"))
    _database(status)
    status.add_argument("--zone", default="UTC", help=_("time zone of the times shown"))
    status.add_argument("--html", type=Path, metavar="OUT", help=_("also write the page here"))
    status.set_defaults(func=_status)

    findings = osub.add_parser("findings", help=_("findings against stations"))
    _database(findings)
    findings.add_argument("--station", metavar="ID", help=_("only this station"))
    findings.add_argument("--all", action="store_true",
                          help=_("also refused requests and offline sessions"))
    findings.add_argument("--zone", default="UTC", help=_("time zone of the times shown"))
    findings.set_defaults(func=_findings)

    readers = osub.add_parser("readers", help=_("takedown desks that may read the registry"))
    rsub = readers.add_subparsers(dest="readers_command", metavar=_("COMMAND"), required=True)
    for name, allow in (("add", True), ("remove", False)):
        p = rsub.add_parser(name, help=_("allow a desk's station") if allow
                            else _("withdraw a desk's station"))
        p.add_argument("station_id", metavar="STATION")
        _database(p)
        p.set_defaults(func=_readers, allow=allow)

    revocations = osub.add_parser("revocations", help=_("the office's revocation lists"))
    vsub = revocations.add_subparsers(dest="revocations_command", metavar=_("COMMAND"),
                                      required=True)
    install = vsub.add_parser("install", help=_("install a newer revocation list"))
    install.add_argument("list", type=Path, metavar="LIST")
    _database(install)
    _anchor(install)
    install.set_defaults(func=_revocations_install)

    push = osub.add_parser("push", help=_("send this station's records to the office now"))
    push.add_argument("--url", required=True, help=_("the registry service's URL"))
    push.add_argument("--office-ca", type=Path, metavar="PEM",
                      help=_("CA certificate the service's TLS certificate is checked with"))
    push.add_argument("--registry", metavar="PATH_OR_URL",
                      help=_("the registry database (default: the station's own)"))
    push.add_argument("--passphrase-file", type=Path, metavar="PATH",
                      help=_("read the passphrase from the first line of this file"))
    push.set_defaults(func=_push)


# --- helpers ---------------------------------------------------------------------------

def _url(args: argparse.Namespace) -> str:
    url = args.database or os.environ.get(ENV_DATABASE)
    if not url:
        raise OfficeBadInput(_("Name the central registry's database: --database "
                               "postgresql://USER@HOST/DB or $SCREENINGROOM_OFFICE_DATABASE."))
    if not url.startswith(("postgresql://", "postgres://")):
        raise OfficeBadInput(_("The central registry lives in PostgreSQL: give a "
                               "postgresql:// URL, not {url}.").format(url=url))
    return url


def _store(args: argparse.Namespace, **kwargs: object):  # type: ignore[no-untyped-def]
    from screeningroom.office.store import OfficeStore

    return OfficeStore(_url(args), **kwargs)  # type: ignore[arg-type]


def _zone(name: str):  # type: ignore[no-untyped-def]
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise OfficeBadInput(_("Unknown time zone {zone}.").format(zone=name)) from None


def _read(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise OfficeBadInput(_("Cannot read {path}: {error}").format(
            path=path, error=exc.strerror or exc)) from exc


def _load_anchor(path: Path):  # type: ignore[no-untyped-def]
    from screeningroom.vault.checks import load_anchor

    return load_anchor(_read(path))


def _status_password(args: argparse.Namespace) -> str | None:
    if args.status_password_file is not None:
        text = _read(args.status_password_file).decode("utf-8", errors="replace")
        return text.splitlines()[0] if text.strip() else None
    return os.environ.get(ENV_STATUS_PASSWORD) or None


# --- commands --------------------------------------------------------------------------

def _serve(args: argparse.Namespace) -> int:
    from screeningroom.office.server import Listen, check_listen, serve
    from screeningroom.office.service import ServiceConfig

    listen = Listen(args.host, args.port, args.tls_cert, args.tls_key)
    check_listen(listen)
    config = ServiceConfig(anchor=_load_anchor(args.anchor),
                           status_password=_status_password(args))
    store = _store(args, pool_size=max(2, args.pool_size))
    print(_("The central registry serves on {url} (database {db}, schema {version}).").format(
        url=listen.url, db=store.location, version=store.schema_version), flush=True)
    try:
        serve(store, config, listen, threads=max(2, args.pool_size))
    finally:
        store.close()
    return 0


def _migrate(args: argparse.Namespace) -> int:
    store = _store(args, pool_size=2)
    try:
        print(_("The central registry's database {db} is at schema version {version}.").format(
            db=store.location, version=store.schema_version))
    finally:
        store.close()
    return 0


def _status(args: argparse.Namespace) -> int:
    from screeningroom.office import queries
    from screeningroom.office.status import render_html, render_table

    zone = _zone(args.zone)
    now = datetime.now(UTC)
    store = _store(args, pool_size=2)
    try:
        rows = queries.status(store, now, zone)
    finally:
        store.close()
    print(render_table(rows, now, zone), end="")
    if args.html is not None:
        args.html.write_text(render_html(rows, now, zone), encoding="utf-8")
        print(_("Wrote {path}.").format(path=args.html))
    return 0


def _findings(args: argparse.Namespace) -> int:
    from screeningroom.office import queries
    from screeningroom.office.model import FINDING_KINDS

    zone = _zone(args.zone)
    store = _store(args, pool_size=2)
    try:
        found = queries.anomalies(store, station_id=args.station,
                                  kinds=None if args.all else FINDING_KINDS, limit=10_000)
    finally:
        store.close()
    if not found:
        print(_("No findings."))
    for a in found:
        local = a.at.astimezone(zone)
        print(f"{local:%Y-%m-%d %H:%M:%S} {args.zone}  {a.station_id or '-':<20}  "
              f"{a.kind.label:<30}  {a.detail}")
    return 0


def _readers(args: argparse.Namespace) -> int:
    store = _store(args, pool_size=2)
    try:
        if not store.set_reader(args.station_id, args.allow):
            raise OfficeBadInput(_("Station {station} has not contacted the office yet: start "
                                   "the desk once with the office's URL, then try again.").format(
                                       station=args.station_id))
    finally:
        store.close()
    print((_("Station {station} may now read the central registry.") if args.allow else
           _("Station {station} may no longer read the central registry.")).format(
               station=args.station_id))
    return 0


def _revocations_install(args: argparse.Namespace) -> int:
    from screeningroom.registry.canonical import to_micros
    from screeningroom.vault.checks import load_revocations_checked

    data = _read(args.list)
    rl = load_revocations_checked(data, _load_anchor(args.anchor))
    store = _store(args, pool_size=2)
    try:
        installed = store.install_revocations(rl, data, to_micros(datetime.now(UTC)))
    finally:
        store.close()
    print((_("Installed revocation list {sequence}.") if installed else
           _("Revocation list {sequence} is not newer than the one installed; kept that one."))
          .format(sequence=rl.sequence))
    return 0


def _push(args: argparse.Namespace) -> int:
    from screeningroom.office.client import OfficeClient
    from screeningroom.office.uplink import Uplink
    from screeningroom.registry import Registry, RegistrySettings
    from screeningroom.vault.commands import read_passphrase
    from screeningroom.vault.station import load_station

    station = load_station(read_passphrase(args))
    with Registry.open(args.registry, station,
                       settings=RegistrySettings.from_workstation()) as registry, \
            OfficeClient(args.url, station, ca_file=args.office_ca) as client:
        report = Uplink(client, registry, station.certificate_bytes).sync()
    print(_("Sent {sent} records to the office ({duplicates} it already held); it holds "
            "this station's log up to record {head}.").format(
                sent=report.sent, duplicates=report.duplicates, head=report.head_seq))
    return 0
