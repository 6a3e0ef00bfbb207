"""Prepares the sample clips in resources/media/ (run by the bootstrap; safe to re-run).

1. Copies the shared sample footage when it is beside the checkout (``../shared/media``,
   or the folder named by ``SCREENINGROOM_SHARED_MEDIA``).
2. Renders ``sample.mp4`` when it is missing: 8 s of 640x360 at 25 fps with motion, a
   textured area, a dark gradient and film grain, plus a 440 Hz tone, so that a machine
   without the shared footage still has something real to package and play.
"""

from __future__ import annotations

import os
import shutil
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
MEDIA = ROOT / "resources" / "media"


def shared_media_dir() -> Path | None:
    named = os.environ.get("SCREENINGROOM_SHARED_MEDIA")
    for candidate in (Path(named) if named else None, ROOT.parent / "shared" / "media"):
        if candidate and candidate.is_dir():
            return candidate
    return None


def copy_shared(dest: Path) -> list[str]:
    source = shared_media_dir()
    copied = []
    if source is None:
        return copied
    for clip in sorted(source.glob("*.mp4")):
        target = dest / clip.name
        if not target.exists() or target.stat().st_size != clip.stat().st_size:
            shutil.copyfile(clip, target)
            copied.append(clip.name)
    return copied


def synthetic_frame(i: int, width: int, height: int, rng: np.random.Generator) -> np.ndarray:
    """One RGB frame: a dark vertical gradient, a moving textured disc, a sky band, grain."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    sky = 70 + 110 * (1 - y / height)
    frame = np.stack([sky * 0.55, sky * 0.7, sky], axis=-1)
    cx = width * (0.2 + 0.6 * ((i % 100) / 100))
    cy = height * 0.6 + 20 * np.sin(i / 7)
    disc = ((x - cx) ** 2 + (y - cy) ** 2) < (height * 0.18) ** 2
    texture = 128 + 60 * np.sin(x / 3.1 + i / 5) * np.cos(y / 4.3)
    frame[disc] = np.stack([texture, texture * 0.8, texture * 0.5], axis=-1)[disc]
    frame[int(height * 0.85) :] *= 0.25
    frame += rng.normal(0, 3.0, frame.shape)
    return np.clip(frame, 0, 255).astype(np.uint8)


def render_sample(target: Path, seconds: int = 8, width: int = 640, height: int = 360) -> None:
    import av

    rng = np.random.default_rng(20261123)
    fps = 25
    tmp = target.with_suffix(".part.mp4")
    with av.open(str(tmp), "w") as out:
        video = out.add_stream("libx264", rate=fps)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        video.options = {"crf": "18", "preset": "veryfast"}
        audio = out.add_stream("aac", rate=48000)
        audio.layout = "mono"
        for i in range(seconds * fps):
            frame = av.VideoFrame.from_ndarray(synthetic_frame(i, width, height, rng), "rgb24")
            for packet in video.encode(frame):
                out.mux(packet)
        samples_per_frame = 1024
        t0 = 0
        total = seconds * 48000
        while t0 < total:
            n = min(samples_per_frame, total - t0)
            t = (np.arange(t0, t0 + n) / 48000).astype(np.float32)
            pcm = (0.2 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)[None, :]
            aframe = av.AudioFrame.from_ndarray(pcm, format="fltp", layout="mono")
            aframe.sample_rate = 48000
            aframe.pts = t0
            aframe.time_base = Fraction(1, 48000)
            for packet in audio.encode(aframe):
                out.mux(packet)
            t0 += n
        for stream in (video, audio):
            for packet in stream.encode(None):
                out.mux(packet)
    tmp.replace(target)


def main() -> int:
    MEDIA.mkdir(parents=True, exist_ok=True)
    copied = copy_shared(MEDIA)
    if copied:
        print(f"[samples] copied {', '.join(copied)}", file=sys.stderr)
    sample = MEDIA / "sample.mp4"
    if not sample.exists():
        print("[samples] rendering resources/media/sample.mp4", file=sys.stderr)
        render_sample(sample)
    return 0


if __name__ == "__main__":
    sys.exit(main())
