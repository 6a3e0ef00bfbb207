"""The signed audit bundle a station exports and the takedown desk imports.

One UTF-8 JSON file, documented in docs/formats/audit-bundle.md: the station's records as
their canonical signed bytes, the sessions they start, the station certificate (opaque
here; checked by the caller's verifier) and the station's signature over all of it.
:func:`load_bundle` trusts nothing it has not checked.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from screeningroom.registry import chain
from screeningroom.registry.canonical import (
    MalformedRecord,
    NotCanonical,
    canonical_json,
    iso,
    parse_canonical_json,
    parse_record,
    record_hash,
)
from screeningroom.registry.errors import (
    BundleCertificateRejected,
    BundleRecordInvalid,
    BundleRecordMissing,
    BundleSessionMismatch,
    BundleSignatureInvalid,
    BundleUnreadable,
    RegistryBadInput,
)
from screeningroom.registry.model import (
    AuditEvent,
    AuditRecord,
    ChainFault,
    Session,
    SessionEnd,
    Signer,
)
from screeningroom.registry.storage import StoredRecord
from screeningroom.vault.files import atomic_write
from screeningroom_resources.i18n import _

if TYPE_CHECKING:
    from screeningroom.registry.registry import Registry
    from screeningroom.vault.model import TrustAnchor

FORMAT = "screeningroom-audit-bundle"
VERSION = 1
SIGNATURE_MAGIC = b"SRBUNDLE\x01"
MAX_BUNDLE_BYTES = 1 << 30


class CertifiedStation(Protocol):
    """What a certificate verifier returns: the station and key the certificate vouches for."""

    @property
    def station_id(self) -> str: ...

    @property
    def signing_public_key(self) -> bytes: ...


#: Checks certificate bytes against the authority's trust anchor; raises if rejected.
CertificateVerifier = Callable[[bytes], CertifiedStation]


def anchor_verifier(anchor: TrustAnchor) -> CertificateVerifier:
    """The vault's certificate check against the review office's trust anchor, for
    ``load_bundle(path, verify_certificate=anchor_verifier(anchor))``."""
    from screeningroom.vault.checks import load_certificate_checked

    return lambda certificate: load_certificate_checked(certificate, anchor)


@dataclass(frozen=True)
class AuditBundle:
    """A verified bundle. ``sha256``: the hex SHA-256 of the exact bytes that were verified
    (the file is canonical JSON, so one content has one digest)."""

    sha256: str
    station_id: str
    room: str
    certificate_bytes: bytes
    signing_public_key: bytes
    exported_at: datetime
    records: tuple[AuditRecord, ...]
    sessions: tuple[Session, ...]

    def session(self, session_id: int) -> Session | None:
        """The session a watermark payload names, or None when this bundle lacks it."""
        return next((s for s in self.sessions if s.session_id == session_id), None)

    def events(self, session_id: int) -> tuple[AuditRecord, ...]:
        """The signed records of one session, oldest first."""
        return tuple(r for r in self.records if r.session_id == session_id)


# --- writing ----------------------------------------------------------------------------

def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _session_json(session: Session) -> dict[str, object]:
    return {
        "session_id": session.short_id, "station_id": session.station_id,
        "room": session.room, "member_id": session.member_id, "film_id": session.film_id,
        "license_id": session.license_id, "profile": session.profile,
        "started_at": iso(session.started_at),
        "ended_at": None if session.ended_at is None else iso(session.ended_at),
        "end": session.end.value,
    }


def signed_bytes(body: dict[str, object]) -> bytes:
    """What the station signs: the magic and the canonical JSON of the body."""
    return SIGNATURE_MAGIC + canonical_json(body)


def write_bundle(registry: Registry, signer: Signer, out_path: Path, certificate_bytes: bytes,
                 *, since_seq: int, room: str | None, now: datetime) -> Path:
    if not isinstance(certificate_bytes, bytes | bytearray) or not certificate_bytes:
        raise RegistryBadInput(_("The station certificate to put in the bundle is empty."))
    if since_seq < 1:
        raise RegistryBadInput(_("Records are numbered from 1."))
    stored = list(registry.stored_records(since_seq))
    # the sessions the records start, as the records say (the reader derives them the same
    # way): an edited sessions table cannot spoil the export of the signed log
    sessions = _derive_sessions(chain.to_audit_record(s) for s in stored)
    if room is None:
        room = getattr(signer, "room", None) or (sessions[-1].room if sessions else "")
    body: dict[str, object] = {
        "format": FORMAT,
        "version": VERSION,
        "station_id": signer.station_id,
        "room": room,
        "signing_public_key": _b64(signer.signing_public_key),
        "certificate": _b64(bytes(certificate_bytes)),
        "exported_at": iso(now),
        "first_seq": since_seq,
        "records": [
            {"bytes": _b64(chain.record_bytes_of(s)), "signature": _b64(s.signature)}
            for s in stored
        ],
        "sessions": [_session_json(s) for s in sessions],
    }
    document = dict(body, signature=_b64(signer.sign(signed_bytes(body))))
    atomic_write(out_path, canonical_json(document), mode=0o600)
    return out_path


# --- reading ----------------------------------------------------------------------------

def _unb64(value: object, what: str, where: str) -> bytes:
    if not isinstance(value, str):
        raise BundleUnreadable(where, _("the field {what} is missing.").format(what=what))
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise BundleUnreadable(
            where, _("the field {what} is not base64.").format(what=what)) from exc
    if base64.b64encode(raw).decode("ascii") != value:  # one written form per value
        raise BundleUnreadable(
            where, _("the field {what} is not base64.").format(what=what))
    return raw


def _field(document: dict, name: str, kind: type, where: str) -> object:
    value = document.get(name)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise BundleUnreadable(
            where, _("the field {what} is missing or has the wrong type.").format(what=name))
    return value


def load_bundle(path: str | Path, *,
                verify_certificate: CertificateVerifier | None = None) -> AuditBundle:
    """Read and check a bundle; any fault raises a :class:`BrokenBundle` subclass.

    Without ``verify_certificate`` the bundle is only checked to be whole and signed by
    the key it names; pass the vault's verifier to tie that key to a certified station.
    """
    where = str(path)
    data = _read_bytes(Path(path))
    return parse_bundle(data, where, verify_certificate=verify_certificate)


def parse_bundle(data: bytes, where: str, *,
                 verify_certificate: CertificateVerifier | None = None) -> AuditBundle:
    """:func:`load_bundle` of bytes already read (``where`` names them in messages)."""
    document = _document(data, where)
    station_id = _field(document, "station_id", str, where)
    room = _field(document, "room", str, where)
    key_raw = _unb64(document.get("signing_public_key"), "signing_public_key", where)
    certificate = _unb64(document.get("certificate"), "certificate", where)
    exported_at = _field(document, "exported_at", str, where)
    first_seq = _field(document, "first_seq", int, where)
    raw_records = _field(document, "records", list, where)
    raw_sessions = _field(document, "sessions", list, where)
    signature = _unb64(document.get("signature"), "signature", where)

    try:
        key = chain.public_key(key_raw)
    except RegistryBadInput as exc:
        raise BundleUnreadable(where, _("the station key is not an Ed25519 key.")) from exc
    body = {k: v for k, v in document.items() if k != "signature"}
    if not chain.verifies(key, signature, signed_bytes(body)):
        raise BundleSignatureInvalid(where)
    if verify_certificate is not None:
        _check_certificate(verify_certificate, certificate, station_id, key_raw, where)

    stored = [_stored_record(item, where) for item in raw_records]
    _check_records(stored, station_id, key_raw, first_seq, where)
    records = tuple(chain.to_audit_record(s) for s in stored)
    sessions = tuple(_derive_sessions(records))
    derived = [_session_json(s) for s in sessions]
    if derived != raw_sessions:
        raise BundleSessionMismatch(where, _first_difference(derived, raw_sessions))
    try:
        exported = _parse_iso(exported_at)
    except ValueError as exc:
        raise BundleUnreadable(where, _("the export time is not a UTC time.")) from exc
    return AuditBundle(sha256=hashlib.sha256(data).hexdigest(), station_id=station_id,
                       room=room, certificate_bytes=certificate,
                       signing_public_key=key_raw, exported_at=exported, records=records,
                       sessions=sessions)


def _first_difference(derived: list[dict], listed: list[object]) -> int:
    """The id of the first session where the listed sessions differ from the records'."""
    for index in range(max(len(derived), len(listed))):
        mine = derived[index] if index < len(derived) else None
        theirs = listed[index] if index < len(listed) else None
        if mine != theirs:
            entry = mine if mine is not None else theirs
            text = entry.get("session_id") if isinstance(entry, dict) else None
            try:
                return int(str(text), 16)
            except ValueError:
                return 0
    return 0


