"""Reading video: the one decode loop of the project (PyAV), and frames given as arrays.

:class:`VideoReader` opens a path or a binary file-like object (``read``/``seek``: e.g. a
decrypting reader) and yields :class:`Frame` values::

    reader = VideoReader(source, pixels=PixelFormat.LUMA, width=384, start=10.0, end=20.0,
                         progress=progress, cancelled=cancelled)
    reader.info            # VideoInfo: size, rate, duration, start time, colour tags
    for frame in reader:   # Frame(t, image, pts)
        ...

- ``t``: seconds since the stream's first frame (its ``start_time``), from the frame's own
  time stamp; where a file's time stamps are missing or do not increase, the nominal frame
  rate fills in (:class:`FrameClock`).
- ``pixels``: :attr:`PixelFormat.LUMA` (the decoder's Y plane, no colour conversion; a
  strided view is copied only when resized), ``BGR`` or ``RGB`` (uint8, H x W x 3).
- ``width`` / ``size``: reduced size (``width``: that width, height by aspect, even;
  ``size``: exactly (w, h)); luma is reduced with area averaging, colour by the scaler.
- ``start`` / ``end``: seconds (stream time); the reader seeks to the key frame before
  ``start`` and drops earlier frames.
- ``progress(done, total)`` in seconds of content; ``cancelled()`` is polled every few
  frames and stops the read with :class:`WatermarkCancelled`.

Unreadable, empty, truncated or non-video input raises :class:`WatermarkInputError`
(a truncated file yields the frames that decoded, then stops).

:func:`iter_luma` is what detection reads: ``(t, luma)`` from a path, a file object or an
iterable of ``(t, BGR / BGRA / grey frame)`` pairs (times then count from the first pair).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from screeningroom_resources.console import Progress
from watermark.errors import N_, WatermarkCancelled, WatermarkInputError

Source = str | os.PathLike[str] | Any  # path, binary file-like (read/seek), or iterable
Cancelled = Callable[[], bool]

_YUV_PLANAR = {"yuv420p", "yuvj420p", "yuv422p", "yuvj422p", "yuv444p", "yuvj444p", "nv12",
               "nv21", "gray"}
_POLL_EVERY = 8  # frames between cancel checks


class PixelFormat(Enum):
    LUMA = "luma"  # uint8 (H, W): the Y plane as decoded
    BGR = "bgr"  # uint8 (H, W, 3)
    RGB = "rgb"


@dataclass(frozen=True)
class VideoInfo:
    """What the container says about the first video stream."""

    width: int
    height: int
    fps: float  # nominal (average) frame rate
    frames: int  # from the header; 0 when unknown
    duration: float  # seconds; 0.0 when unknown
    start_time: float  # seconds: the stream's first time stamp
    codec: str
    container: str
    has_audio: bool
    pix_fmt: str
    color_range: int  # FFmpeg's AVColorRange (0 unknown, 1 limited, 2 full)
    colorspace: int  # AVColorSpace (matrix)
    color_primaries: int
    color_trc: int


@dataclass(frozen=True, eq=False)
class Frame:
    """One decoded picture: ``t`` seconds since the stream's first frame."""

    t: float
    image: np.ndarray
    pts: int | None = None


def is_file_like(obj: object) -> bool:
    return hasattr(obj, "read") and hasattr(obj, "seek")


def is_container(source: object) -> bool:
    """A path or a binary file object (something PyAV opens), as opposed to frame pairs."""
    return isinstance(source, str | os.PathLike) or is_file_like(source)


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


def y_plane(frame: Any) -> np.ndarray:
    """The Y plane of a decoded PyAV frame as a (possibly strided) uint8 view; other pixel
    formats are converted to grey by the scaler."""
    if frame.format.name in _YUV_PLANAR:
        plane = frame.planes[0]
        buf = np.frombuffer(plane, dtype=np.uint8)
        return buf.reshape(frame.height, plane.line_size)[:, : frame.width]
    return frame.to_ndarray(format="gray")


def reduced_shape(h: int, w: int, width: int | None, size: tuple[int, int] | None
                  ) -> tuple[int, int]:
    """(h, w) after reduction to ``size`` (w, h) or to ``width`` (aspect kept, even sides)."""
    if size is not None:
        return int(size[1]), int(size[0])
    if width and width < w:
        return max(2, round(h * width / w / 2) * 2), int(width)
    return h, w


