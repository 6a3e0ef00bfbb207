"""``takedown watch ...``: the watch list from the command line.

add, remove, list, poll, run, findings, leads, queue, scan, telegram-login. Every time printed
is in UTC and says so.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from screeningroom_resources.console import ProgressBar
from screeningroom_resources.i18n import _
from takedown.watch.model import (
    Finding,
    LeadState,
    PollReport,
    QueueState,
    ReadMode,
    WatchSource,
)

if TYPE_CHECKING:  # the desk and the fetcher (httpx) load when a command opens the watch
    from takedown.watch.monitor import Watch

IDLE_STEP = 2.0  # seconds between two looks at the list while waiting in ``run``


def register(sub: argparse._SubParsersAction) -> None:
    from takedown.commands import passphrase_option

    watch = sub.add_parser("watch", help=_("watch Telegram channels and websites for new "
                                           "pirated videos"))
    wsub = watch.add_subparsers(dest="watch_command", metavar=_("COMMAND"))
    watch.set_defaults(func=lambda args: _help(watch))

    add = wsub.add_parser("add", help=_("put a channel (@name, t.me link) or a web page or "
                                        "feed on the watch list"))
    add.add_argument("source", metavar=_("SOURCE"))
    add.add_argument("--every", type=float, metavar=_("MINUTES"),
                     help=_("minutes between polls (default 30)"))
    add.add_argument("--depth", type=int, metavar=_("PAGES"),
                     help=_("preview pages read back on the first poll (default 5)"))
    add.add_argument("--mode", choices=[m.value for m in ReadMode], default="auto",
                     help=_("Telegram: the web preview, the API, or the preview and the API "
                            "where there is none (auto, the default)"))
    add.set_defaults(func=_add)

    remove = wsub.add_parser("remove", help=_("take a source off the watch list"))
    remove.add_argument("source", metavar=_("SOURCE"))
    remove.set_defaults(func=_remove)

    lst = wsub.add_parser("list", help=_("show the watch list"))
    lst.set_defaults(func=_list)

    poll = wsub.add_parser("poll", help=_("poll sources now (all of them, or those named)"))
    poll.add_argument("sources", nargs="*", metavar=_("SOURCE"))
    poll.set_defaults(func=_poll)

    run = wsub.add_parser("run", help=_("poll each source when its time comes, until "
                                        "stopped (Ctrl-C, or SIGTERM from a service "
                                        "manager)"))
    run.add_argument("--once", action="store_true",
                     help=_("poll the sources that are due once, then stop (for a timer)"))
    run.add_argument("--scan", action="store_true",
                     help=_("scan each downloaded clip after the polls"))
    passphrase_option(run)
    run.set_defaults(func=_run)

    findings = wsub.add_parser("findings", help=_("what the polls found, newest first"))
    findings.add_argument("--source", metavar=_("SOURCE"))
    findings.add_argument("--limit", type=int, default=50, metavar="N")
    findings.set_defaults(func=_findings)

    leads = wsub.add_parser("leads", help=_("channels, bots and sites the watched posts link "
                                            "to; add one to the watch list"))
    leads.add_argument("--add", nargs="+", metavar=_("LEAD"),
                       help=_("put these leads (number or @name) on the watch list"))
    leads.add_argument("--ignore", nargs="+", metavar=_("LEAD"), help=_("stop listing these"))
    leads.add_argument("--every", type=float, metavar=_("MINUTES"),
                       help=_("minutes between polls of the leads added"))
    leads.add_argument("--all", action="store_true", help=_("list added and ignored leads too"))
    leads.set_defaults(func=_leads)

    scan = wsub.add_parser("scan", help=_("scan the downloaded clips waiting in the queue, "
                                          "each into its case"))
    scan.add_argument("--limit", type=int, metavar="N", help=_("scan at most N clips"))
    scan.add_argument("--workers", type=int, metavar="N",
                      help=_("worker processes on this machine (default: one per core)"))
    passphrase_option(scan)
    scan.set_defaults(func=_scan)

    queue = wsub.add_parser("queue", help=_("downloaded clips and their scans"))
    queue.add_argument("--state", choices=[s.value for s in QueueState])
    queue.set_defaults(func=_queue)

    login = wsub.add_parser("telegram-login", help=_("log the desk's Telegram account in for "
                                                     "API mode (asks for the phone and code)"))
    login.set_defaults(func=_login)


def _help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def open_watch() -> Watch:
    from takedown.desk import Desk
    from takedown.watch.monitor import Watch

    return Watch(Desk.open())


def _closing(work: Callable[[Watch], int]) -> int:
    watch = open_watch()
    try:
        return work(watch)
    finally:
        watch.close()
        watch.desk.close()


def when(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if value else "-"


def every(seconds: int) -> str:
    return _("{n} min").format(n=round(seconds / 60)) if seconds < 7200 else _(
        "{n} h").format(n=round(seconds / 3600, 1))


def _minutes(value: float | None) -> int | None:
    return None if value is None else round(value * 60)


def _add(args: argparse.Namespace) -> int:
    def work(watch: Watch) -> int:
        source, added = watch.add(args.source, interval=_minutes(args.every), depth=args.depth,
                                  mode=ReadMode(args.mode))
        if not added:
            print(_("{name} is already on the watch list (number {id}).").format(
                name=source.name, id=source.source_id))
            return 0
        print(_("Watching {name} ({kind}) every {every}; number {id} on the list.").format(
            name=source.name, kind=source.kind.label, every=every(source.interval),
            id=source.source_id))
        return 0
    return _closing(work)


def _remove(args: argparse.Namespace) -> int:
    def work(watch: Watch) -> int:
        source = watch.remove(args.source)
        print(_("{name} is off the watch list; what its polls found is kept.").format(
            name=source.name))
        return 0
    return _closing(work)


def _list(args: argparse.Namespace) -> int:
    def work(watch: Watch) -> int:
        sources = watch.sources()
        if not sources:
            print(_("The watch list is empty: add a source with 'takedown watch add'."))
            return 0
        print(f"{_('NO'):<4} {_('SOURCE'):<34} {_('EVERY'):<8} {_('LAST POLL'):<21} "
              f"{_('NEXT POLL'):<21} {_('LAST OUTCOME')}")
        for s in sources:
            print(f"{s.source_id:<4} {s.name[:34]:<34} {every(s.interval):<8} "
                  f"{when(s.last_polled):<21} {when(s.next_due):<21} {s.last_outcome}")
        return 0
    return _closing(work)


def finding_line(f: Finding) -> str:
    return f"  {when(f.at)}  {f.kind.label}: {f.text}"


def report_lines(report: PollReport) -> list[str]:
    s = report.source
    lines = [f"{s.name}: {s.last_outcome}"]
    if report.leads_new:
        lines.append("  " + _("{n} new leads ('takedown watch leads')").format(
            n=report.leads_new))
    lines.extend(finding_line(f) for f in report.findings)
    return lines


def _poll_one(watch: Watch, source: WatchSource) -> PollReport:
    bar = ProgressBar(_("Downloading from {name}").format(name=source.name))
    report = watch.poll(source, progress=bar)
    bar.close()
    for line in report_lines(report):
        print(line)
    return report


def _poll(args: argparse.Namespace) -> int:
    def work(watch: Watch) -> int:
        sources = [watch.find(text) for text in args.sources] or list(watch.sources())
        if not sources:
            print(_("The watch list is empty: add a source with 'takedown watch add'."))
            return 0
        for source in sources:
            _poll_one(watch, source)
        return 0
    return _closing(work)


def _run(args: argparse.Namespace) -> int:
    def work(watch: Watch) -> int:
        if not watch.sources():
            print(_("The watch list is empty: add a source with 'takedown watch add'."))
            return 0
        print(_("Watching {n} sources; Ctrl-C stops (what was found is kept).").format(
            n=len(watch.sources())))
        try:
            with _stopped_by_sigterm():
                return _loop(watch, args)
        except KeyboardInterrupt:
            print(_("Stopped. The next run goes on from here."))
            return 0
    return _closing(work)


def _loop(watch: Watch, args: argparse.Namespace) -> int:
    while True:
        for source in watch.repo.due(watch.clock()):
            _poll_one(watch, source)
        if args.scan:
            _scan_queue(watch, args)
        if args.once:
            return 0
        _wait_for_next(watch)


@contextlib.contextmanager
def _stopped_by_sigterm() -> Iterator[None]:
    """SIGTERM (a service manager stopping the watch) ends the loop as Ctrl-C does: at the
    next statement, between two database transactions or inside one, which is rolled back."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    before = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


