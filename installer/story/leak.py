"""The pirate's side of the story: the screen recording re-encoded the way a Telegram
repost comes out — cropped a little at the edges, scaled to 720p, H.264 at about
1.2 Mbit/s. Frames are read with the project's one decode loop (watermark.video)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import cv2

from screeningroom.player.sink import TimedWriter
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
    with TimedWriter(Path(out), width, height, rate=rate, bitrate=bitrate) as writer:
        for frame in reader:  # every frame keeps its time (a gap stays a gap)
            picture = frame.image[dy:info.height - dy, dx:info.width - dx]
            picture = cv2.resize(picture, (width, height), interpolation=cv2.INTER_AREA)
            writer.add(av.VideoFrame.from_ndarray(picture, format="rgb24"), frame.t)
    return Path(out)