def _parse_iso(text: str) -> datetime:
    if not text.endswith("Z"):
        raise ValueError(text)
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def _read_bytes(path: Path) -> bytes:
    where = str(path)
    try:
        if path.stat().st_size > MAX_BUNDLE_BYTES:
            raise BundleUnreadable(where, _("the file is larger than any audit bundle."))
        return path.read_bytes()
    except OSError as exc:
        raise BundleUnreadable(where, exc.strerror or str(exc)) from exc


def _document(data: bytes, where: str) -> dict:
    """The bundle's object, when ``data`` is exactly its canonical JSON (what was signed):
    a duplicate key, a float, re-formatting or re-ordering is refused."""
    if len(data) > MAX_BUNDLE_BYTES:
        raise BundleUnreadable(where, _("the file is larger than any audit bundle."))
    try:
        document = parse_canonical_json(data)
    except NotCanonical as exc:
        try:
            json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise BundleUnreadable(where, _("it is not UTF-8 JSON.")) from exc
        except RecursionError:
            pass  # JSON, but nested too deeply for the canonical check: said below
        raise BundleUnreadable(
            where, _("it is not in the canonical form the station signed ({reason}); a "
                     "re-formatted or edited copy is not accepted.").format(reason=exc)
        ) from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BundleUnreadable(where, _("it is not a Screening Room audit bundle."))
    if document.get("version") != VERSION:
        raise BundleUnreadable(
            where, _("bundle version {version} is not supported; update this program.").format(
                version=document.get("version")))
    return document


