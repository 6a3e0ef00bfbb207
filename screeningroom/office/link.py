"""A station's link to the office: the uplink of its log and of its signed review
reports, and the permission to start a session.

:meth:`StationLink.permit` is asked before a session starts. When the office answers, it
grants the session (counted in PostgreSQL, so re-installing the station resets nothing)
and its time becomes the station's clock floor. When it cannot be reached, the license
decides: with no offline allowance (tag 17 of the license, docs/formats/license.md) the
session is refused; with one, the station may start up to that many sessions since the
office last counted this license. The last count the office gave is kept in
``office.json`` in the station's folder; losing that file only makes the station stricter
(it then counts every session of the license as offline), and the office checks the
offline sessions again when their records arrive (``excess_sessions`` findings).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from screeningroom.office.client import OfficeClient
from screeningroom.office.errors import OfficeError, OfficeRefused, OfficeUnreachable
from screeningroom.office.model import Grant
from screeningroom.office.uplink import SyncReport, Uplink, UplinkWorker
from screeningroom_resources.i18n import _

STATE_FILE = "office.json"
OUTBOX = "office-outbox"


class OfflineNotAllowed(OfficeError):
    refusal_code = "office-unreachable"

    def __init__(self, license_id: str, reason: str) -> None:
        self.license_id = license_id
        super().__init__(
            _("The review office cannot be reached ({reason}) and license {license} allows "
              "no more sessions without it. Check the network, or ask the review office.")
            .format(reason=reason, license=license_id))


@dataclass(frozen=True)
class SessionPermit:
    """May this session start: with the office's grant, or offline under the allowance."""

    session_id: int
    grant: Grant | None
    offline_number: int            # 0 when granted; else the n-th offline session
    clock_floor: datetime | None   # the office's time, when it answered


def new_session_id() -> int:
    while True:
        candidate = secrets.randbits(64)
        if candidate:
            return candidate


