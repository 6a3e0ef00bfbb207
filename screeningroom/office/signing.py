"""Signed requests between a station (or desk) and the central registry.

Every request but ``GET /v1/time`` and ``GET /healthz`` carries four headers::

    X-SR-Station    the station id
    X-SR-Time       the signer's time, whole microseconds since 1970 UTC (decimal)
    X-SR-Nonce      32 lower-case hex digits, random, never reused
    X-SR-Signature  base64 of the Ed25519 signature of the bytes below

and the station signs, with its audit-log key (the one its certificate holds)::

    b"SRREQ\\x01" + b"\\n".join([METHOD, TARGET, STATION, TIME, NONCE, SHA256HEX(BODY)])

``TARGET`` is the path and query as sent (``/v1/records``, ``/v1/sessions?film_id=F1``).
The service refuses a request whose time is more than :data:`WINDOW_US` from its own clock
or whose (station, nonce) it has seen; nonces are remembered for twice the window. Every
answer carries ``X-SR-Service-Time`` so a station whose clock is off can sign with the
service's time (and the skew is recorded as a clock jump). Documented in
docs/registry-service.md.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets

from screeningroom.registry.model import Signer

MAGIC = b"SRREQ\x01"
HEADER_STATION = "x-sr-station"
HEADER_TIME = "x-sr-time"
HEADER_NONCE = "x-sr-nonce"
HEADER_SIGNATURE = "x-sr-signature"
HEADER_SERVICE_TIME = "x-sr-service-time"
WINDOW_US = 300 * 1_000_000
NONCE_RE = re.compile(r"[0-9a-f]{32}")
STATION_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,99}")


def request_bytes(method: str, target: str, station_id: str, time_us: int, nonce: str,
                  body: bytes) -> bytes:
    parts = (method.upper(), target, station_id, str(int(time_us)), nonce,
             hashlib.sha256(body).hexdigest())
    return MAGIC + "\n".join(parts).encode("utf-8")


def new_nonce() -> str:
    return secrets.token_hex(16)


def sign_request(signer: Signer, method: str, target: str, body: bytes, *, time_us: int,
                 nonce: str | None = None) -> dict[str, str]:
    """The headers that make ``method target body`` a signed request of ``signer``."""
    nonce = nonce or new_nonce()
    data = request_bytes(method, target, signer.station_id, time_us, nonce, body)
    return {
        HEADER_STATION: signer.station_id,
        HEADER_TIME: str(int(time_us)),
        HEADER_NONCE: nonce,
        HEADER_SIGNATURE: base64.b64encode(signer.sign(data)).decode("ascii"),
    }
