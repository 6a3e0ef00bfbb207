"""Checking a signed review report: :func:`verify_report`.

1. The ``.sig`` file beside the PDF is read; the PDF's SHA-256 must be the one signed.
2. The signature must be the station's: with a trust ``anchor`` (the review office's root
   key) the embedded certificate must be the anchor's and its key must verify the
   signature; without one, the signature is checked against ``expected_public_key``, or at
   least against the key in the file (which proves integrity, not origin; said in the
   result).
3. With ``sessions`` (the registry), the report must match the audit log: every session
   exists, is the member's and the film's, and its start and end times are the ones in
   the report; the report was made after the sessions started.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from screeningroom.errors import ScreeningRoomError
from screeningroom.registry.canonical import iso
from screeningroom.review.errors import ReportMismatch, ReportTampered, SignatureMissing
from screeningroom.review.report import (
    SIGNATURE_VERSION,
    SessionSource,
    read_signature,
    signature_path,
    signed_bytes,
)
from screeningroom_resources.i18n import _


@dataclass(frozen=True)
class ReportCheck:
    """What a successful check established."""

    pdf: Path
    station_id: str
    film_id: str
    register_no: str
    member_id: str
    session_ids: tuple[str, ...]
    origin_checked: bool        # the key was tied to the authority or to an expected key
    audit_checked: bool         # the sessions were compared with the audit log


def verify_report(
    path: Path | str,
    *,
    anchor: object | None = None,
    expected_public_key: bytes | None = None,
    sessions: SessionSource | None = None,
    signature_file: Path | str | None = None,
) -> ReportCheck:
    """Check a review report; raise :class:`ReportTampered` or :class:`ReportMismatch`."""
    pdf_path = Path(path)
    sig_path = Path(signature_file) if signature_file else signature_path(pdf_path)
    where = str(pdf_path)
    if not pdf_path.is_file():
        raise ReportTampered(where, _("the file does not exist."))
    if not sig_path.is_file():
        raise SignatureMissing(where, str(sig_path))
    pdf = pdf_path.read_bytes()
    try:
        doc = read_signature(sig_path.read_bytes())
        signature = bytes.fromhex(str(doc["signature"]))
        public_key = bytes.fromhex(str(doc["signing_public_key"]))
        certificate = base64.b64decode(str(doc.get("certificate", "")), validate=True)
        fact = doc["facts"]
        version = doc["version"]
        signed_hash = str(doc["pdf_sha256"])
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, binascii.Error):
        raise ReportTampered(where, _("the signature file is damaged or not a review "
                                      "report signature.")) from None
    if version != SIGNATURE_VERSION:
        raise ReportTampered(where, _("the signature file has a version this station does "
                                      "not read."))
    body = {k: v for k, v in doc.items() if k != "signature"}
    data = signed_bytes(body)
    origin = False
    if anchor is not None:
        from screeningroom.vault.checks import verify_station_signature

        if not certificate:
            raise ReportTampered(where, _("the signature carries no station certificate, so "
                                          "its origin cannot be checked."))
        try:
            cert = verify_station_signature(certificate, anchor, data, signature)
        except ScreeningRoomError as exc:
            raise ReportTampered(where, str(exc)) from None
        if cert.signing_public_key != public_key or cert.station_id != doc.get("station_id"):
            raise ReportTampered(where, _("the signature names another station than its "
                                          "certificate."))
        origin = True
    else:
        if expected_public_key is not None:
            if expected_public_key != public_key:
                raise ReportTampered(where, _("the report was signed by another station."))
            origin = True
        if not _signature_ok(public_key, data, signature):
            raise ReportTampered(where, _("the signature does not verify: the report's "
                                          "facts or signature were changed."))
    if hashlib.sha256(pdf).hexdigest() != signed_hash:
        raise ReportTampered(where, _("the PDF is not the one that was signed (it was "
                                      "changed after signing)."))
    try:
        check = ReportCheck(
            pdf=pdf_path, station_id=str(doc["station_id"]),
            film_id=str(fact["film"]["film_id"]), register_no=str(fact["film"]["register_no"]),
            member_id=str(fact["member_id"]),
            session_ids=tuple(str(s["session_id"]) for s in fact["sessions"]),
            origin_checked=origin, audit_checked=sessions is not None,
        )
    except (KeyError, TypeError):
        raise ReportTampered(where, _("the signed facts are incomplete.")) from None
    if sessions is not None:
        problems = audit_problems(fact, sessions)
        if problems:
            raise ReportMismatch(where, problems)
    return check


def _signature_ok(public_key: bytes, data: bytes, signature: bytes) -> bool:
    from screeningroom.vault.encoding import signature_ok

    try:
        return signature_ok(public_key, data, signature)
    except ValueError:
        return False


def audit_problems(fact: dict, sessions: SessionSource) -> tuple[str, ...]:
    """How the signed facts disagree with the registry's sessions (empty: they agree)."""
    found: list[str] = []
    member, film = fact["member_id"], fact["film"]["film_id"]
    created = datetime.fromisoformat(fact["created_at"].replace("Z", "+00:00"))
    if not fact["sessions"]:
        found.append(_("The report names no session."))
    for entry in fact["sessions"]:
        sid = entry["session_id"]
        try:
            session = sessions.session(int(sid, 16))
        except (ScreeningRoomError, ValueError):
            found.append(_("Session {session} is not in the audit log.").format(session=sid))
            continue
        if session.member_id != member or session.film_id != film:
            found.append(_("Session {session} belongs to member {member} and film {film} in "
                           "the audit log.").format(session=sid, member=session.member_id,
                                                    film=session.film_id))
        if iso(session.started_at) != entry["started_at"]:
            found.append(_("Session {session} started at {logged} by the audit log, not at "
                           "{reported}.").format(session=sid, logged=iso(session.started_at),
                                                 reported=entry["started_at"]))
        logged_end = iso(session.ended_at) if session.ended_at else None
        if entry["ended_at"] is not None and logged_end != entry["ended_at"]:
            found.append(_("Session {session} ended at {logged} by the audit log, not at "
                           "{reported}.").format(session=sid, logged=logged_end or "-",
                                                 reported=entry["ended_at"]))
        if session.started_at > created:
            found.append(_("The report is dated before session {session} started.").format(
                session=sid))
    return tuple(found)


def signed_facts(path: Path | str) -> dict:
    """The facts of a report's signature file (call :func:`verify_report` first)."""
    return read_signature(signature_path(Path(path)).read_bytes())["facts"]
