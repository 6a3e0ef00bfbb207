"""The watch list as the desk window sees it (no Qt here).

Every call opens its own desk and watch on the calling thread (SQLite connections belong
to the thread that made them), so a poll can run on a worker thread while the window reads
the list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from screeningroom_resources.console import Progress
from takedown.watch.model import Finding, Lead, LeadState, PollReport, QueueItem, WatchSource
from takedown.watch.monitor import Watch

if TYPE_CHECKING:
    from takedown.desk import Desk



@dataclass(frozen=True)
class WatchOverview:
    sources: tuple[WatchSource, ...]
    findings: tuple[Finding, ...]   # newest first
    queue: tuple[QueueItem, ...]    # newest first
    leads: tuple[Lead, ...]         # new ones, most often seen first


class WatchDesk:
    def __init__(self, open_desk: Callable[[], Desk],
                 make_watch: Callable[[Desk], Watch] = Watch,
                 passphrase: Callable[[], str | None] = lambda: None) -> None:
        self.open_desk = open_desk
        self.make_watch = make_watch
        self.passphrase = passphrase  # the desk station's, for the scan's worker processes

    @contextmanager
    def _watch(self) -> Iterator[Watch]:
        desk = self.open_desk()
        try:
            watch = self.make_watch(desk)
            try:
                yield watch
            finally:
                watch.close()
        finally:
            desk.close()

    def overview(self, limit: int = 200) -> WatchOverview:
        with self._watch() as watch:
            return WatchOverview(sources=watch.sources(), findings=watch.findings(limit),
                                 queue=tuple(reversed(watch.repo.queue(limit=limit))),
                                 leads=watch.leads(LeadState.NEW))

    def add(self, text: str, minutes: int) -> WatchSource:
        with self._watch() as watch:
            return watch.add(text, interval=minutes * 60)[0]

    def remove(self, source_id: int) -> WatchSource:
        with self._watch() as watch:
            return watch.remove(str(source_id))

    def follow(self, lead_id: int) -> WatchSource:
        with self._watch() as watch:
            return watch.follow(str(lead_id))

    def scan_queue(self, progress: Progress | None = None,
                   cancelled: Callable[[], bool] | None = None) -> object:
        """Scan the queued clips with the bulk scan (every core), each into its case."""
        from takedown.bulk.runner import scan_watch_queue

        with self._watch() as watch:
            return scan_watch_queue(
                watch.desk, watch.repo, passphrase=self.passphrase(), cancelled=cancelled,
                progress=(lambda done, total, _s: progress(done, total)) if progress else None)

    def poll_all(self, progress: Progress | None = None,
                 cancelled: Callable[[], bool] | None = None) -> tuple[PollReport, ...]:
        """Poll every source now (progress over the sources)."""
        with self._watch() as watch:
            return tuple(watch.poll_each(watch.sources(), progress, cancelled))