def _wait_for_next(watch: Watch) -> None:
    """Sleep until a source is due, looking at the list again every few seconds (a source
    added meanwhile, by another command or the window, is polled without a restart)."""
    while True:
        sources = watch.sources()
        if not sources:
            return
        left = (min(s.next_due for s in sources) - watch.clock()).total_seconds()
        if left <= 0:
            return
        time.sleep(min(IDLE_STEP, left))


def _findings(args: argparse.Namespace) -> int:
    def work(watch: Watch) -> int:
        source = watch.find(args.source) if args.source else None
        found = watch.findings(limit=max(1, args.limit), source=source)
        if not found:
            print(_("Nothing found yet."))
        for f in found:
            print(f"{f.source_name or '-'}{finding_line(f)}")
        return 0
    return _closing(work)


def _leads(args: argparse.Namespace) -> int:
    def work(watch: Watch) -> int:
        for text in args.add or ():
            source = watch.follow(text, interval=_minutes(args.every))
            print(_("Watching {name} every {every}; number {id} on the list.").format(
                name=source.name, every=every(source.interval), id=source.source_id))
        for text in args.ignore or ():
            lead = watch.ignore(text)
            print(_("{target} is ignored from now on.").format(target=lead.target))
        if args.add or args.ignore:
            return 0
        leads = watch.leads(None if args.all else LeadState.NEW)
        if not leads:
            print(_("No leads yet."))
            return 0
        print(f"{_('NO'):<4} {_('LEAD'):<32} {_('KIND'):<16} {_('TIMES'):<6} "
              f"{_('FIRST SEEN'):<21} {_('IN')}")
        for lead in leads:
            state = "" if lead.state is LeadState.NEW else f" ({lead.state.value})"
            print(f"{lead.lead_id:<4} {lead.target[:32]:<32} {lead.kind.label:<16} "
                  f"{lead.times:<6} {when(lead.first_seen):<21} {lead.seen_in}{state}")
        return 0
    return _closing(work)


