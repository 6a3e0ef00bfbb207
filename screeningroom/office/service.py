"""The central registry's HTTP API: a Starlette (ASGI) application over :class:`OfficeStore`.

Every request but ``/healthz`` and ``/v1/time`` is signed by a station (see
:mod:`screeningroom.office.signing`). Endpoints (JSON in, JSON out; docs/registry-service.md):

==========  ====================  =========================================================
POST        /v1/enroll            the station's certificate (checked against the anchor)
GET         /v1/head              the newest record the office holds for the caller
POST        /v1/records           a batch of signed audit records, in order
POST        /v1/licenses          licenses whose sessions the office counts
POST, GET   /v1/bundles           the station's signed audit bundles (readers: fetch them)
POST        /v1/grants            permission to start one session (the central count)
POST        /v1/reports           a signed review report (its ``.sig`` file)
GET/POST    /v1/revocations       the newest revocation list / install a newer one
GET         /v1/sessions ...      readers only (takedown desks): sessions, records,
            /v1/records           stations, findings and the status view
            /v1/stations
            /v1/findings
            /v1/status
GET         /status               the status page (HTTP basic auth with the status password)
==========  ====================  =========================================================

A refusal is a 4xx answer ``{"error": CODE, "message": TEXT, ...}`` and an anomaly row;
a database that is down is a 503 (retry later); nothing answers with a traceback.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hmac
import json
import logging
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from screeningroom.office import bundles, grants, ingest, queries, reports, signing, wire
from screeningroom.office.errors import DatabaseUnavailable, RequestRefused
from screeningroom.office.model import FINDING_KINDS, AnomalyKind, StationInfo
from screeningroom.office.store import OfficeStore
from screeningroom.registry.canonical import iso, to_micros
from screeningroom_resources.i18n import _

log = logging.getLogger("screeningroom.office")

MAX_BODY = 4 << 20
BUNDLE_BODY = 4 * bundles.MAX_BUNDLE_BYTES // 3 + (64 << 10)  # base64 in JSON
_KIND_OF = {"fork": AnomalyKind.FORK, "gap": AnomalyKind.GAP, "revoked": AnomalyKind.REVOKED,
            "bad_record": AnomalyKind.BAD_RECORD}


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class ServiceConfig:
    anchor: Any                                  # the office's TrustAnchor
    window_us: int = signing.WINDOW_US
    max_body: int = MAX_BODY
    status_password: str | None = None
    clock: Callable[[], datetime] = _utc_now
    #: refused requests not signed by a station, kept per remote address and minute (the
    #: rest are counted in the service's log, so that garbage cannot fill the database)
    unsigned_records_per_minute: int = 300


@dataclass(frozen=True)
class Call:
    """One authenticated request, as a handler sees it."""

    station: StationInfo | None     # None only while enrolling
    station_id: str
    body: dict
    query: dict[str, str]
    now: datetime
    remote: str

    @property
    def now_us(self) -> int:
        return to_micros(self.now)


def _refuse(status: int, code: str, message: str, **extra: object) -> RequestRefused:
    return RequestRefused(status, code, message, **extra)


class Service:
    def __init__(self, store: OfficeStore, config: ServiceConfig) -> None:
        self.store = store
        self.config = config
        self._unsigned: dict[str, tuple[int, int]] = {}   # remote -> (minute, count)
        self._unsigned_lock = threading.Lock()

    def _keep_unsigned(self, remote: str, now: datetime) -> bool:
        minute = to_micros(now) // 60_000_000
        with self._unsigned_lock:
            if len(self._unsigned) > 10_000:
                self._unsigned.clear()
            start, count = self._unsigned.get(remote, (minute, 0))
            if start != minute:
                start, count = minute, 0
            self._unsigned[remote] = (start, count + 1)
        if count < self.config.unsigned_records_per_minute:
            return True
        if count == self.config.unsigned_records_per_minute:
            log.warning("more than %d unsigned refused requests this minute from %s: not "
                        "recorded", count, remote)
        return False

    # --- authentication (runs in a worker thread) -----------------------------------

    def authenticate(self, request: Request, raw: bytes, *, enrolling: bool = False,
                     reader: bool = False) -> Call:
        now = self.config.clock()
        h = request.headers
        station_id = h.get(signing.HEADER_STATION)
        stamp, nonce = h.get(signing.HEADER_TIME), h.get(signing.HEADER_NONCE)
        sig_text = h.get(signing.HEADER_SIGNATURE)
        if not (station_id and stamp and nonce and sig_text):
            raise _refuse(401, "unsigned", _(
                "The request is not signed: stations sign every request with their key."))
        if not signing.STATION_RE.fullmatch(station_id) or not signing.NONCE_RE.fullmatch(
                nonce) or not stamp.isdigit():
            raise _refuse(400, "malformed", _("The request's signature headers are malformed."))
        try:
            signature = base64.b64decode(sig_text, validate=True)
        except (binascii.Error, ValueError):
            raise _refuse(400, "malformed", _("The request's signature is not base64.")) from None
        skew = int(stamp) - to_micros(now)
        if abs(skew) > self.config.window_us:
            raise _refuse(401, "stale_request", _(
                "The request is dated {seconds} s from the office's clock (at most {limit} s "
                "are allowed): check the station's clock.").format(
                    seconds=skew // 1_000_000, limit=self.config.window_us // 1_000_000),
                service_time=iso(now))
        body = _json_body(raw) if enrolling else {}
        if enrolling:
            station, key = None, self._certificate_key(body, station_id, now)
        else:
            station = self.store.station(station_id)
            if station is None:
                raise _refuse(404, "unknown_station", _(
                    "Station {station} is not enrolled at the office: it sends its certificate "
                    "first (POST /v1/enroll).").format(station=station_id))
            key = station.signing_public_key
        path = request.scope.get("raw_path") or request.url.path.encode()  # as sent
        query = request.scope.get("query_string", b"")
        target = path.decode("latin-1") + (f"?{query.decode('latin-1')}" if query else "")
        data = signing.request_bytes(request.method, target, station_id, int(stamp), nonce, raw)
        from screeningroom.registry.chain import public_key, verifies

        if not verifies(public_key(key), signature, data):
            raise _refuse(401, "bad_signature", _(
                "The request's signature does not verify with the station's key."))
        # from here on a refusal is the station's own doing, and recorded against it
        request.state.signed_by = station_id
        if not enrolling:
            body = _json_body(raw)
        if not self.store.remember_nonce(station_id, nonce, to_micros(now),
                                         2 * self.config.window_us):
            raise _refuse(409, "replay", _(
                "This request was already received (same nonce): a replay is refused."))
        if station is not None and station.revoked_at is not None:
            raise _refuse(403, "revoked", _(
                "Station {station} is revoked by the review office.").format(station=station_id))
        if reader and (station is None or not station.reader):
            raise _refuse(403, "not_reader", _(
                "Station {station} may not read the central registry: the office allows "
                "takedown desks with 'screeningroom office readers add'.").format(
                    station=station_id))
        return Call(station, station_id, body, dict(request.query_params), now,
                    request.client.host if request.client else "")

    def _certificate_key(self, body: dict, station_id: str, now: datetime) -> bytes:
        from screeningroom.errors import ScreeningRoomError
        from screeningroom.vault.checks import load_certificate_checked

        try:
            data = wire.unb64(body.get("certificate"))
        except (TypeError, ValueError):
            raise _refuse(400, "malformed", _("The enrollment holds no certificate.")) from None
        try:
            cert = load_certificate_checked(data, self.config.anchor, now=now)
        except ScreeningRoomError as exc:
            raise _refuse(403, "certificate_rejected", str(exc)) from None
        if cert.station_id != station_id:
            raise _refuse(403, "certificate_rejected", _(
                "The certificate is for station {other}.").format(other=cert.station_id))
        return bytes(cert.signing_public_key)

    # --- handlers (worker thread) ---------------------------------------------------

    def enroll(self, call: Call) -> dict:
        from screeningroom.vault.records import parse_certificate

        data = wire.unb64(call.body["certificate"])
        station = self.store.enroll(parse_certificate(data), data, call.now_us)
        if station.revoked_at is not None:
            raise _refuse(403, "revoked", _("Station {station} is revoked by the review "
                                            "office.").format(station=station.station_id))
        return {"station_id": station.station_id, "head_seq": station.head_seq,
                "head_hash": station.head_hash.hex()}

    def head(self, call: Call) -> dict:
        s = call.station
        return {"station_id": s.station_id, "head_seq": s.head_seq,
                "head_hash": s.head_hash.hex(),
                "bundle_seq": bundles.bundle_head(self.store, s.station_id)}

    def bundle_in(self, call: Call) -> dict:
        try:
            data = wire.unb64(call.body.get("bundle"))
        except (TypeError, ValueError):
            raise _refuse(400, "malformed", _("The bundle is not base64.")) from None
        first, last = bundles.accept(self.store, call.station_id, self.config.anchor, data,
                                     call.now_us)
        return {"first_seq": first, "last_seq": last}

    def bundles_out(self, call: Call) -> dict:
        q = call.query
        found = bundles.after(self.store, q.get("station_id", ""), int(q.get("after", "0")))
        return {"bundles": [wire.b64(b) for b in found]}

    def records_in(self, call: Call) -> dict:
        batch = ingest.parse_batch(call.body.get("records"))
        return wire.push_out(ingest.push(self.store, call.station_id, batch, call.now_us))

    def licenses_in(self, call: Call) -> dict:
        items = call.body.get("licenses")
        if not isinstance(items, list) or not items or len(items) > 100:
            raise _refuse(400, "malformed", _("Send a list of 1 to 100 licenses."))
        checked = []
        for item in items:
            try:
                data = wire.unb64(item)
            except (TypeError, ValueError):
                raise _refuse(400, "malformed", _("A license is not base64.")) from None
            checked.append((grants.check_license(data, self.config.anchor), data))
        uses = grants.add_licenses(self.store, call.station_id, checked)
        return {"licenses": [wire.use_out(u) for u in uses]}

    def grant(self, call: Call) -> dict:
        try:
            data = wire.unb64(call.body.get("license"))
            session_id = wire.sid(call.body.get("session_id"))
            member_id = call.body["member_id"]
            if not isinstance(member_id, str) or not session_id:
                raise ValueError(member_id)
        except (KeyError, TypeError, ValueError):
            raise _refuse(400, "malformed", _(
                "A grant request names a license, a session id and a member.")) from None
        lic = grants.check_license(data, self.config.anchor)
        return wire.grant_out(grants.grant(self.store, call.station_id, lic, data, session_id,
                                           member_id, call.now))

    def report_in(self, call: Call) -> dict:
        try:
            data = wire.unb64(call.body.get("signature_file"))
        except (TypeError, ValueError):
            raise _refuse(400, "malformed", _("The report's signature file is not base64.")
                          ) from None
        r = reports.accept(self.store, call.station_id, call.station.signing_public_key, data,
                           call.now_us)
        return {"sha256": r.sha256, "film_id": r.film_id, "member_id": r.member_id,
                "session_ids": list(r.session_ids), "problems": list(r.problems)}

    def revocations_in(self, call: Call) -> dict:
        from screeningroom.errors import ScreeningRoomError
        from screeningroom.vault.checks import load_revocations_checked

        try:
            data = wire.unb64(call.body.get("list"))
            rl = load_revocations_checked(data, self.config.anchor)
        except (TypeError, ValueError):
            raise _refuse(400, "malformed", _("The revocation list is not base64.")) from None
        except ScreeningRoomError as exc:
            raise _refuse(400, "bad_revocations", str(exc)) from None
        installed = self.store.install_revocations(rl, data, call.now_us)
        return {"installed": installed, "sequence": rl.sequence}

    def revocations_out(self, call: Call) -> dict:
        data = self.store.revocations()
        return {"list": None if data is None else wire.b64(data)}

    def sessions_out(self, call: Call) -> dict:
        q = call.query
        found = queries.sessions(
            self.store, film_id=q.get("film_id"), station_id=q.get("station_id"),
            session_id=wire.sid(q["session_id"]) if "session_id" in q else None)
        return {"sessions": [wire.session_out(s) for s in found]}

    def records_out(self, call: Call) -> dict:
        q = call.query
        station_id = q.get("station_id", "")
        found = queries.records(
            self.store, station_id, since_seq=max(1, int(q.get("since", "1"))),
            session_id=wire.sid(q["session_id"]) if "session_id" in q else None,
            limit=int(q.get("limit", str(queries.MAX_ROWS))))
        return {"station_id": station_id, "records": [wire.record_out(r) for r in found]}

    def stations_out(self, call: Call) -> dict:
        return {"stations": [wire.station_out(s) for s in queries.stations(self.store)]}

    def findings_out(self, call: Call) -> dict:
        q = call.query
        kinds = None if q.get("all") == "1" else FINDING_KINDS
        found = queries.anomalies(self.store, station_id=q.get("station_id"), kinds=kinds,
                                  since_id=int(q.get("since_id", "0")))
        return {"findings": [wire.anomaly_out(a) for a in found]}

    def status_out(self, call: Call) -> dict:
        rows = queries.status(self.store, call.now, _zone(call.query.get("zone", "UTC")))
        return {"stations": [wire.status_out(s) for s in rows]}

    # --- the ASGI side --------------------------------------------------------------

    def endpoint(self, handler: Callable[[Call], dict], *, max_body: int | None = None,
                 **auth: bool):
        limit = max_body or self.config.max_body

        async def run(request: Request) -> Response:
            try:
                raw = await _read_body(request, limit)
                result = await run_in_threadpool(self._call, request, raw, handler, auth)
                return self._answer(200, result)
            except RequestRefused as refusal:
                await run_in_threadpool(self._note_refusal, request, refusal)
                return self._answer(refusal.status, {"error": refusal.code,
                                                     "message": refusal.message,
                                                     **refusal.extra})
            except DatabaseUnavailable as exc:
                log.warning("database unavailable: %s", exc)
                return self._answer(503, {"error": "unavailable", "message": _(
                    "The central registry's database is not reachable; retry later.")})
            except ClientDisconnect:
                return Response(status_code=400)
            except Exception:  # the cause goes to the log, never to the client
                log.exception("internal error on %s %s", request.method, request.url.path)
                return self._answer(500, {"error": "internal", "message": _(
                    "The central registry failed on this request; the office's log says "
                    "why.")})

        return run

    def _call(self, request: Request, raw: bytes, handler: Callable[[Call], dict],
              auth: dict[str, bool]) -> dict:
        call = self.authenticate(request, raw, **auth)
        try:
            return handler(call)
        except (KeyError, TypeError, ValueError) as exc:
            raise _refuse(400, "malformed", _("The request is not what {path} takes: "
                                              "{reason}").format(path=request.url.path,
                                                                 reason=type(exc).__name__)
                          ) from None

    def _note_refusal(self, request: Request, refusal: RequestRefused) -> None:
        claimed = request.headers.get(signing.HEADER_STATION, "")
        signed_by = getattr(request.state, "signed_by", "")
        kind = _KIND_OF.get(refusal.code, AnomalyKind.REFUSED)
        remote = request.client.host if request.client else ""
        now = self.config.clock()  # one time: the minute counted is the minute recorded
        if not signed_by and not self._keep_unsigned(remote, now):
            return
        try:
            detail = f"{request.method} {request.url.path}: {refusal.code}: {refusal.message}"
            if claimed and not signed_by:  # anyone may claim a station: not held against it
                detail = f"[claimed station {claimed[:100]!r}, not signed by it] " + detail
            self.store.record_anomaly(kind, signed_by, detail, to_micros(now),
                                      seq=_int(refusal.extra.get("seq")), remote=remote)
        except DatabaseUnavailable:
            log.warning("refusal not recorded (database unavailable): %s", refusal.code)

    def _answer(self, status: int, payload: dict) -> JSONResponse:
        return JSONResponse(payload, status_code=status, headers={
            signing.HEADER_SERVICE_TIME: str(to_micros(self.config.clock()))})

    async def time(self, request: Request) -> Response:
        now = self.config.clock()
        return self._answer(200, {"time_us": to_micros(now), "time": iso(now)})

    async def healthz(self, request: Request) -> Response:
        ok = await run_in_threadpool(self.store.healthy)
        return self._answer(200 if ok else 503, {"ok": ok,
                                                 "schema": self.store.schema_version})

    async def status_page(self, request: Request) -> Response:
        from screeningroom.office.status import render_html

        if not self._page_allowed(request):
            return Response(_("The status page needs the office's status password."),
                            status_code=401,
                            headers={"WWW-Authenticate": 'Basic realm="screeningroom office"'})
        try:
            zone = _zone(request.query_params.get("zone", "UTC"))
        except RequestRefused as refusal:
            return Response(refusal.message, status_code=400)
        try:
            rows = await run_in_threadpool(queries.status, self.store, self.config.clock(), zone)
        except DatabaseUnavailable:
            return Response(_("The central registry's database is not reachable."),
                            status_code=503)
        return HTMLResponse(render_html(rows, self.config.clock(), zone))

    def _page_allowed(self, request: Request) -> bool:
        password = self.config.status_password
        header = request.headers.get("authorization", "")
        if not password or not header.lower().startswith("basic "):
            return False
        try:
            _user, _sep, given = base64.b64decode(header[6:]).decode("utf-8").partition(":")
        except (binascii.Error, ValueError):
            return False
        return hmac.compare_digest(given.encode(), password.encode())


def _int(value: object) -> int | None:
    return value if isinstance(value, int) else None


def _zone(name: str) -> Any:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise _refuse(400, "malformed", _("Unknown time zone {zone}.").format(zone=name)
                      ) from None


def _json_body(raw: bytes) -> dict:
    if not raw:
        return {}
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _refuse(400, "malformed", _("The request body is not UTF-8 JSON.")) from None
    if not isinstance(body, dict):
        raise _refuse(400, "malformed", _("The request body is not a JSON object."))
    return body


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise _refuse(413, "oversized", _("The request is larger than {size} bytes.").format(
            size=limit))
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _refuse(413, "oversized", _("The request is larger than {size} bytes.").format(
                size=limit))
        chunks.append(chunk)
    return b"".join(chunks)


def create_app(store: OfficeStore, config: ServiceConfig, *, threads: int = 32) -> Starlette:
    """The ASGI application; ``threads`` bounds the worker threads that run handlers (each
    holds at most one pooled database connection at a time)."""
    import anyio.to_thread

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield

    s = Service(store, config)
    e = s.endpoint
    routes = [
        Route("/healthz", s.healthz, methods=["GET"]),
        Route("/v1/time", s.time, methods=["GET"]),
        Route("/v1/enroll", e(s.enroll, enrolling=True), methods=["POST"]),
        Route("/v1/head", e(s.head), methods=["GET"]),
        Route("/v1/records", e(s.records_in), methods=["POST"]),
        Route("/v1/records", e(s.records_out, reader=True), methods=["GET"]),
        Route("/v1/licenses", e(s.licenses_in), methods=["POST"]),
        Route("/v1/bundles", e(s.bundle_in, max_body=BUNDLE_BODY), methods=["POST"]),
        Route("/v1/bundles", e(s.bundles_out, reader=True), methods=["GET"]),
        Route("/v1/grants", e(s.grant), methods=["POST"]),
        Route("/v1/reports", e(s.report_in), methods=["POST"]),
        Route("/v1/revocations", e(s.revocations_in), methods=["POST"]),
        Route("/v1/revocations", e(s.revocations_out), methods=["GET"]),
        Route("/v1/sessions", e(s.sessions_out, reader=True), methods=["GET"]),
        Route("/v1/stations", e(s.stations_out, reader=True), methods=["GET"]),
        Route("/v1/findings", e(s.findings_out, reader=True), methods=["GET"]),
        Route("/v1/status", e(s.status_out, reader=True), methods=["GET"]),
        Route("/status", s.status_page, methods=["GET"]),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.service = s
    return app
