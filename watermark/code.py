"""Payload code: 64-bit session id -> keyed +/-1 codeword, and soft-decision decoding back.

Chain (all integers big-endian, bits most significant first)::

    payload (64 bits)
      -> diffuse: the bijective 64-bit mixer of MurmurHash3 (fmix64), so that two session
         ids that differ in one bit get unrelated codewords (needed for candidate tests)
      -> + CRC-16/CCITT-FALSE of the 8 diffused bytes  = 80 information bits
      -> convolutional code, rate 1/3, constraint length 7 (generators 133, 171, 165 octal),
         6 zero tail bits                              = 258 coded bits
      -> symbols +1 for 0, -1 for 1, times keyed signs (HMAC-SHA256 of the key)

The diffusion is not secrecy (the key protects the mark through the keyed signs and
patterns); it only keeps codewords of distinct payloads far apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from watermark.errors import N_, WatermarkInputError
from watermark.keys import keyed_signs
from watermark.profile import WatermarkProfile

_MASK64 = (1 << 64) - 1
_C1 = 0xFF51AFD7ED558CCD
_C2 = 0xC4CEB9FE1A85EC53
_C1_INV = pow(_C1, -1, 1 << 64)
_C2_INV = pow(_C2, -1, 1 << 64)


def check_payload(payload: object) -> int:
    if isinstance(payload, bool) or not isinstance(payload, int | np.integer):
        raise WatermarkInputError(N_("The payload must be a 64-bit integer (a session id)."))
    payload = int(payload)
    if not 0 <= payload <= _MASK64:
        raise WatermarkInputError(
            N_("The payload {payload} does not fit in 64 bits."), payload=payload
        )
    return payload


def _mix(x: int, first: int, second: int) -> int:
    """xor-shift, multiply by ``first``, xor-shift, multiply by ``second``, xor-shift (mod
    2^64). A 33-bit xor-shift of a 64-bit word undoes itself, so the same steps with the
    inverse multipliers in reverse order undo the whole mix."""
    x ^= x >> 33
    x = (x * first) & _MASK64
    x ^= x >> 33
    x = (x * second) & _MASK64
    x ^= x >> 33
    return x


def diffuse(x: int) -> int:
    return _mix(x, _C1, _C2)


def undiffuse(x: int) -> int:
    return _mix(x, _C2_INV, _C1_INV)


def crc16(data: bytes) -> int:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor)."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def _int_bits(value: int, n: int) -> np.ndarray:
    return np.array([(value >> (n - 1 - i)) & 1 for i in range(n)], dtype=np.uint8)


def _bits_int(bits: np.ndarray) -> int:
    value = 0
    for b in bits:
        value = (value << 1) | int(b)
    return value


def info_bits(payload: int, profile: WatermarkProfile) -> np.ndarray:
    """The 80 information bits (diffused payload + CRC) of ``payload``."""
    if profile.payload_bits != 64 or profile.crc_bits != 16:
        raise WatermarkInputError(N_("This profile's payload code is not supported."))
    mixed = diffuse(check_payload(payload))
    crc = crc16(mixed.to_bytes(8, "big"))
    return np.concatenate([_int_bits(mixed, 64), _int_bits(crc, 16)])


class _Trellis:
    def __init__(self, k: int, polys: tuple[int, ...]) -> None:
        self.k = k
        self.states = 1 << (k - 1)
        regs = np.arange(2 * self.states)  # reg = (u << (k-1)) | state
        self.out = np.array(
            [[bin(int(r) & g).count("1") & 1 for g in polys] for r in regs], dtype=np.uint8
        ).reshape(2, self.states, len(polys))  # [u, state, j]
        self.sym = (1.0 - 2.0 * self.out).astype(np.float64)


_TRELLIS: dict[tuple[int, tuple[int, ...]], _Trellis] = {}


def _trellis(profile: WatermarkProfile) -> _Trellis:
    key = (profile.constraint_length, profile.polynomials)
    if key not in _TRELLIS:
        _TRELLIS[key] = _Trellis(*key)
    return _TRELLIS[key]


def conv_encode(bits: np.ndarray, profile: WatermarkProfile) -> np.ndarray:
    """Coded bits (0/1) of ``bits`` followed by the zero tail."""
    tr = _trellis(profile)
    tail = np.zeros(profile.constraint_length - 1, dtype=np.uint8)
    state = 0
    out = []
    for u in np.concatenate([bits, tail]):
        out.append(tr.out[int(u), state])
        state = ((int(u) << (tr.k - 1)) | state) >> 1
    return np.concatenate(out).astype(np.uint8)


def viterbi(soft: np.ndarray, profile: WatermarkProfile) -> np.ndarray:
    """Maximum-likelihood information bits from soft symbols (positive means bit 0)."""
    tr = _trellis(profile)
    n_out = len(profile.polynomials)
    steps = soft.shape[0] // n_out
    soft = np.asarray(soft, dtype=np.float64).reshape(steps, n_out)
    half = tr.states // 2
    metric = np.full(tr.states, -np.inf)
    metric[0] = 0.0
    choice = np.zeros((steps, tr.states), dtype=np.uint8)  # which predecessor (0/1)
    for i in range(steps):
        branch = tr.sym @ soft[i]  # [u, state]
        cand = metric[None, :] + branch  # [u, state]
        # next state = (u << (k-2)) | (state >> 1): predecessors 2m and 2m+1
        pair = cand.reshape(2, half, 2)
        pick = np.argmax(pair, axis=2)
        metric = np.take_along_axis(pair, pick[..., None], axis=2)[..., 0].reshape(-1)
        choice[i] = pick.reshape(-1)
    state = 0  # the zero tail ends in state 0
    bits = np.zeros(steps, dtype=np.uint8)
    for i in range(steps - 1, -1, -1):
        u = state >> (tr.k - 2)
        m = state & (half - 1)
        bits[i] = u
        state = 2 * m + int(choice[i, state])
    return bits[: steps - (profile.constraint_length - 1)]


def scramble(key: bytes, profile: WatermarkProfile) -> np.ndarray:
    return keyed_signs(key, f"{profile.ident}/scramble", profile.coded_bits)


def codeword(payload: int, key: bytes, profile: WatermarkProfile) -> np.ndarray:
    """The keyed +/-1 codeword (float32, ``profile.coded_bits`` long) carrying ``payload``."""
    coded = conv_encode(info_bits(payload, profile), profile)
    return (1.0 - 2.0 * coded.astype(np.float32)) * scramble(key, profile)


_GENERATORS: dict[tuple[int, tuple[int, ...], int], np.ndarray] = {}


def _generator(profile: WatermarkProfile) -> np.ndarray:
    """The code's generator matrix over GF(2), (coded_bits, info_bits): the code is
    linear (zero start, zero tail), so each column is the encoding of one unit vector."""
    ident = (profile.constraint_length, profile.polynomials, profile.info_bits)
    g = _GENERATORS.get(ident)
    if g is None:
        eye = np.eye(profile.info_bits, dtype=np.uint8)
        g = np.stack([conv_encode(e, profile) for e in eye], axis=1).astype(np.int64)
        _GENERATORS[ident] = g
    return g


def codewords(payloads: Sequence[int], key: bytes, profile: WatermarkProfile) -> np.ndarray:
    """:func:`codeword` of many payloads at once, ``(len(payloads), coded_bits)`` float32
    (one product with the generator matrix instead of one encoder run each)."""
    if not len(payloads):
        return np.zeros((0, profile.coded_bits), np.float32)
    info = np.stack([info_bits(p, profile) for p in payloads]).astype(np.int64)
    coded = (info @ _generator(profile).T) & 1
    return (1.0 - 2.0 * coded.astype(np.float32)) * scramble(key, profile)[None, :]


@dataclass(frozen=True)
class Decoded:
    """What the soft decoder made of a vector of soft symbols."""

    payload: int | None  # None when the CRC does not match
    bit_errors: int  # coded symbols whose hard decision disagrees with the decoded codeword


def decode(soft: np.ndarray, key: bytes, profile: WatermarkProfile) -> Decoded:
    """Viterbi-decode keyed soft symbols; check the CRC; count corrected symbol errors."""
    unscrambled = np.asarray(soft, dtype=np.float64) * scramble(key, profile)
    bits = viterbi(unscrambled, profile)
    mixed = _bits_int(bits[:64])
    crc = _bits_int(bits[64:])
    recoded = 1.0 - 2.0 * conv_encode(bits, profile).astype(np.float64)
    errors = int(np.count_nonzero(np.sign(unscrambled) != recoded))
    if crc16(mixed.to_bytes(8, "big")) != crc:
        return Decoded(payload=None, bit_errors=errors)
    return Decoded(payload=undiffuse(mixed), bit_errors=errors)
