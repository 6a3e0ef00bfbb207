"""Checking a signed review report: :func:`verify_report`, the one check that ``review
verify``, ``screeningroom verify`` and the commission summary all use.

1. The ``.sig`` file beside the PDF is read into values (a malformed file is refused with
   the field it fails at); the PDF's SHA-256 must be the one signed.
2. The station's signature (and that the station is not on a revocation list given):
   with trust ``anchors`` (the review office's root keys) the
   embedded certificate must be issued by one of them and its key must verify the
   signature; without anchors the signature is checked against ``expected_public_key``,
   or at least against the key in the file (which proves integrity, not origin: said in
   the result as :attr:`Origin.UNVERIFIED`).
3. The member's signature (version 2): her public key is in the file, signed by the
   station, and must verify her signature. A version 1 report has none (said in the
   result).
:func:`verify_signature` does 1-3 on the bytes of a ``.sig`` alone (the office checks
pushed signatures with it).

4. With ``audit`` views of the stations' audit logs, the report must match the one of its
   station: every session exists, is the member's and the film's, has the signed start
   and end times, started before the report was made; and the log has the ``report_signed``
   record of this PDF by this member's key.
"""

from __future__ import annotations

import base64
import binascii
import enum
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from screeningroom.errors import ScreeningRoomError
from screeningroom.review.audit import AuditView, audit_problems
from screeningroom.review.errors import (
    ReportMismatch,
    ReportTampered,
    SignatureMissing,
    StationRevoked,
)
from screeningroom.review.facts import MalformedFacts, ReportFacts, parse_facts
from screeningroom.review.report import (
    READABLE_VERSIONS,
    member_signed_bytes,
    read_signature,
    signature_path,
    station_signed_bytes,
)
from screeningroom_resources.i18n import _


class Origin(enum.Enum):
    """What ties the station's signature to a station."""

    ANCHOR = "anchor"                # a certificate issued by a given trust anchor
    EXPECTED_KEY = "expected_key"    # the key the caller expected
    UNVERIFIED = "unverified"        # only the key inside the file: integrity, not origin


@dataclass(frozen=True)
class ReportCheck:
    """What a successful check established."""

    pdf: Path
    pdf_sha256: str
    version: int
    station_id: str
    facts: ReportFacts
    origin: Origin
    member_key: bytes | None         # None: a version 1 report, with no member signature
    audit_source: str | None         # the audit log it was compared with, if any

    @property
    def film_id(self) -> str:
        return self.facts.film.film_id

    @property
    def register_no(self) -> str:
        return self.facts.film.register_no

    @property
    def member_id(self) -> str:
        return self.facts.member_id

    @property
    def session_ids(self) -> tuple[str, ...]:
        return tuple(s.short_id for s in self.facts.sessions)

    @property
    def origin_checked(self) -> bool:
        return self.origin is not Origin.UNVERIFIED

    @property
    def member_signed(self) -> bool:
        return self.member_key is not None

    @property
    def audit_checked(self) -> bool:
        return self.audit_source is not None


@dataclass(frozen=True)
class _Signature:
    version: int
    pdf_sha256: str
    station_id: str
    public_key: bytes
    certificate: bytes
    signature: bytes
    member_key: bytes | None
    member_signature: bytes | None
    body: dict


def _hex(doc: dict, key: str, size: int) -> bytes:
    value = bytes.fromhex(str(doc[key]))
    if len(value) != size:
        raise ValueError(key)
    return value


def _read(data: bytes, where: str) -> _Signature:
    try:
        doc = read_signature(data)
        version = doc["version"]
        if version not in READABLE_VERSIONS or isinstance(version, bool):
            raise ReportTampered(where, _("the signature file has a version this station "
                                          "does not read."))
        member_key = _hex(doc, "member_public_key", 32) if version >= 2 else None
        member_sig = _hex(doc, "member_signature", 64) if version >= 2 else None
        signed_hash = str(doc["pdf_sha256"])
        if len(signed_hash) != 64:
            raise ValueError("pdf_sha256")
        return _Signature(
            version=version, pdf_sha256=signed_hash, station_id=str(doc["station_id"]),
            public_key=_hex(doc, "signing_public_key", 32),
            certificate=base64.b64decode(str(doc.get("certificate", "")), validate=True),
            signature=_hex(doc, "signature", 64), member_key=member_key,
            member_signature=member_sig, body=doc)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, binascii.Error):
        raise ReportTampered(where, _("the signature file is damaged or not a review "
                                      "report signature.")) from None


