"""Values of the watch list: what is watched, what a poll saw, and what it recorded.

Frozen dataclasses cross the layers (repository -> monitor -> commands and window); choices
are Enums. Times are aware datetimes in UTC.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from screeningroom_resources.i18n import N_, _

__all__ = [
    "VIDEO_SUFFIXES",
    "Finding",
    "FindingKind",
    "Lead",
    "LeadKind",
    "LeadState",
    "PollReport",
    "QueueItem",
    "QueueState",
    "ReadMode",
    "SourceKind",
    "VideoState",
    "WatchSource",
]

#: what the watch list, the bulk scanner and the desk's file chooser take for a video file
VIDEO_SUFFIXES = (".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi", ".ts", ".flv", ".wmv",
                  ".mpg", ".mpeg", ".3gp")


class SourceKind(enum.Enum):
    TELEGRAM = "telegram"  # a public channel, read through its web preview or the API
    WEBSITE = "website"    # an HTML page or an RSS/Atom feed (told apart when fetched)

    @property
    def label(self) -> str:
        return _(_SOURCE_LABELS[self])


_SOURCE_LABELS = {SourceKind.TELEGRAM: N_("Telegram channel"), SourceKind.WEBSITE: N_("website")}


class ReadMode(enum.Enum):
    """How a Telegram channel is read."""

    AUTO = "auto"  # the web preview; the API when the channel has none and it is configured
    WEB = "web"    # the public web preview only (https://t.me/s/<name>)
    API = "api"    # the Telegram API (MTProto) only, with the desk's credentials


class FindingKind(enum.Enum):
    NEW_VIDEO = "new-video"            # downloaded, a case opened, a scan queued
    DUPLICATE = "duplicate"            # the same file (SHA-256) was seen before
    POST_GONE = "post-gone"            # a post seen before is no longer shown
    NOT_IN_PREVIEW = "not-in-preview"  # the preview shows a video but offers no file
    TOO_BIG = "too-big"
    NOT_A_VIDEO = "not-a-video"
    DAMAGED = "damaged"                # a video container that does not read to its end
    TRUNCATED = "truncated"            # cut short; the next poll resumes it
    RATE_LIMITED = "rate-limited"      # 429 (or 503) with a wait longer than worth waiting
    SERVER_ERROR = "server-error"      # 5xx after the retries
    TIMEOUT = "timeout"
    NETWORK = "network"                # no connection
    REDIRECT_LOOP = "redirect-loop"
    HTTP_ERROR = "http-error"          # 4xx other than 429
    ROBOTS = "robots"                  # robots.txt disallows the address
    PRIVATE_ADDRESS = "private-address"  # an address on the desk's own network
    MARKUP_CHANGED = "markup-changed"  # the page is not in the structure the reader knows
    NO_PREVIEW = "no-preview"          # a Telegram name without a public web preview
    CHANNEL_GONE = "channel-gone"      # a channel read before has no public preview now
    GAP = "gap"                        # more new posts than the catch-up depth reaches
    SCAN_FAILED = "scan-failed"

    @property
    def label(self) -> str:
        return _(_FINDING_LABELS[self])

    @property
    def is_problem(self) -> bool:
        return self not in (FindingKind.NEW_VIDEO, FindingKind.DUPLICATE, FindingKind.POST_GONE)


_FINDING_LABELS = {
    FindingKind.NEW_VIDEO: N_("new video"),
    FindingKind.DUPLICATE: N_("seen before"),
    FindingKind.POST_GONE: N_("post removed"),
    FindingKind.NOT_IN_PREVIEW: N_("video not in the preview"),
    FindingKind.TOO_BIG: N_("too big"),
    FindingKind.NOT_A_VIDEO: N_("not a video"),
    FindingKind.DAMAGED: N_("damaged video"),
    FindingKind.TRUNCATED: N_("download cut short"),
    FindingKind.RATE_LIMITED: N_("rate limited"),
    FindingKind.SERVER_ERROR: N_("server error"),
    FindingKind.TIMEOUT: N_("timed out"),
    FindingKind.NETWORK: N_("no connection"),
    FindingKind.REDIRECT_LOOP: N_("redirect loop"),
    FindingKind.HTTP_ERROR: N_("refused by the server"),
    FindingKind.ROBOTS: N_("disallowed by robots.txt"),
    FindingKind.PRIVATE_ADDRESS: N_("local address refused"),
    FindingKind.MARKUP_CHANGED: N_("page structure changed"),
    FindingKind.NO_PREVIEW: N_("no web preview"),
    FindingKind.CHANNEL_GONE: N_("channel no longer public"),
    FindingKind.GAP: N_("posts possibly missed"),
    FindingKind.SCAN_FAILED: N_("scan failed"),
}


class LeadKind(enum.Enum):
    CHANNEL = "channel"  # another public channel (t.me/<name>)
    BOT = "bot"          # a bot (its username ends in "bot")
    INVITE = "invite"    # a private invite link (t.me/+..., t.me/joinchat/...)
    SITE = "site"        # a website address

    @property
    def label(self) -> str:
        return _(_LEAD_LABELS[self])


_LEAD_LABELS = {LeadKind.CHANNEL: N_("channel"), LeadKind.BOT: N_("bot"),
                LeadKind.INVITE: N_("private invite"), LeadKind.SITE: N_("website")}


class LeadState(enum.Enum):
    NEW = "new"
    ADDED = "added"      # now on the watch list
    IGNORED = "ignored"


class VideoState(enum.Enum):
    PENDING = "pending"          # not fetched yet, or to be retried (resumes what is kept)
    DOWNLOADED = "downloaded"    # a case is open and a scan queued
    DUPLICATE = "duplicate"      # a file already seen
    REFUSED = "refused"          # too big, not a video, damaged, disallowed
    UNAVAILABLE = "unavailable"  # no file offered (too big for the preview)
    FAILED = "failed"            # gave up after the attempts allowed


class QueueState(enum.Enum):
    QUEUED = "queued"
    SCANNED = "scanned"
    FAILED = "failed"


@dataclass(frozen=True)
class SourceSpec:
    """A source as typed, checked and normalised (not yet on the list)."""

    kind: SourceKind
    key: str   # unique: "tg:<name in lower case>" or the normalised address
    name: str  # "@Name" or the address
    url: str   # the address polled


@dataclass(frozen=True)
class WatchSource:
    source_id: int
    kind: SourceKind
    key: str
    name: str
    url: str
    mode: ReadMode
    interval: int        # seconds between polls
    depth: int           # pages read back on the first poll
    added_at: datetime
    next_due: datetime
    last_polled: datetime | None = None
    last_message_id: int | None = None
    is_feed: bool | None = None  # websites: None until first fetched
    last_outcome: str = ""

    @property
    def channel(self) -> str | None:
        return self.key[3:] if self.kind is SourceKind.TELEGRAM else None


@dataclass(frozen=True)
class VideoRef:
    """A video a post offers: ``url`` to download it, or None when the page shows it but
    offers no file (Telegram's preview of a video too big to play in a browser)."""

    url: str | None
    duration: str = ""   # as the page shows it (e.g. "1:02:17")
    api_ref: int | None = None  # the message id holding it, in API mode
    size: int | None = None     # bytes, when the source says so before the download


@dataclass(frozen=True)
class Post:
    """One post as read from a source."""

    key: str               # unique within the source: the message id, or an address
    link: str              # where it was seen (a t.me message link or a page address)
    posted_at: datetime | None
    text: str = ""
    views: int | None = None    # the least the shown count means ("12.5K" -> 12500)
    views_shown: str = ""       # the count as the page shows it
    videos: tuple[VideoRef, ...] = ()
    outlinks: tuple[str, ...] = ()
    message_id: int | None = None


@dataclass(frozen=True)
class Finding:
    finding_id: int
    at: datetime
    kind: FindingKind
    detail: str
    source_id: int | None = None
    source_name: str = ""
    link: str = ""
    case_id: str | None = None

    @property
    def text(self) -> str:
        """The detail, naming the case when the detail does not already."""
        if not self.case_id or self.case_id in self.detail:
            return self.detail
        return f"{self.detail} [{self.case_id}]"


@dataclass(frozen=True)
class Lead:
    lead_id: int
    kind: LeadKind
    target: str      # "@name", "t.me/+hash" or an address
    url: str
    first_seen: datetime
    seen_in: str     # the post link it was first seen in
    times: int
    state: LeadState


@dataclass(frozen=True)
class QueueItem:
    item_id: int
    sha256: str
    case_id: str
    file: str
    link: str
    seen_time: datetime | None
    channel: str | None
    views: int | None
    state: QueueState
    queued_at: datetime
    result: str = ""   # the scan's outcome in one line, once scanned


@dataclass(frozen=True)
class PollReport:
    """What one poll of one source did."""

    source: WatchSource
    posts_new: int = 0
    videos_new: int = 0
    duplicates: int = 0
    leads_new: int = 0
    gone: int = 0
    findings: tuple[Finding, ...] = field(default=())
    not_modified: bool = False
    error: str = ""
