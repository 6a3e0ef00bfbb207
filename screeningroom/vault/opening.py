"""``open_screener``: the one safe call that turns a screener and a license into plaintext.

It unseals nothing without a recorded session: the caller passes the signed
:class:`~screeningroom.vault.tickets.SessionTicket` its registry issued when the session's
``session_start`` record became durable (``Registry.start_session``). :func:`check_playback`
runs every check but the ticket, unsealing nothing, so a station can refuse before it
starts a session.

Checks, in this order, each with its own refusal (``screeningroom.vault.errors``):

1. certificate chain and validity -- StationNotCertified, CertificateExpired
2. license signature -- TamperedLicense, InvalidSignature (another authority)
3. station binding -- WrongStation
4. film / manifest match -- TamperedScreener, TruncatedScreener, InvalidSignature, WrongFilm
5. window -- LicenseNotYetValid, LicenseExpired
6. member -- MemberNotLicensed
7. (moved: the registry counts sessions when it starts one; the ticket's number is
   checked at 10)
8. revocation: the list the license names, and the newest list this station's signed log
   shows it played under (``revocations_floor``), or newer, is installed -- StaleRevocations
   (a deleted list does not switch the check off); station or license on it -- Revoked
9. clock rollback: ``now`` earlier than ``clock_floor`` (the newest time this station has
   signed in its audit log) by more than ``clock_tolerance`` (the workstation setting
   ``clock_tolerance_seconds``, default :data:`CLOCK_TOLERANCE`) -- ClockRollback
10. the session ticket: signed by this station's certified audit key, for this station,
    license, film and member, started within ``clock_tolerance`` of ``now`` --
    SessionNotStarted; its number within the license's sessions -- SessionsUsedUp

Only then are the keys unsealed (in memory) and a :class:`ScreenerReader` returned, whose
every chunk is verified as it is decrypted.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from screeningroom.vault.checks import (
    check_license_signature,
    check_revocations_signature,
    load_certificate_checked,
    load_license_checked,
    load_screener_checked,
)
from screeningroom.vault.container import Layout, key_check
from screeningroom.vault.encoding import FormatError
from screeningroom.vault.errors import (
    ClockRollback,
    LicenseExpired,
    LicenseNotYetValid,
    MemberNotLicensed,
    Revoked,
    SessionNotStarted,
    SessionsUsedUp,
    StaleRevocations,
    StationNotCertified,
    TamperedLicense,
    VaultInputError,
    WrongFilm,
    WrongStation,
)
from screeningroom.vault.model import License, RevocationList, StationCertificate
from screeningroom.vault.reader import ScreenerReader, keys_of
from screeningroom.vault.station import Station
from screeningroom.vault.tickets import SessionTicket, parse_ticket
from screeningroom_resources.i18n import _

CLOCK_TOLERANCE = timedelta(minutes=5)


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _aware(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None:
        raise VaultInputError(_("{name} must say its time zone.").format(name=name))
    return moment


@dataclass(frozen=True)
class Playable:
    """What :func:`check_playback` found sound (nothing is unsealed)."""

    license: License
    layout: Layout = field(repr=False)
    certificate: StationCertificate = field(repr=False)
    revocations: int = 0  # the number of the revocation list checked against (0: none)


def open_screener(
    path: Path | str,
    license: License | bytes,
    station: Station,
    member_id: str,
    *,
    session: SessionTicket | bytes,
    clock_floor: datetime | None,
    revocations: RevocationList | None = None,
    revocations_floor: int = 0,
    now: datetime | None = None,
    clock_tolerance: timedelta = CLOCK_TOLERANCE,
) -> ScreenerReader:
    """Check everything (see the module docstring) and return a verifying reader.

    ``revocations`` None: the list installed on the station (if any) is used.
    """
    now = _aware(now, "now") if now is not None else datetime.now(UTC)
    playable = check_playback(path, license, station, member_id, clock_floor=clock_floor,
                              revocations=revocations, revocations_floor=revocations_floor,
                              now=now, clock_tolerance=clock_tolerance)
    lic, layout, manifest = playable.license, playable.layout, playable.layout.manifest
    ticket = _check_ticket(session, playable, member_id, now, clock_tolerance)
    content_key, secret = station.open_license_keys(lic)
    if not hmac.compare_digest(key_check(content_key, manifest.stream_id), manifest.key_check):
        raise TamperedLicense(
            _("The key in this license does not open this screener. Ask the review office to "
              "issue the license again.")
        )
    watermark_key, forensic_keys = keys_of(lic, secret)
    return ScreenerReader(layout, content_key, lic, watermark_key, forensic_keys,
                          session_id=ticket.session_id)


def _check_ticket(session: SessionTicket | bytes, playable: Playable, member_id: str,
                  now: datetime, tolerance: timedelta) -> SessionTicket:
    lic, cert = playable.license, playable.certificate
    not_started = SessionNotStarted(
        _("No session was recorded for this screening, so the film stays locked. Start it "
          "from the station, which records the session first."))
    try:
        ticket = session if isinstance(session, SessionTicket) else parse_ticket(bytes(session))
    except (FormatError, TypeError, ValueError):
        raise not_started from None
    if not ticket.signed_by(cert.signing_public_key) or (
        ticket.station_id, ticket.license_id, ticket.film_id, ticket.member_id
    ) != (cert.station_id, lic.license_id, lic.film_id, member_id):
        raise not_started
    if abs(now - ticket.started_at) > tolerance + timedelta(seconds=1):
        raise SessionNotStarted(
            _("The session {session} was started at {start}, too long ago to open the film "
              "now. Start a new session.").format(session=ticket.short_id,
                                                  start=_when(ticket.started_at)))
    if not 1 <= ticket.number <= lic.max_sessions:
        raise SessionsUsedUp(
            _("All {count} sessions of this license have been used. Ask the review office for "
              "more sessions.").format(count=lic.max_sessions)
        )
    return ticket


def check_playback(
    path: Path | str,
    license: License | bytes,
    station: Station,
    member_id: str,
    *,
    clock_floor: datetime | None,
    revocations: RevocationList | None = None,
    revocations_floor: int = 0,
    now: datetime | None = None,
    clock_tolerance: timedelta = CLOCK_TOLERANCE,
) -> Playable:
    """Checks 1 to 9 (module docstring); unseals nothing."""
    now = _aware(now, "now") if now is not None else datetime.now(UTC)
    anchor = station.anchor

    # 1. certificate chain and validity
    if station.certificate_bytes is None:
        raise StationNotCertified(
            _("This station has no certificate yet. Send its enrollment request to the review "
              "office and install the certificate it returns (screeningroom station install).")
        )
    cert = load_certificate_checked(station.certificate_bytes, anchor, now=now)
    if cert.station_id != station.station_id or (
        cert.signing_public_key != station.signing_public_key
    ):
        raise StationNotCertified(
            _("The installed certificate belongs to another station. Install this station's "
              "own certificate.")
        )

    # 2. license signature
    lic = (check_license_signature(license, anchor) if isinstance(license, License)
           else load_license_checked(license, anchor))

    # 3. station binding
    if lic.station_id != station.station_id or lic.station_kem_fingerprint != cert.kem_fingerprint:
        raise WrongStation(
            _("This license was issued for station {other}, not for this station ({ours}). "
              "Ask the review office for a license for this station.").format(
                other=lic.station_id, ours=station.station_id)
        )

    # 4. film / manifest match
    layout = load_screener_checked(Path(path), anchor)
    manifest = layout.manifest
    if lic.film_id != manifest.film_id or lic.manifest_hash != manifest.manifest_hash:
        raise WrongFilm(
            _("This license is for film {licensed}, but the screener holds {film} ({title}). "
              "Choose the screener that matches the license.").format(
                licensed=lic.film_id, film=manifest.film_id, title=manifest.title)
        )

    # 5. window
    if now < lic.not_before:
        raise LicenseNotYetValid(
            _("This license is valid from {date}. Open the film then, or ask the review office "
              "to move the window.").format(date=_when(lic.not_before))
        )
    if now >= lic.not_after:
        raise LicenseExpired(
            _("This license expired on {date}. Ask the review office for a new license.").format(
                date=_when(lic.not_after))
        )

    # 6. member
    if member_id not in lic.members:
        raise MemberNotLicensed(
            _("Member {member} is not named in this license. Ask the review office to add "
              "the member.").format(member=member_id)
        )

    # 8. revocation: the list the license names (or a newer one) must be installed
    rl = revocations if revocations is not None else station.revocations()
    required = max(lic.revocations_required, revocations_floor)
    if required and (rl is None or rl.sequence < required):
        raise StaleRevocations(
            _("This license needs revocation list number {required} or newer, but this "
              "station holds {held}. Import the current revocation list from the review "
              "office, then try again.").format(
                required=required,
                held=_("no list") if rl is None else _("number {n}").format(n=rl.sequence))
        )
    if rl is not None:
        check_revocations_signature(rl, anchor)
        if station.station_id in rl.stations:
            raise Revoked(
                _("This station ({station}) has been revoked by the review office. It may not "
                  "play films; contact the office.").format(station=station.station_id)
            )
        if lic.license_id in rl.licenses:
            raise Revoked(
                _("License {license} has been revoked by the review office. Ask the office for "
                  "a new license.").format(license=lic.license_id)
            )

    # 9. clock rollback
    if clock_floor is not None and now < _aware(clock_floor, "clock_floor") - clock_tolerance:
        raise ClockRollback(
            _("The station clock reads {now}, earlier than its last audit record ({floor}). "
              "Set the clock right (use network time) and try again.").format(
                now=_when(now), floor=_when(clock_floor))
        )
    return Playable(lic, layout, cert, rl.sequence if rl is not None else 0)
