"""The tests' clock: each reading ``step`` after the last, so times are deterministic and
strictly increasing (safe across threads); ``advance`` jumps ahead."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta


class StepClock:
    step = timedelta(seconds=1)

    def __init__(self, start: datetime) -> None:
        self.now = start
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            self.now += self.step
            return self.now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.now += timedelta(seconds=seconds)
