"""Imported audit bundles: the stations' signed logs that resolve a watermark payload to
station, room, member, film and time.

The desk trusts the review office, not the first bundle it sees. A bundle is imported only
when, besides its signature and hash chain (:func:`screeningroom.registry.load_bundle`):

- its station certificate was issued by the office (the desk's trust anchor) and was valid
  at the time of every record in it;
- the office's revocation list installed on the desk does not revoke the station;
- it agrees with every record of that station the desk already holds (same hash for the
  same record number: two different record 1 are a forked log), continues where the held
  records end, and does not end before them while claiming to be newer (records dropped
  and the log signed again).

A refused bundle that speaks against its station (fork, dropped records, revoked
station, records outside the certificate) is kept under ``bundles/refused/`` and recorded
as a finding. Sessions are keyed by (station, session id): a session id claimed by two
stations is a finding on both. A later bundle gives a session open at an earlier import
its end. The bytes kept are the bytes verified; their SHA-256 names the bundle.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from screeningroom.registry import (
    AuditBundle,
    AuditRecord,
    BrokenBundle,
    Session,
    SessionEnd,
    anchor_verifier,
    load_bundle,
    session_ends,
)
from screeningroom_resources.i18n import _
from takedown import custody
from takedown.errors import BundleRefused, DeskNotReady, TakedownInputError
from takedown.findings import FindingKind
from takedown.store import BundleRecord, DeskStore, StationRecord

MAX_BUNDLE_BYTES = 1 << 30


@dataclass(frozen=True)
class AuditImport:
    bundle_sha256: str
    station_id: str
    room: str
    records: int
    sessions_added: int
    sessions_known: int
    sessions_ended: int = 0  # open sessions this bundle gave an end
    already_imported: bool = False
    findings: tuple[str, ...] = ()  # findings this import recorded (session ids claimed twice)


@dataclass(frozen=True)
class SessionProof:
    """A session, the signed records of it, and the bundle they were verified in; when its
    end came in a later, incremental bundle (``audit export --since``), that bundle too
    (``session`` then carries the end its signed record gives), with the bundles kept
    between the two (``between``: sha256 and file, in order), so that the station's hash
    chain can be followed from the start to the end without the desk."""

    session: Session
    records: tuple[AuditRecord, ...]
    bundle_sha256: str
    bundle_file: Path
    station_signing_key: bytes
    end_bundle_sha256: str | None = None
    end_bundle_file: Path | None = None
    between: tuple[tuple[str, Path], ...] = ()


class _Refusal(Exception):
    """A refusal that speaks against the station: recorded as a finding, then raised."""

    def __init__(self, kind: FindingKind, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(path)


def _read(path: Path) -> bytes:
    if not path.is_file():
        raise TakedownInputError(_("No such file: {path}").format(path=path))
    try:
        if path.stat().st_size > MAX_BUNDLE_BYTES:
            raise BundleRefused(_("The file {path} is larger than any audit bundle.").format(
                path=path))
        return path.read_bytes()
    except OSError as exc:
        raise TakedownInputError(_("Cannot read {path}: {reason}").format(
            path=path, reason=exc.strerror or str(exc))) from exc


def import_bundle(
    store: DeskStore,
    path: Path,
    *,
    anchor: Any,
    revocations: Any,
    actor: str,
    now: datetime,
) -> AuditImport:
    """Verify ``path`` against the office (``anchor``, ``revocations``: the office's newest
    revocation list installed on the desk) and the desk's records; record its sessions."""
    path = Path(path)
    data = _read(path)
    digest = hashlib.sha256(data).hexdigest()
    known = store.stations.bundle(digest)
    if known is not None:
        return AuditImport(digest, known.station_id, known.room, known.records, 0,
                           len(store.stations.sessions_of_station(known.station_id)),
                           already_imported=True)
    if revocations is None:
        raise DeskNotReady(
            _("The desk has no revocation list of the review office, so it cannot tell "
              "whether station {what} is revoked. Install the office's current list: "
              "takedown trust install FILE.srr").format(what=path.name))
    # the bytes are written once and verified where they lie: what is kept is what was checked
    staged = store.private_dir(store.bundles_dir) / f".{digest}.staged"
    _write_private(staged, data)
    certificates: list[Any] = []
    verify = anchor_verifier(anchor)

    def capture(certificate: bytes) -> Any:
        cert = verify(certificate)
        certificates.append(cert)
        return cert

    try:
        try:
            bundle = load_bundle(staged, verify_certificate=capture)
        except BrokenBundle as exc:
            raise BundleRefused(
                _("The audit bundle {path} was refused and nothing of it was imported: "
                  "{reason}").format(path=path.name, reason=str(exc).replace(str(staged),
                                                                              path.name))
            ) from exc
        cert = certificates[-1]
        try:
            _check_against_office(bundle, cert, revocations)
            _check_against_desk(store, bundle)
        except _Refusal as refusal:
            kept = store.private_dir(store.bundles_dir / "refused") / f"{digest}.json"
            staged.replace(kept)
            with store.atomic():
                store.findings.add(refusal.kind, bundle.station_id, at=now,
                                   detail=refusal.message, bundle_sha256=digest)
                custody.record(store, actor=actor, action="refuse-audit",
                               detail=f"bundle {digest} from station {bundle.station_id}: "
                                      f"{refusal.kind.value}", now=now)
            raise BundleRefused(
                _("The audit bundle {path} was refused and recorded as a finding against "
                  "station {station}: {reason}").format(path=path.name,
                                                        station=bundle.station_id,
                                                        reason=refusal.message)) from None
        result = _record(store, bundle, cert, digest, actor=actor, now=now)
        staged.replace(store.bundles_dir / f"{digest}.json")
        return result
    finally:
        staged.unlink(missing_ok=True)


