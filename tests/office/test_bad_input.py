"""Bad requests get a clear 4xx answer and an anomaly row; never a 500 or a traceback."""

from __future__ import annotations

import json

import httpx
import pytest
from officeworld import now

from screeningroom.office import signing
from screeningroom.office.store import OfficeStore
from screeningroom.office.wire import record_out
from screeningroom.registry.canonical import to_micros


def _signed(station, method: str, path: str, body: bytes, **overrides) -> dict[str, str]:
    headers = signing.sign_request(station, method, path, body,
                                   time_us=overrides.pop("time_us", to_micros(now())))
    headers.update(overrides)
    headers["content-type"] = "application/json"
    return headers


def _anomalies(store: OfficeStore) -> list[dict]:
    with store.transaction() as conn:
        return conn.execute("SELECT * FROM anomalies ORDER BY id").fetchall()


@pytest.fixture
def enrolled(svc, office):  # type: ignore[no-untyped-def]
    from screeningroom.office.client import OfficeClient

    with OfficeClient(svc[0], office.station("A")) as client:
        client.enroll(office.certificates["A"])
    reg = office.registry("A")
    for _ in range(3):
        reg.authenticate("m1", "correct horse battery")
    yield office.station("A"), reg
    reg.close()


def _body(reg) -> bytes:  # type: ignore[no-untyped-def]
    return json.dumps({"records": [record_out(r) for r in reg.stored_records()]}).encode()


def _post(svc, path: str, body: bytes, headers: dict[str, str]) -> httpx.Response:
    return httpx.post(svc[0] + path, content=body, headers=headers)


def _refused(svc, response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    payload = response.json()
    assert payload["error"] == code and payload["message"]
    assert "Traceback" not in response.text
    assert any(code in row["detail"] for row in _anomalies(svc[1]))


def test_unsigned_request(svc, enrolled) -> None:
    _station, reg = enrolled
    _refused(svc, _post(svc, "/v1/records", _body(reg), {}), 401, "unsigned")


def test_signature_by_another_key(svc, enrolled, office) -> None:
    station, reg = enrolled
    body = _body(reg)
    headers = _signed(office.station("B"), "POST", "/v1/records", body)
    headers[signing.HEADER_STATION] = station.station_id
    _refused(svc, _post(svc, "/v1/records", body, headers), 401, "bad_signature")
    last = _anomalies(svc[1])[-1]                # not held against the station it claims
    assert last["station_id"] == "" and station.station_id in last["detail"]


def test_body_changed_after_signing(svc, enrolled) -> None:
    station, reg = enrolled
    body = _body(reg)
    headers = _signed(station, "POST", "/v1/records", body)
    _refused(svc, _post(svc, "/v1/records", body.replace(b'"records"', b'"records" '),
                        headers), 401, "bad_signature")


def test_replayed_request(svc, enrolled) -> None:
    station, reg = enrolled
    body = _body(reg)
    headers = _signed(station, "POST", "/v1/records", body)
    assert _post(svc, "/v1/records", body, headers).status_code == 200
    _refused(svc, _post(svc, "/v1/records", body, headers), 409, "replay")


def test_request_outside_the_time_window(svc, enrolled) -> None:
    station, reg = enrolled
    body = _body(reg)
    stale = to_micros(now()) - signing.WINDOW_US - 60_000_000
    response = _post(svc, "/v1/records", body,
                     _signed(station, "POST", "/v1/records", body, time_us=stale))
    _refused(svc, response, 401, "stale_request")
    assert "service_time" in response.json()


def test_out_of_order_records(svc, enrolled) -> None:
    station, reg = enrolled
    records = list(reg.stored_records())
    body = json.dumps({"records": [record_out(r) for r in reversed(records)]}).encode()
    _refused(svc, _post(svc, "/v1/records", body,
                        _signed(station, "POST", "/v1/records", body)), 409, "gap")


def test_oversized_request(svc, enrolled) -> None:
    station, _reg = enrolled
    body = b'{"records": "' + b"x" * (5 << 20) + b'"}'
    _refused(svc, _post(svc, "/v1/records", body,
                        _signed(station, "POST", "/v1/records", body)), 413, "oversized")


def test_oversized_without_a_length(svc, enrolled) -> None:
    station, _reg = enrolled
    body = b"x" * (5 << 20)
    headers = _signed(station, "POST", "/v1/records", body)

    def chunks():  # type: ignore[no-untyped-def]
        for start in range(0, len(body), 1 << 16):
            yield body[start:start + (1 << 16)]

    response = httpx.post(svc[0] + "/v1/records", content=chunks(), headers=headers)
    _refused(svc, response, 413, "oversized")


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b'{"records": []}',
                                  b'{"records": [{"bytes": "!!", "signature": ""}]}',
                                  b'{"records": [{"bytes": "U1JBVURJVAE=", "signature": ""}]}',
                                  b'{"records": 7}', "{\"records\": \"\u00e9\"}".encode("latin-1")])
def test_malformed_bodies(svc, enrolled, body: bytes) -> None:
    station, _reg = enrolled
    _refused(svc, _post(svc, "/v1/records", body,
                        _signed(station, "POST", "/v1/records", body)), 400, "malformed")


@pytest.mark.parametrize("header, value", [(signing.HEADER_NONCE, "short"),
                                           (signing.HEADER_TIME, "soon"),
                                           (signing.HEADER_SIGNATURE, "%%%"),
                                           (signing.HEADER_STATION, "../etc")])
def test_malformed_headers(svc, enrolled, header: str, value: str) -> None:
    station, reg = enrolled
    body = _body(reg)
    headers = _signed(station, "POST", "/v1/records", body)
    headers[header] = value
    _refused(svc, _post(svc, "/v1/records", body, headers), 400, "malformed")


@pytest.mark.parametrize("path, query", [("/v1/sessions", "session_id=zz"),
                                         ("/v1/findings", "since_id=x"),
                                         ("/v1/status", "zone=Nowhere/City"),
                                         ("/v1/records", "since=-")])
def test_malformed_queries_of_a_reader(svc, enrolled, path: str, query: str) -> None:
    station, _reg = enrolled
    assert svc[1].set_reader(station.station_id, True)
    target = f"{path}?{query}"
    response = httpx.get(svc[0] + target, headers=_signed(station, "GET", target, b""))
    _refused(svc, response, 400, "malformed")


def test_unknown_station_claims_are_recorded_with_the_claim(svc, office) -> None:
    stranger = office.station("Z")                     # certified, never enrolled
    body = b'{"records": []}'
    response = _post(svc, "/v1/records", body, _signed(stranger, "POST", "/v1/records", body))
    assert response.status_code == 404
    rows = _anomalies(svc[1])
    assert rows[-1]["station_id"] == "" and stranger.station_id in rows[-1]["detail"]


def test_unsigned_garbage_cannot_fill_the_database(pg_url, office) -> None:
    from officeworld import service

    with service(pg_url, office, unsigned_records_per_minute=5) as svc:
        answers = [_post(svc, "/v1/records", b"{}", {}).status_code for _ in range(12)]
        assert answers == [401] * 12                      # every one is still refused
        # 5 a minute are kept (the 12 may straddle a minute's turn: up to 5 in each)
        per_minute: dict[int, int] = {}
        for row in _anomalies(svc[1]):
            minute = row["at_us"] // 60_000_000
            per_minute[minute] = per_minute.get(minute, 0) + 1
        assert all(n <= 5 for n in per_minute.values()), per_minute
        kept = sum(per_minute.values())
        assert (len(per_minute), kept) == (1, 5) or (
            len(per_minute) == 2 and 5 < kept <= 10), per_minute
