"""The takedown desk: an enrolled station holding forensic licenses, with its own store.

Front door::

    desk = Desk.open()                      # paths.desk_dir(), the station in paths.station_dir()
    desk.install_trust(path)                # the office's revocation list (or its anchor)
    desk.import_audit(bundle_path)          # -> AuditImport (checked against the office)
    desk.index_film(screener_path)          # -> FilmIndex (master opened in memory only)
    desk.scan(clip, seen_at=link, ...)      # -> ScanResult (takedown.scan, then recorded)
    desk.cases(); desk.case(case_id); desk.set_status(case_id, CaseStatus.SENT)
    desk.stations(); desk.findings()

Masters are opened with :func:`screeningroom.vault.opening.open_screener` and read through
its decrypting reader; nothing of a master is written to disk except the few matched
frames an evidence bundle shows. Everything the desk records goes through its store's
repositories (:mod:`takedown.store`), one transaction per step.
"""

from __future__ import annotations

import getpass
import hashlib
import secrets
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from screeningroom import paths
from screeningroom.registry import Session
from screeningroom_resources.closing import Closing
from screeningroom_resources.console import Progress
from screeningroom_resources.i18n import _
from takedown import audit, custody, masters, zone
from takedown.cases import Case, CaseStatus, check_transition
from takedown.errors import CaseNotFound, DeskNotReady, FilmNotIndexed, TakedownInputError
from takedown.findings import Finding
from takedown.identify import FilmIndex, FilmMeta, fingerprint_source, load_all, save
from takedown.intake import take_in
from takedown.recording import ScanResult, move, open_case, record_scan
from takedown.scan import MasterAccess, ScanContext, key_candidates, run_scan
from takedown.store import DeskStore, FilmRecord, StationRecord
from watermark import MasterIndexBuilder, WatermarkError


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class StationView:
    """A station as the desk knows it, with the findings against it."""

    station: StationRecord
    findings: tuple[Finding, ...]
    revoked: bool


