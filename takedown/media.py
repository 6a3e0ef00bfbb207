"""Reading clips and masters with PyAV: probing a file (every packet, no decoding), and the
desk's one decode loop, :func:`frames` (each frame once, in order, from a start time).

On it: :func:`read_clip`, the one decoded pass over a suspected clip, which keeps what every
later step needs (fingerprint thumbnails at a fixed rate in time for identification, the
reduced luma of every frame for the trace and the score timeline, a few colour stills for
the evidence), and :func:`read_span`, a stretch of a master (full-size luma for the
trace, colour stills at chosen times). A source is a path or a binary file-like object (the
vault's decrypting reader); nothing is written to disk.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, BinaryIO

import av
import cv2
import numpy as np

from screeningroom_resources.i18n import _
from takedown.errors import BadClip
from watermark.align import thumbnail
from watermark.evidence import WORK_PIXELS, area_shape

Source = Path | str | BinaryIO
Progress = Callable[[float, float], None]

FINGERPRINT_RATE = 4.0  # fingerprint samples per second of content
STILL_EVERY = 2.0  # seconds between the colour stills kept for the evidence
STILL_WIDTH = 480
#: reduced luma kept in memory for the trace, at most (bytes); a longer clip keeps none and
#: its matching stretch is decoded a second time (said in docs/takedown.md)
MAX_KEPT_BYTES = 320 * 1024 * 1024


@dataclass(frozen=True)
class ClipInfo:
    """What the container says about a clip, checked by reading every video packet."""

    container: str
    codec: str
    width: int
    height: int
    fps: float
    duration: float  # seconds
    frames: int  # video packets read (one frame each)
    has_audio: bool


def _name(source: Source) -> str:
    return str(source) if isinstance(source, (str, Path)) else _("the clip")


def _open(source: Source) -> av.container.InputContainer:
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise BadClip(_("No such file: {path}").format(path=path))
        if path.stat().st_size == 0:
            raise BadClip(_("The file is empty (zero bytes): {path}").format(path=path))
    else:
        source.seek(0)
    try:
        container = av.open(source if not isinstance(source, Path) else str(source))
    except (av.error.FFmpegError, UnicodeDecodeError) as exc:
        raise BadClip(
            _("Not a video, or a damaged or truncated one: {name}").format(name=_name(source))
        ) from exc
    if not container.streams.video:
        container.close()
        raise BadClip(_("The file has no video track: {name}").format(name=_name(source)))
    return container


def probe(source: Source) -> ClipInfo:
    """Read every video packet of ``source`` and describe it; :class:`BadClip` when it is
    not a video, has no frames, or is truncated (fewer packets than its index announces)."""
    container = _open(source)
    try:
        stream = container.streams.video[0]
        ctx = stream.codec_context
        announced = int(stream.frames or 0)
        count = 0
        last_end = 0.0
        try:
            for packet in container.demux(stream):
                if packet.size == 0:
                    continue
                count += 1
                if packet.pts is not None and stream.time_base is not None:
                    end = float((packet.pts + (packet.duration or 0)) * stream.time_base)
                    last_end = max(last_end, end)
        except av.error.FFmpegError as exc:
            raise BadClip(
                _("The video is damaged or truncated after {count} frames: {name}").format(
                    count=count, name=_name(source)
                )
            ) from exc
        if count == 0:
            raise BadClip(_("The video has no frames: {name}").format(name=_name(source)))
        if announced and count < announced:
            raise BadClip(
                _("The video is truncated: {count} of {announced} frames are present: {name}")
                .format(count=count, announced=announced, name=_name(source))
            )
        rate = stream.average_rate or stream.guessed_rate or Fraction(25)
        fps = float(rate)
        duration = last_end if last_end > 0 else count / fps
        return ClipInfo(
            container=container.format.name,
            codec=ctx.name,
            width=int(ctx.width),
            height=int(ctx.height),
            fps=round(fps, 3),
            duration=round(duration, 3),
            frames=count,
            has_audio=bool(container.streams.audio),
        )
    finally:
        container.close()


def frames(
    source: Source,
    *,
    start: float = 0.0,
    end: float | None = None,
    lead: bool = False,
    progress: Progress | None = None,
) -> Iterator[tuple[float, Any]]:
    """``(t, av.VideoFrame)`` of every frame from ``start`` (seconds of the file's time line,
    first frame at 0) to ``end``; with ``lead``, the file's first frame comes first. The one
    decode loop of the desk. Damage raises BadClip."""
    container = _open(source)
    try:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        base = float(stream.start_time * stream.time_base) if stream.start_time else 0.0
        total = float(container.duration / 1e6) if container.duration else 0.0
        if end is not None:
            total = min(total, end) if total else end
        t = 0.0
        try:
            if lead and start > 0.5:
                for frame in container.decode(stream):
                    if frame.pts is not None:
                        yield float(frame.pts * stream.time_base) - base, frame
                        break
            if start > 1.0:
                container.seek(int((base + start - 1.0) / stream.time_base), stream=stream,
                               backward=True)
            for frame in container.decode(stream):
                if frame.pts is None:
                    continue
                t = float(frame.pts * stream.time_base) - base
                if t + 1e-6 < start:
                    continue
                if end is not None and t >= end:
                    break
                yield t, frame
                if progress is not None and total:
                    progress(min(t, total), total)
        except av.error.FFmpegError as exc:
            raise BadClip(
                _("The video is damaged or truncated at {seconds} s: {name}").format(
                    seconds=math.floor(t), name=_name(source))
            ) from exc
    finally:
        container.close()


def luma(frame: Any) -> np.ndarray:
    """The decoder's Y plane (H, W) uint8 (what the watermark reads), a copy."""
    if frame.format.name in {"yuv420p", "yuvj420p", "yuv422p", "yuvj422p", "yuv444p",
                             "yuvj444p", "nv12"}:
        plane = frame.planes[0]
        buf = np.frombuffer(plane, dtype=np.uint8)
        return buf.reshape(frame.height, plane.line_size)[:, : frame.width].copy()
    return frame.to_ndarray(format="gray")


