"""Imported audit bundles: the stations' signed logs that resolve a watermark payload to
station, room, member, film and time. A bundle is verified (certificate against the trust
anchor, station signature, hash chain) before anything of it is kept; it is then kept
whole, so the evidence can carry the proof."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from screeningroom.registry import (
    AuditBundle,
    AuditRecord,
    BrokenBundle,
    Session,
    SessionEnd,
    load_bundle,
)
from screeningroom_resources.i18n import _
from takedown import custody
from takedown.errors import BundleRefused, TakedownInputError
from takedown.store import DeskStore


@dataclass(frozen=True)
class AuditImport:
    bundle_sha256: str
    station_id: str
    room: str
    records: int
    sessions_added: int
    sessions_known: int


@dataclass(frozen=True)
class SessionProof:
    """A session, the signed records of it, and the bundle they were verified in."""

    session: Session
    records: tuple[AuditRecord, ...]
    bundle_sha256: str
    bundle_file: Path
    station_signing_key: bytes


def _t(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def import_bundle(
    store: DeskStore,
    path: Path,
    *,
    verify_certificate: Callable[[bytes], object] | None,
    actor: str,
    now: datetime,
) -> AuditImport:
    """Verify ``path`` and record its sessions; a broken bundle is refused whole."""
    path = Path(path)
    if not path.is_file():
        raise TakedownInputError(_("No such file: {path}").format(path=path))
    try:
        bundle = load_bundle(path, verify_certificate=verify_certificate)
    except BrokenBundle as exc:
        raise BundleRefused(
            _("The audit bundle was refused and nothing of it was imported: {reason}").format(
                reason=exc)
        ) from exc
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    target = store.bundles_dir / f"{digest}.json"
    store.bundles_dir.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        tmp = target.with_suffix(".tmp")
        shutil.copyfile(path, tmp)
        tmp.replace(target)
    added = known = 0
    with store.atomic():
        store.db.execute(
            "INSERT OR IGNORE INTO bundles(sha256, station_id, room, exported_at, imported_at, "
            "file, records) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (digest, bundle.station_id, bundle.room, _t(bundle.exported_at), _t(now),
             target.name, len(bundle.records)),
        )
        for s in bundle.sessions:
            cur = store.db.execute(
                "INSERT OR IGNORE INTO sessions(session_hex, station_id, room, member_id, "
                "film_id, license_id, profile, started_at, ended_at, end_kind, bundle_sha256) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (s.short_id, s.station_id, s.room, s.member_id, s.film_id, s.license_id,
                 s.profile, _t(s.started_at), _t(s.ended_at) if s.ended_at else None,
                 s.end.value, digest),
            )
            if cur.rowcount:
                added += 1
            else:
                known += 1
        custody.record(store, actor=actor, action="import-audit",
                       detail=f"bundle {digest} from station {bundle.station_id}: "
                              f"{len(bundle.records)} records, {added} new sessions",
                       now=now)
    return AuditImport(digest, bundle.station_id, bundle.room, len(bundle.records), added, known)


def _session(row) -> Session:
    return Session(
        session_id=int(row["session_hex"], 16), station_id=row["station_id"], room=row["room"],
        member_id=row["member_id"], film_id=row["film_id"], license_id=row["license_id"],
        profile=row["profile"], started_at=datetime.fromisoformat(row["started_at"]),
        ended_at=datetime.fromisoformat(row["ended_at"]) if row["ended_at"] else None,
        end=SessionEnd(row["end_kind"]),
    )


def sessions_of_film(store: DeskStore, film_id: str) -> tuple[Session, ...]:
    rows = store.db.execute("SELECT * FROM sessions WHERE film_id = ? ORDER BY started_at",
                            (film_id,)).fetchall()
    return tuple(_session(r) for r in rows)


def find_session(store: DeskStore, session_id: int) -> Session | None:
    row = store.db.execute("SELECT * FROM sessions WHERE session_hex = ?",
                           (f"{session_id:016x}",)).fetchone()
    return _session(row) if row else None


def session_proof(store: DeskStore, session_id: int) -> SessionProof | None:
    """Re-verify the kept bundle of ``session_id`` and return its records as proof."""
    row = store.db.execute(
        "SELECT s.bundle_sha256, b.file FROM sessions s JOIN bundles b "
        "ON b.sha256 = s.bundle_sha256 WHERE s.session_hex = ?", (f"{session_id:016x}",),
    ).fetchone()
    if row is None:
        return None
    file = store.bundles_dir / row["file"]
    try:
        bundle: AuditBundle = load_bundle(file)
    except (BrokenBundle, OSError) as exc:
        raise BundleRefused(
            _("The kept audit bundle {file} no longer verifies; import it again.").format(
                file=file)
        ) from exc
    session = bundle.session(session_id)
    if session is None:
        return None
    return SessionProof(session=session, records=bundle.events(session_id),
                        bundle_sha256=row["bundle_sha256"], bundle_file=file,
                        station_signing_key=bundle.signing_public_key)
