"""Fetching a source's pending videos at the end of a poll, each outcome recorded at once.

A video stays pending while its failure is transient (cut short, time-out, server error,
rate limit, a refused address) and tries remain; the next poll takes it up again, resuming
what was kept. A Telegram preview's file address carries a token that expires: when it is
refused, the post's preview page is read again (``?before=<id + 1>``) for a fresh address,
once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from screeningroom_resources.console import Progress
from screeningroom_resources.i18n import _
from takedown.watch import record
from takedown.watch.download import SNIFF, Downloaded, Downloader
from takedown.watch.errors import DownloadRefused, FetchFailed, WatchError
from takedown.watch.model import FindingKind, ReadMode, SourceKind, WatchSource
from takedown.watch.repository import PendingVideo
from takedown.watch.telegram import PreviewReader
from takedown.watch.telegram_api import ApiReader

if TYPE_CHECKING:
    from takedown.watch.monitor import PollState, Watch

#: causes that leave a video pending for the next poll
TRANSIENT = frozenset({FindingKind.TRUNCATED, FindingKind.TIMEOUT, FindingKind.NETWORK,
                       FindingKind.SERVER_ERROR, FindingKind.RATE_LIMITED,
                       FindingKind.HTTP_ERROR, FindingKind.REDIRECT_LOOP})


class Collector:
    def __init__(self, watch: Watch, source: WatchSource, state: PollState) -> None:
        self.watch = watch
        self.repo = watch.repo
        self.settings = watch.settings
        self.source = source
        self.state = state
        self.downloader = Downloader(watch.fetcher, watch.downloads,
                                     limit=watch.settings.max_download)

    def run(self, cancelled: Callable[[], bool] | None, progress: Progress | None) -> None:
        pending = self.repo.pending_videos(self.source.source_id)
        for n, video in enumerate(pending):
            if cancelled is not None and cancelled():
                break
            stop = self.one(video)
            if progress is not None:
                progress(n + 1, len(pending))
            if stop:
                break

    def one(self, video: PendingVideo) -> bool:
        """Fetch one video and record the outcome; True when its host asked us to stop."""
        key = f"v{video.video_id}"
        now = self.watch.clock()
        try:
            got = self._fetch(video, key)
        except DownloadRefused as exc:
            self._refused(video, key, exc.kind, str(exc), retry=exc.keep_partial)
            return False
        except FetchFailed as exc:
            self._refused(video, key, exc.kind, str(exc), retry=exc.kind in TRANSIENT)
            if exc.retry_after is not None and exc.retry_after > self.settings.max_wait:
                self.state.retry_after = max(self.state.retry_after or 0.0, exc.retry_after)
                return True
            return False
        finding = record.record_download(self.watch.desk, self.repo, self.source, video, got,
                                         now)
        if finding is None:
            return False
        self.state.findings.append(finding)
        if finding.kind is FindingKind.NEW_VIDEO:
            self.state.videos_new += 1
        else:
            self.state.duplicates += 1
        return False

    def _refused(self, video: PendingVideo, key: str, kind: FindingKind, message: str, *,
                 retry: bool) -> None:
        self.state.findings.append(record.record_refusal(
            self.repo, self.source, video, kind, message, self.watch.clock(), retry=retry,
            attempts_allowed=self.settings.download_attempts,
            on_give_up=lambda: self.downloader.discard(key)))

    def _fetch(self, video: PendingVideo, key: str) -> Downloaded:
        if video.api_ref is not None:
            return self._fetch_api(video, key)
        url = video.url or ""
        if self.source.kind is SourceKind.WEBSITE and not self.watch.fetcher.allowed(url):
            raise DownloadRefused(_("robots.txt of {url} disallows fetching it.").format(
                url=url), FindingKind.ROBOTS)
        try:
            return self.downloader.fetch(url, key)
        except FetchFailed as exc:
            fresh = self._fresh_address(video) if exc.kind is FindingKind.HTTP_ERROR else None
            if fresh is None or fresh == url:
                raise
            self.repo.set_video_url(video.video_id, fresh)
            return self.downloader.fetch(fresh, key)

    def _fresh_address(self, video: PendingVideo) -> str | None:
        """The file address the channel's preview shows for this video now, if any."""
        if (self.source.kind is not SourceKind.TELEGRAM or self.source.mode is ReadMode.API
                or video.message_id is None):
            return None
        reader = PreviewReader(self.watch.fetcher, self.settings.telegram_web)
        try:
            page = reader.page(self.source.channel or "", before=video.message_id + 1)
        except WatchError:
            return None
        for post in page.posts:
            if post.message_id == video.message_id and video.idx < len(post.videos):
                return post.videos[video.idx].url
        return None

    def _fetch_api(self, video: PendingVideo, key: str) -> Downloaded:
        reader = ApiReader(self.watch.api())
        part = self.downloader.part_path(key)
        part.unlink(missing_ok=True)
        reader.download(self.source.channel or "", video.api_ref or 0, part,
                        limit=self.settings.max_download, size=video.size)
        with part.open("rb") as fh:
            self.downloader.check_head(fh.read(SNIFF), video.link, key)
        return self.downloader.finish(part, key, "")
