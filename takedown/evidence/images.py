"""The pictures of the evidence: matched frame pairs (clip beside master) and the plot of
the detection score over the clip's time, drawn with OpenCV and kept as PNG bytes."""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

PAIR_HEIGHT = 270
_FONT = cv2.FONT_HERSHEY_SIMPLEX
_INK = (30, 30, 30)
_GRID = (215, 215, 215)


def _png(image: np.ndarray) -> bytes:
    ok, data = cv2.imencode(".png", image)
    if not ok:  # pragma: no cover - OpenCV cannot fail on a uint8 BGR image
        raise RuntimeError("PNG encoding failed")
    return data.tobytes()


def _fit(rgb: np.ndarray, height: int) -> np.ndarray:
    h, w = rgb.shape[:2]
    width = max(2, round(w * height / h))
    return cv2.resize(rgb, (width, height), interpolation=cv2.INTER_AREA)


def frame_pair(clip_rgb: np.ndarray, master_rgb: np.ndarray, clip_label: str,
               master_label: str) -> bytes:
    """PNG: the clip frame (left) and the master frame it matches (right), labelled."""
    left, right = _fit(clip_rgb, PAIR_HEIGHT), _fit(master_rgb, PAIR_HEIGHT)
    gap = np.full((PAIR_HEIGHT, 8, 3), 255, np.uint8)
    body = np.concatenate([left, gap, right], axis=1)
    band = np.full((28, body.shape[1], 3), 255, np.uint8)
    cv2.putText(band, clip_label, (6, 20), _FONT, 0.5, _INK, 1, cv2.LINE_AA)
    cv2.putText(band, master_label, (left.shape[1] + 14, 20), _FONT, 0.5, _INK, 1, cv2.LINE_AA)
    return _png(cv2.cvtColor(np.concatenate([band, body], axis=0), cv2.COLOR_RGB2BGR))


def score_plot(times: Sequence[float], scores: Sequence[float], threshold: float,
               title: str, y_label: str = "-log10 p", x_label: str = "clip time (s)",
               size: tuple[int, int] = (900, 360)) -> bytes:
    """PNG: the score at each time with the decision threshold as a dashed red line."""
    w, h = size
    left, right, top, bottom = 70, 20, 40, 50
    img = np.full((h, w, 3), 255, np.uint8)
    t = np.asarray(times, float)
    s = np.asarray(scores, float)
    t_max = float(t.max()) if t.size else 1.0
    t_max = t_max if t_max > 0 else 1.0
    s_max = max(float(s.max()) if s.size else 0.0, threshold) * 1.15 or 1.0

    def xy(tx: float, sy: float) -> tuple[int, int]:
        x = left + (w - left - right) * tx / t_max
        y = h - bottom - (h - top - bottom) * max(sy, 0.0) / s_max
        return round(x), round(y)

    for k in range(6):
        sy = s_max * k / 5
        y = xy(0, sy)[1]
        cv2.line(img, (left, y), (w - right, y), _GRID, 1)
        cv2.putText(img, f"{sy:.0f}", (8, y + 4), _FONT, 0.4, _INK, 1, cv2.LINE_AA)
    for k in range(6):
        tx = t_max * k / 5
        x = xy(tx, 0)[0]
        cv2.putText(img, f"{tx:.0f}", (x - 8, h - bottom + 18), _FONT, 0.4, _INK, 1, cv2.LINE_AA)
    cv2.rectangle(img, (left, top), (w - right, h - bottom), _INK, 1)
    ty = xy(0, threshold)[1]
    for x in range(left, w - right, 12):
        cv2.line(img, (x, ty), (min(x + 6, w - right), ty), (40, 40, 220), 1)
    points = np.array([xy(a, b) for a, b in zip(t, s, strict=True)], np.int32)
    if len(points) > 1:
        cv2.polylines(img, [points], False, (160, 90, 20), 2, cv2.LINE_AA)
    for p in points:
        cv2.circle(img, (int(p[0]), int(p[1])), 3, (160, 90, 20), -1, cv2.LINE_AA)
    cv2.putText(img, title, (left, 26), _FONT, 0.55, _INK, 1, cv2.LINE_AA)
    cv2.putText(img, x_label, (w // 2 - 40, h - 10), _FONT, 0.45, _INK, 1, cv2.LINE_AA)
    cv2.putText(img, y_label, (8, top - 10), _FONT, 0.45, _INK, 1, cv2.LINE_AA)
    return _png(img)