def _check_certificate(verify: CertificateVerifier, certificate: bytes, station_id: object,
                       key_raw: bytes, where: str) -> None:
    try:
        certified = verify(certificate)
    except Exception as exc:  # the verifier's own error says why; keep its message
        raise BundleCertificateRejected(where, str(exc)) from exc
    if certified.station_id != station_id:
        raise BundleCertificateRejected(
            where, _("it certifies station {certified}, but the bundle is from {station}.").format(
                certified=certified.station_id, station=station_id))
    if bytes(certified.signing_public_key) != key_raw:
        raise BundleCertificateRejected(
            where, _("the bundle is signed with a key the certificate does not hold."))


def _stored_record(item: object, where: str) -> StoredRecord:
    if not isinstance(item, dict):
        raise BundleUnreadable(where, _("a record entry is not an object."))
    data = _unb64(item.get("bytes"), "records.bytes", where)
    signature = _unb64(item.get("signature"), "records.signature", where)
    try:
        fields = parse_record(data)
    except MalformedRecord as exc:
        raise BundleRecordInvalid(where, None, str(exc)) from exc
    return StoredRecord(fields, record_hash(data), signature)


def _check_records(stored: list[StoredRecord], station_id: object, key_raw: bytes,
                   first_seq: int, where: str) -> None:
    report, _last = chain.check_chain(stored, key_raw, first_seq=first_seq)
    if not report.ok:
        bad = report.first_bad_seq
        if report.reason is ChainFault.SEQUENCE:
            found = stored[report.records].fields.seq
            raise BundleRecordMissing(where, (bad or 1) - 1, found)
        raise BundleRecordInvalid(where, bad, _(report.reason.value if report.reason else ""))
    for s in stored:
        if s.fields.station_id != station_id:
            raise BundleRecordInvalid(
                where, s.fields.seq, _("it names another station ({station}).").format(
                    station=s.fields.station_id))


_ENDS = {AuditEvent.END: SessionEnd.CLEAN, AuditEvent.CRASH_RECOVERY: SessionEnd.UNCLEAN,
         AuditEvent.SESSION_FAILED: SessionEnd.FAILED}


def _derive_sessions(records: Iterable[AuditRecord]) -> list[Session]:
    """The sessions the signed records start, with their end where the records show it."""
    sessions: dict[int, Session] = {}
    for record in records:
        sid = record.session_id
        if record.event is AuditEvent.SESSION_START and sid is not None:
            detail = record.detail
            if not isinstance(detail, dict):
                detail = {}
            sessions[sid] = Session(
                session_id=sid, station_id=record.station_id, room=str(detail.get("room", "")),
                member_id=record.member_id, film_id=record.film_id,
                license_id=str(detail.get("license", "")),
                profile=str(detail.get("profile", "")),
                started_at=record.time,
            )
        elif sid in sessions and record.event in _ENDS and sessions[sid].end is SessionEnd.OPEN:
            sessions[sid] = replace(sessions[sid], ended_at=record.time,
                                    end=_ENDS[record.event])
    return sorted(sessions.values(), key=lambda s: (s.started_at, s.short_id))


#: The same rule for records read elsewhere (the desk's view of the central registry).
derive_sessions = _derive_sessions


def session_ends(records: Iterable[AuditRecord]) -> dict[int, tuple[SessionEnd, datetime]]:
    """The first end (clean, unclean or failed) and its time of each session id the records
    end, whether or not they hold its start: an incremental bundle (``since_seq``) ends a
    session an earlier bundle started."""
    ends: dict[int, tuple[SessionEnd, datetime]] = {}
    for record in records:
        sid = record.session_id
        if sid is not None and record.event in _ENDS and sid not in ends:
            ends[sid] = (_ENDS[record.event], record.time)
    return ends
