"""What the notes widget needs of playback: where the film is, how long it runs, and a
way to go there.

The station's ``PlaybackSession`` fits as it is (``position_seconds``, ``duration`` and
``seek(seconds)``); tests hand in a :class:`FixedPosition`.
"""

from __future__ import annotations

from typing import Protocol


class PlaybackPosition(Protocol):
    @property
    def position_seconds(self) -> float:
        """The film time now shown, in seconds."""
        ...

    @property
    def duration(self) -> float:
        """How long the film runs, in seconds (0 when not known)."""
        ...

    def seek(self, seconds: float) -> None:
        """Go to ``seconds`` of film time."""
        ...


class FixedPosition:
    """A stand-in position (tests, a form opened without the player)."""

    def __init__(self, seconds: float = 0.0, duration: float = 0.0) -> None:
        self.position_seconds = seconds
        self.duration = duration
        self.seeks: list[float] = []

    def seek(self, seconds: float) -> None:
        self.seeks.append(seconds)
        self.position_seconds = seconds