class StationLink:
    """``StationLink(client, registry, certificate, folder)``; :meth:`start` runs the
    uplink on a thread, :meth:`notify` after each record, :meth:`close` at the end."""

    def __init__(self, client: OfficeClient, registry: Any, certificate: bytes | None,
                 folder: Path, *, interval: float = 10.0,
                 on_error: Callable[[OfficeError], None] | None = None) -> None:
        self.client = client
        self.registry = registry
        self.folder = Path(folder)
        self.uplink = Uplink(client, registry, certificate)
        self.worker = UplinkWorker(self, interval=interval, on_error=on_error)
        self._lock = threading.Lock()
        self.last_service_time: datetime | None = None

    def start(self) -> StationLink:
        self.worker.start()
        return self

    def notify(self) -> None:
        self.worker.notify()

    # --- what is sent: the log, then the signed review reports ------------------------

    @property
    def outbox(self) -> Path:
        return self.folder / OUTBOX

    def queue_report(self, signature_file: Path) -> None:
        """Send this review report's ``.sig`` to the office (kept in the outbox until the
        office has it, so a report written offline is sent later)."""
        data = Path(signature_file).read_bytes()
        self.outbox.mkdir(parents=True, exist_ok=True)
        target = self.outbox / f"{hashlib.sha256(data).hexdigest()}.sig"
        fd, tmp = tempfile.mkstemp(prefix=".report.", dir=self.outbox)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        self.notify()

    def sync(self) -> SyncReport:
        """The log first (the office checks a report against the records it holds), then a
        signed bundle of what it holds but has not had bundled (when no session is open:
        a session's records travel in one bundle), then every report of the outbox; a
        report the office refuses moves to ``refused/``."""
        report = self.uplink.sync()
        self._bundle(report.head_seq)
        for path in sorted(self.outbox.glob("*.sig")) if self.outbox.is_dir() else ():
            try:
                self.client.push_report(path.read_bytes())
            except OfficeRefused as exc:
                refused = self.outbox / "refused"
                refused.mkdir(exist_ok=True)
                path.replace(refused / path.name)
                (refused / (path.name + ".reason.txt")).write_text(str(exc), encoding="utf-8")
                continue
            path.unlink()
        return report

    def close(self) -> None:
        self.worker.stop()
        self.client.close()

    # --- the office's last count per license -----------------------------------------

    def _state(self) -> dict[str, int]:
        try:
            data = json.loads((self.folder / STATE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        counts = data.get("counted") if isinstance(data, dict) else None
        if not isinstance(counts, dict):
            return {}
        return {k: v for k, v in counts.items() if isinstance(v, int) and v >= 0}

    def _remember(self, license_id: str, used: int) -> None:
        state = self._state()
        state[license_id] = used
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".office.", dir=self.folder)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"version": 1, "counted": state}, fh, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.folder / STATE_FILE)

    # --- permission to start ---------------------------------------------------------

    def permit(self, license: Any, member_id: str) -> SessionPermit:
        """Ask the office for a session of ``license`` (a vault License with its signed
        bytes); :class:`SessionNotGranted` or :class:`OfflineNotAllowed` refuse it."""
        session_id = new_session_id()
        with self._lock:
            try:
                grant = self._grant(license, session_id, member_id)
            except OfficeUnreachable as exc:
                return self._offline(license, session_id, str(exc))
            self.last_service_time = grant.service_time
            self._remember(license.license_id, grant.used)
            return SessionPermit(session_id, grant, 0, grant.service_time)

    def _bundle(self, office_head: int) -> None:
        certificate = self.uplink.certificate
        if not certificate or not hasattr(self.registry, "export_bundle"):
            return
        bundled = self.client.bundle_head()
        if office_head <= bundled or self.registry.sessions(open_only=True):
            return
        with tempfile.TemporaryDirectory() as tmp:
            path = self.registry.export_bundle(Path(tmp) / "bundle.json", certificate,
                                               since_seq=bundled + 1)
            data = path.read_bytes()
        try:
            self.client.push_bundle(data)
        except OfficeRefused as exc:
            if exc.code != "bundle_ahead":  # records written since the push: next time
                raise

    def _grant(self, license: Any, session_id: int, member_id: str) -> Grant:
        try:
            return self.client.grant(license.signed_bytes, session_id, member_id)
        except OfficeRefused as exc:
            if exc.code != "unknown_station" or not self.uplink.certificate:
                raise
        self.client.enroll(self.uplink.certificate)  # first contact: enroll, then ask
        return self.client.grant(license.signed_bytes, session_id, member_id)

    def _offline(self, license: Any, session_id: int, reason: str) -> SessionPermit:
        allowance = int(getattr(license, "offline_sessions", 0))
        counted = self._state().get(license.license_id, 0)
        since = self.registry.sessions_used(license.license_id) - counted
        if since >= allowance:
            raise OfflineNotAllowed(license.license_id, reason)
        return SessionPermit(session_id, None, since + 1, None)

    def clock_floor(self, local_floor: datetime | None) -> datetime | None:
        """The later of the station's own floor and the office's last time."""
        floors = [t for t in (local_floor, self.last_service_time) if t is not None]
        return max(floors) if floors else None


def open_link(station: Any, registry: Any, url: str, *, ca_file: Path | None = None,
              interval: float = 10.0) -> StationLink:
    """The link of an unlocked vault station to the office's registry at ``url``."""
    # a session start waits for the office's answer: seconds, not the default quarter minute
    client = OfficeClient(url, station, ca_file=ca_file, timeout=5.0)
    return StationLink(client, registry, station.certificate_bytes, station.folder,
                       interval=interval)


def link_from_settings(station: Any, registry: Any) -> StationLink | None:
    """The started link the workstation's settings name (``office_url``, ``office_ca``),
    or None when no office registry is set."""
    from screeningroom.settings import Settings

    settings = Settings()
    url = settings.get("office_url").strip()
    if not url:
        return None
    ca = settings.get("office_ca").strip()
    return open_link(station, registry, url, ca_file=Path(ca) if ca else None).start()
