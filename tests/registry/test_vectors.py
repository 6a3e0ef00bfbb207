"""Pinned bytes: the audit record's canonical form, hash and signature, and a whole bundle.

The vectors in tests/vectors/registry/ were written by running this file as a script
(``python tests/registry/test_vectors.py``); the tests check that the code still produces
exactly those bytes and reads them back. Key: the Ed25519 seed 00 01 02 ... 1f.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from signers import SeedSigner

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors" / "registry"
SEED = bytes(range(32))
T0 = datetime(2026, 11, 23, 10, 0, 0, tzinfo=UTC)

RECORD_INPUTS = [
    {"seq": 1, "time": "2026-11-23T10:00:00.000000Z", "event": "login",
     "station_id": "KZ-ALA-ST01", "session_id": None, "member_id": "aigerim", "film_id": "",
     "detail": None},
    {"seq": 2, "time": "2026-11-23T10:00:01.250000Z", "event": "session_start",
     "station_id": "KZ-ALA-ST01", "session_id": "8f3a9c0e5b7d2146", "member_id": "aigerim",
     "film_id": "FILM-0042",
     "detail": {"room": "Зал 2", "license": "LIC-7", "profile": "kz-2026-a"}},
    {"seq": 3, "time": "2026-11-23T10:14:59.999999Z", "event": "seek",
     "station_id": "KZ-ALA-ST01", "session_id": "8f3a9c0e5b7d2146", "member_id": "aigerim",
     "film_id": "FILM-0042", "detail": {"from_ms": 899000, "to_ms": 0}},
    {"seq": 4, "time": "1969-12-31T23:59:59.000000Z", "event": "clock_anomaly",
     "station_id": "KZ-ALA-ST01", "session_id": None, "member_id": "", "film_id": "",
     "detail": {"reason": "clock-rollback", "message": "Сағат артқа кетті.",
                "log_floor": "2026-11-23T10:14:59.999999Z"}},
]


def _signer() -> SeedSigner:
    return SeedSigner(SEED, "KZ-ALA-ST01")


def _fields(item: dict, prev_hash: bytes):
    from screeningroom.registry.canonical import RecordFields, canonical_json, to_micros

    moment = datetime.strptime(item["time"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    return RecordFields(
        seq=item["seq"], time_us=to_micros(moment), event=item["event"],
        station_id=item["station_id"],
        session_id=None if item["session_id"] is None else int(item["session_id"], 16),
        member_id=item["member_id"], film_id=item["film_id"],
        detail_json=canonical_json(item["detail"]).decode("utf-8"), prev_hash=prev_hash,
    )


def make_record_vectors() -> dict:
    from screeningroom.registry import chain
    from screeningroom.registry.canonical import ZERO_HASH

    signer, prev, out = _signer(), ZERO_HASH, []
    for item in RECORD_INPUTS:
        stored = chain.sign_record(_fields(item, prev), signer)
        out.append({**item, "prev_hash": prev.hex(),
                    "canonical": chain.record_bytes_of(stored).hex(),
                    "sha256": stored.hash.hex(), "signature": stored.signature.hex()})
        prev = stored.hash
    return {"key_seed": SEED.hex(), "public_key": signer.signing_public_key.hex(),
            "records": out}


INVALID = {
    "bad magic": lambda b: b"SRAUDIT\x02" + b[8:],
    "trailing byte": lambda b: b + b"\x00",
    "truncated": lambda b: b[:-1],
    "session flag 0 with an id": lambda b: b[:52] + b"\x00" + b[53:],
}


def make_bundle(path: Path) -> Path:
    """A bundle from a fixed history: an enrolment, a login, one session with a pause, its
    end."""
    from screeningroom.registry import AuditEvent, Registry, RegistrySettings, ScryptParams

    db = path.with_suffix(".sqlite3")
    settings = RegistrySettings(scrypt=ScryptParams(n=2**10))
    with Registry.open(db, _signer(), settings=settings, now=T0) as reg:
        reg.add_member("aigerim", "Aigerim Serikkyzy", "correct horse battery", now=T0,
                       salt=bytes(16))
        reg.authenticate("aigerim", "correct horse battery", now=T0)
        session = reg.start_session("aigerim", "FILM-0042", "LIC-7", "kz-2026-a",
                                    room="Hall 2", now=T0 + timedelta(seconds=5),
                                    session_id=0x8F3A9C0E5B7D2146)
        reg.record(session.session_id, AuditEvent.PAUSE, {"position_ms": 60000},
                   now=T0 + timedelta(minutes=1))
        reg.end_session(session.session_id, now=T0 + timedelta(minutes=2))
        return reg.export_bundle(path, b"certificate of KZ-ALA-ST01", room="Hall 2",
                                 now=T0 + timedelta(hours=1))


def test_record_vectors_are_reproduced() -> None:
    assert make_record_vectors() == json.loads(
        (VECTORS / "records.json").read_text(encoding="utf-8"))


def test_record_vectors_parse_and_verify() -> None:
    from screeningroom.registry import chain
    from screeningroom.registry.canonical import parse_record, record_hash
    from screeningroom.registry.storage import StoredRecord

    vectors = json.loads((VECTORS / "records.json").read_text(encoding="utf-8"))
    stored = []
    for item in vectors["records"]:
        data = bytes.fromhex(item["canonical"])
        fields = parse_record(data)
        assert fields == _fields(item, bytes.fromhex(item["prev_hash"]))
        assert record_hash(data).hex() == item["sha256"]
        stored.append(StoredRecord(fields, record_hash(data), bytes.fromhex(item["signature"])))
    report, _ = chain.check_chain(stored, bytes.fromhex(vectors["public_key"]))
    assert report.ok and report.records == len(RECORD_INPUTS)


@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_record_bytes_are_refused(name: str) -> None:
    from screeningroom.registry.canonical import MalformedRecord, parse_record

    vectors = json.loads((VECTORS / "records.json").read_text(encoding="utf-8"))
    with pytest.raises(MalformedRecord):
        parse_record(INVALID[name](bytes.fromhex(vectors["records"][1]["canonical"])))


def test_non_canonical_detail_is_refused() -> None:
    import struct

    from screeningroom.registry.canonical import MalformedRecord, parse_record

    vectors = json.loads((VECTORS / "records.json").read_text(encoding="utf-8"))
    data = bytes.fromhex(vectors["records"][2]["canonical"])
    detail = b'{"from_ms":899000,"to_ms":0}'
    spaced = b'{"from_ms": 899000,"to_ms":0}'
    at = data.index(detail)
    forged = data[:at - 4] + struct.pack(">I", len(spaced)) + spaced + data[at + len(detail):]
    with pytest.raises(MalformedRecord, match="canonical"):
        parse_record(forged)


def test_bundle_vector_is_reproduced_and_loads(tmp_path: Path) -> None:
    from screeningroom.registry import SessionEnd, load_bundle

    pinned = VECTORS / "bundle.srab"
    assert make_bundle(tmp_path / "bundle.srab").read_bytes() == pinned.read_bytes()
    loaded = load_bundle(pinned)
    session = loaded.session(0x8F3A9C0E5B7D2146)
    assert (session.station_id, session.room, session.member_id, session.film_id,
            session.started_at, session.end) == (
        "KZ-ALA-ST01", "Hall 2", "aigerim", "FILM-0042", T0 + timedelta(seconds=5),
        SessionEnd.CLEAN)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    VECTORS.mkdir(parents=True, exist_ok=True)
    (VECTORS / "records.json").write_text(
        json.dumps(make_record_vectors(), indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8")
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        (VECTORS / "bundle.srab").write_bytes(make_bundle(Path(tmp) / "b.srab").read_bytes())
    print("wrote", VECTORS)
