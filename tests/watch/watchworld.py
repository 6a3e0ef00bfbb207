"""The watch tests' world: a desk folder and the watches opened on it, with a desk clock
and monotonic time the test controls (a wait is recorded, not waited)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from clocks import StepClock
from watchserver import LocalServer, LoopbackTransport

from takedown.desk import Desk
from takedown.store import DeskStore
from takedown.watch import Fetcher, Watch, WatchSettings

NOW = datetime(2026, 4, 21, 9, 0, tzinfo=UTC)


def desk_clock() -> StepClock:
    """The desk's clock: a second further at each reading from NOW; ``advance`` jumps."""
    return StepClock(NOW)


class FakeTime:
    """Monotonic time that only moves when slept: every wait is recorded, none is waited."""

    def __init__(self) -> None:
        self.t = 1000.0
        self.waits: list[float] = []

    def clock(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.t += seconds


def make_settings(server: LocalServer, **changes: object) -> WatchSettings:
    values: dict[str, object] = dict(telegram_web=server.base, host_interval=0.0, timeout=2.0,
                                     attempts=3, backoff=0.5, max_wait=30.0,
                                     max_download=20 * 1024 * 1024, first_pages=3,
                                     catch_up_pages=5, default_interval=600,
                                     private_addresses=True)
    values.update(changes)
    return WatchSettings(**values)  # type: ignore[arg-type]


class World:
    """A desk folder and the watches opened on it (each a fresh process's worth of state)."""

    def __init__(self, folder: Path, server: LocalServer) -> None:
        self.folder = folder
        self.server = server
        self.clock = desk_clock()
        self.time = FakeTime()
        self._open: list[tuple[Desk, Watch]] = []

    def open(self, **changes: object) -> Watch:
        desk = Desk(DeskStore(self.folder), clock=self.clock, actor="watch.test")
        settings = make_settings(self.server, **changes)
        fetcher = Fetcher(settings, clock=self.time.clock, sleep=self.time.sleep,
                          wall=lambda: self.clock.now, jitter=lambda: 0.0,
                          transport=LoopbackTransport())
        watch = Watch(desk, settings=settings, fetcher=fetcher, clock=self.clock)
        self._open.append((desk, watch))
        return watch

    def restart(self, **changes: object) -> Watch:
        """Close every watch and desk (as a stopped process would) and open a new one."""
        self.close()
        return self.open(**changes)

    def close(self) -> None:
        for desk, watch in self._open:
            watch.fetcher.close()
            watch.close()
            desk.close()
        self._open.clear()

