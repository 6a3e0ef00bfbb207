"""The JSON forms of the central registry's values, one place for both ends.

Bytes are base64 (records, signatures, certificates, lists) or lower-case hex (hashes,
keys); times are ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` (UTC); session ids 16 hex digits.
A client decoding an answer raises ``ValueError``/``KeyError``/``TypeError`` on anything
else; :class:`~screeningroom.office.client.OfficeClient` turns those into one clear error.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime

from screeningroom.office.model import (
    Anomaly,
    AnomalyKind,
    CentralSession,
    Grant,
    LicenseUse,
    PushResult,
    StationInfo,
    StationStatus,
)
from screeningroom.registry.canonical import iso, parse_record, record_hash
from screeningroom.registry.chain import record_bytes_of
from screeningroom.registry.storage import StoredRecord


def b64(data: bytes) -> str:
    return base64.b64encode(bytes(data)).decode("ascii")


def unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise TypeError("expected base64 text")
    return base64.b64decode(text, validate=True)


def t(moment: datetime | None) -> str | None:
    return None if moment is None else iso(moment)


def parse_t(text: object) -> datetime | None:
    if text is None:
        return None
    if not isinstance(text, str) or not text.endswith("Z"):
        raise ValueError(f"not a UTC time: {text!r}")
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def sid(value: object) -> int:
    if not isinstance(value, str) or len(value) != 16:
        raise ValueError(f"not a session id: {value!r}")
    return int(value, 16)


# --- records ------------------------------------------------------------------------------

def record_out(record: StoredRecord) -> dict[str, str]:
    return {"bytes": b64(record_bytes_of(record)), "signature": b64(record.signature)}


def record_in(item: dict) -> StoredRecord:
    data = unb64(item["bytes"])
    return StoredRecord(parse_record(data), record_hash(data), unb64(item["signature"]))


# --- values ---------------------------------------------------------------------------------

def push_out(r: PushResult) -> dict:
    return {"station_id": r.station_id, "accepted": r.accepted, "duplicates": r.duplicates,
            "head_seq": r.head_seq, "head_hash": r.head_hash.hex()}


def push_in(d: dict) -> PushResult:
    return PushResult(str(d["station_id"]), int(d["accepted"]), int(d["duplicates"]),
                      int(d["head_seq"]), bytes.fromhex(d["head_hash"]))


def grant_out(g: Grant) -> dict:
    return {"station_id": g.station_id, "session_id": f"{g.session_id:016x}",
            "license_id": g.license_id, "number": g.number, "max_sessions": g.max_sessions,
            "used": g.used, "service_time": t(g.service_time)}


def grant_in(d: dict) -> Grant:
    return Grant(str(d["station_id"]), sid(d["session_id"]), str(d["license_id"]),
                 int(d["number"]), int(d["max_sessions"]), int(d["used"]),
                 parse_t(d["service_time"]))  # type: ignore[arg-type]


def use_out(u: LicenseUse) -> dict:
    return {"license_id": u.license_id, "station_id": u.station_id, "film_id": u.film_id,
            "max_sessions": u.max_sessions, "offline_sessions": u.offline_sessions,
            "granted": u.granted, "offline_used": u.offline_used}


def use_in(d: dict) -> LicenseUse:
    return LicenseUse(str(d["license_id"]), str(d["station_id"]), str(d["film_id"]),
                      int(d["max_sessions"]), int(d["offline_sessions"]), int(d["granted"]),
                      int(d["offline_used"]))


def session_out(s: CentralSession) -> dict:
    return {"station_id": s.station_id, "session_id": s.short_id, "room": s.room,
            "member_id": s.member_id, "film_id": s.film_id, "license_id": s.license_id,
            "profile": s.profile, "started_at": t(s.started_at), "ended_at": t(s.ended_at),
            "end": s.end, "start_seq": s.start_seq, "granted": s.granted}


def session_in(d: dict) -> CentralSession:
    return CentralSession(
        station_id=str(d["station_id"]), session_id=sid(d["session_id"]), room=str(d["room"]),
        member_id=str(d["member_id"]), film_id=str(d["film_id"]),
        license_id=str(d["license_id"]), profile=str(d["profile"]),
        started_at=parse_t(d["started_at"]), ended_at=parse_t(d["ended_at"]),  # type: ignore[arg-type]
        end=str(d["end"]), start_seq=int(d["start_seq"]), granted=bool(d["granted"]))


def station_out(s: StationInfo) -> dict:
    return {"station_id": s.station_id, "name": s.name, "room": s.room,
            "signing_public_key": s.signing_public_key.hex(), "certificate": b64(s.certificate),
            "not_before": t(s.not_before), "not_after": t(s.not_after),
            "head_seq": s.head_seq, "head_hash": s.head_hash.hex(),
            "last_contact": t(s.last_contact), "revoked_at": t(s.revoked_at),
            "reader": s.reader}


def station_in(d: dict) -> StationInfo:
    return StationInfo(
        station_id=str(d["station_id"]), name=str(d["name"]), room=str(d["room"]),
        signing_public_key=bytes.fromhex(d["signing_public_key"]),
        certificate=unb64(d["certificate"]), not_before=parse_t(d["not_before"]),  # type: ignore[arg-type]
        not_after=parse_t(d["not_after"]), head_seq=int(d["head_seq"]),  # type: ignore[arg-type]
        head_hash=bytes.fromhex(d["head_hash"]), last_contact=parse_t(d["last_contact"]),
        revoked_at=parse_t(d["revoked_at"]), reader=bool(d["reader"]))


def anomaly_out(a: Anomaly) -> dict:
    return {"id": a.anomaly_id, "at": t(a.at), "station_id": a.station_id,
            "kind": a.kind.value, "seq": a.seq,
            "session_id": None if a.session_id is None else f"{a.session_id:016x}",
            "detail": a.detail, "remote": a.remote}


def anomaly_in(d: dict) -> Anomaly:
    return Anomaly(
        anomaly_id=int(d["id"]), at=parse_t(d["at"]), station_id=str(d["station_id"]),  # type: ignore[arg-type]
        kind=AnomalyKind(d["kind"]), seq=None if d["seq"] is None else int(d["seq"]),
        session_id=None if d["session_id"] is None else sid(d["session_id"]),
        detail=str(d["detail"]), remote=str(d.get("remote", "")))


def status_out(s: StationStatus) -> dict:
    return {"station_id": s.station_id, "name": s.name, "room": s.room,
            "last_contact": t(s.last_contact), "head_seq": s.head_seq,
            "head_hash": s.head_hash.hex(), "head_time": t(s.head_time),
            "sessions_today": s.sessions_today, "open_sessions": s.open_sessions,
            "forks": s.forks, "gaps": s.gaps, "clock_jumps": s.clock_jumps,
            "refused": s.refused, "other_findings": s.other_findings, "revoked": s.revoked}


def status_in(d: dict) -> StationStatus:
    return StationStatus(
        station_id=str(d["station_id"]), name=str(d["name"]), room=str(d["room"]),
        last_contact=parse_t(d["last_contact"]), head_seq=int(d["head_seq"]),
        head_hash=bytes.fromhex(d["head_hash"]), head_time=parse_t(d["head_time"]),
        sessions_today=int(d["sessions_today"]), open_sessions=int(d["open_sessions"]),
        forks=int(d["forks"]), gaps=int(d["gaps"]), clock_jumps=int(d["clock_jumps"]),
        refused=int(d["refused"]), other_findings=int(d["other_findings"]),
        revoked=bool(d["revoked"]))
