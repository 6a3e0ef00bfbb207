"""A station's uplink to the central registry: its own signed log is the queue.

:meth:`Uplink.sync` asks the office for the newest record it holds of this station, checks
that the station's log still holds that same record (else the station's history was
rewritten or lost: :class:`LogDiverged`), and sends every later record in order, in
batches. Records are durable in the station's registry before they are sent, and the
office skips a record it already holds with the same hash, so an interrupted push (cut
network, killed service, restarted database) is resumed by the next ``sync`` with nothing
lost and nothing counted twice. Offline, records simply wait in the station's log.

:class:`UplinkWorker` runs ``sync`` on a thread: when told a record was written
(:meth:`UplinkWorker.notify`) and every ``interval`` seconds, backing off while the office
cannot be reached.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from screeningroom.office.client import OfficeClient
from screeningroom.office.errors import OfficeError, OfficeRefused
from screeningroom.registry.storage import StoredRecord
from screeningroom_resources.i18n import _

BATCH = 200


class RecordSource(Protocol):
    """The station's log (a :class:`~screeningroom.registry.Registry` fits)."""

    def stored_records(self, since_seq: int = 1) -> Iterator[StoredRecord]: ...


class LogDiverged(OfficeError):
    def __init__(self, station_id: str, seq: int, why: str) -> None:
        self.seq = seq
        super().__init__(
            _("The office holds record {seq} of station {station}, and this station's log "
              "{why}: the station's history was lost or rewritten. Keep the registry as it "
              "is and ask the review office to re-enroll the station.").format(
                  seq=seq, station=station_id, why=why))


@dataclass(frozen=True)
class SyncReport:
    sent: int
    duplicates: int
    head_seq: int
    at: datetime


class Uplink:
    def __init__(self, client: OfficeClient, source: RecordSource, certificate: bytes | None,
                 *, batch: int = BATCH) -> None:
        self.client = client
        self.source = source
        self.certificate = certificate
        self.batch = batch

    def _head(self) -> tuple[int, bytes]:
        try:
            return self.client.head()
        except OfficeRefused as exc:
            if exc.code != "unknown_station" or not self.certificate:
                raise
        return self.client.enroll(self.certificate)

    def sync(self) -> SyncReport:
        """Send every record the office lacks; raises :class:`OfficeError` subclasses."""
        head_seq, head_hash = self._head()
        station_id = self.client.signer.station_id
        pending = iter(self.source.stored_records(max(1, head_seq)))
        if head_seq:
            held = next(pending, None)
            if held is None:
                raise LogDiverged(station_id, head_seq, _("ends before it"))
            if held.fields.seq != head_seq or held.hash != head_hash:
                raise LogDiverged(station_id, head_seq, _("holds another record there"))
        sent = duplicates = 0
        batch: list[StoredRecord] = []
        for record in pending:
            batch.append(record)
            if len(batch) >= self.batch:
                result = self.client.push(batch)
                sent, duplicates, batch = sent + result.accepted, duplicates + result.duplicates, []
                head_seq = result.head_seq
        if batch:
            result = self.client.push(batch)
            sent, duplicates = sent + result.accepted, duplicates + result.duplicates
            head_seq = result.head_seq
        return SyncReport(sent, duplicates, head_seq, datetime.now(UTC))


class Syncable(Protocol):
    def sync(self) -> SyncReport: ...


class UplinkWorker:
    """``sync`` on a background thread; never raises into the station's work."""

    def __init__(self, uplink: Syncable, *, interval: float = 10.0, max_backoff: float = 60.0,
                 on_error: Callable[[OfficeError], None] | None = None) -> None:
        self.uplink = uplink
        self.interval = interval
        self.max_backoff = max_backoff
        self.on_error = on_error
        self.last_report: SyncReport | None = None
        self.last_error: OfficeError | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="office-uplink", daemon=True)

    def start(self) -> UplinkWorker:
        self._thread.start()
        return self

    def notify(self) -> None:
        """A record was written: send it soon."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        delay = self.interval
        while not self._stop.is_set():
            self._wake.clear()
            try:
                self.last_report = self.uplink.sync()
                self.last_error = None
                delay = self.interval
            except OfficeError as exc:
                self.last_error = exc
                if self.on_error is not None:
                    self.on_error(exc)
                delay = min(self.max_backoff, max(1.0, delay * 2))
            self._wake.wait(delay)
