"""Playback: decrypting reader -> libvlc decode -> watermark frame hook -> sink. The only
package that imports ``vlc`` (lazily, so that importing this package never needs libvlc).

    player = Player(reader, frame_hook=embedder.apply_luma, overlay_text="A. Member · 3f9c")
    player.play()
    ...  # the GUI watches player.frame_ready_fd (readable when a frame is due), paints
    ...  # the I420 planes of `with player.borrow_frame() as frame:` on the GPU, and
    ...  # drains player.events() on a timer
    player.stop()

Per frame, inside libvlc's display deadline, only the watermark (and the visible
overlay) touches the picture, in place on the luma plane of the buffer libvlc decoded
into; the conversion to RGB happens at paint time, on the GPU (or on the CPU where there
is no OpenGL: ``Frame.bgra``).
"""

from screeningroom.player import errors, types
from screeningroom.player.audio_clock import AudioClock
from screeningroom.player.bridges import FrameTiming
from screeningroom.player.colour import ColourMatrix, i420_to_bgra, rgb_from_yuv
from screeningroom.player.errors import *  # noqa: F403
from screeningroom.player.player import Player
from screeningroom.player.sink import HeadlessSink
from screeningroom.player.types import *  # noqa: F403

__all__ = [
    *errors.__all__,
    *types.__all__,
    "AudioClock",
    "ColourMatrix",
    "FrameTiming",
    "HeadlessSink",
    "Player",
    "i420_to_bgra",
    "rgb_from_yuv",
]
