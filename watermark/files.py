"""Marking a whole video file: nothing changes but the mark.

The video is decoded by :class:`watermark.video.VideoReader`, marked in luma and re-encoded
with libx264; the audio packets are copied as they are, interleaved by time. Kept:

- every frame's time stamp (in the input stream's own time base) and so the stream's start
  (no B-frames, so no decoding delay shifts the first frame: audio and pictures stay
  together);
- the colour properties: 8-bit Y'CbCr input keeps its chroma format (4:2:0, 4:2:2, 4:4:4),
  its range, matrix, primaries and transfer, and the output is tagged with them (unknown
  tags are written as the values a player assumes for that size: BT.709 from 720 lines up,
  BT.601 below, limited range);
- an RGB input (e.g. lossless ``gbrp``) is converted once to 4:4:4 Y'CbCr with an explicit
  BT.709 matrix at full range (no levels squeezed), and tagged so.

Other inputs (grey, high bit depth) are converted to 8-bit 4:2:0 with their own matrix and
range, and tagged; the bit depth is the one thing that changes there.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from watermark.embed import Embedder
from watermark.errors import N_, WatermarkCancelled, WatermarkInputError
from watermark.video import Cancelled, VideoInfo, VideoReader

DEFAULT_CRF = 12  # near-lossless for H.264
_KEEP = {"yuv420p": "yuv420p", "yuvj420p": "yuv420p", "yuv422p": "yuv422p",
         "yuvj422p": "yuv422p", "yuv444p": "yuv444p", "yuvj444p": "yuv444p"}
_RGB = {"gbrp", "rgb24", "bgr24", "rgba", "bgra", "argb", "abgr", "gbrap", "rgb48le",
        "rgb48be", "gbrp10le", "gbrp12le", "gbrp16le", "rgba64le", "bgr0", "rgb0", "0rgb"}
# FFmpeg enum values (AVColorRange, AVColorSpace, AVColorPrimaries, AVColorTransfer...)
RANGE_LIMITED, RANGE_FULL = 1, 2
BT709, BT470BG, SMPTE170M = 1, 5, 6


@dataclass(frozen=True)
class ColourPlan:
    """How the input's pictures become the output's: pixel format and tags."""

    pix_fmt: str  # of the output
    convert: bool  # False: the decoded planes are copied as they are
    color_range: int
    colorspace: int
    color_primaries: int
    color_trc: int


def colour_plan(info: VideoInfo) -> ColourPlan:
    """The output pixel format and colour tags for an input (see the module)."""
    hd = info.height >= 720
    fmt = info.pix_fmt

    def known(value: int, default: int) -> int:
        return value if value not in (0, 2) else default  # 0 reserved, 2 unspecified

    if fmt in _RGB:
        return ColourPlan("yuv444p", True, RANGE_FULL, BT709,
                          known(info.color_primaries, BT709), known(info.color_trc, BT709))
    matrix = known(info.colorspace, BT709 if hd else SMPTE170M)
    rng = info.color_range or (RANGE_FULL if fmt.startswith("yuvj") else RANGE_LIMITED)
    primaries = known(info.color_primaries, BT709 if hd else SMPTE170M)
    trc = known(info.color_trc, BT709 if hd else SMPTE170M)
    if fmt in _KEEP:
        return ColourPlan(_KEEP[fmt], False, rng, matrix, primaries, trc)
    return ColourPlan("yuv420p", True, rng, matrix, primaries, trc)


def _reformat_args(plan: ColourPlan, info: VideoInfo) -> dict[str, Any]:
    from av.video.reformatter import ColorRange, Colorspace

    spaces = {BT709: Colorspace.ITU709, BT470BG: Colorspace.ITU601,
              SMPTE170M: Colorspace.SMPTE170M}
    ranges = {RANGE_LIMITED: ColorRange.MPEG, RANGE_FULL: ColorRange.JPEG}
    src_space = spaces.get(info.colorspace, Colorspace.ITU709 if info.height >= 720
                           else Colorspace.ITU601)
    src_range = ranges.get(info.color_range, ColorRange.JPEG if info.pix_fmt in _RGB
                           else ColorRange.MPEG)
    return {"format": plan.pix_fmt, "src_colorspace": src_space,
            "dst_colorspace": spaces.get(plan.colorspace, Colorspace.ITU709),
            "src_color_range": src_range, "dst_color_range": ranges[plan.color_range]}


def _copy_frame(frame: Any, fmt: str, w: int, h: int) -> Any:
    """A new (w, h) frame with the planes of ``frame``, cropped to it where larger
    (decoder buffers are never written to)."""
    import av

    out = av.VideoFrame(w, h, fmt)
    for src, dst in zip(frame.planes, out.planes, strict=True):
        a = np.frombuffer(src, np.uint8).reshape(-1, src.line_size)
        b = np.frombuffer(dst, np.uint8).reshape(-1, dst.line_size)
        rows = min(a.shape[0], b.shape[0])
        cols = min(a.shape[1], b.shape[1])
        b[:rows, :cols] = a[:rows, :cols]
    return out


def _luma_view(frame: Any) -> np.ndarray:
    plane = frame.planes[0]
    buf = np.frombuffer(plane, np.uint8).reshape(frame.height, plane.line_size)
    return buf[:, : frame.width]


def _audio_packets(src: Path) -> Iterator[Any]:
    """The audio packets of ``src`` in file order (a second demuxer on the same file)."""
    import av

    with av.open(str(src)) as c:
        if not c.streams.audio:
            return
        stream = c.streams.audio[0]
        for packet in c.demux(stream):
            if packet.dts is not None:
                yield packet


def embed_file(
    src: str | os.PathLike[str],
    dst: str | os.PathLike[str],
    embedder: Embedder,
    crf: int = DEFAULT_CRF,
    preset: str = "veryfast",
    progress: Callable[[float, float], None] | None = None,
    cancelled: Cancelled | None = None,
) -> int:
    """Mark every frame of ``src`` into ``dst`` (H.264; see the module for what is kept);
    returns the frames written. Frame time ``t`` is seconds since the first frame of
    ``src``. Written to a temporary name and renamed at the end: a failure or a cancel
    leaves nothing."""
    import av

    src, dst = Path(src), Path(dst)
    if not 0 <= int(crf) <= 51:
        raise WatermarkInputError(N_("CRF must be between 0 and 51, not {crf}."), crf=crf)
    reader = VideoReader(src, what=str(src), cancelled=cancelled)
    info = reader.info
    plan = colour_plan(info)
    reformat = _reformat_args(plan, info) if plan.convert else None
    written = 0
    tmp = dst.with_name(dst.name + ".part" + dst.suffix)
    try:
        with av.open(str(src)) as probe_in:
            vin = probe_in.streams.video[0]
            tb = vin.time_base or Fraction(1, 90000)
            rate = vin.average_rate or vin.guessed_rate or Fraction(25)
            ain = probe_in.streams.audio[0] if probe_in.streams.audio else None
            with av.open(str(tmp), "w", format=_format_for(dst)) as out:
                vout = out.add_stream("libx264", rate=rate)
                w, h = info.width - info.width % 2, info.height - info.height % 2
                vout.width, vout.height, vout.pix_fmt = w, h, plan.pix_fmt
                vout.time_base = tb
                ctx = vout.codec_context
                ctx.time_base = tb
                ctx.color_range = plan.color_range
                ctx.colorspace = plan.colorspace
                ctx.color_primaries = plan.color_primaries
                ctx.color_trc = plan.color_trc
                vout.options = {"crf": str(int(crf)), "preset": preset, "bf": "0"}
                aout = out.add_stream_from_template(ain) if ain is not None else None
                audio = _audio_packets(src) if aout is not None else iter(())
                pending = next(audio, None)
                last_pts: int | None = None
                for frame, t in reader.decoded():
                    pts = frame.pts if frame.pts is not None else (
                        round((info.start_time + t) / tb))
                    if last_pts is not None and pts <= last_pts:
                        continue  # a repeated time stamp cannot be encoded twice
                    last_pts = pts
                    pic = frame.reformat(**reformat) if reformat is not None else frame
                    pic = _copy_frame(pic, plan.pix_fmt, w, h)
                    embedder.apply_luma(_luma_view(pic), t)
                    pic.pts = pts
                    pic.time_base = tb
                    pic.color_range = plan.color_range
                    pic.colorspace = plan.colorspace
                    when = float(pts * tb)
                    while pending is not None and float(pending.dts * pending.time_base) <= when:
                        pending.stream = aout
                        out.mux(pending)
                        pending = next(audio, None)
                    out.mux(vout.encode(pic))
                    written += 1
                    if progress is not None and written % 10 == 0:
                        progress(written, max(info.frames, written))
                out.mux(vout.encode(None))
                while pending is not None:
                    pending.stream = aout
                    out.mux(pending)
                    pending = next(audio, None)
        if written == 0:
            raise WatermarkInputError(
                N_("{name} has no decodable video frames."), name=str(src),
            )
        os.replace(tmp, dst)
    except av.FFmpegError as exc:
        raise WatermarkInputError(
            N_("{name} is not a readable video ({reason})."),
            name=str(src), reason=str(exc).strip(),
        ) from None
    except WatermarkCancelled:
        raise
    finally:
        if tmp.exists():
            tmp.unlink()
    if progress is not None:
        progress(written, written)
    return written


def _format_for(path: Path) -> str | None:
    return {".mp4": "mp4", ".mov": "mov", ".mkv": "matroska"}.get(path.suffix.lower())
