"""More review stations and audit bundles for the trust tests: a station enrolled with the
world's office, a registry of its own (sessions recorded at chosen times), and a bundle
re-signed by a station after it dropped records (what a station holding its own key can
forge)."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta
from pathlib import Path

from deskworld import CHEAP, FAST, MEMBER, PASS, DeskWorld

from screeningroom.registry import Registry, canonical_json
from screeningroom.registry.bundle import signed_bytes
from screeningroom.vault import init_station, install_certificate, load_station


def enroll(world: DeskWorld, name: str, *, now: datetime, days: int = 365,
           valid_from: datetime | None = None) -> tuple[object, bytes]:
    """A new review station certified by the world's office: (station, certificate)."""
    folder = world.root / name
    anchor = (world.root / "authority" / "anchor.sra").read_bytes()
    request = init_station(f"{name} station", f"Room {name}", PASS, anchor, folder=folder,
                           now=now, scrypt=CHEAP)
    cert = world.authority.certify(request.signed_bytes, days,
                                   now=valid_from or now - timedelta(days=1))
    install_certificate(cert, folder=folder, now=now)
    return load_station(PASS, folder=folder), cert


def record_sessions(station: object, cert: bytes, registry_file: Path, out: Path,
                    sessions: list[tuple[int, datetime, datetime | None]], *, film_id: str,
                    license_id: str, export_at: datetime, room: str = "Room 3",
                    profile: str = "sr-lf/1") -> Path:
    """A registry at ``registry_file`` recording ``sessions`` (id, start, end or None: still
    open), exported to ``out``."""
    with Registry.open(registry_file, station, settings=FAST, now=sessions[0][1]) as registry:
        if not any(True for _m in registry.members()):
            registry.add_member(MEMBER, "Айгерим Сейткали", "member-password",
                                now=sessions[0][1])
        for sid, start, end in sessions:
            registry.start_session(MEMBER, film_id, license_id, profile, room=room,
                                   now=start, session_id=sid)
            if end is not None:
                registry.end_session(sid, now=end)
        return registry.export_bundle(out, cert, now=export_at)


def drop_tail(bundle: Path, station: object, out: Path, *, keep_sessions: int,
              export_at: datetime) -> Path:
    """``bundle`` without the records after the end of its first ``keep_sessions`` sessions
    (and the sessions after them), signed again by the station with a later export time."""
    from screeningroom.registry import load_bundle

    kept = {s.session_id for s in load_bundle(bundle).sessions[:keep_sessions]}
    records = load_bundle(bundle).records
    keep_records = max(i for i, r in enumerate(records, 1) if r.session_id in kept)
    doc = json.loads(bundle.read_bytes())
    body = {k: v for k, v in doc.items() if k != "signature"}
    body["records"] = body["records"][:keep_records]
    body["sessions"] = body["sessions"][:keep_sessions]
    body["exported_at"] = export_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    signature = base64.b64encode(station.sign(signed_bytes(body))).decode("ascii")
    out.write_bytes(canonical_json(dict(body, signature=signature)))
    return out
