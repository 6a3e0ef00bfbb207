"""The signed evidence bundle (a zip), documented in ``docs/formats/evidence-bundle.md``.

Every member is listed with its SHA-256 in ``manifest.json``; ``signature.json`` holds the
desk station's Ed25519 signature over ``SIGNATURE_MAGIC + manifest.json`` with the
station's id, public key and certificate, so the bundle can be checked anywhere with the
review office's trust anchor. The zip is written to a temporary name and renamed: a
failure leaves no half-written bundle.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from screeningroom_resources.i18n import _
from takedown.errors import TakedownError

FORMAT = "screeningroom-evidence"
VERSION = 1
SIGNATURE_MAGIC = b"SREVIDENCE\x01"
MANIFEST = "manifest.json"
SIGNATURE = "signature.json"
# A fixed time for every member, so the same content gives the same zip bytes.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class EvidenceSigner(Protocol):
    @property
    def station_id(self) -> str: ...

    @property
    def signing_public_key(self) -> bytes: ...

    @property
    def certificate_bytes(self) -> bytes | None: ...

    def sign(self, data: bytes) -> bytes: ...


class EvidenceInvalid(TakedownError):
    """An evidence bundle whose signature or contents do not verify."""


@dataclass(frozen=True)
class SignedEvidence:
    path: Path
    sha256: str  # of the zip file
    manifest_sha256: str
    members: tuple[str, ...]
    signed_by: str  # station id
    created_at: datetime
    report_pdf: bool  # whether report.pdf is inside


@dataclass(frozen=True)
class EvidenceCheck:
    station_id: str
    signing_public_key: bytes
    certificate_bytes: bytes
    case_id: str
    members: tuple[str, ...]
    created_at: datetime


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def write_evidence_bundle(
    path: Path,
    members: Mapping[str, bytes],
    *,
    case_id: str,
    signer: EvidenceSigner,
    now: datetime,
) -> SignedEvidence:
    """Write ``members`` (name -> bytes) with the manifest and the signature to ``path``."""
    names = sorted(members)
    for name in names:
        if name in (MANIFEST, SIGNATURE) or name.startswith("/") or ".." in name.split("/"):
            raise TakedownError(_("An evidence file may not be called {name}.").format(name=name))
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "case_id": case_id,
        "created_at": now.astimezone(UTC).isoformat(timespec="seconds"),
        "station_id": signer.station_id,
        "files": [
            {"name": n, "size": len(members[n]), "sha256": hashlib.sha256(members[n]).hexdigest()}
            for n in names
        ],
    }
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1,
                                sort_keys=True).encode("utf-8")
    signature = {
        "station_id": signer.station_id,
        "signing_public_key": _b64(signer.signing_public_key),
        "certificate": _b64(signer.certificate_bytes or b""),
        "signature": _b64(signer.sign(SIGNATURE_MAGIC + manifest_bytes)),
    }
    signature_bytes = json.dumps(signature, indent=1, sort_keys=True).encode("utf-8")
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.exists():
        raise TakedownError(_("The evidence bundle {path} exists already; evidence is never "
                              "overwritten.").format(path=path))
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with zipfile.ZipFile(tmp, "w") as zf:
            for name, data in [(MANIFEST, manifest_bytes), (SIGNATURE, signature_bytes),
                               *((n, members[n]) for n in names)]:
                info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
                stored = name.endswith((".png", ".pdf", ".zip", ".mp4"))
                info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
                zf.writestr(info, data)
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return SignedEvidence(
        path=path, sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        manifest_sha256=hashlib.sha256(manifest_bytes).hexdigest(), members=tuple(names),
        signed_by=signer.station_id, created_at=now, report_pdf="report.pdf" in members,
    )


def check_evidence_signature(path: Path) -> EvidenceCheck:
    """Check the signature and every member's hash; :class:`EvidenceInvalid` names the fault.
    (:func:`takedown.evidence.verify.verify_evidence` also ties the signing key to the
    review office and checks the audit proof.)"""
    bad = _("The evidence bundle {path} does not verify: {reason}")
    try:
        with zipfile.ZipFile(path) as zf:
            manifest_bytes = zf.read(MANIFEST)
            signature = json.loads(zf.read(SIGNATURE))
            manifest = json.loads(manifest_bytes)
            key = base64.b64decode(signature["signing_public_key"])
            try:
                Ed25519PublicKey.from_public_bytes(key).verify(
                    base64.b64decode(signature["signature"]), SIGNATURE_MAGIC + manifest_bytes)
            except InvalidSignature as exc:
                raise EvidenceInvalid(bad.format(path=path, reason=_(
                    "the signature does not match the manifest."))) from exc
            listed = {f["name"]: f["sha256"] for f in manifest["files"]}
            present = set(zf.namelist()) - {MANIFEST, SIGNATURE}
            if present != set(listed):
                raise EvidenceInvalid(bad.format(path=path, reason=_(
                    "files were added or removed after signing.")))
            for name, digest in listed.items():
                if hashlib.sha256(zf.read(name)).hexdigest() != digest:
                    raise EvidenceInvalid(bad.format(path=path, reason=_(
                        "{name} was changed after signing.").format(name=name)))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise EvidenceInvalid(bad.format(path=path, reason=_(
            "it is not a complete evidence bundle."))) from exc
    if signature.get("station_id") != manifest.get("station_id"):
        raise EvidenceInvalid(bad.format(path=path, reason=_(
            "the signature names another station.")))
    return EvidenceCheck(
        station_id=manifest["station_id"], signing_public_key=key,
        certificate_bytes=base64.b64decode(signature["certificate"]),
        case_id=manifest["case_id"], members=tuple(sorted(listed)),
        created_at=datetime.fromisoformat(manifest["created_at"]),
    )
