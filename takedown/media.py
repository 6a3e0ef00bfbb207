"""Reading clips and masters with PyAV: probing a file, and sampling small grey frames at
a fixed rate in time (so that a frame-rate change does not move the samples).

A source is a path or a binary file-like object (the vault's decrypting reader); nothing
is written to disk.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import BinaryIO

import av
import numpy as np

from screeningroom_resources.i18n import _
from takedown.errors import BadClip

Source = Path | str | BinaryIO
Progress = Callable[[float, float], None]

ANALYSIS_WIDTH = 192  # width of the grey frames fingerprints are computed from


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


def sample_frames(
    source: Source,
    rate: float | None,
    *,
    width: int = ANALYSIS_WIDTH,
    start: float = 0.0,
    end: float | None = None,
    progress: Progress | None = None,
    gray: bool = True,
) -> Iterator[tuple[float, np.ndarray]]:
    """Yield ``(t, frame)`` at times ``start, start + 1/rate, ...`` (each the latest frame
    shown at that time; ``rate`` None: every frame at its own time), scaled to ``width``
    pixels wide (0: full size). Grey ``uint8`` (h w) frames, or RGB (h w 3) when ``gray``
    is false."""
    container = _open(source)
    try:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        total = float(container.duration / 1e6) if container.duration else 0.0
        if end is not None:
            total = min(total, end) if total else end
        if start > 1.0:
            container.seek(int((start - 1.0) / stream.time_base), stream=stream, backward=True)
        step = 1.0 / rate if rate else 0.0
        next_t = start
        fmt = "gray" if gray else "rgb24"
        try:
            for frame in container.decode(stream):
                if frame.pts is None:
                    continue
                t = float(frame.pts * stream.time_base)
                if end is not None and t >= end:
                    break
                if t + 1e-6 < next_t - step / 2:
                    continue
                if not rate and t + 1e-6 < start:
                    continue
                w = width or frame.width
                h = max(2, round(frame.height * w / frame.width / 2) * 2) if width else (
                    frame.height
                )
                image = frame.reformat(width=w, height=h, format=fmt).to_ndarray()
                if not rate:
                    yield t, image
                while rate and next_t <= t + step / 2 and (end is None or next_t < end):
                    yield next_t, image
                    next_t += step
                if progress is not None and total:
                    progress(min(t, total), total)
        except av.error.FFmpegError as exc:
            raise BadClip(
                _("The video is damaged or truncated at {seconds} s: {name}").format(
                    seconds=math.floor(next_t), name=_name(source)
                )
            ) from exc
    finally:
        container.close()
