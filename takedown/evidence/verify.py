"""``takedown verify BUNDLE.zip``: everything an evidence bundle claims, checked.

1. the manifest's signature and the SHA-256 of every file (nothing added or removed);
2. the signer: the certificate in the bundle was issued by the review office (the trust
   anchor), names the signing station and key, and was valid when the bundle was made;
3. the audit proof: ``audit/bundle.json`` is a station bundle that verifies (its
   certificate from the same office), every record of ``audit/proof.json`` is in it (or,
   for a session whose end came in a later incremental bundle, in ``audit/end-bundle.json``,
   signed by the same station key) with the same hash and signature, ``session.json`` is
   the session those records give (its end from the end record), and ``trace.json`` names
   the same session; an end bundle continues the start bundle's hash chain, through the
   ``audit/between-NN.json`` bundles the proof lists (each record's prev_hash is the hash
   of the one before, across the bundles);
4. the PDF report is there.

The verdict is VALID only when every check passes; each check says what it found.
"""

from __future__ import annotations

import base64
import hashlib
import json
import tempfile
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from screeningroom_resources.i18n import _
from takedown.evidence.bundle import EvidenceInvalid, check_evidence_signature


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class EvidenceVerdict:
    path: Path
    checks: tuple[Check, ...]
    case_id: str | None
    station_id: str | None

    @property
    def valid(self) -> bool:
        return all(c.ok for c in self.checks)


def verify_evidence(path: Path, anchor: Any) -> EvidenceVerdict:
    path = Path(path)
    checks: list[Check] = []
    try:
        sig = check_evidence_signature(path)
    except EvidenceInvalid as exc:
        checks.append(Check(_("signature and file hashes"), False, str(exc)))
        return EvidenceVerdict(path, tuple(checks), None, None)
    checks.append(Check(_("signature and file hashes"), True, _(
        "the manifest is signed by station {station}; all {count} files match their SHA-256")
        .format(station=sig.station_id, count=len(sig.members))))
    checks.append(_signer(sig, anchor))
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        if "audit/bundle.json" in names:
            checks.append(_proof(zf, anchor))
        else:
            checks.append(Check(_("audit proof"), True,
                                _("none: the bundle names no session")))
    checks.append(Check(_("PDF report"), "report.pdf" in sig.members,
                        _("report.pdf is included") if "report.pdf" in sig.members
                        else _("report.pdf is missing")))
    return EvidenceVerdict(path, tuple(checks), sig.case_id, sig.station_id)


def _signer(sig: Any, anchor: Any) -> Check:
    from screeningroom.vault.checks import load_certificate_checked
    from screeningroom.vault.errors import VaultError

    name = _("signing station's certificate")
    if not sig.certificate_bytes:
        return Check(name, False, _("the bundle carries no certificate"))
    try:
        cert = load_certificate_checked(sig.certificate_bytes, anchor)
    except VaultError as exc:
        return Check(name, False, str(exc))
    if cert.station_id != sig.station_id or cert.signing_public_key != sig.signing_public_key:
        return Check(name, False, _("the certificate is for another station or key"))
    if not cert.not_before <= sig.created_at < cert.not_after:
        return Check(name, False, _("the certificate was not valid when the bundle was made"))
    return Check(name, True, _("issued by {office} to {station}, valid when the bundle was "
                               "made").format(office=anchor.name, station=cert.station_id))


