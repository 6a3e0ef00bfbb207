"""The client of the central registry, for stations and takedown desks.

``OfficeClient(url, signer, ca_file=None)`` signs every request with the signer's station
key (the vault's :class:`Station` fits). Stations push and ask for grants; a desk whose
station the office made a reader also reads sessions, records, stations, findings and the
status. Results are the frozen dataclasses of :mod:`screeningroom.office.model`.

Errors: :class:`OfficeUnreachable` (refused connection, time-out, 502-504: try later),
:class:`OfficeRefused` (a 4xx; ``code`` says which), :class:`SessionNotGranted` (the
license's sessions are used up at the office), :class:`OfficeAnswerInvalid`.
"""

from __future__ import annotations

import json
import ssl
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import httpx

from screeningroom.office import wire
from screeningroom.office.errors import (
    OfficeAnswerInvalid,
    OfficeBadInput,
    OfficeRefused,
    OfficeUnreachable,
    SessionNotGranted,
)
from screeningroom.office.model import (
    Anomaly,
    CentralSession,
    Grant,
    LicenseUse,
    PushResult,
    ReportReceipt,
    StationInfo,
    StationStatus,
)
from screeningroom.office.signing import HEADER_SERVICE_TIME, sign_request
from screeningroom.registry.canonical import from_micros, to_micros
from screeningroom.registry.model import Signer
from screeningroom.registry.storage import StoredRecord
from screeningroom_resources.closing import Closing
from screeningroom_resources.i18n import _

PAGE = 10_000
_TRANSIENT_STATUS = (502, 503, 504)
_NOT_GRANTED = {"sessions_used_up", "license_window", "member_not_licensed", "license_revoked",
                "wrong_station", "revoked", "bad_license", "certificate_expired"}


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _last_seq(bundle: bytes) -> int:
    document = json.loads(bundle)
    return int(document["first_seq"]) + len(document["records"]) - 1


def _verify(ca_file: Path | None) -> ssl.SSLContext | bool:
    if ca_file is None:
        return True
    if not Path(ca_file).is_file():
        raise OfficeBadInput(_("No such file: {path}").format(path=ca_file))
    return ssl.create_default_context(cafile=str(ca_file))


