"""A frame sink that records what the screen would show: for tests and the end-to-end
demo (which simulates a leak honestly by "filming" exactly these frames). The station's
UI never offers it."""

from __future__ import annotations

import threading
from fractions import Fraction
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np

from screeningroom.player.errors import PlaybackError
from screeningroom.player.types import Frame
from screeningroom_resources.i18n import _

_MS = Fraction(1, 1000)


class TimedWriter:
    """An H.264 file written frame by frame, each frame at its own time (milliseconds): a
    frame missing from the screen leaves its gap instead of moving the rest.
    ``with TimedWriter(path, w, h, crf=18) as out: out.add(av_frame, t)``."""

    def __init__(self, path: Path, width: int, height: int, *, rate: Fraction = Fraction(25),
                 crf: int | None = None, bitrate: int | None = None) -> None:
        import av

        self.container = av.open(str(path), "w")
        self.stream = self.container.add_stream("libx264", rate=rate)
        self.stream.width, self.stream.height, self.stream.pix_fmt = width, height, "yuv420p"
        self.stream.codec_context.time_base = _MS
        options = {"preset": "veryfast"}
        if crf is not None:
            options["crf"] = str(crf)
        if bitrate is not None:
            self.stream.bit_rate = bitrate
        self.stream.options = options
        self._last = -1

    def add(self, frame: Any, t: float) -> None:
        """Add a ``av.VideoFrame`` at ``t`` seconds (two in one millisecond: the first
        stands)."""
        pts = round(t * 1000)
        if pts <= self._last:
            return
        self._last = pts
        frame.pts, frame.time_base = pts, _MS
        for packet in self.stream.encode(frame):
            self.container.mux(packet)

    def __enter__(self) -> TimedWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        try:
            if kind is None:
                for packet in self.stream.encode():
                    self.container.mux(packet)
        finally:
            self.container.close()


class HeadlessSink:
    """Receives every shown frame. ``keep=False`` only counts (for benchmarks)."""

    def __init__(self, *, keep: bool = True, limit: int | None = None) -> None:
        self.keep = keep
        self.limit = limit
        self._lock = threading.Lock()
        self._frames: list[Frame] = []
        self.count = 0
        self.last_t: float | None = None

    def receive(self, frame: Frame) -> None:
        with self._lock:
            self.count += 1
            self.last_t = frame.t
            if self.keep and (self.limit is None or len(self._frames) < self.limit):
                self._frames.append(frame.copy())  # the planes are the decoder's buffer

    @property
    def frames(self) -> tuple[Frame, ...]:
        with self._lock:
            return tuple(self._frames)

    def write_mp4(self, path: Path, fps: float = 24.0, origin: float | None = None) -> Path:
        """Encode the kept frames (H.264, yuv420p: the shown planes as they are, with no
        colour conversion on the way), each at its own time from ``origin`` (default: the
        first frame's; 0.0 keeps the media times) in milliseconds: a frame the screen never
        showed leaves its gap instead of moving every later frame out of time. ``fps`` is
        the stream's nominal rate."""
        import av

        frames = self.frames
        if not frames:
            raise PlaybackError(_("No frames were recorded, so there is nothing to write."))
        path = Path(path)
        width, height = frames[0].width & ~1, frames[0].height & ~1
        start = frames[0].t if origin is None else origin
        with TimedWriter(path, width, height, rate=Fraction(fps).limit_denominator(1001),
                         crf=18) as out:
            for frame in frames:
                packed = np.concatenate([
                    frame.y[:height, :width].reshape(-1),
                    frame.u[: height // 2, : width // 2].reshape(-1),
                    frame.v[: height // 2, : width // 2].reshape(-1),
                ]).reshape(height * 3 // 2, width)
                out.add(av.VideoFrame.from_ndarray(packed, format="yuv420p"), frame.t - start)
        return path
