"""A longer "film" for the watermark benchmark: the shared clips one after another, each
boxed into one frame size at 25 fps, plus streamed helpers to write marked or attacked
copies of it without holding it in memory.

The reel is real footage of varied kinds (animation, night, hard cuts, hand-held portrait
with bars): it gives excerpts of 30 s and more, and a master long enough for the index's
search to matter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np

from watermark.video import VideoReader

Frames = Iterable[tuple[float, np.ndarray]]


def boxed(y: np.ndarray, w: int, h: int) -> np.ndarray:
    """``y`` scaled to fit (w, h), centred on black (luma 16)."""
    ih, iw = y.shape
    s = min(w / iw, h / ih)
    nw, nh = max(2, round(iw * s / 2) * 2), max(2, round(ih * s / 2) * 2)
    small = cv2.resize(y, (nw, nh), interpolation=cv2.INTER_AREA if s < 1 else
                       cv2.INTER_LINEAR)
    out = np.full((h, w), 16, np.uint8)
    y0, x0 = (h - nh) // 2, (w - nw) // 2
    out[y0 : y0 + nh, x0 : x0 + nw] = small
    return out


def reel_frames(clips: list[Path], w: int, h: int, fps: float = 25.0
                ) -> Iterator[tuple[float, np.ndarray]]:
    """The clips one after another at ``fps`` (each output instant shows the latest frame
    of its clip), boxed to (w, h)."""
    t0 = 0.0
    for clip in clips:
        frames = [(f.t, f.image) for f in VideoReader(clip)]
        times = np.array([t for t, _ in frames])
        n = int(times[-1] * fps) + 1
        for i in range(n):
            j = int(np.searchsorted(times, i / fps + 1e-6) - 1)
            yield t0 + i / fps, boxed(frames[max(j, 0)][1], w, h)
        t0 += n / fps


def write(frames: Frames, path: Path, fps: float, crf: int = 12,
          size: tuple[int, int] | None = None, transform: Callable | None = None) -> int:
    """Encode (t, luma) frames to ``path`` (H.264, grey chroma), optionally scaled to
    ``size`` (w, h) and transformed per frame (``transform(t, y) -> y``)."""
    count = 0
    with av.open(str(path), "w") as c:
        s = None
        for i, (t, y) in enumerate(frames):
            if transform is not None:
                y = transform(t, y)
            if size is not None and (y.shape[1], y.shape[0]) != size:
                y = cv2.resize(y, size, interpolation=cv2.INTER_AREA if size[1] < y.shape[0]
                               else cv2.INTER_LINEAR)
            if s is None:
                s = c.add_stream("libx264", rate=Fraction(fps).limit_denominator(1001))
                s.width, s.height, s.pix_fmt = y.shape[1], y.shape[0], "yuv420p"
                s.options = {"crf": str(crf), "preset": "veryfast"}
            img = np.concatenate([y, np.full((y.shape[0] // 2, y.shape[1]), 128, np.uint8)])
            f = av.VideoFrame.from_ndarray(img, format="yuv420p")
            f.pts = i
            c.mux(s.encode(f))
            count += 1
        if s is not None:
            c.mux(s.encode(None))
    return count


def read(path: Path, start: float = 0.0, end: float | None = None
         ) -> list[tuple[float, np.ndarray]]:
    return [(f.t, f.image) for f in VideoReader(path, start=start, end=end)]
