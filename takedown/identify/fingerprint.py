"""The content fingerprint of a film or clip: one small vector per sample, taken at a fixed
rate in time, after the borders (letterbox, pillar bars) are removed.

Each vector holds the lowest 2-D DCT coefficients of the grey picture's content area (the
DC term dropped, then scaled to unit length): coarse spatial structure that survives
re-encoding, downscaling, slight cropping, blur, brightness and contrast changes and
camcording. The order of the vectors in time is the temporal signature; the search
(:mod:`takedown.identify.search`) correlates whole sequences, so one frame never decides.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import cv2
import numpy as np

RATE = 4.0  # samples per second of content
GRID = 32  # the content area is resized to GRID x GRID before the DCT
KEEP = 6  # the KEEP x KEEP lowest DCT coefficients are kept, the DC term dropped
DIM = KEEP * KEEP - 1
_BORDER_FLAT = 6.0  # grey levels: a border row/column is flat in space and time
_MAX_BORDER = 0.35  # at most this share of a side is taken as border
_BAR_LEVEL = 48.0  # bars are black (or near it after encoding and scaling)


@dataclass(frozen=True)
class ContentBox:
    """The content area inside the bars, as fractions of the frame (top, bottom, left, right)."""

    top: float
    bottom: float
    left: float
    right: float


def content_box(frames: Sequence[np.ndarray]) -> ContentBox:
    """Find uniform, unchanging bars at the edges of ``frames`` (grey, same size)."""
    if not frames:
        return ContentBox(0.0, 1.0, 0.0, 1.0)
    pick = frames[:: max(1, len(frames) // 64)]
    stack = np.stack([f.astype(np.float32) for f in pick])  # n h w
    rows, row_level = _flat_lines(stack, axis=2)  # per row
    cols, col_level = _flat_lines(stack, axis=1)  # per column
    h, w = stack.shape[1:]
    top, bottom = _edge_run(rows, row_level), _edge_run(rows[::-1], row_level[::-1])
    left, right = _edge_run(cols, col_level), _edge_run(cols[::-1], col_level[::-1])
    top, bottom = min(top, int(h * _MAX_BORDER)), min(bottom, int(h * _MAX_BORDER))
    left, right = min(left, int(w * _MAX_BORDER)), min(right, int(w * _MAX_BORDER))
    return ContentBox(top / h, (h - bottom) / h, left / w, (w - right) / w)


def _flat_lines(stack: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """Per line (row or column): flat in space and unchanging in time; and its mean level."""
    spatial = stack.std(axis=axis).max(axis=0)  # worst frame's spread along the line
    means = stack.mean(axis=axis)
    flat = (spatial < _BORDER_FLAT) & (means.std(axis=0) < _BORDER_FLAT)
    return flat, means.mean(axis=0)


def _edge_run(flat: np.ndarray, level: np.ndarray) -> int:
    """Lines from the edge inwards that are flat, dark and of one level (a bar, not a
    gradient of sky)."""
    run = 0
    for value, lvl in zip(flat, level, strict=True):
        if not value or lvl > _BAR_LEVEL or abs(lvl - level[0]) > _BORDER_FLAT:
            break
        run += 1
    # a bar edge blurred by scaling leaves a line or two that are not quite flat
    return run + 1 if run else 0


def describe(frame: np.ndarray, box: ContentBox) -> np.ndarray:
    """The unit vector (DIM,) of one grey frame's content area."""
    h, w = frame.shape[:2]
    y0, y1 = round(box.top * h), max(round(box.bottom * h), round(box.top * h) + 2)
    x0, x1 = round(box.left * w), max(round(box.right * w), round(box.left * w) + 2)
    area = frame[y0:y1, x0:x1].astype(np.float32)
    small = cv2.resize(area, (GRID, GRID), interpolation=cv2.INTER_AREA)
    coeffs = cv2.dct(small)[:KEEP, :KEEP].reshape(-1)[1:]
    norm = float(np.linalg.norm(coeffs))
    if norm < 1e-3:  # a flat picture (black, fade): no structure to compare
        return np.zeros(DIM, np.float32)
    return (coeffs / norm).astype(np.float32)


def fingerprint(frames: Iterable[tuple[float, np.ndarray]]) -> tuple[np.ndarray, ContentBox]:
    """Vectors (n DIM) of grey frames sampled at :data:`RATE`, and the content box used."""
    images = [image for _t, image in frames]
    box = content_box(images)
    if not images:
        return np.zeros((0, DIM), np.float32), box
    return np.stack([describe(image, box) for image in images]), box
