"""Marking a whole video file (PyAV): video re-encoded with the mark, audio copied as is."""

from __future__ import annotations

import os
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import numpy as np

from watermark.embed import Embedder
from watermark.errors import N_, WatermarkInputError
from watermark.video import FrameClock

DEFAULT_CRF = 12  # near-lossless for H.264


def embed_file(
    src: str | os.PathLike[str],
    dst: str | os.PathLike[str],
    embedder: Embedder,
    crf: int = DEFAULT_CRF,
    preset: str = "veryfast",
    progress: Callable[[float, float], None] | None = None,
) -> int:
    """Mark every frame of ``src`` into ``dst`` (H.264, yuv420p); returns frames written.
    Frame time ``t`` is seconds since the first frame of ``src``."""
    import av

    src, dst = Path(src), Path(dst)
    if not src.is_file():
        raise WatermarkInputError(N_("No such file: {path}"), path=str(src))
    if not 0 <= int(crf) <= 51:
        raise WatermarkInputError(N_("CRF must be between 0 and 51, not {crf}."), crf=crf)
    try:
        inp = av.open(str(src))
    except (av.FFmpegError, OSError) as exc:
        raise WatermarkInputError(
            N_("{name} is not a readable video ({reason})."),
            name=str(src), reason=str(exc).strip(),
        ) from None
    written = 0
    tmp = dst.with_name(dst.name + ".part" + dst.suffix)
    try:
        with inp:
            if not inp.streams.video:
                raise WatermarkInputError(
                    N_("{name} has no video stream."), name=str(src)
                )
            vin = inp.streams.video[0]
            vin.thread_type = "AUTO"
            rate = vin.average_rate or Fraction(25)
            total = int(vin.frames or 0)
            ain = inp.streams.audio[0] if inp.streams.audio else None
            with av.open(str(tmp), "w", format=_format_for(dst)) as out:
                vout = out.add_stream("libx264", rate=rate)
                vout.width, vout.height = vin.codec_context.width, vin.codec_context.height
                vout.width -= vout.width % 2
                vout.height -= vout.height % 2
                vout.pix_fmt = "yuv420p"
                vout.options = {"crf": str(int(crf)), "preset": preset}
                aout = out.add_stream_from_template(ain) if ain is not None else None
                streams = [vin] + ([ain] if ain is not None else [])
                clock = FrameClock(float(rate))
                for packet in inp.demux(streams):
                    if packet.stream is ain:
                        if packet.dts is not None and aout is not None:
                            packet.stream = aout
                            out.mux(packet)
                        continue
                    for frame in packet.decode():
                        t = clock(frame.time)
                        img = frame.to_ndarray(format="yuv420p")
                        h, w = vout.height, vout.width
                        img = _crop420(img, frame.height, frame.width, h, w)
                        embedder.apply_luma(img[:h], t)
                        vf = av.VideoFrame.from_ndarray(img, format="yuv420p")
                        vf.pts = written
                        vf.time_base = 1 / Fraction(rate)
                        out.mux(vout.encode(vf))
                        written += 1
                        if progress is not None and written % 10 == 0:
                            progress(written, max(total, written))
                out.mux(vout.encode(None))
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
    finally:
        if tmp.exists():
            tmp.unlink()
    if progress is not None:
        progress(written, written)
    return written


def _format_for(path: Path) -> str | None:
    return {".mp4": "mp4", ".mov": "mov", ".mkv": "matroska"}.get(path.suffix.lower())


def _crop420(img: np.ndarray, fh: int, fw: int, h: int, w: int) -> np.ndarray:
    """A yuv420p (3/2 H, W) array cropped to even (h, w)."""
    if (fh, fw) == (h, w):
        return img
    y = img[:fh, :fw][:h, :w]
    u = img[fh : fh + fh // 4].reshape(fh // 2, fw // 2)[: h // 2, : w // 2]
    v = img[fh + fh // 4 : fh + fh // 2].reshape(fh // 2, fw // 2)[: h // 2, : w // 2]
    return np.concatenate([y, u.reshape(-1, w), v.reshape(-1, w)])
