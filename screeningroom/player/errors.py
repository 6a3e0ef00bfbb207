"""Errors of the playback pipeline. Each message says what happened and what to do."""

from __future__ import annotations

from screeningroom.errors import BadInput, ScreeningRoomError
from screeningroom_resources.i18n import _

__all__ = [
    "CannotDecode",
    "InvalidSource",
    "InvalidValue",
    "PlaybackError",
    "PlayerClosed",
    "SinkFailed",
    "SourceUnreadable",
    "VlcMissing",
    "WatermarkFailed",
]


class PlaybackError(ScreeningRoomError):
    """Playback could not start or had to stop. ``refusal_code``: the stable code the
    station shows and logs (screeningroom/refusals.py)."""

    refusal_code = "playback-failed"


class VlcMissing(PlaybackError):
    """libvlc (or its decoder plug-ins) is not installed on this machine."""

    refusal_code = "vlc-missing"

    def __init__(self, detail: str = "") -> None:
        message = _(
            "The video engine (libvlc) is not available: run installer/bootstrap.sh, or "
            "apt-get install libvlc5 vlc-plugin-base."
        )
        super().__init__(f"{message} ({detail})" if detail else message)


class CannotDecode(PlaybackError):
    """The film's data could not be decoded into pictures."""

    refusal_code = "cannot-decode"

    def __init__(self) -> None:
        super().__init__(
            _(
                "The film could not be decoded: the screener may be damaged or in a format "
                "this station cannot play. Ask the rights holder for a new screener."
            )
        )


class WatermarkFailed(PlaybackError):
    """The frame hook (the session watermark) raised: playback stopped before any
    unmarked frame could be shown."""

    refusal_code = "watermark-failed"

    def __init__(self, cause: BaseException) -> None:
        super().__init__(
            _(
                "Playback stopped: the session watermark could not be applied ({cause}). "
                "No unmarked picture was shown. Report this to the review office."
            ).format(cause=type(cause).__name__)
        )


class SinkFailed(PlaybackError):
    """The frame sink raised while receiving a frame."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(
            _("Playback stopped: the frame recorder failed ({cause}).").format(
                cause=type(cause).__name__
            )
        )


class SourceUnreadable(PlaybackError):
    """Reading the film's data failed with an error that is not the vault's own."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(
            _("Playback stopped: the film's data could not be read ({cause}).").format(
                cause=cause
            )
        )


class PlayerClosed(PlaybackError):
    """A command was given to a player that was already stopped."""

    def __init__(self) -> None:
        super().__init__(
            _("This playback has ended; start a new session to play the film again.")
        )


class InvalidSource(PlaybackError, BadInput):
    """The object given as the film's source is not a readable, seekable reader."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            _("The film's source cannot be played: {reason}").format(reason=reason)
        )


class InvalidValue(PlaybackError, BadInput):
    """A value outside the range a player command takes."""
