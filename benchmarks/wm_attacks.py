"""Attacks for the watermark benchmark: each takes and returns a list of (t, luma uint8).

Encoding attacks go through PyAV (libx264 / libx265) in memory, read back with the
library's reader; geometric and photometric
ones through OpenCV. ``camcorder`` chains keystone, rotation, blur, sensor noise and an
exposure change, then 720p H.264 CRF 28.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

import av
import cv2
import numpy as np

from watermark.video import VideoReader

Frames = list[tuple[float, np.ndarray]]


def read_luma(path: str, start: float = 0.0, seconds: float = 1e9) -> tuple[Frames, float]:
    """Luma frames (the decoder's Y plane) of ``path`` in [start, start + seconds), times
    from the stream's first frame."""
    reader = VideoReader(path, start=start, end=start + seconds)
    return [(f.t, f.image) for f in reader], reader.info.fps


def encode(frames: Frames, fps: float, codec: str = "libx264", crf: int | None = 23,
           size: tuple[int, int] | None = None, bitrate: int | None = None,
           out_fps: float | None = None) -> Frames:
    """Encode and decode again (in memory); ``size`` (w, h) rescales, ``out_fps`` resamples
    frames in time (drop/repeat, timing kept)."""
    out_fps = out_fps or fps
    if out_fps != fps:
        frames = resample(frames, out_fps)
    if size is not None:
        frames = [(t, cv2.resize(y, size, interpolation=cv2.INTER_AREA)) for t, y in frames]
    h, w = frames[0][1].shape
    w2, h2 = w - w % 2, h - h % 2
    buf = io.BytesIO()
    rate = Fraction(out_fps).limit_denominator(1001)
    with av.open(buf, "w", format="mp4") as c:
        s = c.add_stream(codec, rate=rate)
        s.width, s.height, s.pix_fmt = w2, h2, "yuv420p"
        opts = {"preset": "veryfast"}
        if crf is not None:
            opts["crf"] = str(crf)
        if codec == "libx265":
            opts["x265-params"] = "log-level=error"
        s.options = opts
        if bitrate:
            s.bit_rate = bitrate
        for i, (_t, y) in enumerate(frames):
            img = np.concatenate([y[:h2, :w2], np.full((h2 // 2, w2), 128, np.uint8)])
            vf = av.VideoFrame.from_ndarray(img, format="yuv420p")
            vf.pts = i
            vf.time_base = 1 / rate
            c.mux(s.encode(vf))
        c.mux(s.encode(None))
    t0 = frames[0][0]
    return [(t0 + i / out_fps, f.image) for i, f in enumerate(VideoReader(buf))]


def resample(frames: Frames, fps: float) -> Frames:
    """Frame-rate conversion keeping timing: each output instant shows the latest frame."""
    times = np.array([t for t, _ in frames])
    n = int((times[-1] - times[0]) * fps) + 1
    out: Frames = []
    for i in range(n):
        t = times[0] + i / fps
        j = int(np.searchsorted(times, t + 1e-6) - 1)
        out.append((t, frames[max(j, 0)][1]))
    return out


def retime(frames: Frames, speed: float) -> Frames:
    """Same frames, played ``speed`` times faster (PAL-style 24->25 is 25/24)."""
    t0 = frames[0][0]
    return [(t0 + (t - t0) / speed, y) for t, y in frames]


def crop_center(frames: Frames, area: float) -> Frames:
    side = area**0.5
    out = []
    for t, y in frames:
        h, w = y.shape
        ch, cw = int(h * side) // 2 * 2, int(w * side) // 2 * 2
        y0, x0 = (h - ch) // 2, (w - cw) // 2
        out.append((t, np.ascontiguousarray(y[y0 : y0 + ch, x0 : x0 + cw])))
    return out


def box_to(frames: Frames, aspect: float) -> Frames:
    """Letterbox or pillarbox the picture into a frame of another aspect ratio."""
    out = []
    for t, y in frames:
        h, w = y.shape
        if w / h > aspect:  # letterbox: taller canvas
            H = round(w / aspect) // 2 * 2
            canvas = np.full((H, w), 16, np.uint8)
            canvas[(H - h) // 2 : (H - h) // 2 + h] = y
        else:
            W = round(h * aspect) // 2 * 2
            canvas = np.full((h, W), 16, np.uint8)
            canvas[:, (W - w) // 2 : (W - w) // 2 + w] = y
        out.append((t, canvas))
    return out


def tone(frames: Frames, gain: float = 1.0, offset: float = 0.0, gamma: float = 1.0) -> Frames:
    lut = np.clip(255.0 * (np.arange(256) / 255.0) ** gamma * gain + offset, 0, 255)
    lut = lut.astype(np.uint8)
    return [(t, cv2.LUT(y, lut)) for t, y in frames]


def mirror(frames: Frames) -> Frames:
    """Mirrored left to right (a pirate's way past content matching)."""
    return [(t, np.ascontiguousarray(y[:, ::-1])) for t, y in frames]


def overlay(frames: Frames, logo: bool = True, banner: bool = False,
            text: bool = False) -> Frames:
    """What reposting channels add: an opaque logo in the top-right corner (10 % x 7 % of
    the frame), a 40 % white banner under it (25 % x 12 %), a line of text near the
    bottom; the same on every frame."""
    out = []
    for t, y in frames:
        h, w = y.shape
        y = y.copy()
        if banner:
            r = y[h // 10 : h // 10 + h // 8, w - w // 4 - 8 : w - 8].astype(np.float32)
            y[h // 10 : h // 10 + h // 8, w - w // 4 - 8 : w - 8] = (0.6 * r + 102).astype(np.uint8)
        if logo:
            cv2.rectangle(y, (w - w // 10 - 8, 8), (w - 8, 8 + h // 15), 235, -1)
            cv2.putText(y, "TV", (w - w // 10, 8 + h // 20), cv2.FONT_HERSHEY_SIMPLEX,
                        h / 900, 20, max(1, h // 300))
        if text:
            cv2.putText(y, "t.me/kino_premiere_hd", (w // 20, h - h // 12),
                        cv2.FONT_HERSHEY_SIMPLEX, h / 400, 250, max(1, h // 150))
        out.append((t, y))
    return out


def rotate(frames: Frames, degrees: float) -> Frames:
    """Rotated about the centre, corners filled black, the frame size kept."""
    h, w = frames[0][1].shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    return [(t, cv2.warpAffine(y, m, (w, h), borderValue=0)) for t, y in frames]


def zoom(frames: Frames, factor: float) -> Frames:
    """Scaled up by ``factor`` about the centre and cropped back to the frame size."""
    out = []
    for t, y in frames:
        h, w = y.shape
        big = cv2.resize(y, (round(w * factor), round(h * factor)), interpolation=cv2.INTER_LINEAR)
        y0, x0 = (big.shape[0] - h) // 2, (big.shape[1] - w) // 2
        out.append((t, np.ascontiguousarray(big[y0 : y0 + h, x0 : x0 + w])))
    return out


def inset(frames: Frames, share: float = 0.7, background: int = 40) -> Frames:
    """The picture scaled to ``share`` of the frame, placed off-centre on a plain
    background (picture in picture)."""
    out = []
    for t, y in frames:
        h, w = y.shape
        small = cv2.resize(y, (int(w * share), int(h * share)), interpolation=cv2.INTER_AREA)
        canvas = np.full((h, w), background, np.uint8)
        canvas[h // 10 : h // 10 + small.shape[0], w // 20 : w // 20 + small.shape[1]] = small
        out.append((t, canvas))
    return out


def soft_surround(frames: Frames, portrait: bool = True, share: float = 0.8) -> Frames:
    """The picture over a zoomed, blurred and darkened copy of itself, as reposting
    channels fill a frame: ``portrait`` a 9:16 frame with the picture across its width,
    else the picture at ``share`` of the frame, centred."""
    out = []
    for t, y in frames:
        h, w = y.shape
        if portrait:
            fh, fw = (w * 16 // 9) // 2 * 2, w
            fg = y
        else:
            fh, fw = h, w
            fg = cv2.resize(y, (int(w * share) // 2 * 2, int(h * share) // 2 * 2),
                            interpolation=cv2.INTER_AREA)
        s = max(fh / h, fw / w)
        big = cv2.resize(y, (int(w * s) + 2, int(h * s) + 2), interpolation=cv2.INTER_LINEAR)
        by, bx = (big.shape[0] - fh) // 2, (big.shape[1] - fw) // 2
        canvas = cv2.GaussianBlur(big[by : by + fh, bx : bx + fw], (0, 0), 18) * 0.7
        canvas = canvas.astype(np.uint8)
        fy, fx = (fh - fg.shape[0]) // 2, (fw - fg.shape[1]) // 2
        canvas[fy : fy + fg.shape[0], fx : fx + fg.shape[1]] = fg
        out.append((t, canvas))
    return out


def camcorder(frames: Frames, fps: float, seed: int = 7, keystone: float = 0.04,
              angle: float = 1.5, blur: float = 1.2, noise: float = 3.0,
              exposure: float = 1.1) -> Frames:
    """Keystone + rotation (one fixed camera), optics blur, sensor noise, exposure change,
    captured at 1280x720 (the picture fills ~90 % of the sensor), then H.264 CRF 28."""
    rng = np.random.default_rng(seed)
    h, w = frames[0][1].shape
    W, H = 1280, 720
    scale = min(W / w, H / h) * 0.9
    cx, cy = W / 2, H / 2
    pw, ph = w * scale / 2, h * scale / 2
    k = keystone
    dst = np.float32([[cx - pw * (1 - k), cy - ph], [cx + pw * (1 - k), cy - ph],
                      [cx + pw, cy + ph], [cx - pw, cy + ph]])
    rot = cv2.getRotationMatrix2D((cx, cy), angle, 1.0)
    dst = cv2.transform(dst[None], rot)[0].astype(np.float32)
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    m = cv2.getPerspectiveTransform(src, dst)
    out = []
    for t, y in frames:
        img = cv2.warpPerspective(y, m, (W, H), flags=cv2.INTER_LINEAR, borderValue=8)
        img = cv2.GaussianBlur(img.astype(np.float32), (0, 0), blur) * exposure
        img += rng.normal(0, noise, img.shape).astype(np.float32)
        out.append((t, np.clip(img, 0, 255).astype(np.uint8)))
    return encode(out, fps, crf=28)


@dataclass(frozen=True)
class Attack:
    name: str
    apply: Callable[[Frames, float], Frames]
    blind: bool  # expected to survive in blind mode too
    seconds: float = 10.0


def _noise(frames: Frames, sigma: float, seed: int = 1) -> Frames:
    rng = np.random.default_rng(seed)
    return [(t, np.clip(y + rng.normal(0, sigma, y.shape), 0, 255).astype(np.uint8))
            for t, y in frames]


def _scaled(frames: Frames, height: int) -> tuple[int, int]:
    h, w = frames[0][1].shape
    return (round(w * height / h) // 2 * 2, height)


ATTACKS: tuple[Attack, ...] = (
    Attack("H.264 CRF 23", lambda f, fps: encode(f, fps, crf=23), True),
    Attack("H.264 CRF 30", lambda f, fps: encode(f, fps, crf=30), True),
    Attack("H.264 CRF 36", lambda f, fps: encode(f, fps, crf=36), True),
    Attack("H.265 CRF 32", lambda f, fps: encode(f, fps, codec="libx265", crf=32), True),
    Attack("480p CRF 28", lambda f, fps: encode(f, fps, crf=28, size=_scaled(f, 480)), True),
    Attack("360p CRF 28", lambda f, fps: encode(f, fps, crf=28, size=_scaled(f, 360)), True),
    Attack("crop 80% area", lambda f, fps: encode(crop_center(f, 0.8), fps, crf=23), False),
    Attack("letterbox to 2.39:1", lambda f, fps: encode(box_to(f, 2.39), fps, crf=23), False),
    Attack("pillarbox to 4:3/1:1", lambda f, fps: encode(
        box_to(f, min(4 / 3, 0.75 * f[0][1].shape[1] / f[0][1].shape[0])), fps, crf=23), False),
    Attack("fps 25->30", lambda f, fps: encode(f, fps, crf=23, out_fps=30.0), True),
    Attack("speed 24->25 (PAL)", lambda f, fps: encode(retime(f, 25 / 24), fps * 25 / 24, crf=23),
           True),
    Attack("brightness +20%", lambda f, fps: encode(tone(f, gain=1.2), fps, crf=23), True),
    Attack("contrast 0.8", lambda f, fps: encode(tone(f, gain=0.8, offset=25), fps, crf=23), True),
    Attack("gamma 0.8", lambda f, fps: encode(tone(f, gamma=0.8), fps, crf=23), True),
    Attack("camcorder", lambda f, fps: camcorder(f, fps), False, 30.0),
    Attack("Telegram 720p 1.2 Mbps", lambda f, fps: encode(
        f, fps, crf=None, size=_scaled(f, 720), bitrate=1_200_000), True),
    Attack("crop 90% + 480p + CRF 30", lambda f, fps: encode(
        crop_center(f, 0.9), fps, crf=30, size=_scaled(crop_center(f[:1], 0.9), 480)), False),
)


# what reposting channels do to a film besides re-encoding (section 9 of the benchmark)
EDITS: tuple[Attack, ...] = (
    Attack("channel logo", lambda f, fps: encode(overlay(f), fps, crf=23), False),
    Attack("logo + 40% banner + text", lambda f, fps: encode(
        overlay(f, banner=True, text=True), fps, crf=23), False),
    Attack("mirrored", lambda f, fps: encode(mirror(f), fps, crf=23), False),
    Attack("mirrored + logo + 480p CRF 28", lambda f, fps: encode(
        overlay(mirror(f)), fps, crf=28, size=_scaled(f, 480)), False),
    Attack("rotated 2 deg", lambda f, fps: encode(rotate(f, 2.0), fps, crf=23), False),
    Attack("zoom 110%", lambda f, fps: encode(zoom(f, 1.1), fps, crf=23), False),
    Attack("picture in picture 70%", lambda f, fps: encode(inset(f), fps, crf=23), False),
    Attack("portrait 9:16 over its own blur", lambda f, fps: encode(
        soft_surround(f), fps, crf=23), False),
    Attack("80% over its own blur", lambda f, fps: encode(
        soft_surround(f, portrait=False), fps, crf=23), False),
    Attack("blur sigma 1.5", lambda f, fps: encode(
        [(t, cv2.GaussianBlur(y, (0, 0), 1.5)) for t, y in f], fps, crf=23), False),
    Attack("noise sigma 6", lambda f, fps: encode(_noise(f, 6.0), fps, crf=23), False),
    Attack("fps 25->50", lambda f, fps: encode(f, fps, crf=23, out_fps=50.0), False),
    Attack("sped up 1.25x (every 5th frame dropped)", lambda f, fps: encode(
        [x for i, x in enumerate(f) if i % 5 != 4], fps, crf=23), False),
    Attack("sped up 1.5x", lambda f, fps: encode(retime(f, 1.5), fps * 1.5, crf=23,
                                                  out_fps=fps), False),
    Attack("slowed to 0.8x (frames repeated)", lambda f, fps: encode(
        retime(f, 0.8), fps * 0.8, crf=23, out_fps=fps), False),
)
