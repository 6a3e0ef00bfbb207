"""Clip makers for the takedown tests and benchmark: write frames with PyAV, and attack a
clip the way a pirate copy is degraded (re-encode, downscale, crop, letterbox, fps change,
a camcorder's perspective, blur, noise and exposure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np


def write_clip(
    path: Path, frames: Iterable[np.ndarray], fps: float = 25, crf: int = 23,
    faststart: bool = True,
) -> Path:
    """Encode RGB frames (h w 3, uint8) as H.264 in MP4."""
    options = {"movflags": "+faststart"} if faststart else {}
    with av.open(str(path), "w", options=options) as out:
        stream = None
        for image in frames:
            if stream is None:
                stream = out.add_stream("libx264", rate=Fraction(fps).limit_denominator(1001))
                stream.height, stream.width = image.shape[0] // 2 * 2, image.shape[1] // 2 * 2
                stream.pix_fmt = "yuv420p"
                stream.options = {"crf": str(crf), "preset": "veryfast"}
            image = image[: stream.height, : stream.width]
            frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(image), format="rgb24")
            for packet in stream.encode(frame):
                out.mux(packet)
        if stream is not None:
            for packet in stream.encode():
                out.mux(packet)
    return path


def read_frames(path: Path, start: float = 0.0, end: float | None = None):
    """(t, RGB frame) of every frame between ``start`` and ``end`` seconds."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        for frame in container.decode(stream):
            t = float(frame.pts * stream.time_base)
            if t < start - 1e-6:
                continue
            if end is not None and t >= end:
                break
            yield t, frame.to_ndarray(format="rgb24")


@dataclass(frozen=True)
class Attack:
    height: int = 360  # downscale to this height
    crop: float = 0.0  # share cut from each side before scaling
    letterbox: float = 0.0  # black bars added top and bottom, share of the height
    fps: float | None = None  # new frame rate (frames repeated or dropped)
    crf: int = 30
    camcord: bool = False
    mirror: bool = False  # mirrored left to right
    logo: bool = False  # a reposting channel's opaque logo in the top-right corner
    inset: float = 0.0  # picture in picture: the picture at this share on a grey ground
    portrait: bool = False  # a 9:16 frame: the picture across it over its own blurred copy
    seed: int = 0


def attack_frames(frames: Iterable[tuple[float, np.ndarray]], attack: Attack,
                  src_fps: float):
    rng = np.random.default_rng(attack.seed)
    items = list(frames)
    if not items:
        return []
    fps = attack.fps or src_fps
    t0, t_end = items[0][0], items[-1][0] + 1 / src_fps
    times = [item[0] for item in items]
    out = []
    n = int((t_end - t0) * fps)
    stamps = np.asarray(times)
    for k in range(n):
        t = t0 + k / fps
        i = int(np.abs(stamps - t).argmin()) if fps != src_fps else k
        image = items[min(i, len(items) - 1)][1]
        out.append(_degrade(image, attack, rng, k))
    return out


def _degrade(image: np.ndarray, a: Attack, rng: np.random.Generator, k: int) -> np.ndarray:
    if a.mirror:
        image = np.ascontiguousarray(image[:, ::-1])
    h, w = image.shape[:2]
    if a.crop:
        dy, dx = int(h * a.crop), int(w * a.crop)
        image = image[dy: h - dy, dx: w - dx]
        h, w = image.shape[:2]
    new_h = a.height
    new_w = round(w * new_h / h / 2) * 2
    image = cv2.resize(image, (new_w, new_h), interpolation=cv2.INTER_AREA)
    h, w = image.shape[:2]
    if a.camcord:  # the camera sees the screen at about the copy's resolution
        j = 0.03
        src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
        dst = src + np.float32([[w * j, h * j], [-w * j * 0.5, h * j * 1.5],
                                [-w * j, -h * j], [w * j * 0.7, -h * j * 0.6]])
        m = cv2.getPerspectiveTransform(src, dst)
        image = cv2.warpPerspective(image, m, (w, h), borderMode=cv2.BORDER_CONSTANT)
        image = cv2.GaussianBlur(image, (0, 0), 1.2)
        gain = 0.85 + 0.1 * np.sin(k / 20)
        noise = rng.normal(0, 4, image.shape)
        image = np.clip(image.astype(np.float32) * gain + 10 + noise, 0, 255).astype(np.uint8)
    if a.letterbox:
        bar = int(new_h * a.letterbox)
        image = cv2.copyMakeBorder(image, bar, bar, 0, 0, cv2.BORDER_CONSTANT, value=(0, 0, 0))
    if a.inset:
        small = cv2.resize(image, (int(w * a.inset), int(h * a.inset)),
                           interpolation=cv2.INTER_AREA)
        image = np.full_like(image, 90)
        image[h // 8: h // 8 + small.shape[0], w // 10: w // 10 + small.shape[1]] = small
    if a.portrait:
        fh = (w * 16 // 9) // 2 * 2
        big = cv2.resize(image, (round(w * fh / h), fh), interpolation=cv2.INTER_LINEAR)
        x0 = (big.shape[1] - w) // 2
        canvas = (cv2.GaussianBlur(big[:, x0 : x0 + w], (0, 0), 12) * 0.7).astype(np.uint8)
        canvas[(fh - h) // 2 : (fh - h) // 2 + h] = image
        image = canvas
    if a.logo:
        image = image.copy()
        cv2.rectangle(image, (w - w // 10 - 6, 6), (w - 6, 6 + h // 15), (235, 235, 235), -1)
    return image


def attacked_copy(src: Path, dst: Path, attack: Attack, start: float = 0.0,
                  end: float | None = None, src_fps: float = 25.0) -> Path:
    frames = attack_frames(read_frames(src, start, end), attack, src_fps)
    return write_clip(dst, frames, fps=attack.fps or src_fps, crf=attack.crf)


def synthetic_frames(seed: int, seconds: float, fps: float = 25, size=(180, 320),
                     start: float = 0.0):
    """A made-up "film": shots of 2-6 s, each a moving arrangement of blurred shapes on a
    gradient, with grain. Different seeds give unrelated films; the picture depends on
    time only, so any frame rate and any ``start`` show the same film."""
    rng = np.random.default_rng(seed)
    grain = np.random.default_rng(seed + 1_000_003)
    h, w = size
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    shots = []
    t = 0.0
    while t < start + seconds:
        length = rng.uniform(2, 6)
        shapes = [(rng.uniform(0, w), rng.uniform(0, h), rng.uniform(10, h / 2.5),
                   rng.uniform(-75, 75), rng.uniform(-50, 50), rng.uniform(0, 255, 3))
                  for _ in range(int(rng.integers(2, 6)))]
        shots.append((t, rng.uniform(40, 200, 3), rng.uniform(-0.6, 0.6, 2), shapes))
        t += length
    starts = np.array([s[0] for s in shots])
    for k in range(round(seconds * fps)):
        t = start + k / fps
        t0, base, grad, shapes = shots[int(np.searchsorted(starts, t, side="right")) - 1]
        dt = t - t0
        img = (base[None, None, :] + (grad[0] * xx + grad[1] * yy)[..., None]).astype(
            np.float32)
        for (x, y, r, vx, vy, col) in shapes:
            mask = ((xx - (x + vx * dt)) ** 2 + (yy - (y + vy * dt)) ** 2) < r * r
            img[mask] = col
        img = cv2.GaussianBlur(img, (0, 0), 2.0)
        img += grain.normal(0, 3, img.shape).astype(np.float32)
        yield np.clip(img, 0, 255).astype(np.uint8)
