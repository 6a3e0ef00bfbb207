"""Signed review reports pushed to the office are checked (station and member signatures,
then against the station's records the office holds) and kept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from officeworld import session_with_signed_report, signed_report

from screeningroom.office.client import OfficeClient
from screeningroom.office.errors import OfficeRefused
from screeningroom.office.model import AnomalyKind
from screeningroom.office.uplink import Uplink


def test_a_report_is_kept_and_checked_against_the_records(svc, office) -> None:
    station = office.station("A")
    reg = office.registry("A")
    session = session_with_signed_report(reg)
    with OfficeClient(svc[0], station) as client:
        Uplink(client, reg, office.certificates["A"]).sync()
        good = client.push_report(signed_report(station, session))
        assert good.problems == () and good.session_ids == (session.short_id,)
        assert client.push_report(signed_report(station, session)).sha256 == good.sha256
        bad = client.push_report(signed_report(station, session,
                                                 shift=timedelta(seconds=-30)))
        assert bad.problems
        tampered = signed_report(station, session).replace(b"Member One", b"Member Two")
        with pytest.raises(OfficeRefused) as refused:
            client.push_report(tampered)
        assert refused.value.code == "bad_signature"
        with pytest.raises(OfficeRefused) as refused:
            client.push_report(signed_report(office.station("B"), session))
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
