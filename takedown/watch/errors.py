"""Exceptions of the watch list. Each carries a message a person can act on; the fetch and
download errors also carry the :class:`~takedown.watch.model.FindingKind` they are
recorded as, so a failure becomes a finding instead of a traceback."""

from __future__ import annotations

from takedown.errors import TakedownError, TakedownInputError
from takedown.watch.model import FindingKind


class WatchError(TakedownError):
    """Refused or not possible on the watch list. Exit code 1."""


class BadWatchSource(TakedownInputError):
    """Text that is neither a public Telegram channel nor a web page or feed address."""


class NotWatched(TakedownInputError):
    """A source or lead the watch list does not hold."""


class WatchSettingsInvalid(WatchError):
    """``watch.json`` cannot be read or holds a value of the wrong kind."""


class FetchFailed(WatchError):
    """A request that did not give a usable answer (after the retries it was worth)."""

    def __init__(self, message: str, kind: FindingKind, *, url: str,
                 retry_after: float | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.url = url
        self.retry_after = retry_after
        self.status = status


class MarkupChanged(WatchError):
    """A page whose structure is not the one the reader knows (the site changed it)."""

    kind = FindingKind.MARKUP_CHANGED


class NoWebPreview(WatchError):
    """A Telegram name with no public web preview (private, a bot, or previews disabled)."""

    kind = FindingKind.NO_PREVIEW


class ChannelGone(WatchError):
    """A channel read before that has no public preview any more (removed, made private)."""

    kind = FindingKind.CHANNEL_GONE


class DownloadRefused(WatchError):
    """A download stopped by a check: too big, not a video, damaged, or cut short."""

    def __init__(self, message: str, kind: FindingKind, *, keep_partial: bool = False) -> None:
        super().__init__(message)
        self.kind = kind
        self.keep_partial = keep_partial  # a cut-short download resumes from what is kept


class TelegramApiUnavailable(WatchError):
    """API mode was asked for but the desk has no Telegram API credentials or session."""