class FrameClock:
    """Seconds since the first frame from decoder times; where a file's time stamps are
    missing or do not increase, the nominal frame rate (sane values only) fills in."""

    def __init__(self, rate: float, first: float | None = None) -> None:
        self.step = 1.0 / rate if 1.0 <= rate <= 240.0 else 1.0 / 25.0
        self.first = first
        self.last = -math.inf

    def __call__(self, time: float | None) -> float:
        if self.first is None:
            self.first = float(time) if time is not None else 0.0
        t = float(time) - self.first if time is not None else None
        if t is None or t <= self.last:
            t = self.last + self.step if math.isfinite(self.last) else 0.0
        self.last = t
        return t


def _open(source: Any, what: str) -> Any:
    import av

    name = describe(source)
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        if not path.is_file():
            raise WatermarkInputError(N_("No such file: {path}"), path=name)
        if path.stat().st_size == 0:
            raise WatermarkInputError(N_("{name} is empty (zero bytes)."), name=name)
        source = str(path)
    else:
        try:
            source.seek(0)
        except (OSError, ValueError) as exc:
            raise WatermarkInputError(
                N_("{name} is not a readable video ({reason})."), name=name,
                reason=str(exc) or type(exc).__name__,
            ) from None
    try:
        container = av.open(source)
    except (av.FFmpegError, OSError, ValueError, UnicodeDecodeError) as exc:
        raise WatermarkInputError(
            N_("{name} is not a readable video ({reason})."),
            name=name, reason=str(exc).strip() or type(exc).__name__,
        ) from None
    if not container.streams.video:
        container.close()
        raise WatermarkInputError(N_("{name} has no video stream."), name=name)
    return container


def _info(container: Any) -> VideoInfo:
    stream = container.streams.video[0]
    ctx = stream.codec_context
    tb = stream.time_base or Fraction(1, 90000)
    rate = float(stream.average_rate or stream.guessed_rate or 25)
    duration = float(stream.duration * tb) if stream.duration else (
        float(container.duration / 1e6) if container.duration else 0.0)
    frames = int(stream.frames or 0) or (round(duration * rate) if duration else 0)
    start = float(stream.start_time * tb) if stream.start_time is not None else 0.0
    return VideoInfo(
        width=int(ctx.width), height=int(ctx.height), fps=rate, frames=frames,
        duration=duration, start_time=start, codec=ctx.name, container=container.format.name,
        has_audio=bool(container.streams.audio), pix_fmt=str(ctx.pix_fmt or ""),
        color_range=int(getattr(ctx, "color_range", 0) or 0),
        colorspace=int(getattr(ctx, "colorspace", 0) or 0),
        color_primaries=int(getattr(ctx, "color_primaries", 0) or 0),
        color_trc=int(getattr(ctx, "color_trc", 0) or 0),
    )


