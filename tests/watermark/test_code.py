"""The payload code: diffusion, CRC, convolutional code, Viterbi, keyed codeword."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from watermark.code import (
    codeword,
    conv_encode,
    crc16,
    decode,
    diffuse,
    info_bits,
    undiffuse,
)
from watermark.errors import WatermarkInputError
from watermark.profile import DEFAULT_PROFILE as P

VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "watermark" / "payload_code.json"
KEY = bytes(range(32))


def _hexbits(bits: np.ndarray) -> str:
    pad = np.concatenate([bits.astype(np.uint8), np.zeros((-len(bits)) % 8, np.uint8)])
    return np.packbits(pad).tobytes().hex()


def test_crc_is_ccitt_false() -> None:
    assert crc16(b"123456789") == 0x29B1


@pytest.mark.parametrize("x", [0, 1, 2**63, 2**64 - 1, 0x0123456789ABCDEF])
def test_diffusion_is_a_bijection(x: int) -> None:
    assert undiffuse(diffuse(x)) == x


def test_neighbouring_payloads_get_far_apart_codewords() -> None:
    a, b = codeword(1000, KEY, P), codeword(1001, KEY, P)
    assert np.count_nonzero(a != b) > P.coded_bits // 4


def test_checked_in_vectors() -> None:
    doc = json.loads(VECTORS.read_text())
    key = bytes.fromhex(doc["key"])
    assert doc["coded_bits"] == P.coded_bits
    for case in doc["cases"]:
        payload = int(case["payload"], 16)
        assert f"{diffuse(payload):016x}" == case["diffused"]
        assert f"{crc16(diffuse(payload).to_bytes(8, 'big')):04x}" == case["crc16"]
        assert _hexbits(conv_encode(info_bits(payload, P), P)) == case["coded_bits"]
        cw = codeword(payload, key, P)
        assert _hexbits(cw < 0) == case["keyed_codeword_negative_bits"]
        assert decode(cw, key, P).payload == payload


def test_round_trip_with_symbol_errors_and_noise() -> None:
    rng = np.random.default_rng(5)
    for _ in range(20):
        payload = int(rng.integers(0, 2**63)) * 2 + 1
        cw = codeword(payload, KEY, P).astype(np.float64)
        soft = cw + rng.normal(0, 0.8, cw.shape)  # about 11 % raw symbol errors
        d = decode(soft, KEY, P)
        assert d.payload == payload
        assert d.bit_errors == np.count_nonzero(np.sign(soft) != cw)


def test_crc_rejects_garbage_and_wrong_key() -> None:
    rng = np.random.default_rng(6)
    garbage = [decode(rng.normal(size=P.coded_bits), KEY, P).payload for _ in range(50)]
    assert garbage.count(None) >= 48
    cw = codeword(77, KEY, P)
    assert decode(cw, bytes(32), P).payload != 77


def test_deterministic_under_a_fixed_key() -> None:
    assert np.array_equal(codeword(42, KEY, P), codeword(42, KEY, P))
    assert not np.array_equal(codeword(42, KEY, P), codeword(42, bytes(32), P))


@pytest.mark.parametrize("bad", [-1, 2**64, "12", 1.5, True])
def test_bad_payloads_are_refused(bad: object) -> None:
    with pytest.raises(WatermarkInputError):
        codeword(bad, KEY, P)  # type: ignore[arg-type]


def test_codewords_of_many_payloads_equal_one_by_one() -> None:
    from watermark.code import codewords

    payloads = [0, 1, 2**63, 2**64 - 1, 0x0123456789ABCDEF, 0x5EC0DE5EC0DE0042]
    many = codewords(payloads, KEY, P)
    assert many.shape == (len(payloads), P.coded_bits)
    for row, payload in zip(many, payloads, strict=True):
        assert np.array_equal(row, codeword(payload, KEY, P))
    assert codewords([], KEY, P).shape == (0, P.coded_bits)
