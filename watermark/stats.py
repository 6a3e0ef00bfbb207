"""Calibrated decisions: z-score of a codeword against soft symbols, and its p-value.

For soft symbols ``S`` computed without the keyed scrambling signs, the codeword of any
fixed payload is a uniformly random +/-1 vector given ``S``, so by Hoeffding's inequality
``P(<c, S> >= z * |S|) <= exp(-z**2 / 2)`` whatever the content: no assumption on the
picture or the noise. Testing ``H`` payload hypotheses (2**64 for a decoded payload, the
number of candidates for a candidate list) multiplies this bound by ``H``.
"""

from __future__ import annotations

import math

import numpy as np

LN10 = math.log(10.0)


def z_score(code: np.ndarray, soft: np.ndarray) -> float:
    norm = float(np.linalg.norm(soft))
    return float(np.dot(code, soft) / norm) if norm > 0 else 0.0


def log10_p(z: float, hypotheses: float) -> float:
    """log10 of the false-positive bound ``min(1, hypotheses * exp(-z**2/2))`` (z > 0)."""
    if z <= 0:
        return 0.0
    return min(0.0, math.log10(hypotheses) - z * z / (2 * LN10))


def z_needed(p: float, hypotheses: float) -> float:
    """The z-score at which the bound reaches ``p``."""
    return math.sqrt(2 * (math.log(hypotheses) - math.log(p)))