def _check_against_office(bundle: AuditBundle, cert: Any, revocations: Any) -> None:
    outside = [r for r in bundle.records
               if not (cert.not_before <= r.time < cert.not_after)]
    if outside:
        r = outside[0]
        raise _Refusal(FindingKind.CERTIFICATE_NOT_VALID, _(
            "record {seq} is dated {time}, when the station certificate (valid {start} to "
            "{end}) did not cover it.").format(seq=r.seq, time=_utc(r.time),
                                               start=_utc(cert.not_before),
                                               end=_utc(cert.not_after)))
    if bundle.station_id in revocations.stations:
        raise _Refusal(FindingKind.REVOKED_STATION, _(
            "the station is revoked by the review office (revocation list number {number} of "
            "{date}); its bundles are no longer accepted.").format(
                number=revocations.sequence, date=_utc(revocations.issued_at)))


def _check_against_desk(store: DeskStore, bundle: AuditBundle) -> None:
    records = bundle.records
    station = store.stations.station(bundle.station_id)
    first = records[0].seq if records else None
    if station is None:
        if first is not None and first > 1:
            raise BundleRefused(_(
                "The bundle from station {station} starts at record {first}, and the desk "
                "holds none of the station's earlier records. Import the station's bundle "
                "from record 1 first.").format(station=bundle.station_id, first=first))
        return
    if not records:
        return
    last = records[-1].seq
    held = store.stations.record_hashes(bundle.station_id, max(1, first - 1), last)
    for r in records:
        mine = held.get(r.seq)
        if mine is not None and mine != r.hash.hex():
            raise _Refusal(FindingKind.FORKED_LOG, _(
                "its record {seq} differs from the record {seq} of the same station the desk "
                "imported before: the station's log has two histories (a forked log).").format(
                    seq=r.seq))
    before = held.get(first - 1)
    if first > 1 and before is not None and records[0].prev_hash.hex() != before:
        raise _Refusal(FindingKind.FORKED_LOG, _(
            "its record {seq} does not follow the record {prev} the desk holds (a forked "
            "log).").format(seq=first, prev=first - 1))
    if first > station.last_seq + 1:
        raise BundleRefused(_(
            "The bundle from station {station} starts at record {first}, but the desk holds "
            "its records only up to {last}. Import the bundle with the records in between "
            "first.").format(station=bundle.station_id, first=first, last=station.last_seq))
    if last < station.last_seq and bundle.exported_at > station.last_exported_at:
        raise _Refusal(FindingKind.DROPPED_RECORDS, _(
            "it was exported on {exported}, after the bundle of {previous}, yet it ends at "
            "record {last} while the desk holds the station's records up to {held}: records "
            "were dropped and the log signed again.").format(
                exported=_utc(bundle.exported_at), previous=_utc(station.last_exported_at),
                last=last, held=station.last_seq))


