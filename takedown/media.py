"""Reading clips and masters: probing a file (every packet, no decoding), and decoding
through the project's one decode loop, :class:`watermark.video.VideoReader` (:func:`frames`
adapts it: the desk's refusals, ``BadClip``, for what it cannot read).

On it: :func:`read_clip`, the one decoded pass over a suspected clip (or a master being
indexed), which keeps what every later step needs (fingerprint thumbnails at a fixed rate
in time for identification, the reduced luma of every frame for the trace and the score
timeline, a few colour stills for the evidence) and hands every frame's luma to a caller
that wants it (the master index builder); :func:`still_at`, one colour picture of a source
at a time (the master's half of an evidence pair). A source is a path or a binary
file-like object (the vault's decrypting reader); nothing is written to disk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, BinaryIO

import av
import cv2
import numpy as np

from screeningroom_resources.console import Progress
from screeningroom_resources.i18n import _
from takedown.errors import BadClip
from watermark import WatermarkError
from watermark.align import thumbnail
from watermark.evidence import WORK_PIXELS, area_shape
from watermark.video import PixelFormat, VideoReader, y_plane

Source = Path | str | BinaryIO

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
    progress: Progress | None = None,
) -> Iterator[tuple[float, Any]]:
    """``(t, av.VideoFrame)`` of every frame from ``start`` (seconds since the stream's first
    frame) to ``end``, through the watermark's reader. What it cannot read is BadClip."""
    if isinstance(source, str | Path) and not Path(source).is_file():
        raise BadClip(_("No such file: {path}").format(path=source))
    try:
        reader = VideoReader(source, what=_name(source), start=start, end=end,
                             progress=progress)
        for frame, t in reader.decoded():
            yield t, frame
    except WatermarkError as exc:
        raise BadClip(_("The video is damaged or cannot be decoded: {name} ({reason})")
                      .format(name=_name(source), reason=exc.translated(_))) from exc


def luma(frame: Any) -> np.ndarray:
    """The decoder's Y plane (H, W) uint8 (what the watermark reads), contiguous."""
    return np.ascontiguousarray(y_plane(frame))


def reduce(y: np.ndarray) -> np.ndarray:
    """Luma at the watermark's registration resolution (INTER_AREA)."""
    h, w = area_shape(*y.shape, WORK_PIXELS)
    return cv2.resize(y, (w, h), interpolation=cv2.INTER_AREA)


def still(frame: Any, width: int = STILL_WIDTH) -> np.ndarray:
    """A colour picture of ``frame`` (h w 3 RGB) ``width`` pixels wide."""
    height = max(2, round(frame.height * width / frame.width / 2) * 2)
    return frame.reformat(width=width, height=height, format="rgb24").to_ndarray()


def still_at(source: Source, t: float, width: int = STILL_WIDTH) -> np.ndarray | None:
    """The colour picture of ``source`` shown at ``t`` seconds (None past its end)."""
    try:
        reader = VideoReader(source, pixels=PixelFormat.RGB, width=width, start=t,
                             end=t + 1.0)
        return next((f.image for f in reader), None)
    except WatermarkError:
        return None


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


def read_clip(source: Source, *, keep_works: bool = True, stills: bool = True,
              each_luma: Callable[[float, np.ndarray], None] | None = None,
              progress: Progress | None = None) -> ClipPass:
    """The one decoded pass over a clip, or over a master being indexed (``keep_works``
    and ``stills`` False; ``each_luma(t, y)`` is given every frame's full-size luma)."""
    step = 1.0 / FINGERPRINT_RATE
    next_t, next_still = 0.0, 0.0
    thumbs: list[np.ndarray] = []
    times: list[float] = []
    works: list[np.ndarray] | None = [] if keep_works else None
    kept_stills: list[tuple[float, np.ndarray]] = []
    kept = 0
    count = 0
    for t, frame in frames(source, progress=progress):
        count += 1
        y = luma(frame)
        if each_luma is not None:
            each_luma(t, y)
        work = reduce(y)
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
        if stills and t + 1e-6 >= next_still:
            kept_stills.append((t, still(frame)))
            next_still = t + STILL_EVERY
    if count == 0:
        raise BadClip(_("The video has no frames: {name}").format(name=_name(source)))
    return ClipPass(thumbs=tuple(thumbs), times=np.asarray(times), works=(
        tuple(works) if works is not None else None), stills=tuple(kept_stills),
        frames=count)