class OfficeClient(Closing):
    def __init__(self, url: str, signer: Signer, *, ca_file: Path | None = None,
                 timeout: float = 15.0, clock: Callable[[], datetime] = _utc_now) -> None:
        if not url.startswith(("https://", "http://")):
            raise OfficeBadInput(_("The office's registry URL starts with https:// (or "
                                   "http:// for a service on this machine): {url}").format(
                                       url=url))
        self.url = url.rstrip("/")
        self.signer = signer
        self._clock = clock
        self.offset_us = 0          # the service's clock minus ours, from its last answer
        self._http = httpx.Client(base_url=self.url, verify=_verify(ca_file),
                                  timeout=httpx.Timeout(timeout, connect=min(5.0, timeout)))

    def close(self) -> None:
        self._http.close()

    # --- the wire -------------------------------------------------------------------

    def service_now(self) -> datetime:
        """Our clock corrected by the service's, as of its last answer."""
        return from_micros(to_micros(self._clock()) + self.offset_us)

    def _request(self, method: str, path: str, *, params: dict[str, object] | None = None,
                 body: dict | None = None, signed: bool = True) -> dict:
        raw = b"" if body is None else json.dumps(body, separators=(",", ":")).encode()
        pairs = [f"{quote(str(k), safe='')}={quote(str(v), safe='')}"
                 for k, v in (params or {}).items() if v is not None]
        target = path + ("?" + "&".join(pairs) if pairs else "")
        for attempt in (1, 2):
            headers = {"content-type": "application/json"}
            if signed:
                headers.update(sign_request(self.signer, method, target, raw,
                                            time_us=to_micros(self.service_now())))
            try:
                response = self._http.request(method, target, content=raw, headers=headers)
            except httpx.TransportError as exc:
                raise OfficeUnreachable(self.url, str(exc) or type(exc).__name__) from exc
            self._learn_time(response)
            payload = self._payload(response)
            if response.status_code == 401 and payload.get("error") == "stale_request" \
                    and attempt == 1:
                continue  # our clock is off: signed again with the service's time
            break
        if response.status_code == 200:
            return payload
        if response.status_code in _TRANSIENT_STATUS:
            raise OfficeUnreachable(self.url, f"HTTP {response.status_code}")
        if 400 <= response.status_code < 500:
            code = str(payload.get("error", response.status_code))
            message = str(payload.get("message", response.reason_phrase))
            extra = {k: v for k, v in payload.items() if k not in ("error", "message")}
            if path == "/v1/grants" and code in _NOT_GRANTED:
                raise SessionNotGranted(response.status_code, code, message, extra)
            raise OfficeRefused(response.status_code, code, message, extra)
        raise OfficeAnswerInvalid(self.url, f"HTTP {response.status_code}")

    def _learn_time(self, response: httpx.Response) -> None:
        stamp = response.headers.get(HEADER_SERVICE_TIME, "")
        if stamp.isdigit():
            self.offset_us = int(stamp) - to_micros(self._clock())

    def _payload(self, response: httpx.Response) -> dict:
        try:
            payload = response.json()
        except ValueError:
            if response.status_code == 200:
                raise OfficeAnswerInvalid(self.url, _("not JSON")) from None
            return {}
        if not isinstance(payload, dict):
            raise OfficeAnswerInvalid(self.url, _("not a JSON object"))
        return payload

    def _decode(self, build: Callable[[], object]):  # type: ignore[no-untyped-def]
        try:
            return build()
        except (KeyError, TypeError, ValueError) as exc:
            raise OfficeAnswerInvalid(self.url, type(exc).__name__) from exc

    # --- station side ---------------------------------------------------------------

    def time(self) -> datetime:
        answer = self._request("GET", "/v1/time", signed=False)
        return self._decode(lambda: from_micros(int(answer["time_us"])))

    def enroll(self, certificate: bytes) -> tuple[int, bytes]:
        answer = self._request("POST", "/v1/enroll", body={"certificate": wire.b64(certificate)})
        return self._decode(lambda: (int(answer["head_seq"]), bytes.fromhex(answer["head_hash"])))

    def head(self) -> tuple[int, bytes]:
        """The newest (sequence number, hash) the office holds of this station's log."""
        answer = self._request("GET", "/v1/head")
        return self._decode(lambda: (int(answer["head_seq"]), bytes.fromhex(answer["head_hash"])))

    def bundle_head(self) -> int:
        """The last record number the office's bundles of this station cover."""
        answer = self._request("GET", "/v1/head")
        return self._decode(lambda: int(answer["bundle_seq"]))

    def push_bundle(self, data: bytes) -> tuple[int, int]:
        """Send a signed audit bundle of this station; (first, last) record it covers."""
        answer = self._request("POST", "/v1/bundles", body={"bundle": wire.b64(data)})
        return self._decode(lambda: (int(answer["first_seq"]), int(answer["last_seq"])))

    def bundles(self, station_id: str, *, after_seq: int = 0) -> tuple[bytes, ...]:
        """A station's signed bundles that hold records after ``after_seq``, in order (all
        pages); the caller checks them (they are what the station signed)."""
        out: list[bytes] = []
        while True:
            answer = self._request("GET", "/v1/bundles", params={
                "station_id": station_id, "after": after_seq})
            page = self._decode(lambda a=answer: [wire.unb64(b) for b in a["bundles"]])
            if not page:
                return tuple(out)
            out.extend(page)
            after_seq = self._decode(lambda p=page: _last_seq(p[-1]))

    def push(self, records: Sequence[StoredRecord]) -> PushResult:
        answer = self._request("POST", "/v1/records",
                               body={"records": [wire.record_out(r) for r in records]})
        return self._decode(lambda: wire.push_in(answer))

    def add_licenses(self, licenses: Sequence[bytes]) -> tuple[LicenseUse, ...]:
        answer = self._request("POST", "/v1/licenses",
                               body={"licenses": [wire.b64(x) for x in licenses]})
        return self._decode(lambda: tuple(wire.use_in(u) for u in answer["licenses"]))

    def grant(self, license_bytes: bytes, session_id: int, member_id: str) -> Grant:
        """The office's permission to start session ``session_id`` (counted centrally);
        :class:`SessionNotGranted` when the license allows no more."""
        answer = self._request("POST", "/v1/grants", body={
            "license": wire.b64(license_bytes), "session_id": f"{session_id:016x}",
            "member_id": member_id})
        return self._decode(lambda: wire.grant_in(answer))

    def push_report(self, signature_file: bytes) -> ReportReceipt:
        answer = self._request("POST", "/v1/reports",
                               body={"signature_file": wire.b64(signature_file)})
        return self._decode(lambda: ReportReceipt(
            str(answer["sha256"]), str(answer["film_id"]), str(answer["member_id"]),
            tuple(answer["session_ids"]), tuple(answer["problems"])))

    def send_revocations(self, data: bytes) -> bool:
        answer = self._request("POST", "/v1/revocations", body={"list": wire.b64(data)})
        return bool(answer.get("installed"))

    def revocations(self) -> bytes | None:
        """The newest revocation list the office holds (signed bytes; check them)."""
        answer = self._request("GET", "/v1/revocations")
        return self._decode(lambda: None if answer["list"] is None else wire.unb64(answer["list"]))

    # --- desk side (readers) --------------------------------------------------------

    def sessions(self, *, film_id: str | None = None, session_id: int | None = None,
                 station_id: str | None = None) -> tuple[CentralSession, ...]:
        answer = self._request("GET", "/v1/sessions", params={
            "film_id": film_id, "station_id": station_id,
            "session_id": None if session_id is None else f"{session_id:016x}"})
        return self._decode(lambda: tuple(wire.session_in(s) for s in answer["sessions"]))

    def records(self, station_id: str, *, since_seq: int = 1,
                session_id: int | None = None) -> tuple[StoredRecord, ...]:
        """The station's signed records the office holds (verify them with its key)."""
        out: list[StoredRecord] = []
        while True:
            answer = self._request("GET", "/v1/records", params={
                "station_id": station_id, "since": since_seq, "limit": PAGE,
                "session_id": None if session_id is None else f"{session_id:016x}"})
            page = self._decode(lambda a=answer: [wire.record_in(r) for r in a["records"]])
            out.extend(page)
            if len(page) < PAGE:
                return tuple(out)
            since_seq = page[-1].fields.seq + 1

    def stations(self) -> tuple[StationInfo, ...]:
        answer = self._request("GET", "/v1/stations")
        return self._decode(lambda: tuple(wire.station_in(s) for s in answer["stations"]))

    def findings(self, *, station_id: str | None = None, include_all: bool = False
                 ) -> tuple[Anomaly, ...]:
        """Findings against stations (forks, gaps, ...); ``include_all`` adds refused
        requests and offline sessions."""
        answer = self._request("GET", "/v1/findings", params={
            "station_id": station_id, "all": "1" if include_all else None})
        return self._decode(lambda: tuple(wire.anomaly_in(a) for a in answer["findings"]))

    def status(self, zone: str = "UTC") -> tuple[StationStatus, ...]:
        answer = self._request("GET", "/v1/status", params={"zone": zone})
        return self._decode(lambda: tuple(wire.status_in(s) for s in answer["stations"]))
