"""Long work off the GUI thread: ``run_task(func, on_done, on_error)``.

``func`` runs on a thread pool and is handed a ``progress(done, total)`` callable; its
result (or exception) comes back to ``on_done`` (or ``on_error``) on the GUI thread, and
progress reaches ``on_progress`` there too. Tests use :class:`TaskRunner` with
``synchronous=True``: everything happens at once, in order, on the calling thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from screeningroom_resources.console import Progress


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(float, float)


class _Job(QRunnable):
    def __init__(self, func: Callable[[Progress], Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._func = func
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._func(self._relay.progress.emit)
        except BaseException as exc:  # delivered to on_error on the GUI thread
            self._relay.failed.emit(exc)
        else:
            self._relay.done.emit(result)


class TaskRunner(QObject):
    """Runs work on a pool and hands results back on the GUI thread."""

    def __init__(self, parent: QObject | None = None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._relays: set[_Relay] = set()

    def run(
        self,
        func: Callable[[Progress], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        on_progress: Progress | None = None,
    ) -> None:
        if self.synchronous:
            try:
                result = func(on_progress or (lambda done, total: None))
            except Exception as exc:
                on_error(exc)
            else:
                on_done(result)
            return
        relay = _Relay()
        self._relays.add(relay)

        def finish(callback: Callable[[Any], None], value: Any) -> None:
            self._relays.discard(relay)
            relay.deleteLater()
            callback(value)

        relay.done.connect(lambda value: finish(on_done, value))
        relay.failed.connect(lambda exc: finish(on_error, exc))
        if on_progress is not None:
            relay.progress.connect(on_progress)
        self._pool.start(_Job(func, relay))

    def wait(self, msecs: int = 30000) -> bool:
        """Wait for running work (closing the app, tests)."""
        return self._pool.waitForDone(msecs)