def _station_origin(sig: _Signature, data: bytes, where: str, anchors: Sequence[object],
                    expected_public_key: bytes | None) -> Origin:
    if anchors:
        from screeningroom.vault.checks import verify_station_signature

        if not sig.certificate:
            raise ReportTampered(where, _("the signature carries no station certificate, so "
                                          "its origin cannot be checked."))
        reasons: list[str] = []
        for anchor in anchors:
            try:
                cert = verify_station_signature(sig.certificate, anchor, data, sig.signature)
            except ScreeningRoomError as exc:
                reasons.append(str(exc))
                continue
            if cert.signing_public_key != sig.public_key or cert.station_id != sig.station_id:
                raise ReportTampered(where, _("the signature names another station than its "
                                              "certificate."))
            return Origin.ANCHOR
        raise ReportTampered(where, " ".join(dict.fromkeys(reasons)))
    if expected_public_key is not None and expected_public_key != sig.public_key:
        raise ReportTampered(where, _("the report was signed by another station."))
    if not _signature_ok(sig.public_key, data, sig.signature):
        raise ReportTampered(where, _("the signature does not verify: the report's "
                                      "facts or signature were changed."))
    return Origin.EXPECTED_KEY if expected_public_key is not None else Origin.UNVERIFIED


@dataclass(frozen=True)
class SignedReport:
    """A report signature whose signatures hold (the PDF itself not yet compared)."""

    version: int
    pdf_sha256: str                  # the SHA-256 of the PDF it signs
    station_id: str
    station_key: bytes
    certificate: bytes
    facts: ReportFacts
    origin: Origin
    member_key: bytes | None         # None: a version 1 report, with no member signature


def verify_signature(data: bytes, where: str, *, anchors: Sequence[object] = (),
                     expected_public_key: bytes | None = None,
                     revocations: Sequence[object] = ()) -> SignedReport:
    """Check the bytes of a ``.sig`` file: format, the station's signature (against
    ``anchors`` or ``expected_public_key``, as in :func:`verify_report`), that the station
    is on none of the office's ``revocations`` (checked revocation lists), the member's
    signature, and the facts. ``where`` names the report in messages. Raises
    :class:`ReportTampered` (or :class:`StationRevoked`). The office calls this on a
    pushed signature; :func:`verify_report` calls it too."""
    sig = _read(data, where)
    for listed in revocations:
        if sig.station_id in listed.stations:  # type: ignore[attr-defined]
            raise StationRevoked(where, sig.station_id, listed.sequence)  # type: ignore[attr-defined]
    origin = _station_origin(sig, station_signed_bytes(sig.body, sig.version), where,
                             tuple(anchors), expected_public_key)
    if sig.member_key is not None and not _signature_ok(
            sig.member_key, member_signed_bytes(sig.body), sig.member_signature or b""):
        raise ReportTampered(where, _("the member's signature does not verify: the report "
                                      "was changed after the member signed it."))
    try:
        facts = parse_facts(sig.body.get("facts"), sig.version)
    except MalformedFacts as exc:
        raise ReportTampered(where, str(exc)) from None
    if facts.station_id != sig.station_id:
        raise ReportTampered(where, _("the signed facts name another station than the "
                                      "signature."))
    return SignedReport(sig.version, sig.pdf_sha256, sig.station_id, sig.public_key,
                        sig.certificate, facts, origin, sig.member_key)


def _signed_pdf(path: Path | str,
                signature_file: Path | str | None = None) -> tuple[Path, Path, str]:
    """The PDF, its signature file (``.pdf.sig`` beside it unless named) and the name to
    give in refusals; ReportTampered or SignatureMissing when either is not there."""
    pdf_path = Path(path)
    sig_path = Path(signature_file) if signature_file else signature_path(pdf_path)
    where = str(pdf_path)
    if not pdf_path.is_file():
        raise ReportTampered(where, _("the file does not exist."))
    if not sig_path.is_file():
        raise SignatureMissing(where, str(sig_path))
    return pdf_path, sig_path, where


