"""The worker side of a bulk scan: one process (a pool worker, or a Dask worker) analyses
clips with the desk's scan pipeline (:func:`takedown.scan.run_scan`) and returns each
outcome; it writes nothing (the coordinating process records).

What a worker loads once, at its first clip: the desk's fingerprint indexes, the unlocked
desk station, and each film's master as it is first needed (its decrypting reader stays
open for the worker's life, so a film's master is opened once per worker, not once per
clip). A Dask worker on another machine reads the same desk folder from a shared location
and takes the station's passphrase from its own ``SCREENINGROOM_PASSPHRASE``: the
passphrase never crosses the network.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from screeningroom.errors import ScreeningRoomError
from screeningroom_resources.i18n import _
from takedown.bulk.clips import BulkClip
from takedown.errors import TakedownInputError
from takedown.intake import take_in
from takedown.scan import MasterAccess, ScanContext, ScanOutcome, run_scan


@dataclass(frozen=True)
class WorkerConfig:
    desk_folder: Path
    station_folder: Path
    actor: str
    passphrase: str | None = None  # None: the worker's own $SCREENINGROOM_PASSPHRASE


@dataclass(frozen=True)
class WorkDone:
    clip: BulkClip
    outcome: ScanOutcome | None
    skipped: str = ""    # recorded before: the same file seen at the same link
    refused: str = ""    # why the clip itself was refused (damaged, not a video, bad link)
    failed: str = ""     # why the analysis failed otherwise
    seconds: float = 0.0
    rss: int = 0         # the worker's resident memory after the clip, bytes
    worker: str = ""     # pid@host


class Worker:
    """A worker's state: loaded once, then used for every clip it is given."""

    def __init__(self, config: WorkerConfig) -> None:
        from screeningroom.vault.station import load_station
        from takedown.desk import Desk
        from takedown.store import DeskStore

        self.config = config
        self.desk = Desk(DeskStore(config.desk_folder),
                         station=lambda: load_station(config.passphrase,
                                                      folder=config.station_folder),
                         station_folder=config.station_folder, actor=config.actor)
        self.films = tuple(self.desk.films())  # the fingerprint indexes, once
        self._masters: dict[str, MasterAccess] = {}
        self._open = ExitStack()
        self.name = f"{os.getpid()}@{socket.gethostname()}"

    @contextmanager
    def _master(self, film_id: str) -> Iterator[MasterAccess]:
        if film_id not in self._masters:
            self._masters[film_id] = self._open.enter_context(self.desk.open_master(film_id))
        yield self._masters[film_id]

    def context(self) -> ScanContext:
        stations = self.desk.store.stations
        return ScanContext(films=self.films, sessions_of_film=stations.sessions_of_film,
                           claimed_by=stations.station_ids_with_session,
                           open_master=self._master)

    def analyse(self, clip: BulkClip) -> WorkDone:
        started = time.perf_counter()
        try:
            intake = take_in(clip.path, clip.seen_at, seen_time=clip.seen_time,
                             channel=clip.channel, views=clip.views, now=datetime.now(UTC))
            known = self.desk.store.cases.sighting_of(intake.sha256, intake.sighting.link.url)
            if known is not None:
                return self._done(clip, None, started, skipped=_(
                    "recorded before: the same file seen at the same link"))
            outcome = run_scan(intake, self.context(), now=datetime.now(UTC))
        except TakedownInputError as exc:
            return self._done(clip, None, started, refused=str(exc))
        except ScreeningRoomError as exc:
            return self._done(clip, None, started, failed=str(exc))
        return self._done(clip, outcome, started)

    def _done(self, clip: BulkClip, outcome: ScanOutcome | None, started: float,
              **why: str) -> WorkDone:
        return WorkDone(clip=clip, outcome=outcome, seconds=time.perf_counter() - started,
                        rss=_rss(), worker=self.name, **why)

    def close(self) -> None:
        self._open.close()
        self.desk.close()


def _rss() -> int:
    import psutil

    return int(psutil.Process().memory_info().rss)


# --- one worker per process --------------------------------------------------------------

_WORKER: Worker | None = None


def start(config: WorkerConfig) -> None:
    """The process pool's initializer: load what every clip needs, once."""
    global _WORKER
    _WORKER = Worker(config)


def analyse(clip: BulkClip) -> WorkDone:
    """A pool task (the worker was started by :func:`start`)."""
    if _WORKER is None:
        raise RuntimeError("the worker was not started")
    return _WORKER.analyse(clip)