def _record(store: DeskStore, bundle: AuditBundle, cert: Any, digest: str, *, actor: str,
            now: datetime) -> AuditImport:
    records = bundle.records
    first = records[0].seq if records else 0
    last = records[-1].seq if records else 0
    added = known = ended = 0
    notes: list[str] = []
    with store.atomic():
        store.stations.add_bundle(BundleRecord(
            sha256=digest, station_id=bundle.station_id, room=bundle.room,
            exported_at=bundle.exported_at, imported_at=now, file=f"{digest}.json",
            first_seq=first, last_seq=last, records=len(records)))
        store.stations.add_records(bundle.station_id, digest,
                                   [(r.seq, r.hash.hex(), r.time) for r in records])
        station = store.stations.station(bundle.station_id)
        store.stations.save_station(StationRecord(
            station_id=bundle.station_id, room=bundle.room, certificate=bundle.certificate_bytes,
            cert_not_before=cert.not_before, cert_not_after=cert.not_after,
            first_imported=station.first_imported if station else now,
            last_seq=max(last, station.last_seq if station else 0),
            last_exported_at=max(bundle.exported_at, station.last_exported_at)
            if station else bundle.exported_at))
        for s in bundle.sessions:
            outcome = store.stations.put_session(s, digest)
            added += outcome == "added"
            ended += outcome == "ended"
            known += outcome != "added"
            for other in store.stations.sessions_with_id(s.session_id):
                if other.station_id == s.station_id:
                    continue
                notes.append(s.short_id)
                for mine, theirs in ((s.station_id, other.station_id),
                                     (other.station_id, s.station_id)):
                    if not store.findings.exists(FindingKind.SESSION_CLAIMED_TWICE, mine,
                                                 session_id=s.session_id,
                                                 other_station_id=theirs):
                        store.findings.add(
                            FindingKind.SESSION_CLAIMED_TWICE, mine, at=now,
                            other_station_id=theirs, session_id=s.session_id,
                            bundle_sha256=digest,
                            detail=_("Session {session} is recorded by station {one} and by "
                                     "station {two}; a copy marked with it is not attributed "
                                     "to either until the office settles which is genuine."
                                     ).format(session=s.short_id, one=mine, two=theirs))
        started = {s.session_id for s in bundle.sessions}
        for sid, (end, at) in session_ends(records).items():
            if sid not in started and store.stations.end_open_session(bundle.station_id, sid,
                                                                       end, at):
                ended += 1
        custody.record(store, actor=actor, action="import-audit",
                       detail=f"bundle {digest} from station {bundle.station_id}: "
                              f"records {first}-{last}, {added} new sessions, {ended} ended",
                       now=now)
    return AuditImport(digest, bundle.station_id, bundle.room, len(records), added, known,
                       ended, findings=tuple(notes))


def _utc(value: datetime) -> str:
    from takedown.zone import format_time

    return format_time(value)


@dataclass(frozen=True)
class RefusedSession:
    """A session of a bundle the desk refused (kept under ``bundles/refused/``): not a
    record the desk accepts, but the license it names is a key a copy may be marked under."""

    session: Session
    bundle_sha256: str


REFUSED_READ = 32  # the most recent refused bundles a trace reads ...
REFUSED_READ_BYTES = 64 << 20  # ... each at most this large (a station's log is far smaller)


