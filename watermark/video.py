"""Reading frames for detection: a path, a binary file-like object, or (t, frame) pairs.

Everything is turned into ``(t, luma)`` pairs: ``t`` in seconds since the first frame,
``luma`` a uint8 (H, W) plane (the decoder's Y plane for files, BGR->gray for arrays).
Unreadable, empty, truncated or non-video input raises :class:`WatermarkInputError`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from watermark.errors import N_, WatermarkInputError

Source = str | os.PathLike[str] | Any  # path, binary file-like (read/seek), or iterable


def _is_file_like(obj: object) -> bool:
    return hasattr(obj, "read") and hasattr(obj, "seek")


def describe(source: object) -> str:
    if isinstance(source, str | os.PathLike):
        return str(source)
    return getattr(source, "name", None) or type(source).__name__


def luma_of(frame: np.ndarray) -> np.ndarray:
    """uint8 luma of a BGR (H, W, 3), BGRA (H, W, 4) or gray (H, W) uint8 array."""
    if not isinstance(frame, np.ndarray) or frame.dtype != np.uint8:
        raise WatermarkInputError(N_("Frames must be uint8 numpy arrays (BGR or gray)."))
    if frame.ndim == 2:
        return frame
    if frame.ndim == 3 and frame.shape[2] == 3:
        return cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    if frame.ndim == 3 and frame.shape[2] == 4:
        return cv2.cvtColor(frame, cv2.COLOR_BGRA2GRAY)
    raise WatermarkInputError(
        N_("A frame of shape {shape} is neither BGR nor gray."), shape=str(frame.shape)
    )


def _y_plane(frame: Any) -> np.ndarray:
    fmt = frame.format.name
    if fmt in {"yuv420p", "yuvj420p", "yuv422p", "yuvj422p", "yuv444p", "yuvj444p", "nv12"}:
        plane = frame.planes[0]
        buf = np.frombuffer(plane, dtype=np.uint8)
        return buf.reshape(frame.height, plane.line_size)[:, : frame.width]
    return frame.to_ndarray(format="gray")


def estimate_frames(source: object) -> int:
    """Frames in ``source`` if cheaply known (0 when not)."""
    if isinstance(source, list | tuple):
        return len(source)
    return 0


def iter_luma(source: Source, what: str) -> Iterator[tuple[float, np.ndarray]]:
    """``(t, luma)`` of every frame of ``source``; ``what`` names it in messages."""
    if isinstance(source, str | os.PathLike) or _is_file_like(source):
        yield from _iter_container(source, what)
        return
    if not isinstance(source, Iterable):
        raise WatermarkInputError(
            N_("{name}: expected a video path, a binary file object or (t, frame) pairs."),
            name=what,
        )
    first_t: float | None = None
    count = 0
    for item in source:
        try:
            t, frame = item
            t = float(t)
        except (TypeError, ValueError):
            raise WatermarkInputError(
                N_("{name} must yield (t_seconds, frame) pairs."), name=what
            ) from None
        if first_t is None:
            first_t = t
        count += 1
        yield t - first_t, luma_of(frame)
    if count == 0:
        raise WatermarkInputError(N_("{name} has no frames."), name=what)


def _iter_container(source: Any, what: str) -> Iterator[tuple[float, np.ndarray]]:
    import av

    name = describe(source)
    if isinstance(source, str | os.PathLike) and not Path(source).is_file():
        raise WatermarkInputError(N_("No such file: {path}"), path=name)
    try:
        container = av.open(source if not isinstance(source, os.PathLike) else str(source))
    except (av.FFmpegError, OSError, ValueError) as exc:
        raise WatermarkInputError(
            N_("{name} is not a readable video ({reason})."),
            name=name, reason=str(exc).strip() or type(exc).__name__,
        ) from None
    with container:
        if not container.streams.video:
            raise WatermarkInputError(
                N_("{name} has no video stream."), name=name
            )
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        clock = FrameClock(float(stream.average_rate or 25))
        count = 0
        try:
            for frame in container.decode(stream):
                count += 1
                yield clock(frame.time), _y_plane(frame)
        except (av.FFmpegError, OSError, ValueError) as exc:
            if count == 0:
                raise WatermarkInputError(
                    N_("{name} is not a readable video ({reason})."),
                    name=name, reason=str(exc).strip() or type(exc).__name__,
                ) from None
            # a truncated file: use the frames that decoded
        if count == 0:
            raise WatermarkInputError(
                N_("{name} has no decodable video frames."), name=name
            )


class FrameClock:
    """Seconds since the first frame from decoder times; where a file's time stamps are
    missing or do not increase, the nominal frame rate (sane values only) fills in."""

    def __init__(self, rate: float) -> None:
        self.step = 1.0 / rate if 1.0 <= rate <= 240.0 else 1.0 / 25.0
        self.first: float | None = None
        self.last = 0.0

    def __call__(self, time: float | None) -> float:
        if self.first is None:
            self.first = float(time) if time is not None else 0.0
            return 0.0
        t = float(time) - self.first if time is not None else None
        if t is None or t <= self.last:
            t = self.last + self.step
        self.last = t
        return t


def container_frames(source: Source) -> int:
    """Frame count of a file from its header (0 when unknown or not a file)."""
    if not (isinstance(source, str | os.PathLike) or _is_file_like(source)):
        return estimate_frames(source)
    import av

    try:
        pos = source.tell() if _is_file_like(source) else None
        with av.open(source if not isinstance(source, os.PathLike) else str(source)) as c:
            s = c.streams.video[0] if c.streams.video else None
            n = int(s.frames or 0) if s is not None else 0
            if not n and s is not None and s.duration and s.average_rate:
                n = int(float(s.duration * s.time_base) * float(s.average_rate))
        if pos is not None:
            source.seek(pos)
        return n
    except Exception:  # only an estimate for the progress bar
        return 0
