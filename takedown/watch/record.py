"""What a poll writes, one post or one video at a time, each in one transaction of the
desk store: a post and its leads; a downloaded video with its case, custody entry, scan
queue item and finding; a refusal with its finding. A crash between two of these loses
nothing recorded before it, and the next poll takes up what is still pending."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from screeningroom_resources.i18n import _
from takedown import custody
from takedown.watch.download import Downloaded
from takedown.watch.model import (
    Finding,
    FindingKind,
    LeadKind,
    Post,
    SourceKind,
    VideoState,
    WatchSource,
)
from takedown.watch.repository import PendingVideo, WatchRepository
from takedown.watch.sources import lead_of

if TYPE_CHECKING:
    from takedown.desk import Desk

TITLE_CHARS = 80


def record_post(repo: WatchRepository, source: WatchSource, post: Post,
                now: datetime) -> tuple[bool, int, bool]:
    """Record ``post``; returns (new, new leads, came back after being marked gone)."""
    with repo.atomic():
        if repo.has_post(source.source_id, post.key):
            return False, 0, repo.seen_again(source.source_id, post, now)
        repo.add_post(source.source_id, post, now)
        leads = 0
        own_host = None if source.kind is SourceKind.TELEGRAM else _host(source.url)
        for href in post.outlinks:
            ref = lead_of(href, own_key=source.key, own_host=own_host)
            if ref is None or (source.kind is SourceKind.WEBSITE and ref.kind is LeadKind.SITE):
                continue  # a site's links to other sites are navigation, not mirror chains
            leads += repo.note_lead(ref.kind, ref.target, ref.url, seen_in=post.link,
                                    source_id=source.source_id, now=now)
        return True, leads, False


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _excerpt(text: str, chars: int = 300) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= chars else flat[: chars - 1] + "…"


def case_title(source: WatchSource, video: PendingVideo) -> str:
    first = next((line.strip() for line in video.text.splitlines() if line.strip()), "")
    if len(first) > TITLE_CHARS:
        first = first[: TITLE_CHARS - 1].rstrip() + "…"
    return first or video.link


def record_download(desk: Desk, repo: WatchRepository, source: WatchSource,
                    video: PendingVideo, got: Downloaded, now: datetime) -> Finding | None:
    """A downloaded video: a duplicate of a known file, or a new case with a queued scan.
    None when another poller (a second process) recorded this video meanwhile."""
    with repo.atomic():
        if repo.video_state(video.video_id) is not VideoState.PENDING:
            return None
        known = repo.file_case(got.sha256)
        if known is not None:
            if not repo.has_file(got.sha256):  # scanned by hand: the desk keeps its own copy
                got.path.unlink(missing_ok=True)
            repo.set_video(video.video_id, VideoState.DUPLICATE, now, sha256=got.sha256,
                           case_id=known, detail=_("same file as case {case}").format(
                               case=known), attempt=True)
            return repo.add_finding(
                FindingKind.DUPLICATE,
                _("The video of {link} is a file already seen (SHA-256 {sha}): case "
                  "{case}.").format(link=video.link, sha=got.sha256[:16], case=known),
                now, source_id=source.source_id, link=video.link, case_id=known)
        case_id = desk.open_case(
            case_title(source, video), now=now,
            note=_("found by the watch list at {link}").format(link=video.link))
        posted = video.posted_at.isoformat() if video.posted_at else "-"
        custody.record(
            desk.store, actor=desk.actor, action="watch", case_id=case_id, now=now,
            detail=(f"downloaded {got.path.name} sha256 {got.sha256} ({got.size} bytes, "
                    f"{got.content_type or 'no content type'}) from the post {video.link} "
                    f"of {source.name}, posted {posted}, views as shown "
                    f"{video.views_shown or '-'}, text {_excerpt(video.text)!r}"))
        repo.add_file(got.sha256, str(got.path), got.size, video.video_id, case_id, now)
        repo.enqueue(sha256=got.sha256, case_id=case_id, file=str(got.path), link=video.link,
                     seen_time=video.posted_at, channel=source.name if source.channel
                     else None, views=video.views, now=now)
        repo.set_video(video.video_id, VideoState.DOWNLOADED, now, sha256=got.sha256,
                       case_id=case_id, attempt=True)
        return repo.add_finding(
            FindingKind.NEW_VIDEO,
            _("New video at {link}: {size} MB, {duration} s, {width}x{height}; case {case} "
              "opened, scan queued.").format(
                link=video.link, size=f"{got.size / 1e6:.1f}",
                duration=round(got.info.duration), width=got.info.width,
                height=got.info.height, case=case_id),
            now, source_id=source.source_id, link=video.link, case_id=case_id)


def record_refusal(repo: WatchRepository, source: WatchSource, video: PendingVideo,
                   kind: FindingKind, message: str, now: datetime, *, retry: bool,
                   attempts_allowed: int, on_give_up: Callable[[], None] | None = None
                   ) -> Finding:
    """A video that could not be taken: kept pending for the next poll while ``retry``
    and attempts remain, else refused (or failed, for a transient cause)."""
    attempts = video.attempts + 1
    with repo.atomic():
        if retry and attempts < attempts_allowed:
            state, note = VideoState.PENDING, _("{message} (try {n} of {m})").format(
                message=message, n=attempts, m=attempts_allowed)
        elif retry:
            state, note = VideoState.FAILED, _("{message} Gave up after {n} tries.").format(
                message=message, n=attempts)
            if on_give_up is not None:
                on_give_up()
        else:
            state, note = VideoState.REFUSED, message
        repo.set_video(video.video_id, state, now, detail=note, attempt=True)
        return repo.add_finding(kind, note, now, source_id=source.source_id, link=video.link)
