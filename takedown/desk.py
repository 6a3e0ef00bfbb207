"""The takedown desk: an enrolled station holding forensic licenses, with its own store.

Front door::

    desk = Desk.open()                      # paths.desk_dir(), the station in paths.station_dir()
    desk.import_audit(bundle_path)          # -> AuditImport
    desk.index_film(screener_path)          # -> FilmIndex (master opened in memory only)
    desk.scan(clip, seen_at=link, ...)      # -> ScanResult (see takedown.scan)
    desk.cases(); desk.case(case_id); desk.set_status(case_id, CaseStatus.SENT)

Masters are opened with :func:`screeningroom.vault.opening.open_screener` and read through
its decrypting reader; nothing of a master is written to disk except the few matched
frames an evidence bundle shows.
"""

from __future__ import annotations

import getpass
import hashlib
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from screeningroom import paths
from screeningroom_resources.i18n import _
from takedown import audit, cases, custody
from takedown.errors import DeskNotReady, FilmNotIndexed, TakedownInputError
from takedown.identify import FilmIndex, FilmMeta, fingerprint_source, load_all, save
from takedown.store import DeskStore

Progress = Callable[[float, float], None]


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Desk:
    """One desk. ``station`` is a callable returning the unlocked vault station (asked for
    only when a master must be opened or evidence signed)."""

    def __init__(
        self,
        store: DeskStore,
        *,
        station: Callable[[], Any] | None = None,
        station_folder: Path | None = None,
        actor: str | None = None,
        clock: Callable[[], datetime] = _utc_now,
        detector: Callable[..., Any] | None = None,
    ) -> None:
        self.store = store
        self._station_loader = station
        self._station: Any = None
        self.station_folder = Path(station_folder) if station_folder else paths.station_dir()
        self.actor = actor or _default_actor()
        self.clock = clock
        self.detector = detector
        self._films: list[FilmIndex] | None = None

    @classmethod
    def open(cls, folder: Path | None = None, **kwargs: Any) -> Desk:
        return cls(DeskStore(folder or paths.desk_dir()), **kwargs)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the station ----------------------------------------------------------------------

    def station(self) -> Any:
        if self._station is None:
            if self._station_loader is not None:
                self._station = self._station_loader()
            else:
                from screeningroom.vault.station import load_station

                self._station = load_station(None, folder=self.station_folder)
        return self._station

    def trust_anchor(self) -> Any:
        """The review office's anchor installed with this desk's station."""
        from screeningroom.vault.checks import load_anchor
        from screeningroom.vault.station import ANCHOR_FILE

        if self._station is not None or self._station_loader is not None:
            return self.station().anchor
        path = self.station_folder / ANCHOR_FILE
        if not path.is_file():
            raise DeskNotReady(
                _("This desk is not an enrolled station yet ({path} is missing): run "
                  "'screeningroom station init' and install its certificate.").format(
                    path=path))
        return load_anchor(path.read_bytes())

    def certificate_verifier(self) -> Callable[[bytes], Any]:
        from screeningroom.vault.checks import load_certificate_checked

        anchor = self.trust_anchor()
        return lambda data: load_certificate_checked(data, anchor)

    # --- audit bundles --------------------------------------------------------------------

    def import_audit(self, path: Path) -> audit.AuditImport:
        if not Path(path).is_file():
            raise TakedownInputError(_("No such file: {path}").format(path=path))
        return audit.import_bundle(self.store, Path(path),
                                   verify_certificate=self.certificate_verifier(),
                                   actor=self.actor, now=self.clock())

    # --- films ----------------------------------------------------------------------------

    def _forensic_license(self, film_id: str) -> Any:
        from screeningroom.vault.model import LicensePurpose
        from screeningroom.vault.station import installed_licenses

        now = self.clock()
        found = [lic for lic in installed_licenses(self.station())
                 if lic.film_id == film_id and lic.purpose is LicensePurpose.FORENSIC
                 and lic.not_before <= now < lic.not_after]
        if not found:
            raise DeskNotReady(
                _("This desk holds no valid forensic license for film {film}. Ask the review "
                  "office for one and import it (screeningroom station import).").format(
                    film=film_id))
        return max(found, key=lambda lic: lic.not_after)

    def open_master(self, screener: Path, film_id: str, purpose: str) -> Any:
        """The decrypting reader of a registered film's master (in memory only)."""
        from screeningroom.vault.opening import open_screener
        from screeningroom.vault.tickets import issue_ticket

        lic = self._forensic_license(film_id)
        member = self.actor if self.actor in lic.members else (
            lic.members[0] if len(lic.members) == 1 else None)
        if member is None:
            raise DeskNotReady(
                _("The forensic license for film {film} does not name {actor}; ask the review "
                  "office to add this desk's operator.").format(film=film_id, actor=self.actor))
        now = self.clock()
        station = self.station()
        with self.store.atomic():  # the opening is recorded with the keys' unsealing
            used = self.store.db.execute("SELECT COUNT(*) FROM openings WHERE license_id = ?",
                                         (lic.license_id,)).fetchone()[0]
            row = self.store.db.execute(
                "INSERT INTO openings(license_id, at, purpose) VALUES (?,?,?)",
                (lic.license_id, now.isoformat(), purpose)).lastrowid
            ticket = issue_ticket(
                station.sign, session_id=secrets.randbits(63) | 1,
                station_id=station.station_id, license_id=lic.license_id, film_id=film_id,
                member_id=member, number=int(used) + 1, started_at=now, record_seq=int(row),
                record_hash=hashlib.sha256(
                    f"{lic.license_id}|{now.isoformat()}|{purpose}".encode()).digest())
            return open_screener(screener, lic, station, member, session=ticket,
                                 clock_floor=custody.last_time(self.store), now=now)

    def index_film(self, screener: Path, progress: Progress | None = None) -> FilmIndex:
        """Fingerprint a registered film (``FILM.scr``) and keep its index."""
        from screeningroom.vault.checks import load_screener_checked

        screener = Path(screener)
        if not screener.is_file():
            raise TakedownInputError(_("No such file: {path}").format(path=screener))
        manifest = load_screener_checked(screener, self.trust_anchor()).manifest
        with self.open_master(screener, manifest.film_id, "index") as reader:
            vectors, box = fingerprint_source(reader, progress=progress)
        now = self.clock()
        meta = FilmMeta(film_id=manifest.film_id, title=manifest.title,
                        register_number=manifest.register_no,
                        duration=manifest.duration_seconds, indexed_at=now.isoformat())
        index = FilmIndex(meta=meta, vectors=vectors, box=box)
        with self.store.atomic():
            file = save(index, self.store.index_dir)
            self.store.db.execute(
                "INSERT OR REPLACE INTO films(film_id, title, register_number, rights_holder, "
                "screener, license_id, index_file, duration, indexed_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (meta.film_id, meta.title, meta.register_number, manifest.rights_holder,
                 str(screener.resolve()), self._forensic_license(meta.film_id).license_id,
                 file.name, meta.duration, meta.indexed_at),
            )
            custody.record(self.store, actor=self.actor, action="index",
                           detail=f"film {meta.film_id} ({len(vectors)} fingerprints)", now=now)
        self._films = None
        return index

    def films(self) -> list[FilmIndex]:
        if self._films is None:
            self._films = load_all(self.store.index_dir)
        return self._films

    def film_screener(self, film_id: str) -> Path:
        row = self.store.db.execute("SELECT screener FROM films WHERE film_id = ?",
                                    (film_id,)).fetchone()
        if row is None:
            raise FilmNotIndexed(
                _("Film {film} is not indexed on this desk: run 'takedown index FILM.scr'.")
                .format(film=film_id))
        return Path(row["screener"])

    # --- cases ----------------------------------------------------------------------------

    def cases(self, status: cases.CaseStatus | None = None) -> tuple[cases.Case, ...]:
        return cases.list_cases(self.store, status)

    def case(self, case_id: str) -> cases.Case:
        return cases.get_case(self.store, case_id)

    def set_status(self, case_id: str, status: cases.CaseStatus, note: str = "") -> cases.Case:
        now = self.clock()
        cases.set_status(self.store, case_id, status, now=now, note=note)
        with self.store.atomic():
            custody.record(self.store, actor=self.actor, action="status",
                           detail=f"{status.value}: {note}".strip(": "), case_id=case_id,
                           now=now)
        return self.case(case_id)

    def scan(self, clip: Path, seen_at: str, **kwargs: Any) -> Any:
        from takedown.scan import scan

        return scan(self, clip, seen_at, **kwargs)


def _default_actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment
        return "desk"


