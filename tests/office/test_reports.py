"""Signed review reports pushed to the office are checked and kept."""

from __future__ import annotations

import hashlib

import pytest

from screeningroom.office.client import OfficeClient
from screeningroom.office.errors import OfficeRefused
from screeningroom.office.model import AnomalyKind
from screeningroom.office.uplink import Uplink
from screeningroom.registry.canonical import canonical_json, iso
from screeningroom.review.report import SIGNATURE_FORMAT, SIGNATURE_VERSION, signed_bytes


def _signature_file(station, session, *, started_at: str | None = None) -> bytes:  # type: ignore[no-untyped-def]
    facts = {
        "film": {"film_id": "F1", "title": "Film F1", "register_no": "KZ-0001",
                 "duration_ms": 60_000, "declared_age": "16+", "length": "full_length"},
        "member_id": "m1", "member_name": "Member One", "station_id": station.station_id,
        "room": "Room A", "created_at": iso(session.started_at).replace(".000000", ".500000"),
        "language": "kk",
        "sessions": [{"session_id": session.short_id,
                      "started_at": started_at or iso(session.started_at),
                      "ended_at": None}],
        "watched_seconds": 0, "notes": [], "form": {},
    }
    body = {"format": SIGNATURE_FORMAT, "version": SIGNATURE_VERSION,
            "pdf_sha256": hashlib.sha256(b"%PDF-1.7 report").hexdigest(), "facts": facts,
            "station_id": station.station_id,
            "signing_public_key": station.signing_public_key.hex(), "certificate": ""}
    signature = station.sign(signed_bytes(body))
    return canonical_json({**body, "signature": signature.hex()}) + b"\n"


def test_a_report_is_kept_and_checked_against_the_sessions(svc, office) -> None:
    station = office.station("A")
    reg = office.registry("A")
    session = reg.start_session("m1", "F1", "L1", "v1", room="Room A")
    with OfficeClient(svc[0], station) as client:
        Uplink(client, reg, office.certificates["A"]).sync()
        good = client.push_report(_signature_file(station, session))
        assert good.problems == () and good.session_ids == (session.short_id,)
        assert client.push_report(_signature_file(station, session)).sha256 == good.sha256
        bad = client.push_report(_signature_file(station, session,
                                                 started_at="2020-01-01T00:00:00.000000Z"))
        assert bad.problems
        tampered = _signature_file(station, session).replace(b"Member One", b"Member Two")
        with pytest.raises(OfficeRefused) as refused:
            client.push_report(tampered)
        assert refused.value.code == "bad_signature"
        other = office.station("B")
        with pytest.raises(OfficeRefused) as refused:
            client.push_report(_signature_file(other, session))
        assert refused.value.code == "wrong_station"
    with svc[1].transaction() as conn:
        kept = conn.execute("SELECT count(*) AS n FROM reports").fetchone()["n"]
        mismatches = conn.execute("SELECT count(*) AS n FROM anomalies WHERE kind = %s",
                                  (AnomalyKind.REPORT_MISMATCH.value,)).fetchone()["n"]
    assert (kept, mismatches) == (2, 1)
    reg.close()
