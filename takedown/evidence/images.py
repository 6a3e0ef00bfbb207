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
               size: tuple[int, int] = (900, 380), threshold_label: str = "threshold",
               spans: Sequence[tuple[float, float]] = ()) -> bytes:
    """PNG: the score of each window (a bar over the window's time, a dot at its middle)
    with round axis ticks and the decision threshold as a labelled dashed red line."""
    from takedown.ticks import label, ticks

    w, h = size
    left, right, top, bottom = 64, 24, 44, 58
    img = np.full((h, w, 3), 255, np.uint8)
    t = np.asarray(times, float)
    s = np.asarray(scores, float)
    t_lo = min([*(a for a, _b in spans), float(t.min()) if t.size else 0.0, 0.0])
    t_hi = max([*(b for _a, b in spans), float(t.max()) if t.size else 1.0, 1e-6])
    x_ticks, t_hi = ticks(t_lo, t_hi, 6)
    y_ticks, s_max = ticks(0.0, max(float(s.max()) if s.size else 0.0, threshold) * 1.1, 5)
    x_step = x_ticks[1] - x_ticks[0] if len(x_ticks) > 1 else 1.0
    y_step = y_ticks[1] - y_ticks[0] if len(y_ticks) > 1 else 1.0

    def xy(tx: float, sy: float) -> tuple[int, int]:
        x = left + (w - left - right) * (tx - t_lo) / ((t_hi - t_lo) or 1.0)
        y = h - bottom - (h - top - bottom) * max(sy, 0.0) / (s_max or 1.0)
        return round(x), round(y)

    for (a, b), sy in zip(spans, s, strict=False):
        x0, y0 = xy(a, sy)
        x1, _y = xy(b, 0)
        colour = (200, 230, 205) if sy >= threshold else (200, 220, 245)
        cv2.rectangle(img, (x0 + 1, y0), (x1 - 1, h - bottom - 1), colour, -1)
    for sy in y_ticks:
        y = xy(t_lo, sy)[1]
        cv2.line(img, (left, y), (w - right, y), _GRID, 1)
        text = label(sy, y_step)
        (tw, _th), _b = cv2.getTextSize(text, _FONT, 0.45, 1)
        cv2.putText(img, text, (left - 8 - tw, y + 5), _FONT, 0.45, _INK, 1, cv2.LINE_AA)
    for tx in x_ticks:
        x = xy(tx, 0)[0]
        cv2.line(img, (x, h - bottom), (x, h - bottom + 5), _INK, 1)
        text = label(tx, x_step)
        (tw, _th), _b = cv2.getTextSize(text, _FONT, 0.45, 1)
        cv2.putText(img, text, (x - tw // 2, h - bottom + 22), _FONT, 0.45, _INK, 1,
                    cv2.LINE_AA)
    cv2.rectangle(img, (left, top), (w - right, h - bottom), _INK, 1)
    ty = xy(t_lo, threshold)[1]
    for x in range(left, w - right, 12):
        cv2.line(img, (x, ty), (min(x + 6, w - right), ty), (40, 40, 220), 2)
    (tw, _th), _b = cv2.getTextSize(threshold_label, _FONT, 0.45, 1)
    cv2.putText(img, threshold_label, (w - right - tw - 6, ty - 7), _FONT, 0.45,
                (40, 40, 200), 1, cv2.LINE_AA)
    points = np.array([xy(a, b) for a, b in zip(t, s, strict=True)], np.int32)
    if len(points) > 1:
        cv2.polylines(img, [points], False, (160, 90, 20), 2, cv2.LINE_AA)
    for p in points:
        cv2.circle(img, (int(p[0]), int(p[1])), 4, (160, 90, 20), -1, cv2.LINE_AA)
    cv2.putText(img, title, (left, 20), _FONT, 0.6, _INK, 1, cv2.LINE_AA)
    (tw, _th), _b = cv2.getTextSize(x_label, _FONT, 0.5, 1)
    cv2.putText(img, x_label, ((w - tw) // 2, h - 12), _FONT, 0.5, _INK, 1, cv2.LINE_AA)
    cv2.putText(img, y_label, (8, top - 8), _FONT, 0.45, _INK, 1, cv2.LINE_AA)
    return _png(img)
