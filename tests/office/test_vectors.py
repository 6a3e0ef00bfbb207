"""The signed-request bytes of docs/registry-service.md, pinned by tests/vectors/office/.

Regenerate (only when the format changes on purpose) with
``.venv/bin/python tests/office/test_vectors.py``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import sys
from pathlib import Path

from signers import SeedSigner

from screeningroom.office.signing import request_bytes, sign_request

VECTORS = Path(__file__).resolve().parent.parent / "vectors" / "office" / "requests.json"
SEED = bytes(range(32))
CASES = (
    ("POST", "/v1/records", "st-0123456789abcdef", 1_764_583_200_000_000,
     "00112233445566778899aabbccddeeff", b'{"records":[]}'),
    ("GET", "/v1/sessions?film_id=F%C3%961&session_id=ffffffffffffffff",
     "st-0123456789abcdef", 1_764_583_260_123_456, "ffeeddccbbaa99887766554433221100", b""),
)


def make() -> dict:
    signer = SeedSigner(SEED, "st-0123456789abcdef")
    out = []
    for method, target, station, time_us, nonce, body in CASES:
        headers = sign_request(signer, method, target, body, time_us=time_us, nonce=nonce)
        out.append({"method": method, "target": target, "station": station, "time_us": time_us,
                    "nonce": nonce, "body_b64": base64.b64encode(body).decode(),
                    "signed_bytes_hex": request_bytes(method, target, station, time_us, nonce,
                                                      body).hex(),
                    "headers": headers})
    return {"key_seed_hex": SEED.hex(), "public_key_hex": signer.signing_public_key.hex(),
            "requests": out}


def test_request_signatures_match_the_vectors() -> None:
    assert json.loads(VECTORS.read_text(encoding="utf-8")) == make()


def test_the_signed_bytes_are_as_documented() -> None:
    first = json.loads(VECTORS.read_text(encoding="utf-8"))["requests"][0]
    body_hash = hashlib.sha256(b'{"records":[]}').hexdigest().encode()
    expected = (b"SRREQ\x01POST\n/v1/records\nst-0123456789abcdef\n1764583200000000\n"
                b"00112233445566778899aabbccddeeff\n" + body_hash)
    assert bytes.fromhex(first["signed_bytes_hex"]) == expected


if __name__ == "__main__":
    VECTORS.parent.mkdir(parents=True, exist_ok=True)
    VECTORS.write_text(json.dumps(make(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    sys.exit(0)