def reduce(y: np.ndarray) -> np.ndarray:
    """Luma at the watermark's registration resolution (INTER_AREA)."""
    h, w = area_shape(*y.shape, WORK_PIXELS)
    return cv2.resize(y, (w, h), interpolation=cv2.INTER_AREA)


def still(frame: Any, width: int = STILL_WIDTH) -> np.ndarray:
    """A colour picture of ``frame`` (h w 3 RGB) ``width`` pixels wide."""
    height = max(2, round(frame.height * width / frame.width / 2) * 2)
    return frame.reformat(width=width, height=height, format="rgb24").to_ndarray()


@dataclass(frozen=True, eq=False)
class ClipPass:
    """What one decoded pass over a clip keeps. ``thumbs``: fingerprint thumbnails at
    :data:`FINGERPRINT_RATE` (sample k shows clip time k / rate); ``times``/``works``: every
    frame's time and reduced luma (``works`` None when the clip was too long to keep);
    ``stills``: (t, RGB) about every :data:`STILL_EVERY` seconds."""

    thumbs: tuple[np.ndarray, ...]
    times: np.ndarray
    works: tuple[np.ndarray, ...] | None
    stills: tuple[tuple[float, np.ndarray], ...] = field(repr=False)
    frames: int

    def span(self, start: float, end: float) -> list[tuple[float, np.ndarray]]:
        """(t, reduced luma) of the kept frames with ``start <= t < end``."""
        if self.works is None:
            return []
        return [(float(t), w) for t, w in zip(self.times, self.works, strict=True)
                if start - 1e-6 <= t < end]


def read_clip(source: Source, *, duration: float = 0.0, keep_works: bool = True,
              progress: Progress | None = None) -> ClipPass:
    """The one decoded pass over a clip (or a master being indexed: ``keep_works`` False)."""
    step = 1.0 / FINGERPRINT_RATE
    next_t, next_still = 0.0, 0.0
    thumbs: list[np.ndarray] = []
    times: list[float] = []
    works: list[np.ndarray] | None = [] if keep_works else None
    stills: list[tuple[float, np.ndarray]] = []
    kept = 0
    count = 0
    for t, frame in frames(source, progress=progress):
        count += 1
        work = reduce(luma(frame))
        if works is not None:
            kept += work.nbytes
            if kept > MAX_KEPT_BYTES:
                works = None
            else:
                works.append(work)
        times.append(t)
        if next_t <= t + step / 2:
            thumb = thumbnail(work)
            while next_t <= t + step / 2:
                thumbs.append(thumb)
                next_t += step
        if t + 1e-6 >= next_still:
            stills.append((t, still(frame)))
            next_still = t + STILL_EVERY
    if count == 0:
        raise BadClip(_("The video has no frames: {name}").format(name=_name(source)))
    return ClipPass(thumbs=tuple(thumbs), times=np.asarray(times), works=(
        tuple(works) if works is not None else None), stills=tuple(stills), frames=count)


class SpanReader:
    """A stretch of a master, streamed: iterating yields ``(t, full-size luma)`` from
    ``start`` to ``end`` seconds, with the file's first frame in front when ``with_first``
    (so that a reader counting time from the first frame it is given sees film time), and
    keeps a colour still at each of ``still_times`` (the latest frame shown at that time) in
    :attr:`stills` as they pass. One open, one decode loop; only the frame being read is in
    memory here (a 1080p master is read in bounded memory)."""

    def __init__(self, source: Source, start: float, end: float, *,
                 still_times: tuple[float, ...] = (), with_first: bool = True,
                 progress: Progress | None = None) -> None:
        self.source, self.start, self.end = source, max(0.0, start), end
        self.still_times = tuple(sorted(still_times))
        self.with_first, self.progress = with_first, progress
        self.stills: list[tuple[float, np.ndarray]] = []
        self.count = 0

    def __iter__(self) -> Iterator[tuple[float, np.ndarray]]:
        pending = list(self.still_times)
        self.stills = []
        span = max(self.end - self.start, 1e-6)
        for t, frame in frames(self.source, start=self.start, end=self.end,
                               lead=self.with_first):
            self.count += 1
            if t + 1e-6 >= self.start:
                while pending and pending[0] <= t + 0.02:
                    self.stills.append((pending.pop(0), still(frame)))
                if self.progress is not None:
                    self.progress(min(t - self.start, span), span)
            yield t, luma(frame)
