"""What packaging records about a film's streams, read with PyAV (duration, codecs)."""

from __future__ import annotations

from pathlib import Path

from screeningroom.vault.errors import VaultInputError
from screeningroom.vault.model import MediaInfo
from screeningroom_resources.i18n import _


def probe(path: Path) -> MediaInfo:
    """Duration and a one-line codec summary, e.g. ``mp4: h264 1280x720 24 fps; aac 48000 Hz``."""
    import av

    try:
        with av.open(str(path)) as container:
            parts = []
            for stream in container.streams:
                ctx = stream.codec_context
                name = ctx.name if ctx is not None else "?"
                if stream.type == "video":
                    rate = stream.average_rate
                    fps = f" {float(rate):.3g} fps" if rate else ""
                    parts.append(f"{name} {ctx.width}x{ctx.height}{fps}")
                elif stream.type == "audio":
                    parts.append(f"{name} {ctx.sample_rate} Hz {ctx.channels} ch")
                else:
                    parts.append(f"{stream.type} {name}")
            if not any(s.type == "video" for s in container.streams):
                raise VaultInputError(_("{path} has no video stream.").format(path=path.name))
            duration = container.duration or 0  # microseconds (av.time_base)
            fmt = container.format.name.split(",")[0]
    except av.error.FFmpegError as exc:
        raise VaultInputError(
            _("{path} is not a video file that can be read: {error}").format(
                path=path.name, error=exc.strerror or exc
            )
        ) from exc
    return MediaInfo(duration_ms=int(duration) // 1000, codec_summary=f"{fmt}: " + "; ".join(parts))
