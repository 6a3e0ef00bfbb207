"""The desk's watch list: public Telegram channels and websites polled for new pirated
videos, each new one downloaded, checked, opened as a case and queued for a scan.

Front door (see :mod:`takedown.watch.monitor`)::

    from takedown.watch import Watch
    with Watch(desk) as watch:                 # settings: watch.json in the desk folder
        source, added = watch.add("@channel", interval=600, depth=5)
        report = watch.poll(source)            # PollReport: counts and findings
        watch.poll_due()                       # every source whose time has come
        watch.leads(); watch.follow("@mirror") # mirror chains
        watch.repo.queue(QueueState.QUEUED)    # clips waiting for their scan

Interface for the desk's bulk scanning: the scan queue (``watch_queue``; read with
``WatchRepository.queue`` and closed with ``queue_done``) holds one item per new file:
its SHA-256, the case opened for it (status "found"), the file, where and when it was
posted, the channel and the views. Downloaded files are kept under
``<desk>/watch/downloads/<sha256>.<ext>``.

Layers: ``sources`` (what can be watched), ``fetch`` (polite HTTP), ``telegram`` /
``telegram_api`` / ``site`` (readers), ``download`` (checked downloads), ``record`` (one
transaction per post or video), ``repository`` (the tables), ``monitor`` (the front door).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from takedown.watch import model
from takedown.watch.model import *  # noqa: F403
from takedown.watch.settings import WatchSettings, load_settings

if TYPE_CHECKING:
    from takedown.watch.fetch import Fetcher
    from takedown.watch.monitor import Watch

# the fetcher (httpx) and the monitor (the desk) load when first used: the model is what
# the desk's commands and the bulk scanner need at start-up
_LAZY = {"Fetcher": "takedown.watch.fetch", "Watch": "takedown.watch.monitor"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    *model.__all__,
    "Fetcher",
    "Watch",
    "WatchSettings",
    "load_settings",
]
