"""The watch list's front door: keep the list, poll its sources, follow leads.

::

    watch = Watch(desk)                       # on the desk's store; settings from watch.json
    watch.add("@channel", interval=600)       # -> (WatchSource, added)
    report = watch.poll(source)               # -> PollReport (findings recorded)
    watch.poll_due()                          # every source whose time has come
    watch.follow(lead_id)                     # a lead onto the list (mirror chains)
    watch.close()

A poll reads the new posts (Telegram: the newest preview page, then back with
``?before=`` to the last post seen, ``depth`` pages on the first poll; websites: the page
or feed, conditionally), records each new post with its leads, notes posts that are gone,
then downloads every pending video: a new file opens a case (status "found") through the
desk's case records and queues a scan; a known file (same SHA-256) is a duplicate. Every
failure is a finding; the source's next poll is scheduled after its interval, or after a
server's Retry-After when that is longer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from screeningroom_resources.closing import Closing
from screeningroom_resources.console import Progress
from screeningroom_resources.i18n import _
from takedown.watch import record
from takedown.watch.collect import Collector
from takedown.watch.errors import (
    BadWatchSource,
    ChannelGone,
    FetchFailed,
    MarkupChanged,
    NotWatched,
    NoWebPreview,
    TelegramApiUnavailable,
)
from takedown.watch.fetch import Fetcher
from takedown.watch.model import (
    Finding,
    FindingKind,
    Lead,
    LeadKind,
    LeadState,
    PollReport,
    ReadMode,
    SourceKind,
    WatchSource,
)
from takedown.watch.repository import WatchRepository
from takedown.watch.settings import WatchSettings, load_settings
from takedown.watch.site import read_site
from takedown.watch.sources import parse_source
from takedown.watch.telegram import PreviewReader, ReadResult
from takedown.watch.telegram_api import ApiReader, TelegramApi

if TYPE_CHECKING:
    from takedown.desk import Desk

MIN_INTERVAL = 60
PAGE_ACCEPT = "text/html, application/rss+xml, application/atom+xml, application/xml;q=0.9"


class Watch(Closing):
    def __init__(
        self,
        desk: Desk,
        *,
        settings: WatchSettings | None = None,
        fetcher: Fetcher | None = None,
        api: TelegramApi | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.desk = desk
        self.repo = WatchRepository(desk.store)
        self.settings = settings or load_settings(desk.store.folder)
        self.clock = clock or desk.clock
        self._fetcher = fetcher
        self._own_fetcher = fetcher is None
        self._api = api
        # downloaded copies are evidence: kept in a folder only the desk's user can read
        self.downloads = desk.store.private_dir(desk.store.folder / "watch" / "downloads")

    def close(self) -> None:
        if self._own_fetcher and self._fetcher is not None:
            self._fetcher.close()
        if self._api is not None:
            self._api.close()

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher(self.settings)
        return self._fetcher

    def api(self) -> TelegramApi:
        if self._api is None:
            from takedown.watch.telegram_api import TelethonApi

            self._api = TelethonApi(self.settings.telegram_api, self.desk.store.folder)
        return self._api

    @property
    def api_available(self) -> bool:
        return self._api is not None or self.settings.telegram_api.configured

    # --- the list -----------------------------------------------------------------------

    def add(self, text: str, *, interval: int | None = None, depth: int | None = None,
            mode: ReadMode = ReadMode.AUTO) -> tuple[WatchSource, bool]:
        spec = parse_source(text)
        interval = self.settings.default_interval if interval is None else interval
        if interval < MIN_INTERVAL:
            raise BadWatchSource(_("The polling interval must be at least {n} s.").format(
                n=MIN_INTERVAL))
        depth = self.settings.first_pages if depth is None else depth
        if depth < 1:
            raise BadWatchSource(_("The first-poll depth must be at least one page."))
        if spec.kind is SourceKind.WEBSITE and mode is not ReadMode.AUTO:
            raise BadWatchSource(_("Only a Telegram channel has a read mode; {name} is a "
                                   "website.").format(name=spec.name))
        if mode is ReadMode.API and not self.api_available:
            raise TelegramApiUnavailable(
                _("API mode needs the desk's Telegram API credentials (telegram_api in "
                  "watch.json and the hash in {env}).").format(
                    env=self.settings.telegram_api.api_hash_env))
        with self.repo.atomic():
            return self.repo.add_source(spec, mode=mode, interval=interval, depth=depth,
                                        now=self.clock())

    def find(self, text: str) -> WatchSource:
        """A watched source by its number on the list, @name, or address."""
        value = text.strip()
        if value.isdigit():
            for source in self.repo.sources():
                if source.source_id == int(value):
                    return source
        else:
            try:
                found = self.repo.source_by_key(parse_source(value).key)
            except BadWatchSource:
                found = None
            if found is not None:
                return found
        raise NotWatched(_("{text} is not on the watch list; 'takedown watch list' shows "
                           "it.").format(text=value))

    def remove(self, text: str) -> WatchSource:
        source = self.find(text)
        self.repo.remove_source(source.source_id, self.clock())
        return source

    def sources(self) -> tuple[WatchSource, ...]:
        return self.repo.sources()

    def findings(self, limit: int = 200, source: WatchSource | None = None) -> tuple[
            Finding, ...]:
        return self.repo.findings(limit=limit,
                                  source_id=source.source_id if source else None)

    # --- leads --------------------------------------------------------------------------

    def leads(self, state: LeadState | None = None) -> tuple[Lead, ...]:
        return self.repo.leads(state)

    def lead(self, text: str) -> Lead:
        value = text.strip()
        lead = self.repo.lead(int(value)) if value.isdigit() else self.repo.lead_by_target(
            value if value.startswith("@") or "/" in value else "@" + value)
        if lead is None:
            raise NotWatched(_("No lead {text}; 'takedown watch leads' lists them.").format(
                text=value))
        return lead

    def follow(self, text: str, *, interval: int | None = None) -> WatchSource:
        """Put a lead on the watch list (one command per mirror)."""
        lead = self.lead(text)
        if lead.kind is LeadKind.BOT:
            raise BadWatchSource(
                _("{name} is a bot: a bot has no public posts to watch. Report it to "
                  "Telegram's abuse desk instead.").format(name=lead.target))
        if lead.kind is LeadKind.INVITE:
            raise BadWatchSource(
                _("{text} is an invite to a private channel: it has no public preview. Join it "
                  "with the desk's Telegram account and watch it in API mode by its name.")
                .format(text=lead.target))
        source, _added = self.add(lead.url, interval=interval)
        self.repo.set_lead_state(lead.lead_id, LeadState.ADDED)
        return source

    def ignore(self, text: str) -> Lead:
        lead = self.lead(text)
        self.repo.set_lead_state(lead.lead_id, LeadState.IGNORED)
        return lead

    # --- polling ------------------------------------------------------------------------

    def poll_due(self, progress: Progress | None = None,
                 cancelled: Callable[[], bool] | None = None) -> list[PollReport]:
        """Poll every source whose time has come."""
        return self.poll_each(self.repo.due(self.clock()), progress, cancelled)

    def poll_each(self, sources: Sequence[WatchSource], progress: Progress | None = None,
                  cancelled: Callable[[], bool] | None = None) -> list[PollReport]:
        """Poll ``sources`` in turn (progress over the sources) until ``cancelled()``."""
        reports = []
        for n, source in enumerate(sources):
            if cancelled is not None and cancelled():
                break
            reports.append(self.poll(source, cancelled=cancelled))
            if progress is not None:
                progress(n + 1, len(sources))
        return reports

    def poll(self, source: WatchSource, *, cancelled: Callable[[], bool] | None = None,
             progress: Progress | None = None) -> PollReport:
        """Poll one source now. Never raises for what a server or a page does: each such
        failure is a finding in the report (and in the desk's records)."""
        now = self.clock()
        state = PollState(source)
        try:
            if source.kind is SourceKind.TELEGRAM:
                self._read_channel(source, state, now)
            else:
                self._read_site(source, state, now)
        except FetchFailed as exc:
            state.fail(self._finding(exc.kind, str(exc), source, link=exc.url),
                       retry_after=exc.retry_after)
        except (MarkupChanged, NoWebPreview, ChannelGone, TelegramApiUnavailable) as exc:
            kind = getattr(exc, "kind", FindingKind.NO_PREVIEW)
            state.fail(self._finding(kind, str(exc), source, link=source.url))
        if state.read_ok or state.retry_after is None:
            Collector(self, source, state).run(cancelled, progress)
        return self._finish(source, state)

    def _finding(self, kind: FindingKind, detail: str, source: WatchSource, *,
                 link: str = "", case_id: str | None = None) -> Finding:
        return self.repo.add_finding(kind, detail, self.clock(), source_id=source.source_id,
                                     link=link, case_id=case_id)

    def _reader(self, source: WatchSource) -> Any:
        if source.mode is ReadMode.API:
            return ApiReader(self.api())
        return PreviewReader(self.fetcher, self.settings.telegram_web)

    def _read_channel(self, source: WatchSource, state: PollState, now: datetime) -> None:
        channel = source.channel or ""
        reader = self._reader(source)
        args = {"last_id": source.last_message_id, "first_pages": source.depth,
                "catch_up_pages": self.settings.catch_up_pages}
        try:
            result: ReadResult = reader.read_new(channel, **args)
        except NoWebPreview as exc:
            if source.mode is not ReadMode.AUTO or not self.api_available:
                if source.last_message_id is not None:
                    raise ChannelGone(
                        _("{name} no longer has a public preview, after posts were read from "
                          "it: the channel was removed, made private or renamed. Its posts and "
                          "cases are kept.").format(name=source.name)) from exc
                raise
            state.api = True
            result = ApiReader(self.api()).read_new(channel, **args)
        state.read_ok = True
        for post in result.posts:
            self._take_post(source, post, state, now)
        if result.gap:
            state.findings.append(self._finding(
                FindingKind.GAP,
                _("More new posts than {pages} pages reach: posts between {last} and {oldest} "
                  "may be missed. Raise catch_up_pages or poll more often.").format(
                    pages=result.pages, last=source.last_message_id,
                    oldest=result.posts[0].message_id), source, link=source.url))
        if result.newest_range is not None:
            low, high = result.newest_range
            shown = {p.message_id for p in result.posts}
            for message_id, link in sorted(self.repo.live_message_ids(
                    source.source_id, low, high).items()):
                if message_id not in shown:
                    self._gone(source, str(message_id), link, state, now)
        ids = [p.message_id for p in result.posts if p.message_id is not None]
        if ids:
            state.last_message_id = max([*ids, source.last_message_id or 0])

    def _read_site(self, source: WatchSource, state: PollState, now: datetime) -> None:
        if not self.fetcher.allowed(source.url):
            state.fail(self._finding(
                FindingKind.ROBOTS, _("robots.txt of {url} disallows reading it; it was not "
                                      "fetched.").format(url=source.url), source,
                link=source.url))
            state.read_ok = True  # nothing to wait for: pending videos may still be fetched
            return
        etag, modified = self.repo.validators(source.url)
        page = self.fetcher.get(source.url, etag=etag, last_modified=modified,
                                accept=PAGE_ACCEPT)
        state.read_ok = True
        if page.not_modified:
            state.not_modified = True
            return
        read = read_site(page)
        state.is_feed = read.is_feed
        for post in read.posts:
            self._take_post(source, post, state, now)
        if not read.is_feed:  # a feed is a moving window: an entry that leaves it is not gone
            current = {p.key for p in read.posts}
            for key, link in sorted(self.repo.live_keys(source.source_id).items()):
                if key not in current:
                    self._gone(source, key, link, state, now)
        self.repo.save_validators(source.url, page.etag, page.last_modified, now)

    def _take_post(self, source: WatchSource, post: Any, state: PollState,
                   now: datetime) -> None:
        new, leads, _back = record.record_post(self.repo, source, post, now)
        state.posts_new += int(new)
        state.leads_new += leads

    def _gone(self, source: WatchSource, key: str, link: str, state: PollState,
              now: datetime) -> None:
        with self.repo.atomic():
            case_id = self.repo.mark_gone(source.source_id, key, now)
            detail = (_("The post {link} is no longer shown (deleted or taken down); its "
                        "case {case} keeps the downloaded copy.").format(link=link,
                                                                         case=case_id)
                      if case_id else
                      _("The post {link} is no longer shown (deleted or taken down).").format(
                          link=link))
            state.findings.append(self._finding(FindingKind.POST_GONE, detail, source,
                                                link=link, case_id=case_id))
        state.gone += 1

    # --- the end of a poll --------------------------------------------------------------

    def _finish(self, source: WatchSource, state: PollState) -> PollReport:
        now = self.clock()
        wait = source.interval
        if state.retry_after is not None:
            wait = max(wait, int(state.retry_after) + 1)
        outcome = state.outcome()
        with self.repo.atomic():
            self.repo.polled(source.source_id, at=now, next_due=now + timedelta(seconds=wait),
                             outcome=outcome, last_message_id=state.last_message_id,
                             is_feed=state.is_feed)
        return PollReport(source=self.repo.source(source.source_id), posts_new=state.posts_new,
                          videos_new=state.videos_new, duplicates=state.duplicates,
                          leads_new=state.leads_new, gone=state.gone,
                          findings=tuple(state.findings), not_modified=state.not_modified,
                          error=state.error)


class PollState:
    """What a poll has done so far (mutable, private to one poll)."""

    def __init__(self, source: WatchSource) -> None:
        self.source = source
        self.posts_new = self.videos_new = self.duplicates = self.leads_new = self.gone = 0
        self.findings: list[Finding] = []
        self.read_ok = False
        self.not_modified = False
        self.error = ""
        self.retry_after: float | None = None
        self.last_message_id: int | None = None
        self.is_feed: bool | None = None
        self.api = False

    def fail(self, finding: Finding, retry_after: float | None = None) -> None:
        self.findings.append(finding)
        self.error = finding.detail
        if retry_after is not None:
            self.retry_after = max(self.retry_after or 0.0, retry_after)

    def outcome(self) -> str:
        if self.error:
            return self.error
        if self.not_modified:
            return _("not modified since the last poll")
        return _("new posts: {posts}, new videos: {videos}, seen before: {dups}, removed: "
                 "{gone}").format(posts=self.posts_new, videos=self.videos_new,
                                   dups=self.duplicates, gone=self.gone)
