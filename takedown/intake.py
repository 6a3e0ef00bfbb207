"""Intake: a suspected clip and where it was seen, checked before anything is written.

The clip is read, never changed: its SHA-256 is taken from the bytes as received, and
every video packet is read so that a truncated or damaged file is refused here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from screeningroom_resources.i18n import _
from takedown.errors import BadClip, TakedownInputError
from takedown.links import SeenAt, parse_link
from takedown.zone import parse_time

if TYPE_CHECKING:
    from takedown.media import ClipInfo


@dataclass(frozen=True)
class SeenReport:
    """Where and when the clip was seen, as the person reported it."""

    link: SeenAt
    seen_time: datetime  # UTC
    channel: str | None
    views: int | None


@dataclass(frozen=True)
class Intake:
    path: Path
    sha256: str
    size: int
    info: ClipInfo
    sighting: SeenReport
    received_at: datetime  # UTC


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def take_in(
    clip: Path,
    seen_at: str,
    *,
    seen_time: str | None = None,
    channel: str | None = None,
    views: int | None = None,
    now: datetime | None = None,
) -> Intake:
    """Check the link, the numbers and the clip; return what is known. Writes nothing."""
    now = now or datetime.now(UTC)
    link = parse_link(seen_at)
    when = parse_time(seen_time, now)
    if views is not None and views < 0:
        raise TakedownInputError(_("The number of views cannot be negative."))
    if channel is not None:
        channel = channel.strip() or None
    if channel is None and link.is_telegram:
        channel = link.channel
    clip = Path(clip)
    if not clip.is_file():
        raise BadClip(_("No such file: {path}").format(path=clip))
    size = clip.stat().st_size
    if size == 0:
        raise BadClip(_("The file is empty (zero bytes): {path}").format(path=clip))
    digest = sha256_file(clip)
    from takedown.media import probe  # PyAV and OpenCV load only when a clip is taken in

    info = probe(clip)
    return Intake(
        path=clip.resolve(), sha256=digest, size=size, info=info,
        sighting=SeenReport(link=link, seen_time=when, channel=channel, views=views),
        received_at=now,
    )
