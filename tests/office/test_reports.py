"""Signed review reports pushed to the office are checked (station and member signatures,
then against the station's records the office holds) and kept."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from screeningroom.office.client import OfficeClient
from screeningroom.office.errors import OfficeRefused
from screeningroom.office.model import AnomalyKind
from screeningroom.office.uplink import Uplink
from screeningroom.review.law import AgeCategory
from screeningroom.review.model import (
    Film,
    KazakhVersion,
    LanguageFindings,
    Recommendation,
    ReleaseLanguage,
    ReviewForm,
)
from screeningroom.review.report import ReviewReport, SessionSpan, sign

PDF = b"%PDF-1.7 a review report"


class Member:
    member_id = "m1"

    def __init__(self) -> None:
        self._key = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))
        self.public_key = self._key.public_key().public_bytes_raw()

    def sign(self, data: bytes) -> bytes:
        return self._key.sign(data)


def _signature_file(station, session, *, shift: timedelta = timedelta(0)) -> bytes:  # type: ignore[no-untyped-def]
    report = ReviewReport(
        film=Film("F1", "Film F1", "KZ-0001", 60.0, AgeCategory.AGE_16),
        member_id="m1", member_name="Member One", station_id=station.station_id,
        room="Room A", sessions=(SessionSpan(session.session_id, session.started_at + shift,
                                             None),),
        notes=(), withdrawn=(),
        form=ReviewForm("F1", "m1", AgeCategory.AGE_16,
                        language=LanguageFindings((ReleaseLanguage.RUSSIAN,),
                                                  KazakhVersion.SUBTITLED),
                        recommendation=Recommendation.ISSUE, conclusion="Issue"),
        created_at=session.started_at + timedelta(minutes=5), language="kk")
    return sign(report, PDF, station, Member())


def test_a_report_is_kept_and_checked_against_the_records(svc, office) -> None:
    station = office.station("A")
    reg = office.registry("A")
    session = reg.start_session("m1", "F1", "L1", "v1", room="Room A")
    reg.record_report_signed("m1", "F1", {"pdf_sha256": hashlib.sha256(PDF).hexdigest(),
                                          "member_key": Member().public_key.hex(),
                                          "new_member_key": True, "language": "kk",
                                          "notes": 0, "withdrawn_notes": 0,
                                          "file": "report.pdf"})
    with OfficeClient(svc[0], station) as client:
        Uplink(client, reg, office.certificates["A"]).sync()
        good = client.push_report(_signature_file(station, session))
        assert good.problems == () and good.session_ids == (session.short_id,)
        assert client.push_report(_signature_file(station, session)).sha256 == good.sha256
        bad = client.push_report(_signature_file(station, session,
                                                 shift=timedelta(seconds=-30)))
        assert bad.problems
        tampered = _signature_file(station, session).replace(b"Member One", b"Member Two")
        with pytest.raises(OfficeRefused) as refused:
            client.push_report(tampered)
        assert refused.value.code == "bad_signature"
        with pytest.raises(OfficeRefused) as refused:
            client.push_report(_signature_file(office.station("B"), session))
        assert refused.value.code == "wrong_station"
        with pytest.raises(OfficeRefused) as refused:
            client.push_report(b"not a signature file")
        assert refused.value.code == "malformed"
    with svc[1].transaction() as conn:
        kept = conn.execute("SELECT count(*) AS n FROM reports").fetchone()["n"]
        mismatches = conn.execute("SELECT count(*) AS n FROM anomalies WHERE kind = %s",
                                  (AnomalyKind.REPORT_MISMATCH.value,)).fetchone()["n"]
    assert (kept, mismatches) == (2, len(bad.problems))
    reg.close()
