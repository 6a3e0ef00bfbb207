"""The film's picture size, read from its first video stream before libvlc opens it.

libvlc 3.0 gives the format callback the decoder's padded size, not the picture's:
FFmpeg aligns an H.264 picture's height to 32 lines and adds 2 (2178 lines for a
2160-line film, 1090 for 1080, 738 for 720, 386 for 360). Its memory output sets the
picture it delivers to the whole of the size the callback answers, so answered with the
padded size it *scales* every picture to it (swscale, bicubic: 2160 lines stretched to
2178, of which the player shows the top 2160), about 10 ms of CPU a 2160p frame on the
video output thread. Answered with the picture's own size, it copies the picture
unscaled (measured on the 2160p benchmark film: the scaler's 20 % of the process's CPU
samples gone).

The size is read with PyAV from the reader the player plays (the container's headers and
the stream's parameter sets; about 70 ms for the 2160p film through the vault's
decrypting reader). A film PyAV cannot read is left to libvlc as before."""

from __future__ import annotations

from typing import Any

from screeningroom.errors import ScreeningRoomError
from screeningroom.player.types import Source

# a picture size is taken only when it lies within the decoder's padded size by less
# than this on each side (FFmpeg pads by at most 34 lines and 31 columns)
MAX_PADDING = 64


def probe_picture_size(source: Source) -> tuple[int, int] | None:
    """(width, height) of the first video stream of the film ``source`` reads, or None
    when it cannot be read; the reader is put back at its start either way."""
    import av

    try:
        source.seek(0, 0)
        container: Any = av.open(source, "r")  # type: ignore[call-overload]
        try:
            ctx = container.streams.video[0].codec_context
            size = (int(ctx.width), int(ctx.height))
        finally:
            container.close()
    except (av.error.FFmpegError, IndexError, OSError, ValueError, ScreeningRoomError):
        size = None
    try:
        source.seek(0, 0)
    except (OSError, ValueError, ScreeningRoomError):
        return None  # libvlc's open seeks again and reports what fails
    if size is None or min(size) <= 0:
        return None
    return size


def fits(size: tuple[int, int] | None, coded_width: int, coded_height: int) -> bool:
    """Whether the picture ``size`` lies within a decoder's padded (coded) size, as
    libvlc's format callback gives it (a rotated film's, swapped, does not)."""
    if size is None:
        return False
    width, height = size
    return (0 <= coded_width - width < MAX_PADDING
            and 0 <= coded_height - height < MAX_PADDING)
