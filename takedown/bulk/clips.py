"""What a bulk scan scans: the video files of a folder, a list of files, or the watch list's
queue; each with where it was seen.

A list file has one clip a line: the path, then optionally (tab-separated) the link it was
seen at, when (ISO 8601), the channel or site and the views; ``#`` starts a comment. A
relative path is taken from the list's folder.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from screeningroom_resources.i18n import _
from takedown.errors import TakedownInputError
from takedown.watch.model import VIDEO_SUFFIXES, QueueState

if TYPE_CHECKING:
    from takedown.watch.repository import WatchRepository


@dataclass(frozen=True)
class BulkClip:
    path: Path
    seen_at: str
    seen_time: str | None = None
    channel: str | None = None
    views: int | None = None
    case_id: str | None = None     # the case the watch list opened for it
    queue_item: int | None = None  # its item in the watch list's queue


def from_folder(folder: Path, seen_at: str | None) -> list[BulkClip]:
    folder = Path(folder)
    if not folder.is_dir():
        raise TakedownInputError(_("No such folder: {path}").format(path=folder))
    if not seen_at:
        raise TakedownInputError(
            _("Say where the clips of {path} were seen: --seen-at LINK.").format(path=folder))
    files = sorted(p for p in folder.rglob("*")
                   if p.is_file() and p.suffix.lower() in VIDEO_SUFFIXES)
    return [BulkClip(path=p, seen_at=seen_at) for p in files]


def from_list(file: Path, seen_at: str | None) -> list[BulkClip]:
    file = Path(file)
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise TakedownInputError(_("The list {path} cannot be read: {reason}").format(
            path=file, reason=str(exc))) from exc
    out = []
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        path = Path(fields[0])
        if not path.is_absolute():
            path = file.parent / path
        link = fields[1] if len(fields) > 1 and fields[1] else seen_at
        if not link:
            raise TakedownInputError(
                _("Line {n} of {path} says no link the clip was seen at, and no --seen-at was "
                  "given.").format(n=number, path=file))
        views = None
        if len(fields) > 4 and fields[4]:
            if not fields[4].isdigit():
                raise TakedownInputError(
                    _("Line {n} of {path}: the views must be a whole number, not {text}.")
                    .format(n=number, path=file, text=fields[4]))
            views = int(fields[4])
        out.append(BulkClip(path=path, seen_at=link,
                            seen_time=fields[2] if len(fields) > 2 and fields[2] else None,
                            channel=fields[3] if len(fields) > 3 and fields[3] else None,
                            views=views))
    return out


def from_queue(repo: WatchRepository) -> list[BulkClip]:
    return [BulkClip(path=Path(q.file), seen_at=q.link,
                     seen_time=q.seen_time.isoformat() if q.seen_time else None,
                     channel=q.channel, views=q.views, case_id=q.case_id, queue_item=q.item_id)
            for q in repo.queue(QueueState.QUEUED, limit=10_000_000)]


def unique(clips: Iterable[BulkClip]) -> list[BulkClip]:
    """Each file once (the first mention wins)."""
    seen: set[Path] = set()
    out = []
    for clip in clips:
        key = clip.path.resolve()
        if key not in seen:
            seen.add(key)
            out.append(clip)
    return out
