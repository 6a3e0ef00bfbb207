"""A frame sink that records what the screen would show: for tests and the end-to-end
demo (which simulates a leak honestly by "filming" exactly these frames). The station's
UI never offers it."""

from __future__ import annotations

import threading
from fractions import Fraction
from pathlib import Path

import numpy as np

from screeningroom.player.errors import PlaybackError
from screeningroom.player.types import Frame
from screeningroom_resources.i18n import _

_MS = Fraction(1, 1000)


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

    def write_mp4(self, path: Path, fps: float = 24.0) -> Path:
        """Encode the kept frames (H.264, yuv420p: the shown planes as they are, with no
        colour conversion on the way), each at its own time from the first one (in
        milliseconds): a frame the screen never showed leaves its gap instead of moving
        every later frame out of time. ``fps`` is the stream's nominal rate."""
        import av

        frames = self.frames
        if not frames:
            raise PlaybackError(_("No frames were recorded, so there is nothing to write."))
        path = Path(path)
        width, height = frames[0].width & ~1, frames[0].height & ~1
        start, last = frames[0].t, -1
        with av.open(str(path), "w") as out:
            stream = out.add_stream("libx264", rate=Fraction(fps).limit_denominator(1001))
            stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
            stream.codec_context.time_base = _MS
            stream.options = {"crf": "18", "preset": "veryfast"}
            for frame in frames:
                pts = round((frame.t - start) * 1000)
                if pts <= last:  # shown twice, or two pictures in one millisecond
                    continue
                last = pts
                packed = np.concatenate([
                    frame.y[:height, :width].reshape(-1),
                    frame.u[: height // 2, : width // 2].reshape(-1),
                    frame.v[: height // 2, : width // 2].reshape(-1),
                ]).reshape(height * 3 // 2, width)
                picture = av.VideoFrame.from_ndarray(packed, format="yuv420p")
                picture.pts, picture.time_base = pts, _MS
                for packet in stream.encode(picture):
                    out.mux(packet)
            for packet in stream.encode():
                out.mux(packet)
        return path
