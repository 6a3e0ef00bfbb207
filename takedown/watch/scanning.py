"""Scanning the watch list's queue, one clip after the other, through the desk's own scan
(:meth:`takedown.desk.Desk.scan`), each into the case the watch list opened for it.

A clip the scan refuses (damaged, a link the desk does not take, its case moved on by
hand) is marked failed with the reason; a problem of the desk itself (no valid forensic
license, a locked station) stops the run and leaves the clip queued.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from screeningroom_resources.i18n import _
from takedown.cases import CaseStatus
from takedown.errors import TakedownInputError
from takedown.media import Progress
from takedown.scan import AlreadyScanned
from takedown.watch.model import FindingKind, QueueItem, QueueState

if TYPE_CHECKING:
    from takedown.watch.monitor import Watch



def outcome_line(result: Any) -> str:
    """A scan's outcome in one line, from its record."""
    ident = result.identification
    session = result.trace.session if result.trace is not None else None
    if session is not None:
        return _("{status}: {film}, session {session}").format(
            status=result.status.label, film=ident.film.title, session=session.short_id)
    if ident.found:
        return _("{status}: {film}; no session named").format(status=result.status.label,
                                                              film=ident.film.title)
    return _("{status}: no registered film matches (best {score:.2f})").format(
        status=CaseStatus.FOUND.label, score=ident.score)


def scan_queue(watch: Watch, *, limit: int | None = None, progress: Progress | None = None,
               cancelled: Callable[[], bool] | None = None,
               on_done: Callable[[QueueItem], None] | None = None) -> tuple[QueueItem, ...]:
    """Scan the queued clips (oldest first); returns the items as left."""
    repo = watch.repo
    items = repo.queue(QueueState.QUEUED, limit=limit or 1_000_000)
    done = []
    for n, item in enumerate(items):
        if cancelled is not None and cancelled():
            break

        def step(part: float, total: float, n: int = n) -> None:
            if progress is not None:
                progress(n + (part / total if total else 1.0), len(items))

        state, text = _scan_one(watch, item, step)
        with repo.atomic():
            repo.queue_done(item.item_id, state, text, watch.clock())
            if state is QueueState.FAILED:
                repo.add_finding(FindingKind.SCAN_FAILED, text, watch.clock(),
                                 link=item.link, case_id=item.case_id)
        left = next(q for q in repo.queue(limit=1_000_000) if q.item_id == item.item_id)
        done.append(left)
        if on_done is not None:
            on_done(left)
    return tuple(done)


def _scan_one(watch: Watch, item: QueueItem, progress: Progress) -> tuple[QueueState, str]:
    seen = item.seen_time
    if seen is not None:  # a server clock a little ahead of the desk's is no future sighting
        seen = min(seen, watch.clock())
    try:
        result = watch.desk.scan(
            Path(item.file), item.link,
            seen_time=seen.isoformat() if seen else None,
            channel=item.channel, views=item.views, case_id=item.case_id, progress=progress)
    except AlreadyScanned as exc:
        return QueueState.SCANNED, str(exc)
    except TakedownInputError as exc:
        return QueueState.FAILED, _("The scan refused {file}: {reason}").format(
            file=Path(item.file).name, reason=str(exc))
    return QueueState.SCANNED, outcome_line(result)
