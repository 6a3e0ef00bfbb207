"""The desk's commands about trust: ``trust install|show`` (the office's revocation lists
and anchor), ``stations``, ``findings``, ``verify BUNDLE.zip``, and ``zone`` (the time zone
the desk reads and shows times in)."""

from __future__ import annotations

import argparse
from pathlib import Path

from screeningroom import paths
from screeningroom_resources.i18n import _
from takedown import zone
from takedown.commands import open_desk, passphrase_option
from takedown.errors import TakedownError
from takedown.zone import format_time


class EvidenceNotValid(TakedownError):
    """``takedown verify`` found a check that fails (each is printed)."""


def register(sub: argparse._SubParsersAction) -> None:
    trust = sub.add_parser("trust", help=_("the review office's revocation lists and trust "
                                           "anchor on this desk"))
    tsub = trust.add_subparsers(dest="trust_command", metavar=_("COMMAND"), required=True)
    install = tsub.add_parser("install", help=_("install the office's revocation list "
                                                "(.srr) or check its anchor (.sra)"))
    install.add_argument("file", type=Path, metavar="FILE")
    install.set_defaults(func=_trust_install)
    show = tsub.add_parser("show", help=_("the office and revocation list the desk trusts"))
    show.set_defaults(func=_trust_show)

    office = sub.add_parser("office-sync", help=_("take in the office's central registry: "
                                                  "revocation list and stations' bundles"))
    office.add_argument("--url", help=_("the registry service's URL (default: the "
                                        "workstation's office_url setting)"))
    office.add_argument("--office-ca", type=Path, metavar="PEM",
                        help=_("CA certificate the service's TLS certificate is checked with"))
    passphrase_option(office)
    office.set_defaults(func=_office_sync)
    stations = sub.add_parser("stations", help=_("the review stations the desk holds records "
                                                 "of, with the findings against them"))
    stations.set_defaults(func=_stations)
    findings = sub.add_parser("findings", help=_("findings against stations (forked logs, "
                                                 "dropped records, unrecorded marks, ...)"))
    findings.add_argument("--station", metavar="ID", help=_("only this station's"))
    findings.set_defaults(func=_findings)

    verify = sub.add_parser("verify", help=_("check an evidence bundle: signature, every "
                                             "file's hash, the signer and the audit proof"))
    verify.add_argument("bundle", type=Path, metavar="BUNDLE.zip")
    verify.add_argument("--anchor", type=Path, metavar="FILE.sra",
                        help=_("the review office's trust anchor (default: the desk's)"))
    verify.set_defaults(func=_verify)

    zone_cmd = sub.add_parser("zone", help=_("show or set the time zone the desk reads and "
                                             "shows times in (default: this computer's)"))
    group = zone_cmd.add_mutually_exclusive_group()
    group.add_argument("--set", metavar="NAME", help=_("an IANA zone, e.g. Asia/Almaty"))
    group.add_argument("--local", action="store_true",
                       help=_("use this computer's zone again"))
    zone_cmd.set_defaults(func=_zone)


def _office_sync(args: argparse.Namespace) -> int:
    from screeningroom.office.client import OfficeClient
    from screeningroom.office.desk_sync import desk_client

    with open_desk(args) as desk:
        client = (OfficeClient(args.url, desk.station(), ca_file=args.office_ca) if args.url
                  else desk_client(desk.station()))
        if client is None:
            raise TakedownError(_("No central registry is set: give --url, or set office_url "
                                  "in the workstation's settings."))
        with client:
            print_office_sync(desk.sync_office(client))
    return 0


def print_office_sync(done: object) -> None:
    """What a sync with the office's central registry took in, one fact a line."""
    if done.revocation_list is not None:  # type: ignore[attr-defined]
        print(_("Installed the office's revocation list number {number}.").format(
            number=done.revocation_list))  # type: ignore[attr-defined]
    print(_("The central registry holds {stations} stations; {bundles} of their bundles were "
            "imported.").format(stations=done.stations,  # type: ignore[attr-defined]
                                bundles=done.bundles_imported))  # type: ignore[attr-defined]
    for reason in done.refused:  # type: ignore[attr-defined]
        print(_("Refused: {reason}").format(reason=reason))
    for f in done.office_findings:  # type: ignore[attr-defined]
        print(_("Office finding against {station} ({time}): {kind}: {detail}").format(
            station=f.station_id, time=format_time(f.at), kind=f.kind.label, detail=f.detail))