def refused_sessions(store: DeskStore, anchor: Any, film_id: str) -> tuple[RefusedSession, ...]:
    """The sessions of ``film_id`` in the refused bundles the desk keeps (the
    :data:`REFUSED_READ` most recently refused, none larger than
    :data:`REFUSED_READ_BYTES`: refused bundles come from stations the desk does not trust,
    and must not slow every scan), each verified again (signature, hash chain, certificate
    issued by the office); a kept file that no longer verifies is passed over."""
    folder = store.bundles_dir / "refused"
    if not folder.is_dir():
        return ()
    verify = anchor_verifier(anchor)
    found = []
    kept = []
    for file in folder.glob("*.json"):
        with contextlib.suppress(OSError):
            stat = file.stat()
            kept.append((stat.st_mtime, stat.st_size, file))
    for _mtime, size, file in sorted(kept, reverse=True)[:REFUSED_READ]:
        if size > REFUSED_READ_BYTES:
            continue
        try:
            bundle = load_bundle(file, verify_certificate=verify)
        except (BrokenBundle, OSError):
            continue
        found += [RefusedSession(s, file.stem) for s in bundle.sessions if s.film_id == film_id]
    return tuple(found)


def session_proof(store: DeskStore, session: Session) -> SessionProof | None:
    """Re-verify the kept bundle of ``session`` and return its records as proof."""
    row = store.stations.session_bundle(session.station_id, session.session_id)
    if row is None:
        return None
    file = store.bundles_dir / row.file
    try:
        bundle: AuditBundle = load_bundle(file)
    except (BrokenBundle, OSError) as exc:
        raise BundleRefused(
            _("The kept audit bundle {file} no longer verifies; import it again.").format(
                file=file)
        ) from exc
    found = bundle.session(session.session_id)
    if found is None:
        return None
    proof = SessionProof(session=found, records=bundle.events(session.session_id),
                         bundle_sha256=row.sha256, bundle_file=file,
                         station_signing_key=bundle.signing_public_key)
    if found.end is SessionEnd.OPEN and session.end is not SessionEnd.OPEN:
        return _with_end(store, proof, row)
    return proof


def _with_end(store: DeskStore, proof: SessionProof, start: BundleRecord) -> SessionProof:
    """``proof`` with the later bundle of the same station that holds the session's end
    (the first one after the start bundle), re-verified; as it was when none is kept."""
    sid = proof.session.session_id
    for row in store.stations.bundles_of(proof.session.station_id):
        if row.first_seq <= start.last_seq:
            continue
        file = store.bundles_dir / row.file
        try:
            later = load_bundle(file)
        except (BrokenBundle, OSError):
            continue
        end = session_ends(later.records).get(sid)
        if end is None or later.signing_public_key != proof.station_signing_key:
            continue
        ended = replace(proof.session, end=end[0], ended_at=end[1])
        return replace(proof, session=ended, records=proof.records + later.events(sid),
                       end_bundle_sha256=row.sha256, end_bundle_file=file,
                       between=_between(store, start, row))
    return proof


def _between(store: DeskStore, start: BundleRecord, end: BundleRecord
             ) -> tuple[tuple[str, Path], ...]:
    """The kept bundles of the station that carry its records from the one after
    ``start``'s last to the one before ``end``'s first: at each step the one reaching
    furthest. Stops where none reaches on (the evidence's check then says where the chain
    breaks)."""
    rows = [r for r in store.stations.bundles_of(start.station_id)
            if start.last_seq < r.last_seq < end.first_seq]
    chain: list[tuple[str, Path]] = []
    reached = start.last_seq
    while reached + 1 < end.first_seq:
        step = max((r for r in rows if r.first_seq <= reached + 1 and r.last_seq > reached),
                   key=lambda r: r.last_seq, default=None)
        if step is None:
            break
        chain.append((step.sha256, store.bundles_dir / step.file))
        reached = step.last_seq
    return tuple(chain)