class Desk(Closing):
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
        time_zone: tzinfo | None = None,
    ) -> None:
        self.store = store
        self._station_loader = station
        self._station: Any = None
        self.station_folder = Path(station_folder) if station_folder else paths.station_dir()
        self.actor = actor or _default_actor()
        self.clock = clock
        self.zone = time_zone if time_zone is not None else zone.load_zone(store.folder)
        zone.use(self.zone)
        self._films: list[FilmIndex] | None = None

    @classmethod
    def open(cls, folder: Path | None = None, **kwargs: Any) -> Desk:
        desk = cls(DeskStore(folder or paths.desk_dir()), **kwargs)
        desk._reimport()
        return desk

    def close(self) -> None:
        self.store.close()

    # --- the station and the office's trust -------------------------------------------------

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

        path = self.station_folder / ANCHOR_FILE
        if not path.is_file():
            if self._station is not None or self._station_loader is not None:
                return self.station().anchor
            raise DeskNotReady(
                _("This desk is not an enrolled station yet ({path} is missing): run "
                  "'screeningroom station init' and install its certificate.").format(
                    path=path))
        return load_anchor(path.read_bytes())

    def revocations(self) -> Any:
        """The office's newest revocation list installed on the desk (None: none yet)."""
        from screeningroom.vault.checks import load_revocations_checked
        from screeningroom.vault.station import REVOCATIONS_FILE

        path = self.station_folder / REVOCATIONS_FILE
        if not path.is_file():
            return None
        return load_revocations_checked(path.read_bytes(), self.trust_anchor())

    def install_trust(self, path: Path) -> str:
        """Install the office's revocation list (refused when older than the installed one)
        or check its trust anchor against the desk's. Returns what was installed."""
        from screeningroom.vault import import_file, read_anchor
        from screeningroom.vault.encoding import MAGIC_ANCHOR, magic_of

        path = Path(path)
        if not path.is_file():
            raise TakedownInputError(_("No such file: {path}").format(path=path))
        if magic_of(path.read_bytes()[:8]) == MAGIC_ANCHOR:
            offered = read_anchor(path)
            if offered.public_key != self.trust_anchor().public_key:
                raise TakedownInputError(
                    _("This trust anchor ({offered}) is not the review office this desk is "
                      "enrolled with ({ours}); a desk trusts one office. Enrol the desk "
                      "again to change office.").format(offered=offered.fingerprint,
                                                        ours=self.trust_anchor().fingerprint))
            return _("the trust anchor of {office} (already the desk's)").format(
                office=offered.name)
        imported = import_file(path, folder=self.station_folder, now=self.clock())
        rl = self.revocations()
        with self.store.atomic():
            custody.record(self.store, actor=self.actor, action="install-trust",
                           detail=f"{imported.kind.value} {path.name}", now=self.clock())
        if rl is not None and imported.kind.value == "revocation list":
            return _("revocation list number {number} of {date} ({stations} stations, "
                     "{licenses} licenses revoked)").format(
                number=rl.sequence, date=zone.format_time(rl.issued_at),
                stations=len(rl.stations), licenses=len(rl.licenses))
        return imported.kind.value

    # --- audit bundles --------------------------------------------------------------------

    def import_audit(self, path: Path) -> audit.AuditImport:
        return audit.import_bundle(self.store, Path(path), anchor=self.trust_anchor(),
                                   revocations=self.revocations(), actor=self.actor,
                                   now=self.clock())

    def _reimport(self) -> None:
        """After an upgrade from schema 1: import the kept bundles again (new checks)."""
        for name in self.store.reimport:
            file = self.store.bundles_dir / name
            if file.is_file():
                try:
                    self.import_audit(file)
                except Exception as exc:
                    with self.store.atomic():
                        custody.record(self.store, actor=self.actor, action="upgrade",
                                       detail=f"bundle {name} not imported again: {exc}",
                                       now=self.clock())
        self.store.reimport = []

    def stations(self) -> tuple[StationView, ...]:
        rl = self.revocations()
        revoked = set(rl.stations) if rl is not None else set()
        known = {s.station_id: s for s in self.store.stations.all_stations()}
        findings = self.store.findings.all()
        for f in findings:  # a station refused at its first bundle is listed too
            if f.station_id not in known:
                known[f.station_id] = None  # type: ignore[assignment]
        out = []
        for station_id in sorted(known):
            record = known[station_id] or StationRecord(
                station_id=station_id, room="", certificate=b"",
                cert_not_before=datetime.min.replace(tzinfo=UTC),
                cert_not_after=datetime.min.replace(tzinfo=UTC),
                first_imported=datetime.min.replace(tzinfo=UTC), last_seq=0,
                last_exported_at=datetime.min.replace(tzinfo=UTC))
            out.append(StationView(station=record,
                                   findings=tuple(f for f in findings
                                                  if f.station_id == station_id),
                                   revoked=station_id in revoked))
        return tuple(out)

    def findings(self, station_id: str | None = None) -> tuple[Finding, ...]:
        return self.store.findings.all(station_id)

    def sync_office(self, client: Any) -> Any:
        """Take in the office's central registry (its revocation list, every station's
        signed bundles past what the desk holds), each bundle through :meth:`import_audit`
        (``screeningroom.office.desk_sync``); ``client`` signs with this desk's station."""
        from screeningroom.office.desk_sync import sync_desk

        def held(station_id: str) -> int:
            known = self.store.stations.station(station_id)
            return known.last_seq if known is not None else 0

        return sync_desk(client, self, held_seq=held)

    def sessions_of_film(self, film_id: str) -> tuple[Session, ...]:
        return self.store.stations.sessions_of_film(film_id)

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

    def _open_reader(self, screener: Path, film_id: str, purpose: str) -> tuple[Any, Any]:
        """(the master's decrypting reader, the forensic license). The opening is counted
        against the license (the session ticket's number) but recorded only with the step's
        results (:meth:`scan`, :meth:`index_film`): a step that fails or is cancelled uses no
        session of the license."""
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
        number = self.store.openings.count(lic.license_id) + 1
        ticket = issue_ticket(
            station.sign, session_id=secrets.randbits(63) | 1, station_id=station.station_id,
            license_id=lic.license_id, film_id=film_id, member_id=member, number=number,
            started_at=now, record_seq=number,
            record_hash=hashlib.sha256(
                f"{lic.license_id}|{number}|{now.isoformat()}|{purpose}".encode()).digest())
        reader = open_screener(screener, lic, station, member, session=ticket,
                               clock_floor=custody.last_time(self.store), now=now)
        return reader, lic

    @staticmethod
    def _forensic_secret(reader: Any, film_id: str) -> bytes:
        forensic = getattr(reader, "forensic_keys", None)
        if forensic is None:
            raise DeskNotReady(
                _("The license opened for film {film} is not a forensic license: the desk "
                  "cannot derive the keys of the film's licenses with it.").format(
                    film=film_id))
        return bytes(forensic.secret)

    def open_master(self, film_id: str) -> AbstractContextManager[MasterAccess]:
        """A registered film's master opened for tracing: its decrypting reader and the keys
        to try (a bulk scan's worker keeps it open across clips)."""
        return self._master(film_id)

    @contextmanager
    def _master(self, film_id: str) -> Iterator[MasterAccess]:
        film = self.film(film_id)
        sealed = masters.path_of(self.store.index_dir, film_id)
        if not sealed.is_file():
            raise DeskNotReady(
                _("Film {film} was indexed without its master index (by an earlier version of "
                  "the desk): index it again (takedown index FILM.scr) to trace copies of "
                  "it.").format(film=film_id))
        reader, lic = self._open_reader(Path(film.screener), film_id, "trace")
        with reader:
            forensic = reader.forensic_keys
            index = masters.unseal(sealed.read_bytes(),
                                   secret=self._forensic_secret(reader, film_id),
                                   film_id=film_id,
                                   manifest_hash=reader.manifest.manifest_hash,
                                   name=sealed.name)

            refused = audit.refused_sessions(self.store, self.trust_anchor(), film_id)

            def keys(sessions: Sequence[Session]) -> Any:
                return key_candidates(
                    sessions, office_key=getattr(reader, "watermark_key", None),
                    license_key=forensic.for_license, refused=refused)

            yield MasterAccess(reader=reader, license_id=lic.license_id, keys=keys,
                               index=index)

    def index_film(self, screener: Path, progress: Progress | None = None) -> FilmIndex:
        """Fingerprint a registered film (``FILM.scr``) and keep its index."""
        from screeningroom.vault.checks import load_screener_checked

        screener = Path(screener)
        if not screener.is_file():
            raise TakedownInputError(_("No such file: {path}").format(path=screener))
        manifest = load_screener_checked(screener, self.trust_anchor()).manifest
        reader, lic = self._open_reader(screener, manifest.film_id, "index")
        builder = MasterIndexBuilder()
        with reader:
            secret = self._forensic_secret(reader, manifest.film_id)
            vectors, box = fingerprint_source(reader, progress=progress,
                                              each_luma=builder.add)
        try:
            sealed = masters.seal(builder.finish(), secret=secret, film_id=manifest.film_id,
                                  manifest_hash=manifest.manifest_hash)
        except WatermarkError as exc:
            raise TakedownInputError(_("The film {film} cannot be indexed: {reason}").format(
                film=manifest.film_id, reason=exc.translated(_))) from exc
        now = self.clock()
        meta = FilmMeta(film_id=manifest.film_id, title=manifest.title,
                        register_number=manifest.register_no,
                        duration=manifest.duration_seconds, indexed_at=now.isoformat())
        index = FilmIndex(meta=meta, vectors=vectors, box=box)
        with self.store.atomic():
            self.store.openings.add(lic.license_id, now, "index")
            file = save(index, self.store.index_dir)
            masters.write(self.store.index_dir, meta.film_id, sealed)
            self.store.films.save(FilmRecord(
                film_id=meta.film_id, title=meta.title, register_number=meta.register_number,
                rights_holder=manifest.rights_holder, distribution_certificate="",
                screener=str(screener.resolve()), license_id=lic.license_id,
                index_file=file.name, duration=meta.duration, indexed_at=now))
            custody.record(self.store, actor=self.actor, action="index",
                           detail=f"film {meta.film_id} ({len(vectors)} fingerprints)", now=now)
        self._films = None
        return index

    def films(self) -> list[FilmIndex]:
        if self._films is None:
            self._films = load_all(self.store.index_dir)
        return self._films

    def film(self, film_id: str) -> FilmRecord:
        found = self.store.films.get(film_id)
        if found is None:
            raise FilmNotIndexed(
                _("Film {film} is not indexed on this desk: run 'takedown index FILM.scr'.")
                .format(film=film_id))
        return found

    def film_screener(self, film_id: str) -> Path:
        return Path(self.film(film_id).screener)

    def set_film_certificate(self, film_id: str, certificate: str) -> FilmRecord:
        """Record the film's distribution certificate (number and date) once, for notices."""
        text = " ".join(certificate.split())
        if not text:
            raise TakedownInputError(_("Give the certificate's number and date."))
        self.film(film_id)
        with self.store.atomic():
            self.store.films.set_certificate(film_id, text)
            custody.record(self.store, actor=self.actor, action="film",
                           detail=f"film {film_id}: distribution certificate {text}",
                           now=self.clock())
        return self.film(film_id)

    # --- scanning -------------------------------------------------------------------------

    def scan(self, clip: Path, seen_at: str, *, seen_time: str | None = None,
             channel: str | None = None, views: int | None = None,
             progress: Progress | None = None, received: datetime | None = None,
             case_id: str | None = None) -> ScanResult:
        """Identify and trace a clip and record it (a clip seen before: a new sighting of its
        case; ``case_id``: into that case, opened by :meth:`open_case` while its clip waited).
        Nothing is written until everything has run (a cancel writes nothing)."""
        intake = take_in(Path(clip), seen_at, seen_time=seen_time, channel=channel,
                         views=views, now=received or self.clock())
        context = ScanContext(
            films=self.films(), sessions_of_film=self.store.stations.sessions_of_film,
            claimed_by=self.store.stations.station_ids_with_session, open_master=self._master)
        outcome = run_scan(intake, context, now=self.clock(), progress=progress)
        result = record_scan(self.store, outcome, signer=self.station(), actor=self.actor,
                             now=self.clock(), case_id=case_id)
        if progress is not None:
            progress(1.0, 1.0)
        return result

    # --- cases ----------------------------------------------------------------------------

    def open_case(self, title: str, *, note: str = "", now: datetime | None = None) -> str:
        """A case for a copy found before it is scanned (status found); its scan is recorded
        into it with ``scan(..., case_id=...)``."""
        return open_case(self.store, title=title, now=now or self.clock(), note=note)

    def cases(self, status: CaseStatus | None = None) -> tuple[Case, ...]:
        return self.store.cases.all(status)

    def case(self, case_id: str) -> Case:
        found = self.store.cases.get(case_id)
        if found is None:
            raise CaseNotFound(_("No case {case} on this desk; 'takedown cases' lists them.")
                               .format(case=case_id))
        return found

    def set_status(self, case_id: str, status: CaseStatus, note: str = "", *,
                   manual: bool = True) -> Case:
        """Move a case to ``status`` as its state machine allows (by hand: only the
        statuses a person decides, :data:`takedown.cases.MANUAL`)."""
        now = self.clock()
        with self.store.atomic():
            case = self.case(case_id)
            check_transition(case_id, case.status, status, manual=manual)
            move(self.store, case, status, now, note)
            custody.record(self.store, actor=self.actor, action="status",
                           detail=f"{status.value}: {note}".strip(": "), case_id=case_id,
                           now=now)
        return self.case(case_id)

    def custody(self, case_id: str | None = None) -> tuple[custody.CustodyEntry, ...]:
        return custody.entries(self.store, case_id)


def _default_actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment
        return "desk"
