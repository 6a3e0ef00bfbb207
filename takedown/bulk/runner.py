"""The coordinating side of a bulk scan: hand the clips to workers, record each outcome.

Workers (a local process pool sized to the machine, or a Dask cluster) analyse; this
process alone writes, one transaction per clip (:func:`takedown.recording.record_scan`),
so a crash loses at most the clips in flight. A clip already recorded as seen at the same
link is skipped by its worker right after hashing, so a rerun continues where the last run
stopped. Ctrl-C stops the workers at once; what was recorded stays.
"""

from __future__ import annotations

import enum
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from screeningroom_resources.i18n import N_, _
from takedown.bulk import worker
from takedown.bulk.clips import BulkClip
from takedown.bulk.worker import WorkDone, WorkerConfig
from takedown.errors import TakedownInputError
from takedown.recording import record_scan
from takedown.scan import AlreadyScanned
from takedown.watch.model import FindingKind, QueueState

if TYPE_CHECKING:
    from takedown.desk import Desk
    from takedown.watch.repository import WatchRepository


class ClipState(enum.Enum):
    TRACED = "traced"
    IDENTIFIED = "identified"
    FOUND = "found"          # no registered film matches
    SKIPPED = "skipped"      # recorded before (same file, same link)
    REFUSED = "refused"      # the clip itself: damaged, not a video, a bad link
    FAILED = "failed"        # the analysis failed for another reason

    @property
    def label(self) -> str:
        return _(_STATE_LABELS[self])


_STATE_LABELS = {ClipState.TRACED: N_("traced"), ClipState.IDENTIFIED: N_("identified"),
                 ClipState.FOUND: N_("no film"), ClipState.SKIPPED: N_("done before"),
                 ClipState.REFUSED: N_("refused"), ClipState.FAILED: N_("failed")}


@dataclass(frozen=True)
class ClipReport:
    path: Path
    state: ClipState
    case_id: str | None = None
    film: str = ""
    session: str = ""
    detail: str = ""
    seconds: float = 0.0
    worker: str = ""


@dataclass(frozen=True)
class BulkSummary:
    reports: tuple[ClipReport, ...]
    total: int                       # clips asked for
    elapsed: float                   # seconds, wall clock
    workers: int
    peak_rss: dict[str, int] = field(default_factory=dict)  # worker -> bytes
    stopped: str = ""                # why the run stopped before the end, if it did
    cancelled: bool = False          # by the person (Ctrl-C)
    recording: float = 0.0           # seconds the coordinator spent recording

    @property
    def interrupted(self) -> bool:
        return bool(self.stopped)

    def count(self, state: ClipState) -> int:
        return sum(1 for r in self.reports if r.state is state)

    @property
    def analysed(self) -> tuple[ClipReport, ...]:
        return tuple(r for r in self.reports if r.state is not ClipState.SKIPPED)


#: (clips done, clips in all, seconds since the start)
#: ``(clips done, clips in all, seconds since the start)``: a rate and a time left follow
BulkProgress = Callable[[int, int, float], None]


