"""An H.264 file written frame by frame, each frame at its own time (milliseconds): what
the story's recording and the repost both need, so that a frame missing from the screen
leaves its gap instead of moving the rest."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from types import TracebackType

import av

MS = Fraction(1, 1000)


class TimedWriter:
    """``with TimedWriter(path, w, h, crf=18) as out: out.add(av_frame, t)``."""

    def __init__(self, path: Path, width: int, height: int, *, rate: Fraction = Fraction(25),
                 crf: int | None = None, bitrate: int | None = None) -> None:
        self.container = av.open(str(path), "w")
        self.stream = self.container.add_stream("libx264", rate=rate)
        self.stream.width, self.stream.height, self.stream.pix_fmt = width, height, "yuv420p"
        self.stream.codec_context.time_base = MS
        options = {"preset": "veryfast"}
        if crf is not None:
            options["crf"] = str(crf)
        if bitrate is not None:
            self.stream.bit_rate = bitrate
        self.stream.options = options
        self._last = -1

    def add(self, frame: av.VideoFrame, t: float) -> None:
        pts = round(t * 1000)
        if pts <= self._last:  # two pictures in one millisecond: the first stands
            return
        self._last = pts
        frame.pts, frame.time_base = pts, MS
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