def _scan_queue(watch: Watch, args: argparse.Namespace) -> int:
    """The queued clips through the bulk scan (every core), with its progress and table."""
    from screeningroom.vault.commands import read_passphrase
    from takedown.bulk.commands import scan_progress, summary_lines
    from takedown.bulk.runner import scan_watch_queue

    limit = getattr(args, "limit", None)
    if not watch.repo.queue(QueueState.QUEUED, limit=1):
        return 0
    watch.desk.station()  # unlocked before any work starts
    summary = scan_watch_queue(watch.desk, watch.repo, passphrase=read_passphrase(args),
                               workers=getattr(args, "workers", None), limit=limit,
                               progress=scan_progress())
    for line in summary_lines(summary):
        print(line)
    return len(summary.reports)


def _scan(args: argparse.Namespace) -> int:
    def work(watch: Watch) -> int:
        if not _scan_queue(watch, args):
            print(_("No clip is waiting for its scan."))
        return 0
    return _closing(work)


def _queue(args: argparse.Namespace) -> int:
    def work(watch: Watch) -> int:
        items = watch.repo.queue(QueueState(args.state) if args.state else None)
        if not items:
            print(_("No downloaded clips."))
            return 0
        for item in items:
            result = f"  {item.result}" if item.result else ""
            print(f"{item.case_id:<14} {item.state.value:<8} {when(item.queued_at):<21} "
                  f"{item.link}{result}")
        return 0
    return _closing(work)


def _login(args: argparse.Namespace) -> int:
    from takedown.desk import Desk
    from takedown.watch.monitor import Watch
    from takedown.watch.telegram_api import login

    with Desk.open() as desk:
        watch = Watch(desk)
        name = login(watch.settings.telegram_api, desk.store.folder)
    print(_("Logged in as {name}; API mode is ready.").format(name=name))
    return 0