def pool_size() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _context() -> multiprocessing.context.BaseContext:
    """Workers forked from a clean server process that has imported the pipeline once (no
    threads of this process are copied, and no worker pays the imports again)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["takedown.bulk.worker", "takedown.scan", "av", "cv2"])
    return context


def _stop(pool: ProcessPoolExecutor) -> None:
    """End the pool now: queued clips are dropped, workers in the middle of one are ended
    (nothing of theirs was recorded)."""
    pool.shutdown(wait=False, cancel_futures=True)
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14
    if terminate is not None:
        terminate()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.join(5)


def _quiet_worker(config: WorkerConfig) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the coordinator's to handle
    worker.start(config)


class BulkScan:
    def __init__(self, desk: Desk, config: WorkerConfig, *,
                 watch_repo: WatchRepository | None = None,
                 progress: BulkProgress | None = None,
                 on_report: Callable[[ClipReport], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> None:
        self.desk = desk
        self.cancelled = cancelled
        self.config = config
        self.watch_repo = watch_repo
        self.progress = progress
        self.on_report = on_report
        self._reports: list[ClipReport] = []
        self._rss: dict[str, int] = {}
        self._started = 0.0
        self._total = 0
        self._recording = 0.0

    # --- running ------------------------------------------------------------------------

    def run_local(self, clips: Sequence[BulkClip], workers: int | None = None) -> BulkSummary:
        """A process pool of ``workers`` (default: one per core). A worker that dies (killed,
        out of memory) ends the run with what was recorded, and says so."""
        workers = max(1, workers or pool_size())
        self._begin(clips)
        pool = ProcessPoolExecutor(workers, mp_context=_context(), initializer=_quiet_worker,
                                   initargs=(self.config,))
        stopped = ""
        try:
            futures = [pool.submit(worker.analyse, clip) for clip in clips]
            for future in as_completed(futures):
                self._take(future.result())
        except KeyboardInterrupt:
            stopped = _("stopped by Ctrl-C")
        except BrokenProcessPool:
            stopped = _("a worker process stopped unexpectedly (killed, or out of memory)")
        finally:
            _stop(pool)
        return self._summary(workers, stopped)
    def run_dask(self, clips: Sequence[BulkClip], client: Any) -> BulkSummary:
        """On a Dask cluster, through ``client`` (its workers load their state once, by the
        plugin registered here)."""
        from distributed import as_completed

        from takedown.bulk.dask_plugin import DaskSetup, analyse_on_dask

        self._begin(clips)
        client.register_plugin(DaskSetup(self.config))
        workers = len(client.scheduler_info().get("workers", {}))
        futures = [client.submit(analyse_on_dask, clip, pure=False) for clip in clips]
        stopped = ""
        try:
            for future in as_completed(futures):
                self._take(future.result())
        except KeyboardInterrupt:
            stopped = _("stopped by Ctrl-C")
            client.cancel(futures)
        return self._summary(workers, stopped)

    def _begin(self, clips: Sequence[BulkClip]) -> None:
        self._reports, self._rss, self._recording = [], {}, 0.0
        self._started, self._total = time.monotonic(), len(clips)
        if self.progress is not None:
            self.progress(0, self._total, 0.0)

    def _summary(self, workers: int, stopped: str) -> BulkSummary:
        cancelled = stopped == _("stopped by Ctrl-C")
        return BulkSummary(reports=tuple(self._reports), total=self._total,
                           elapsed=time.monotonic() - self._started, workers=workers,
                           peak_rss=dict(self._rss), stopped=stopped, cancelled=cancelled,
                           recording=self._recording)

    # --- recording ----------------------------------------------------------------------

    def _take(self, done: WorkDone) -> None:
        if done.worker:
            self._rss[done.worker] = max(self._rss.get(done.worker, 0), done.rss)
        started = time.monotonic()
        report = self._record(done)
        self._recording += time.monotonic() - started
        self._reports.append(report)
        if self.on_report is not None:
            self.on_report(report)
        if self.progress is not None:
            self.progress(len(self._reports), self._total, time.monotonic() - self._started)
        if self.cancelled is not None and self.cancelled():
            raise KeyboardInterrupt  # a cancel from the window stops as Ctrl-C does

    def _record(self, done: WorkDone) -> ClipReport:
        clip = done.clip
        base = {"path": clip.path, "seconds": done.seconds, "worker": done.worker}
        if done.skipped:
            return ClipReport(state=ClipState.SKIPPED, detail=done.skipped, **base)
        if done.outcome is None:
            state = ClipState.REFUSED if done.refused else ClipState.FAILED
            detail = done.refused or done.failed
            if done.refused:
                self._queue_done(clip, QueueState.FAILED, detail)
            return ClipReport(state=state, detail=detail, **base)
        try:
            result = record_scan(self.desk.store, done.outcome, signer=self.desk.station(),
                                 actor=self.desk.actor, now=self.desk.clock(),
                                 case_id=clip.case_id)
        except AlreadyScanned as exc:
            self._queue_done(clip, QueueState.SCANNED, str(exc))
            return ClipReport(state=ClipState.SKIPPED, detail=str(exc), **base)
        except TakedownInputError as exc:
            self._queue_done(clip, QueueState.FAILED, str(exc))
            return ClipReport(state=ClipState.REFUSED, detail=str(exc), **base)
        ident, trace = done.outcome.identification, done.outcome.trace
        session = trace.session if trace is not None else None
        state = (ClipState.TRACED if session is not None
                 else ClipState.IDENTIFIED if ident.found else ClipState.FOUND)
        film = ident.film.title if ident.found else ""
        report = ClipReport(state=state, case_id=result.case_id, film=film,
                            session=f"{session.session_id:016x}" if session else "", **base)
        self._queue_done(clip, QueueState.SCANNED, _line(report))
        return report

    def _queue_done(self, clip: BulkClip, state: QueueState, text: str) -> None:
        repo = self.watch_repo
        if clip.queue_item is None or repo is None:
            return
        with repo.atomic():
            repo.queue_done(clip.queue_item, state, text, self.desk.clock())
            if state is QueueState.FAILED:
                repo.add_finding(FindingKind.SCAN_FAILED,
                                 _("The scan refused {file}: {reason}").format(
                                     file=clip.path.name, reason=text),
                                 self.desk.clock(), link=clip.seen_at, case_id=clip.case_id)


def scan_watch_queue(desk: Desk, repo: WatchRepository, *, passphrase: str | None,
                     workers: int | None = None, limit: int | None = None,
                     progress: BulkProgress | None = None,
                     on_report: Callable[[ClipReport], None] | None = None,
                     cancelled: Callable[[], bool] | None = None) -> BulkSummary:
    """The watch list's queued clips, each into the case the watch list opened for it."""
    from takedown.bulk.clips import from_queue

    clips = from_queue(repo)[:limit] if limit else from_queue(repo)
    config = WorkerConfig(desk_folder=desk.store.folder, station_folder=desk.station_folder,
                          actor=desk.actor, passphrase=passphrase)
    run = BulkScan(desk, config, watch_repo=repo, progress=progress, on_report=on_report,
                   cancelled=cancelled)
    return run.run_local(clips, workers)


def _line(report: ClipReport) -> str:
    if report.session:
        return _("{status}: {film}, session {session}").format(
            status=report.state.label, film=report.film, session=report.session)
    if report.film:
        return _("{status}: {film}; no session named").format(status=report.state.label,
                                                              film=report.film)
    return report.state.label


__all__ = ["BulkScan", "BulkSummary", "ClipReport", "ClipState", "pool_size",
           "scan_watch_queue"]