class VideoReader:
    """Frames of the first video stream of a path or binary file object (see the module)."""

    def __init__(
        self,
        source: Any,
        *,
        what: str = "video",
        pixels: PixelFormat = PixelFormat.LUMA,
        width: int | None = None,
        size: tuple[int, int] | None = None,
        start: float = 0.0,
        end: float | None = None,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> None:
        self.source = source
        self.what = what
        self.pixels = pixels
        self.width = width
        self.size = size
        self.start = max(0.0, float(start))
        self.end = None if end is None else float(end)
        self.progress = progress
        self.cancelled = cancelled
        container = _open(source, what)
        try:
            self.info = _info(container)
        except BaseException:
            container.close()
            raise
        self._opened: Any = container  # used by the first iteration, then reopened

    def __iter__(self) -> Iterator[Frame]:
        for av_frame, t in self.decoded():
            yield Frame(t=t, image=self._image(av_frame), pts=av_frame.pts)

    def decoded(self) -> Iterator[tuple[Any, float]]:
        """The decoded PyAV frames with their times (for callers that re-encode them)."""
        import av

        name = describe(self.source)
        container, self._opened = self._opened or _open(self.source, self.what), None
        with container:
            stream = container.streams.video[0]
            stream.thread_type = "AUTO"
            tb = stream.time_base or Fraction(1, 90000)
            first = float(stream.start_time * tb) if stream.start_time is not None else None
            clock = FrameClock(self.info.fps, first)
            if self.start > 1.0 and first is not None:
                target = first + self.start - 1.0
                try:
                    container.seek(int(target / tb), stream=stream, backward=True)
                except av.FFmpegError:
                    container.seek(0)
            total = (self.end if self.end is not None else self.info.duration) - self.start
            count = 0
            try:
                for frame in container.decode(stream):
                    t = clock(float(frame.pts * tb) if frame.pts is not None else None)
                    if t + 1e-6 < self.start:
                        continue
                    if self.end is not None and t >= self.end - 1e-6:
                        break
                    count += 1
                    if self.cancelled is not None and count % _POLL_EVERY == 1 and (
                        self.cancelled()
                    ):
                        raise WatermarkCancelled(N_("Reading {name} was cancelled."),
                                                 name=name)
                    yield frame, t
                    if self.progress is not None and count % _POLL_EVERY == 0 and total > 0:
                        self.progress(min(t - self.start, total), total)
            except (av.FFmpegError, OSError, ValueError) as exc:
                if count == 0:
                    raise WatermarkInputError(
                        N_("{name} is not a readable video ({reason})."),
                        name=name, reason=str(exc).strip() or type(exc).__name__,
                    ) from None
                # a truncated file: the frames that decoded are used
            if count == 0:
                raise WatermarkInputError(N_("{name} has no decodable video frames."),
                                          name=name)
            if self.progress is not None and total > 0:
                self.progress(total, total)

    def _image(self, frame: Any) -> np.ndarray:
        h, w = reduced_shape(frame.height, frame.width, self.width, self.size)
        if self.pixels is PixelFormat.LUMA:
            y = y_plane(frame)
            if (h, w) == y.shape:
                return np.ascontiguousarray(y)
            return cv2.resize(y, (w, h), interpolation=cv2.INTER_AREA)
        fmt = "bgr24" if self.pixels is PixelFormat.BGR else "rgb24"
        if (h, w) == (frame.height, frame.width):
            return frame.to_ndarray(format=fmt)
        return frame.reformat(width=w, height=h, format=fmt).to_ndarray()


def probe(source: Any, what: str = "video") -> VideoInfo:
    """The :class:`VideoInfo` of a path or file object (header only, nothing decoded)."""
    return VideoReader(source, what=what).info


def iter_luma(source: Source, what: str) -> Iterator[tuple[float, np.ndarray]]:
    """``(t, luma)`` of every frame of ``source``; ``what`` names it in messages."""
    if is_container(source):
        for frame in VideoReader(source, what=what):
            yield frame.t, frame.image
        return
    if not isinstance(source, Iterable):
        raise WatermarkInputError(
            N_("{name}: expected a video path, a binary file object or (t, frame) pairs."),
            name=what,
        )
    first_t: float | None = None
    last_t = 0.0
    count = 0
    for item in source:
        try:
            t, frame = item
            t = float(t)
        except (TypeError, ValueError):
            raise WatermarkInputError(
                N_("{name} must yield (t_seconds, frame) pairs."), name=what
            ) from None
        if not math.isfinite(t):
            raise WatermarkInputError(
                N_("{name}: frame {index} has no finite time ({t})."), name=what,
                index=count + 1, t=t)
        if first_t is None:
            first_t = last_t = t
        if t < last_t:
            raise WatermarkInputError(
                N_("{name}: frame {index} has time {t} s, before the frame ahead of it "
                   "({previous} s): frame times must not go back."),
                name=what, index=count + 1, t=t, previous=last_t)
        last_t = t
        count += 1
        yield t - first_t, luma_of(frame)
    if count == 0:
        raise WatermarkInputError(N_("{name} has no frames."), name=what)


def container_frames(source: Source) -> int:
    """Frames in ``source`` if cheaply known (header of a file, length of a list; else 0)."""
    if isinstance(source, list | tuple):
        return len(source)
    if not is_container(source):
        return 0
    try:
        pos = source.tell() if is_file_like(source) else None
        n = probe(source).frames
        if pos is not None:
            source.seek(pos)
        return n
    except (WatermarkInputError, OSError, ValueError):  # only an estimate for progress
        return 0