def _trust_install(args: argparse.Namespace) -> int:
    with open_desk(args) as desk:
        what = desk.install_trust(args.file)
    print(_("Installed: {what}.").format(what=what))
    return 0


def _trust_show(args: argparse.Namespace) -> int:
    with open_desk(args) as desk:
        anchor = desk.trust_anchor()
        rl = desk.revocations()
    print(_("Review office: {name} (anchor {fingerprint})").format(
        name=anchor.name, fingerprint=anchor.fingerprint))
    if rl is None:
        print(_("Revocation list: none installed; audit bundles are refused until one is "
                "(takedown trust install FILE.srr)."))
    else:
        print(_("Revocation list: number {number} of {date}; {stations} stations and "
                "{licenses} licenses revoked.").format(
            number=rl.sequence, date=format_time(rl.issued_at), stations=len(rl.stations),
            licenses=len(rl.licenses)))
    return 0


def _stations(args: argparse.Namespace) -> int:
    with open_desk(args) as desk:
        views = desk.stations()
    if not views:
        print(_("No stations: import an audit bundle first."))
        return 0
    for view in views:
        s = view.station
        state = _("revoked") if view.revoked else _("tampering found") if any(
            f.kind.tampering for f in view.findings) else _("findings") if view.findings \
            else _("no findings")
        print(_("{station} ({room}): {state}; records 1-{last}, {sessions} sessions; "
                "certificate valid {start} to {end}").format(
            station=s.station_id, room=s.room or "-", state=state, last=s.last_seq,
            sessions=s.sessions, start=format_time(s.cert_not_before) if s.certificate else "-",
            end=format_time(s.cert_not_after) if s.certificate else "-"))
        for f in view.findings:
            print(f"  #{f.finding_id} {format_time(f.at)} {f.kind.label}: {f.detail}")
    return 0


def _findings(args: argparse.Namespace) -> int:
    with open_desk(args) as desk:
        found = desk.findings(args.station)
    if not found:
        print(_("No findings."))
        return 0
    for f in found:
        extra = []
        if f.other_station_id:
            extra.append(_("other station {station}").format(station=f.other_station_id))
        if f.session_hex:
            extra.append(_("session {session}").format(session=f.session_hex))
        if f.case_id:
            extra.append(_("case {case}").format(case=f.case_id))
        if f.bundle_sha256:
            extra.append(_("bundle {sha}").format(sha=f.bundle_sha256[:16]))
        print(f"#{f.finding_id} {format_time(f.at)} {f.station_id}: {f.kind.label}"
              + (f" ({'; '.join(extra)})" if extra else ""))
        print(f"    {f.detail}")
    return 0


def _verify(args: argparse.Namespace) -> int:
    from screeningroom.vault import read_anchor
    from takedown.evidence.verify import verify_evidence

    if args.anchor is not None:
        anchor = read_anchor(args.anchor)
    else:
        with open_desk(args) as desk:
            anchor = desk.trust_anchor()
    verdict = verify_evidence(args.bundle, anchor)
    for check in verdict.checks:
        mark = "OK  " if check.ok else "FAIL"
        print(f"{mark} {check.name}: {check.detail}")
    if not verdict.valid:
        raise EvidenceNotValid(_("INVALID: {path} does not verify; see the failed checks "
                                 "above.").format(path=args.bundle))
    print(_("VALID: evidence bundle of case {case}, signed by station {station}.").format(
        case=verdict.case_id, station=verdict.station_id))
    return 0


def _zone(args: argparse.Namespace) -> int:
    folder = paths.desk_dir()
    if args.set or args.local:
        zone.use(zone.save_zone(folder, None if args.local else args.set))
    else:
        zone.use(zone.load_zone(folder))
    print(_("The desk reads and shows times in {zone}.").format(zone=zone.describe()))
    return 0
