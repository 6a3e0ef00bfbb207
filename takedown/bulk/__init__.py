"""Bulk scanning: many clips through the desk's scan pipeline at once.

``takedown scan-many`` (see :mod:`takedown.bulk.commands`) takes a folder, a list of files
or the watch list's queue. Workers analyse (:mod:`takedown.bulk.worker`: a local process
pool sized to the machine, or a Dask cluster through :mod:`takedown.bulk.dask_plugin`),
each loading the desk's fingerprint indexes once and opening each film's master once; the
coordinating process records every outcome, one transaction per clip
(:mod:`takedown.bulk.runner`). A rerun skips what was recorded (same file, same link).

Python::

    run = BulkScan(desk, WorkerConfig(desk_folder, station_folder, actor, passphrase))
    summary = run.run_local(clips, workers=None)     # one worker per core
    summary = run.run_dask(clips, distributed.Client("tcp://host:8786"))
"""
