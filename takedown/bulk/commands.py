"""``takedown scan-many``: scan a folder, a list of files or the watch list's queue with
every core of this machine, or on a Dask cluster (``--cluster tcp://host:8786``)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from screeningroom_resources.console import ProgressBar, per_minute
from screeningroom_resources.i18n import _
from takedown.bulk import clips as sources
from takedown.errors import TakedownInputError

if TYPE_CHECKING:  # the runner and its workers (the desk, OpenCV) load when a scan starts
    from takedown.bulk.runner import BulkSummary


def register(sub: argparse._SubParsersAction) -> None:
    from takedown.commands import passphrase_option

    many = sub.add_parser("scan-many", help=_("scan many clips at once: a folder, a list of "
                                              "files or the watch list's queue"))
    many.add_argument("paths", nargs="*", type=Path, metavar=_("PATH"),
                      help=_("clips or folders of clips"))
    many.add_argument("--list", type=Path, metavar=_("FILE"),
                      help=_("a list of clips, one a line: path, then (tab-separated) link, "
                             "time seen, channel, views"))
    many.add_argument("--queue", action="store_true",
                      help=_("the clips the watch list downloaded and queued"))
    many.add_argument("--seen-at", metavar=_("LINK"),
                      help=_("where the clips without a link of their own were seen"))
    many.add_argument("--workers", type=int, metavar="N",
                      help=_("worker processes on this machine (default: one per core)"))
    many.add_argument("--cluster", metavar=_("ADDRESS"),
                      help=_("a Dask scheduler, e.g. tcp://host:8786; its workers read the desk "
                             "folder from a shared location and the passphrase from their own "
                             "SCREENINGROOM_PASSPHRASE"))
    passphrase_option(many)
    many.set_defaults(func=_scan_many)


def gather(args: argparse.Namespace, watch_repo: object | None) -> list[sources.BulkClip]:
    found: list[sources.BulkClip] = []
    for path in args.paths:
        if path.is_dir():
            found += sources.from_folder(path, args.seen_at)
        elif path.is_file():
            if not args.seen_at:
                raise TakedownInputError(
                    _("Say where {path} was seen: --seen-at LINK.").format(path=path))
            found.append(sources.BulkClip(path=path, seen_at=args.seen_at))
        else:
            raise TakedownInputError(_("No such file or folder: {path}").format(path=path))
    if args.list is not None:
        found += sources.from_list(args.list, args.seen_at)
    if args.queue and watch_repo is not None:
        found += sources.from_queue(watch_repo)  # type: ignore[arg-type]
    return sources.unique(found)


def scan_progress() -> ProgressBar:
    """The bulk scan's bar: clips done of all, clips a minute and the time left."""
    return ProgressBar(_("Scanning"), count=_("{done}/{total} clips, {rate:.1f} clips/min"))


def summary_lines(summary: BulkSummary) -> list[str]:
    from takedown.bulk.runner import ClipState

    lines = [f"{_('CLIP'):<32} {_('RESULT'):<12} {_('CASE'):<14} {_('SESSION'):<17} "
             f"{_('SECONDS'):>7}  {_('FILM')}"]
    for r in summary.reports:
        lines.append(f"{r.path.name[:32]:<32} {r.state.label:<12} {r.case_id or '-':<14} "
                     f"{r.session or '-':<17} {r.seconds:>7.1f}  {r.film or r.detail[:60]}")
    done = len(summary.analysed)
    lines.append(_("{n} of {total} clips in {minutes} min with {workers} workers "
                   "({rate:.1f} clips/min analysed): {traced} traced, {identified} "
                   "identified, {found} with no registered film, {refused} refused, "
                   "{failed} failed, {skipped} done before.").format(
        n=len(summary.reports), total=summary.total, minutes=round(summary.elapsed / 60, 1),
        workers=summary.workers, rate=per_minute(done, summary.elapsed),
        traced=summary.count(ClipState.TRACED), identified=summary.count(ClipState.IDENTIFIED),
        found=summary.count(ClipState.FOUND), refused=summary.count(ClipState.REFUSED),
        failed=summary.count(ClipState.FAILED), skipped=summary.count(ClipState.SKIPPED)))
    if summary.peak_rss:
        peak = max(summary.peak_rss.values()) / 1e6
        lines.append(_("Largest worker memory: {mb} MB.").format(mb=round(peak)))
    if summary.interrupted:
        lines.append(_("Stopped before the end ({reason}); what is listed is recorded. The "
                       "same command goes on with the rest.").format(reason=summary.stopped))
    return lines


def _scan_many(args: argparse.Namespace) -> int:
    from screeningroom.vault.commands import read_passphrase
    from takedown.bulk.runner import BulkScan
    from takedown.bulk.worker import WorkerConfig
    from takedown.commands import open_desk
    from takedown.watch.repository import WatchRepository

    if not (args.paths or args.list or args.queue):
        raise TakedownInputError(_("Say what to scan: paths, --list FILE or --queue."))
    with open_desk(args) as desk:
        repo = WatchRepository(desk.store)
        todo = gather(args, repo)
        if not todo:
            print(_("Nothing to scan."))
            return 0
        passphrase = None if args.cluster else read_passphrase(args)
        desk.station()  # unlocked before any work starts (a wrong passphrase stops here)
        config = WorkerConfig(desk_folder=desk.store.folder, station_folder=desk.station_folder,
                              actor=desk.actor, passphrase=passphrase)
        run = BulkScan(desk, config, watch_repo=repo, progress=scan_progress(),
                       on_report=None)
        if args.cluster:
            from distributed import Client

            with Client(args.cluster) as client:
                summary = run.run_dask(todo, client)
        else:
            summary = run.run_local(todo, args.workers)
    for line in summary_lines(summary):
        print(line)
    return 130 if summary.cancelled else 1 if summary.interrupted else 0


__all__ = ["gather", "register", "scan_progress", "summary_lines"]
