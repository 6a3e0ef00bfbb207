"""Null-hypothesis helpers for the watermark benchmark: segments of key-independent
features, the null-score plot (empirical tail of the z-score of random codewords against
the normal tail and the Hoeffding bound used for the p-value)."""

from __future__ import annotations

import math

import cv2
import numpy as np

from watermark.features import Features


def segments(f: Features, seconds: float = 3.0, hop: float = 1.0) -> list[Features]:
    """Overlapping windows of a clip's features."""
    t = f.clip_times
    out = []
    start = float(t[0])
    while start + seconds <= float(t[-1]) + 1e-6:
        seg = f.window(start, start + seconds)
        if seg.frames >= 8:
            out.append(seg)
        start += hop
    return out


def tail_plot(z: np.ndarray, path: str, title: str) -> None:
    """log10 P(Z >= z): empirical (dots) vs N(0,1) (green) vs exp(-z^2/2) (red)."""
    w, h, m = 900, 600, 70
    img = np.full((h, w, 3), 255, np.uint8)
    zmax, ymin = 6.0, -8.0

    def xy(zz: float, ly: float) -> tuple[int, int]:
        return (int(m + (w - 2 * m) * zz / zmax), int(m + (h - 2 * m) * ly / ymin))

    for k in range(0, int(-ymin) + 1):
        cv2.line(img, xy(0, -k), xy(zmax, -k), (225, 225, 225), 1)
        cv2.putText(img, f"1e-{k}", (5, xy(0, -k)[1] + 5), cv2.FONT_HERSHEY_SIMPLEX, 0.45,
                    (0, 0, 0), 1)
    for k in range(0, int(zmax) + 1):
        cv2.line(img, xy(k, 0), xy(k, ymin), (225, 225, 225), 1)
        cv2.putText(img, str(k), (xy(k, ymin)[0] - 5, h - m + 25), cv2.FONT_HERSHEY_SIMPLEX,
                    0.5, (0, 0, 0), 1)
    zs = np.linspace(0, zmax, 200)
    gauss = [math.log10(max(0.5 * math.erfc(v / math.sqrt(2)), 1e-300)) for v in zs]
    hoeff = [-(v * v) / (2 * math.log(10)) for v in zs]
    for curve, colour in ((gauss, (0, 150, 0)), (hoeff, (0, 0, 220))):
        pts = np.array([xy(a, max(b, ymin)) for a, b in zip(zs, curve, strict=True)], np.int32)
        cv2.polylines(img, [pts], False, colour, 2)
    zsorted = np.sort(z)[::-1]
    n = len(zsorted)
    for i, v in enumerate(zsorted[: min(n, 5000)]):
        if v > 0:
            cv2.circle(img, xy(min(v, zmax), math.log10((i + 1) / n)), 2, (0, 0, 0), -1)
    cv2.putText(img, title, (m, 30), cv2.FONT_HERSHEY_SIMPLEX, 0.6, (0, 0, 0), 1)
    cv2.putText(img, "dots: empirical P(Z>=z), " + f"{n} null scores", (m, 52),
                cv2.FONT_HERSHEY_SIMPLEX, 0.5, (0, 0, 0), 1)
    cv2.putText(img, "green: normal tail   red: exp(-z^2/2) (bound used)", (w - 470, 52),
                cv2.FONT_HERSHEY_SIMPLEX, 0.5, (0, 0, 200), 1)
    cv2.putText(img, "z", (w - m + 15, h - m + 5), cv2.FONT_HERSHEY_SIMPLEX, 0.6, (0, 0, 0), 1)
    cv2.imwrite(path, img)
