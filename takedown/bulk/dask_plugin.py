"""Running the bulk scan's workers on Dask: a worker plugin hands each worker the run's
configuration when it starts (or when the plugin is registered with a running cluster);
each worker thread builds its state once, at its first clip (a desk store connection
belongs to the thread that opened it), and keeps it. Nothing of the scheduling is written
here: Dask places the tasks."""

from __future__ import annotations

import threading
from typing import Any

from distributed import WorkerPlugin, get_worker

from takedown.bulk.clips import BulkClip
from takedown.bulk.worker import WorkDone, Worker, WorkerConfig


class DaskSetup(WorkerPlugin):
    name = "takedown-bulk"
    idempotent = True

    def __init__(self, config: WorkerConfig) -> None:
        self.config = config

    def setup(self, worker: Any) -> None:
        worker.takedown_bulk = (self.config, threading.local())

    def teardown(self, worker: Any) -> None:
        worker.takedown_bulk = None


def analyse_on_dask(clip: BulkClip) -> WorkDone:
    """A Dask task: the clip analysed with this worker thread's state."""
    config, local = get_worker().takedown_bulk
    state = getattr(local, "worker", None)
    if state is None:
        state = local.worker = Worker(config)
    return state.analyse(clip)
