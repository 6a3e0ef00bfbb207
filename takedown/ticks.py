"""Axis ticks people read easily (1, 2 or 5 times a power of ten), for every plot the desk
draws (the evidence's score plot and the window's)."""

from __future__ import annotations

import math


def nice_step(span: float, count: int = 5) -> float:
    """A step of 1, 2 or 5 x 10^k giving about ``count`` intervals over ``span``."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / max(1, count)
    power = 10.0 ** math.floor(math.log10(raw))
    for m in (1.0, 2.0, 5.0, 10.0):
        if m * power >= raw - 1e-12:
            return m * power
    return 10.0 * power


def ticks(lo: float, hi: float, count: int = 5) -> tuple[list[float], float]:
    """Tick values covering ``lo``..``hi`` (the axis is extended to whole steps) and the
    upper end of the axis."""
    step = nice_step(hi - lo, count)
    start = math.floor(lo / step + 1e-9) * step
    top = math.ceil(hi / step - 1e-9) * step
    n = round((top - start) / step)
    return [round(start + k * step, 10) for k in range(n + 1)], top


def label(value: float, step: float) -> str:
    """``value`` with as many decimals as ``step`` needs."""
    decimals = max(0, -math.floor(math.log10(step) + 1e-9)) if step < 1 else 0
    return f"{value:.{decimals}f}"