def _proof(zf: zipfile.ZipFile, anchor: Any) -> Check:
    from screeningroom.registry import BrokenBundle, anchor_verifier, load_bundle, session_ends
    from takedown.evidence.jsonable import jsonable

    name = _("audit proof")
    try:
        proof = json.loads(zf.read("audit/proof.json"))
        session_doc = json.loads(zf.read("session.json"))
        trace_doc = json.loads(zf.read("trace.json"))
    except (KeyError, ValueError) as exc:
        return Check(name, False, _("a file of the proof is missing or unreadable: {what}")
                     .format(what=exc))
    between = proof.get("between_bundle_sha256") or []
    if not isinstance(between, list):
        return Check(name, False, _("a file of the proof is missing or unreadable: {what}")
                     .format(what="between_bundle_sha256"))
    named = [("audit/bundle.json", proof.get("bundle_sha256"))]
    if proof.get("end_bundle_sha256"):
        named += [(f"audit/between-{k:02d}.json", sha) for k, sha in enumerate(between, 1)]
        named.append(("audit/end-bundle.json", proof["end_bundle_sha256"]))
    members = [member for member, _sha in named]
    bundles = []
    with tempfile.TemporaryDirectory() as tmp:
        for member, said in named:
            file = Path(tmp) / "bundle.json"
            try:
                data = zf.read(member)
            except KeyError:
                return Check(name, False, _("a file of the proof is missing or unreadable: "
                                            "{what}").format(what=member))
            file.write_bytes(data)
            if hashlib.sha256(data).hexdigest() != said:
                return Check(name, False, _("{member} is not the bundle the proof names "
                                            "(SHA-256 differs)").format(member=member))
            try:
                bundles.append(load_bundle(file, verify_certificate=anchor_verifier(anchor)))
            except BrokenBundle as exc:
                return Check(name, False, str(exc).replace(str(file), member))
    bundle = bundles[0]
    if any(proof.get("station_signing_public_key") != b.signing_public_key.hex()
           for b in bundles):
        return Check(name, False, _("the proof names another station key than the bundle"))
    for before, after, member in zip(bundles, bundles[1:], members[1:], strict=False):
        if not _follows(before, after):
            return Check(name, False, _("{member} does not continue the station's hash chain "
                                        "from the bundle before it").format(member=member))
    held = {r.seq: r for b in bundles for r in b.records}
    for record in proof.get("records", []):
        mine = held.get(record.get("seq"))
        if mine is None or mine.hash.hex() != record.get("hash") or (
                base64.b64encode(mine.signature).decode("ascii") != record.get("signature")):
            return Check(name, False, _("record {seq} of the proof is not in the station's "
                                        "bundle as signed").format(seq=record.get("seq")))
    try:
        sid = int(str(session_doc.get("session_id")), 16)
    except ValueError:
        return Check(name, False, _("session.json has no session id"))
    session = bundle.session(sid)
    if session is None or session.station_id != session_doc.get("station_id"):
        return Check(name, False, _("the station's bundle does not record session {session}")
                     .format(session=f"{sid:016x}"))
    if len(bundles) > 1:
        end = session_ends(bundles[-1].records).get(sid)
        if end is None:
            return Check(name, False, _("the later bundle of the proof does not end session "
                                        "{session}").format(session=f"{sid:016x}"))
        session = replace(session, end=end[0], ended_at=end[1])
    if jsonable(session) != session_doc:
        return Check(name, False, _("session.json is not the session the station's signed "
                                    "records give"))
    traced = (trace_doc.get("session") or {}).get("session_id")
    if traced != f"{sid:016x}" or proof.get("session_id") != f"{sid:016x}":
        return Check(name, False, _("trace.json, session.json and the proof name different "
                                    "sessions"))
    return Check(name, True, _("session {session} and its {count} records are in the signed "
                               "bundle of station {station}").format(
        session=f"{sid:016x}", count=len(proof.get("records", [])), station=session.station_id))


def _follows(before: Any, after: Any) -> bool:
    """Whether the bundle ``after`` continues ``before``'s chain: the records both hold are
    the same, and the first one past ``before``'s last is the next number and chains to it
    (``after`` is a verified bundle: its own records chain one to the next)."""
    if not before.records or not after.records:
        return False
    held = {r.seq: r for r in before.records}
    last = before.records[-1]
    for record in after.records:
        if record.seq in held:
            if held[record.seq].hash != record.hash:
                return False
            continue
        return record.seq == last.seq + 1 and record.prev_hash == last.hash
    return True


__all__ = ["Check", "EvidenceVerdict", "verify_evidence"]
