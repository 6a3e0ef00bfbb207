"""Stations push their signed logs; the office keeps them whole, verified and in order."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from officeworld import ListLog, play

from screeningroom.office.client import OfficeClient
from screeningroom.office.errors import OfficeRefused
from screeningroom.office.model import AnomalyKind
from screeningroom.office.uplink import LogDiverged, Uplink
from screeningroom.registry import chain


def _client(svc, office, name: str) -> OfficeClient:
    return OfficeClient(svc[0], office.station(name))


def _reader(svc, office, name: str = "desk") -> OfficeClient:
    client = _enrolled(svc, office, name)
    assert svc[1].set_reader(office.station(name).station_id, True)
    return client


@contextmanager
def _played(office, name: str, sessions: int) -> Iterator:  # type: ignore[no-untyped-def]
    """Station ``name``'s registry with ``sessions`` sessions played; closed afterwards."""
    reg = office.registry(name)
    try:
        play(reg, sessions)
        yield reg
    finally:
        reg.close()


def _enrolled(svc, office, name: str) -> OfficeClient:
    client = _client(svc, office, name)
    client.enroll(office.certificates[name])
    return client


def test_a_station_log_lands_whole_and_verifies(svc, office) -> None:
    with _played(office, "A", 2) as reg:
        ids = [s.session_id for s in reg.sessions()]
        station = office.station("A")
        with _client(svc, office, "A") as client:
            report = Uplink(client, reg, office.certificates["A"], batch=3).sync()
            assert report.sent == len(list(reg.records())) and report.duplicates == 0
            assert client.head() == (report.head_seq, list(reg.stored_records())[-1].hash)
        with _reader(svc, office) as desk:
            records = desk.records(station.station_id)
            verdict, _last = chain.check_chain(records, station.signing_public_key)
            assert verdict.ok and verdict.records == report.head_seq
            sessions = desk.sessions(film_id="F1")
            assert sorted(s.session_id for s in sessions) == sorted(ids)
            assert all(s.end == "clean" and s.station_id == station.station_id for s in sessions)
            one = desk.sessions(session_id=ids[0])
            assert len(one) == 1 and one[0].room == "Room A" and one[0].license_id == "L1"
            assert desk.records(station.station_id, session_id=ids[0])[0].fields.event == \
                "session_start"


def test_pushing_again_is_idempotent(svc, office) -> None:
    with _played(office, "A", 1) as reg, _enrolled(svc, office, "A") as client:
        batch = list(reg.stored_records())
        first = client.push(batch)
        again = client.push(batch)
        assert (first.accepted, first.duplicates) == (len(batch), 0)
        assert (again.accepted, again.duplicates) == (0, len(batch))
        assert again.head_seq == first.head_seq
        assert Uplink(client, reg, None).sync().sent == 0


def test_a_rewritten_log_is_a_fork_refused_and_recorded(svc, office) -> None:
    with _played(office, "A", 1) as genuine:
        with _client(svc, office, "A") as client:
            Uplink(client, genuine, office.certificates["A"]).sync()
            forged = office.forged_log("A", 3)                   # same key, a new history
            with pytest.raises(LogDiverged):
                Uplink(client, ListLog(forged), None).sync()
            with pytest.raises(OfficeRefused) as refused:
                client.push(forged)
            assert refused.value.status == 409 and refused.value.code == "fork"
        with _reader(svc, office) as desk:
            kinds = [f.kind for f in desk.findings(station_id=office.station("A").station_id)]
            assert AnomalyKind.FORK in kinds


def test_skipped_records_are_a_gap(svc, office) -> None:
    with _played(office, "A", 2) as reg, _enrolled(svc, office, "A") as client:
        records = list(reg.stored_records())
        with pytest.raises(OfficeRefused) as refused:
            client.push(records[2:])
        assert refused.value.code == "gap" and refused.value.extra["expected_seq"] == 1
        with pytest.raises(OfficeRefused) as refused:
            client.push([records[1], records[0]])        # out of order
        assert refused.value.code == "gap"
        assert client.head()[0] == 0
    with _reader(svc, office) as desk:
        gaps = [f for f in desk.findings() if f.kind is AnomalyKind.GAP]
        assert len(gaps) == 2


def test_a_revoked_station_is_refused_and_recorded(svc, office) -> None:
    with _played(office, "A", 1) as reg:
        station_id = office.station("A").station_id
        with _client(svc, office, "A") as client:
            client.enroll(office.certificates["A"])
            assert client.send_revocations(office.authority.revoke(stations=(station_id,)))
            with pytest.raises(OfficeRefused) as refused:
                client.push(list(reg.stored_records()))
            assert refused.value.status == 403 and refused.value.code == "revoked"
        with _reader(svc, office) as desk:
            assert AnomalyKind.REVOKED in {f.kind for f in desk.findings(station_id=station_id)}
            assert desk.revocations() is not None
            assert [s.revoked_at is not None for s in desk.stations()
                    if s.station_id == station_id] == [True]


def test_a_record_signed_by_another_key_is_refused(svc, office) -> None:
    with (_played(office, "A", 1), _played(office, "B", 1) as other,
          _enrolled(svc, office, "A") as client):
        with pytest.raises(OfficeRefused) as refused:
            client.push(list(other.stored_records()))
        assert refused.value.code == "bad_record"


def test_only_readers_read(svc, office) -> None:
    with _client(svc, office, "A") as client:
        client.enroll(office.certificates["A"])
        with pytest.raises(OfficeRefused) as refused:
            client.sessions(film_id="F1")
        assert refused.value.status == 403 and refused.value.code == "not_reader"


def test_unknown_station_must_enroll_first(svc, office) -> None:
    with _client(svc, office, "A") as client, pytest.raises(OfficeRefused) as refused:
        client.head()
    assert refused.value.code == "unknown_station"


def test_health_and_time_need_no_signature(svc) -> None:
    assert httpx.get(svc[0] + "/healthz").json()["ok"] is True
    assert httpx.get(svc[0] + "/v1/time").json()["time"].endswith("Z")
