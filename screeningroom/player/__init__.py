"""Playback: decrypting reader -> libvlc decode -> watermark frame hook -> sink. The only
package that imports ``vlc`` (lazily, so that importing this package never needs libvlc).

    player = Player(reader, frame_hook=embedder.apply_luma, overlay_text="A. Member · 3f9c")
    player.play()
    ...  # a GUI timer polls player.frame_counter, paints player.latest_frame(),
    ...  # and drains player.events()
    player.stop()
"""

from screeningroom.player.errors import (
    CannotDecode,
    InvalidSource,
    InvalidValue,
    PlaybackError,
    PlayerClosed,
    SinkFailed,
    SourceUnreadable,
    VlcMissing,
    WatermarkFailed,
)
from screeningroom.player.player import Player
from screeningroom.player.sink import HeadlessSink
from screeningroom.player.types import (
    EventKind,
    Frame,
    FrameHook,
    FrameSink,
    PlayerEvent,
    PlayerState,
    Source,
)

__all__ = [
    "CannotDecode",
    "EventKind",
    "Frame",
    "FrameHook",
    "FrameSink",
    "HeadlessSink",
    "InvalidSource",
    "InvalidValue",
    "PlaybackError",
    "Player",
    "PlayerClosed",
    "PlayerEvent",
    "PlayerState",
    "SinkFailed",
    "Source",
    "SourceUnreadable",
    "VlcMissing",
    "WatermarkFailed",
]
