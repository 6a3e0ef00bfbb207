"""The pirate's side of the story: the screen recording re-encoded the way a Telegram
repost comes out — cropped a little at the edges, scaled to 720p, H.264 at about
1.2 Mbit/s. Frames are read with the project's one decode loop (watermark.video)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import cv2

from watermark.video import PixelFormat, VideoReader

HEIGHT = 720
BITRATE = 1_200_000
CROP = 0.03  # of the width and of the height, on each side


def telegram_repost(source: Path, out: Path, *, height: int = HEIGHT, bitrate: int = BITRATE,
                    crop: float = CROP, end: float | None = None) -> Path:
    """``source`` (up to ``end`` seconds) as a repost would come out."""
    reader = VideoReader(Path(source), pixels=PixelFormat.RGB, end=end)
    info = reader.info
    width = round(info.width * (1 - 2 * crop) * height / (info.height * (1 - 2 * crop))) & ~1
    dx, dy = round(info.width * crop), round(info.height * crop)
    rate = Fraction(info.fps).limit_denominator(1001) if info.fps else Fraction(25)
    with av.open(str(out), "w") as container:
        stream = container.add_stream("libx264", rate=rate)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.codec_context.time_base = Fraction(1, 1000)
        stream.bit_rate = bitrate
        stream.options = {"preset": "veryfast"}
        last = -1
        for frame in reader:  # every frame keeps its time (a gap stays a gap)
            pts = round(frame.t * 1000)
            if pts <= last:
                continue
            last = pts
            picture = frame.image[dy:info.height - dy, dx:info.width - dx]
            picture = cv2.resize(picture, (width, height), interpolation=cv2.INTER_AREA)
            encoded = av.VideoFrame.from_ndarray(picture, format="rgb24")
            encoded.pts, encoded.time_base = pts, Fraction(1, 1000)
            for packet in stream.encode(encoded):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return Path(out)