def verify_report(
    path: Path | str,
    *,
    anchors: Sequence[object] = (),
    expected_public_key: bytes | None = None,
    audit: Iterable[AuditView] = (),
    revocations: Sequence[object] = (),
    signature_file: Path | str | None = None,
) -> ReportCheck:
    """Check a review report; raise :class:`ReportTampered` or :class:`ReportMismatch`
    (or :class:`SignatureMissing`), each naming the file and the reason."""
    pdf_path, sig_path, where = _signed_pdf(path, signature_file)
    try:
        data = sig_path.read_bytes()
    except OSError:
        raise ReportTampered(where, _("the signature file is damaged or not a review "
                                      "report signature.")) from None
    signed = verify_signature(data, where, anchors=anchors,
                              expected_public_key=expected_public_key,
                              revocations=revocations)
    pdf_sha256 = hashlib.sha256(pdf_path.read_bytes()).hexdigest()
    if pdf_sha256 != signed.pdf_sha256:
        raise ReportTampered(where, _("the PDF is not the one that was signed (it was "
                                      "changed after signing)."))
    view = next((v for v in audit if v.covers(signed.station_id)), None)
    if view is not None:
        problems = audit_problems(signed.facts, view, pdf_sha256=pdf_sha256,
                                  member_key=signed.member_key)
        if problems:
            raise ReportMismatch(where, problems)
    return ReportCheck(pdf=pdf_path, pdf_sha256=pdf_sha256, version=signed.version,
                       station_id=signed.station_id, facts=signed.facts,
                       origin=signed.origin, member_key=signed.member_key,
                       audit_source=None if view is None else view.source)


def _signature_ok(public_key: bytes, data: bytes, signature: bytes) -> bool:
    from screeningroom.vault.encoding import signature_ok

    try:
        return signature_ok(public_key, data, signature)
    except ValueError:
        return False


@dataclass(frozen=True)
class SummaryCheck:
    """A commission summary whose station signature and PDF hash hold."""

    pdf: Path
    pdf_sha256: str
    station_id: str
    film_id: str
    register_no: str
    members: tuple[str, ...]
    origin: Origin


def is_summary(path: Path | str) -> bool:
    """Whether the ``.sig`` beside ``path`` is a commission summary's."""
    from screeningroom.review.summary_doc import SUMMARY_FORMAT

    try:
        doc = json.loads(signature_path(Path(path)).read_bytes().decode("utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return False
    return isinstance(doc, dict) and doc.get("format") == SUMMARY_FORMAT


def verify_summary(path: Path | str, *, anchors: Sequence[object] = (),
                   expected_public_key: bytes | None = None) -> SummaryCheck:
    """Check a commission summary's station signature and that the PDF is the signed one."""
    from screeningroom.registry.canonical import canonical_json
    from screeningroom.review.summary_doc import SUMMARY_FORMAT, SUMMARY_PREFIX, SUMMARY_VERSION

    pdf_path, sig_path, where = _signed_pdf(path)
    try:
        doc = json.loads(sig_path.read_bytes().decode("utf-8"))
        if doc.get("format") != SUMMARY_FORMAT or doc.get("version") != SUMMARY_VERSION:
            raise ValueError("format")
        facts = doc["facts"]
        film = facts["film"]
        members = tuple(str(m["member_id"]) for m in facts["members"])
        sig = _Signature(
            version=SUMMARY_VERSION, pdf_sha256=str(doc["pdf_sha256"]),
            station_id=str(doc["station_id"]),
            public_key=_hex(doc, "signing_public_key", 32),
            certificate=base64.b64decode(str(doc.get("certificate", "")), validate=True),
            signature=_hex(doc, "signature", 64), member_key=None, member_signature=None,
            body=doc)
        film_id, register_no = str(film["film_id"]), str(film["register_no"])
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError,
            binascii.Error, OSError):
        raise ReportTampered(where, _("the signature file is damaged or not a commission "
                                      "summary signature.")) from None
    data = SUMMARY_PREFIX + canonical_json({k: v for k, v in doc.items() if k != "signature"})
    origin = _station_origin(sig, data, where, tuple(anchors), expected_public_key)
    pdf_sha256 = hashlib.sha256(pdf_path.read_bytes()).hexdigest()
    if pdf_sha256 != sig.pdf_sha256:
        raise ReportTampered(where, _("the PDF is not the one that was signed (it was "
                                      "changed after signing)."))
    return SummaryCheck(pdf_path, pdf_sha256, sig.station_id, film_id, register_no, members,
                        origin)


__all__ = ["AuditView", "Origin", "ReportCheck", "SignedReport", "SummaryCheck",
           "audit_problems", "is_summary", "verify_report", "verify_signature",
           "verify_summary"]
