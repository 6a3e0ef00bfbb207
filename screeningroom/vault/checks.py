"""Loading a vault file and checking it against the trust anchor, with the specific
refusal for each way it can be wrong. Everything that trusts a file goes through here."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from screeningroom.vault.container import Layout, read_layout
from screeningroom.vault.encoding import FormatError
from screeningroom.vault.errors import (
    CertificateExpired,
    InvalidSignature,
    StationNotCertified,
    TamperedFile,
    TamperedLicense,
    TamperedScreener,
)
from screeningroom.vault.model import (
    EnrollmentRequest,
    License,
    Manifest,
    RevocationList,
    StationCertificate,
    TrustAnchor,
)
from screeningroom.vault.records import (
    parse_anchor,
    parse_certificate,
    parse_license,
    parse_request,
    parse_revocations,
    signed_by,
)
from screeningroom_resources.i18n import _

_Doc = TypeVar("_Doc", License, RevocationList, Manifest)  # what an office issues and signs
_Parsed = TypeVar("_Parsed")


def station_id_for(signing_public_key: bytes) -> str:
    """A station's id: ``st-`` and 16 hex digits of SHA-256 of its signing public key."""
    return "st-" + hashlib.sha256(signing_public_key).hexdigest()[:16]


def load_anchor(data: bytes) -> TrustAnchor:
    return parsed(data, parse_anchor, lambda: TamperedFile(
        _("This trust anchor is damaged; ask the review office for its anchor file again.")))


def load_request_checked(data: bytes) -> EnrollmentRequest:
    damaged = TamperedFile(
        _("This enrollment request is damaged or altered; make a new one on the station "
          "(screeningroom station init).")
    )
    try:
        request = parse_request(bytes(data))
    except FormatError as exc:
        raise damaged from exc
    if not signed_by(request, request.signing_public_key) or request.station_id != station_id_for(
        request.signing_public_key
    ):
        raise damaged
    return request


def load_certificate_checked(
    data: bytes, anchor: TrustAnchor, now: datetime | None = None
) -> StationCertificate:
    """Parsed and signed by ``anchor``; when ``now`` is given, also valid at that time."""
    try:
        cert = parse_certificate(bytes(data))
    except FormatError as exc:
        raise StationNotCertified(
            _("The station certificate is damaged. Ask the review office to certify this "
              "station again and install the new certificate.")
        ) from exc
    if cert.issuer_key != anchor.public_key or not signed_by(cert, anchor.public_key):
        raise StationNotCertified(
            _("The station certificate of {station} was not signed by {authority}. Install a "
              "certificate issued by this review office.").format(
                station=cert.station_id, authority=anchor.name)
        )
    if cert.station_id != station_id_for(cert.signing_public_key):
        raise StationNotCertified(
            _("The station certificate is damaged. Ask the review office to certify this "
              "station again and install the new certificate.")
        )
    if now is not None:
        if now < cert.not_before:
            raise CertificateExpired(
                _("The station certificate is valid only from {date}. Check the station's "
                  "clock.").format(date=_when(cert.not_before))
            )
        if now >= cert.not_after:
            raise CertificateExpired(
                _("The station certificate expired on {date}. Ask the review office to renew "
                  "it (screeningroom authority certify).").format(date=_when(cert.not_after))
            )
    return cert


def parsed(data: bytes, parse: Callable[[bytes], _Parsed],
           damaged: Callable[[], Exception]) -> _Parsed:
    """``parse(data)``; ``damaged()`` is raised when ``data`` is not what it should be."""
    try:
        return parse(bytes(data))
    except FormatError as exc:
        raise damaged() from exc


def _signed(doc: _Doc, anchor: TrustAnchor, foreign: str,
            damaged: Callable[[], Exception]) -> _Doc:
    """``doc`` if ``anchor`` issued and signed it: ``InvalidSignature(foreign)`` when another
    office issued it, ``damaged()`` when its signature does not hold."""
    if doc.issuer_key != anchor.public_key:
        raise InvalidSignature(foreign)
    if not signed_by(doc, anchor.public_key):
        raise damaged()
    return doc


def license_damaged() -> Exception:
    return TamperedLicense(
        _("This license is damaged or altered. Ask the review office to issue it again.")
    )


def load_license_checked(data: bytes, anchor: TrustAnchor) -> License:
    return check_license_signature(parsed(data, parse_license, license_damaged), anchor)


def check_license_signature(lic: License, anchor: TrustAnchor) -> License:
    foreign = _("This license was issued by another review office, not by {authority}. Ask "
                "{authority} for a license.").format(authority=anchor.name)
    return _signed(lic, anchor, foreign, license_damaged)


def revocations_damaged() -> Exception:
    return TamperedFile(
        _("This revocation list is damaged. Ask the review office for the current list.")
    )


def load_revocations_checked(data: bytes, anchor: TrustAnchor) -> RevocationList:
    return check_revocations_signature(
        parsed(data, parse_revocations, revocations_damaged), anchor)


def check_revocations_signature(rl: RevocationList, anchor: TrustAnchor) -> RevocationList:
    foreign = _("This revocation list was issued by another review office, not by "
                "{authority}.").format(authority=anchor.name)
    return _signed(rl, anchor, foreign, revocations_damaged)


def load_screener_checked(path: Path, anchor: TrustAnchor) -> Layout:
    """Header and manifest parsed, manifest signed by ``anchor`` (chunks not yet read)."""
    layout = read_layout(Path(path))
    name = Path(path).name
    foreign = _("The screener {path} was packaged by another review office, not by "
                "{authority}.").format(path=name, authority=anchor.name)
    _signed(layout.manifest, anchor, foreign, lambda: TamperedScreener(
        _("The screener {path} has been altered or damaged ({what}). "
          "Do not use it; ask the review office for a fresh copy.").format(
            path=name, what=_("bad manifest"))))
    return layout


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def verify_station_signature(
    certificate_bytes: bytes,
    anchor: TrustAnchor,
    data: bytes,
    signature: bytes,
    now: datetime | None = None,
) -> StationCertificate:
    """Check that ``signature`` over ``data`` was made by the station of
    ``certificate_bytes``, certified by ``anchor``; returns that certificate.

    ``now`` None checks no validity window (an audit bundle is history: the certificate
    may have expired since); give ``now`` to require it valid then.
    Raises StationNotCertified, CertificateExpired or InvalidSignature.
    """
    from screeningroom.vault.encoding import signature_ok

    cert = load_certificate_checked(certificate_bytes, anchor, now=now)
    if not signature_ok(cert.signing_public_key, bytes(data), bytes(signature)):
        raise InvalidSignature(
            _("The signature does not match station {station}: the data was changed or signed "
              "by another station.").format(station=cert.station_id)
        )
    return cert
