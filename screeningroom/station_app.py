"""The review station's application service: everything the windows ask for, without Qt.

The windows are handed a :class:`StationLauncher` (unlock the station's keys, open its
registry) and then a :class:`StationService` (log in, list the films licensed here, play
one). The rules live here and in the vault and registry, never in a widget.

Playing a film is three steps, so the slow one can run off the GUI thread:

1. :meth:`StationService.request` (GUI thread): what the registry knows — sessions
   already used of the license, the clock floor (both from the signed audit log);
2. :meth:`StationService.open` (any thread): the vault's checks, nothing unsealed —
   certificate, signatures, station binding, window, revocation, member, clock;
3. :meth:`StationService.start` (GUI thread): the durable session in the registry (its
   quota checked in the same transaction), then the decrypting reader opened with the
   session's signed ticket, the session's watermark embedder and the player. A failure
   before the first frame ends the session as failed (it does not count).

A refusal at any step goes through :meth:`StationService.refuse`, which records it in the
audit log and returns the words to show (:mod:`screeningroom.refusals`).
"""

from __future__ import annotations

import enum
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from screeningroom import paths
from screeningroom.refusals import Refusal, explain
from screeningroom.settings import BY_KEY, Settings
from screeningroom.vault.model import LibraryEntry, LibraryStatus

ENV_PASSPHRASE = "SCREENINGROOM_PASSPHRASE"


@dataclass(frozen=True)
class StationParts:
    """The parts the service is built from; tests hand in fakes, the app the real ones."""

    load_station: Callable[..., Any]
    open_registry: Callable[[Any], Any]
    library: Callable[[Any], list[LibraryEntry]]
    check_playback: Callable[..., Any]
    open_screener: Callable[..., Any]
    make_frame_hook: Callable[[bytes, int], Callable[..., None]]
    make_player: Callable[..., Any]
    profile_name: str
    open_review_store: Callable[[], Any] | None = None
    # the office's central registry: (station, registry) -> a started StationLink or None
    open_office: Callable[[Any, Any], Any] | None = None
    clock_tolerance: timedelta = timedelta(
        seconds=BY_KEY["clock_tolerance_seconds"].default)

    @classmethod
    def real(cls) -> StationParts:
        """The vault, registry, watermark and player of this installation."""
        import watermark
        from screeningroom import player, registry, vault
        from screeningroom.office.link import link_from_settings
        from screeningroom.review.store import ReviewStore

        workstation = Settings()
        profile = watermark.profile_by_name(workstation.get("watermark_profile"))
        settings = registry.RegistrySettings.from_workstation(workstation)

        def make_frame_hook(key: bytes, payload: int) -> Callable[..., None]:
            # the session's mark on the luma plane of every frame, before it is shown
            return watermark.Embedder(key=key, payload=payload, profile=profile).apply_luma

        tolerance = timedelta(seconds=max(0, workstation.get("clock_tolerance_seconds")))
        return cls(
            clock_tolerance=tolerance,
            load_station=vault.load_station,
            open_registry=lambda station: registry.Registry.open(
                paths.registry_path(), station, settings=settings
            ),
            library=vault.station_library,
            check_playback=vault.check_playback,
            open_screener=vault.open_screener,
            make_frame_hook=make_frame_hook,
            make_player=player.Player,
            profile_name=profile.ident,
            open_review_store=ReviewStore,
            open_office=link_from_settings,
        )


class Unlock(enum.Enum):
    """What :meth:`StationLauncher.load` found."""

    READY = "ready"
    NOT_SET_UP = "not-set-up"
    NEEDS_PASSPHRASE = "needs-passphrase"
    WRONG_PASSPHRASE = "wrong-passphrase"


@dataclass(frozen=True)
class Unlocked:
    state: Unlock
    station: Any = None
    message: str = ""


class StationLauncher:
    """Opens the station's keys (with the operator's passphrase if they are encrypted)."""

    def __init__(self, parts: StationParts | None = None, env: dict[str, str] | None = None):
        self._parts = parts
        self._env = os.environ if env is None else env

    @property
    def parts(self) -> StationParts:
        if self._parts is None:
            self._parts = StationParts.real()
        return self._parts

    def preset_passphrase(self) -> str | None:
        return self._env.get(ENV_PASSPHRASE) or None

    def load(self, passphrase: str | None = None) -> Unlocked:
        """Open the station's keys; slow (Scrypt), so call it off the GUI thread."""
        from screeningroom.vault import errors

        try:
            station = self.parts.load_station(passphrase=passphrase)
        except errors.NotSetUp as exc:
            return Unlocked(Unlock.NOT_SET_UP, message=str(exc))
        except errors.PassphraseRequired as exc:
            return Unlocked(Unlock.NEEDS_PASSPHRASE, message=str(exc))
        except errors.WrongPassphrase as exc:
            return Unlocked(Unlock.WRONG_PASSPHRASE, message=str(exc))
        return Unlocked(Unlock.READY, station=station)

    def connect(self, station: Any) -> StationService:
        """Open the station's registry (on the thread that will use it)."""
        return StationService(station, self.parts.open_registry(station), self.parts)


@dataclass(frozen=True)
class FilmRow:
    """One line of the film list: a screener in this station's library and its license."""

    film_id: str
    title: str
    register_no: str
    duration_seconds: float
    age_label: str
    rights_holder: str
    license_id: str | None
    valid_from: datetime | None
    valid_until: datetime | None
    max_sessions: int
    sessions_used: int
    status: LibraryStatus
    entry: LibraryEntry = field(repr=False, compare=False)

    @property
    def sessions_left(self) -> int:
        return max(0, self.max_sessions - self.sessions_used)


@dataclass(frozen=True)
class PlayRequest:
    film: FilmRow
    member_id: str
    member_name: str
    sessions_used: int
    clock_floor: datetime | None
    revocations_floor: int = 0


@dataclass(frozen=True)
class OpenedFilm:
    """A film the vault found playable for the request (nothing is unsealed yet)."""

    request: PlayRequest
    playable: Any = field(repr=False)


class StationService:
    """Log-in, the film list and the start of a playback session at one station."""

    def __init__(self, station: Any, registry: Any, parts: StationParts) -> None:
        self.station = station
        self.registry = registry
        self.parts = parts
        self._review_store: Any = None
        # the office's registry, when this station has one: pushes the log, grants sessions
        self.office = parts.open_office(station, registry) if parts.open_office else None

    @property
    def station_name(self) -> str:
        return str(self.station.name)

    @property
    def room(self) -> str:
        return str(self.station.room)

    def close(self) -> None:
        if self.office is not None:
            self.office.close()
            self.office = None
        if self._review_store is not None:
            self._review_store.close()
            self._review_store = None
        close = getattr(self.registry, "close", None)
        if close is not None:
            close()

    def report_written(self, pdf: Path | None) -> None:
        """A member exported a signed report: its signature goes to the office's registry."""
        if self.office is not None and pdf is not None:
            from screeningroom.review.report import signature_path

            self.office.queue_report(signature_path(Path(pdf)))

    def review_store(self) -> Any:
        """The station's store of review notes and forms (None where there is none)."""
        if self._review_store is None and self.parts.open_review_store is not None:
            self._review_store = self.parts.open_review_store()
        return self._review_store

    # --- members ---------------------------------------------------------------------

    def login(self, member_id: str, password: str) -> Any:
        """The member, or the registry's WrongPassword / AccountLocked / UnknownMember."""
        return self.registry.authenticate(member_id.strip(), password)

    # --- films -----------------------------------------------------------------------

    def films(self, member_id: str | None = None) -> list[FilmRow]:
        """The library; with ``member_id``, a film whose license does not name that member
        is shown as such, not as playable."""
        rows = []
        for entry in self.parts.library(self.station):
            lic = entry.license
            used = self.registry.sessions_used(lic.license_id) if lic is not None else 0
            status = entry.status
            if (member_id is not None and lic is not None and status is LibraryStatus.PLAYABLE
                    and member_id not in lic.members):
                status = LibraryStatus.MEMBER_NOT_LICENSED
            m = entry.manifest
            rows.append(FilmRow(
                film_id=m.film_id,
                title=m.title,
                register_no=m.register_no,
                duration_seconds=m.duration_seconds,
                age_label=m.declared_age.label,
                rights_holder=m.rights_holder,
                license_id=lic.license_id if lic is not None else None,
                valid_from=entry.valid_from,
                valid_until=entry.valid_until,
                max_sessions=lic.max_sessions if lic is not None else 0,
                sessions_used=used,
                status=status,
                entry=entry,
            ))
        return sorted(rows, key=lambda r: (r.title.casefold(), r.film_id))

    # --- playing ---------------------------------------------------------------------

    def request(self, film: FilmRow, member: Any) -> PlayRequest:
        """Step 1 (GUI thread): what the registry knows about this license."""
        used = self.registry.sessions_used(film.license_id) if film.license_id else 0
        return PlayRequest(
            film=film,
            member_id=member.member_id,
            member_name=member.full_name,
            sessions_used=used,
            clock_floor=self._clock_floor(),
            revocations_floor=self.registry.revocations_floor(),
        )

    def _clock_floor(self) -> Any:
        """The signed log's newest time, or the office's last time if that is later."""
        floor = self.registry.clock_floor()
        return floor if self.office is None else self.office.clock_floor(floor)

    def open(self, request: PlayRequest) -> OpenedFilm:
        """Step 2 (any thread): the vault's checks; raises the vault's refusal."""
        from screeningroom.refusals import NoLicense
        from screeningroom.vault.errors import SessionsUsedUp
        from screeningroom_resources.i18n import _

        entry = request.film.entry
        if entry.license is None:
            raise NoLicense(
                _("No license for {title} is imported at this station.").format(
                    title=request.film.title)
            )
        playable = self.parts.check_playback(
            entry.screener_path,
            entry.license,
            self.station,
            request.member_id,
            clock_floor=request.clock_floor,
            revocations_floor=request.revocations_floor,
            clock_tolerance=self.parts.clock_tolerance,
        )
        if request.sessions_used >= entry.license.max_sessions:
            raise SessionsUsedUp(
                _("All {count} sessions of this license have been used. Ask the review office "
                  "for more sessions.").format(count=entry.license.max_sessions))
        return OpenedFilm(request=request, playable=playable)

    def start(
        self, opened: OpenedFilm, *, headless: bool = False, sink: Any = None
    ) -> PlaybackSession:
        """Step 3 (GUI thread): durable session (quota checked with it), then the reader
        unsealed against the session's ticket, watermark, player. On failure the reader is
        closed and the session is ended as failed before the error is raised."""
        request = opened.request
        film = request.film
        lic = film.entry.license
        # with the office's registry: its grant (or the license's offline allowance) first
        permit = self.office.permit(lic, request.member_id) if self.office else None
        granted = {"session_id": permit.session_id} if permit else {}
        session = self.registry.start_session(
            request.member_id, film.film_id, film.license_id, self.parts.profile_name,
            room=self.room, max_sessions=lic.max_sessions,
            revocations=getattr(opened.playable, "revocations", None), **granted,
        )
        if self.office is not None:
            self.office.notify()
        floors = [f for f in (request.clock_floor, permit and permit.clock_floor) if f]
        reader = None
        try:
            reader = self.parts.open_screener(
                film.entry.screener_path, lic, self.station, request.member_id,
                session=session.ticket, clock_floor=max(floors) if floors else None,
                revocations_floor=request.revocations_floor,
                clock_tolerance=self.parts.clock_tolerance,
            )
            hook = self.parts.make_frame_hook(reader.watermark_key, session.session_id)
            overlay = None
            if getattr(reader.license, "visible_overlay", False):
                overlay = f"{request.member_name} · {session.short_id}"
            player = self.parts.make_player(
                reader,
                frame_hook=hook,
                overlay_text=overlay,
                headless=headless,
                sink=sink,
            )
        except BaseException as exc:
            if reader is not None:
                reader.close()
            refusal = explain(exc)
            self.registry.fail_session(session.session_id, refusal.code, refusal.message)
            raise
        return PlaybackSession(self.registry, session, player, reader, film)

    def play(
        self, film: FilmRow, member: Any, *, headless: bool = False, sink: Any = None
    ) -> PlaybackSession:
        """The three steps in one call (tests, scripts)."""
        return self.start(self.open(self.request(film, member)), headless=headless, sink=sink)

    def refuse(
        self, error: BaseException, member_id: str | None = None, film_id: str | None = None
    ) -> Refusal:
        """Record a refusal in the audit log; return what to show."""
        refusal = explain(error)
        try:
            self.registry.record_refusal(
                refusal.code, refusal.message, member_id=member_id, film_id=film_id
            )
        except Exception as exc:  # the refusal is shown even if the log cannot take it
            refusal = Refusal(
                code=refusal.code, title=refusal.title,
                message=f"{refusal.message}\n\n{exc}", advice=refusal.advice,
            )
        return refusal


def _ms(seconds: float | None) -> int:
    """A position for the audit log (which stores whole numbers, not floats)."""
    return round(float(seconds or 0.0) * 1000)


@dataclass(frozen=True)
class PlaybackStatus:
    position: float
    duration: float
    playing: bool
    ended: bool
    error: BaseException | None


@dataclass(eq=False)
class PlaybackSession:
    """One running session: every pause, seek, stop and end is recorded. It holds the parts
    it was started with; ``closed`` turns true once, when it has ended."""

    registry: Any
    session: Any
    player: Any
    reader: Any
    film: FilmRow
    closed: bool = field(default=False, init=False)

    @property
    def session_id(self) -> int:
        return int(self.session.session_id)

    @property
    def short_id(self) -> str:
        return f"{self.session_id:016x}"

    @property
    def position_seconds(self) -> float:
        """Where the film is (the notes panel reads it; its seeks are recorded)."""
        return float(self.player.position_seconds or 0.0)

    @property
    def duration(self) -> float:
        return float(self.player.duration_seconds or self.film.duration_seconds or 0.0)

    def _record(self, event_name: str, detail: Any) -> None:
        from screeningroom.registry.model import AuditEvent

        self.registry.record(self.session_id, AuditEvent[event_name], detail)

    def play(self) -> None:
        self.player.play()

    def pause(self) -> None:
        if self.closed or not self.player.is_playing:
            return
        self.player.pause()
        self._record("PAUSE", {"position_ms": _ms(self.player.position_seconds)})

    def resume(self) -> None:
        if self.closed or self.player.is_playing:
            return
        self.player.play()
        self._record("RESUME", {"position_ms": _ms(self.player.position_seconds)})

    def toggle_pause(self) -> None:
        if self.player.is_playing:
            self.pause()
        else:
            self.resume()

    def seek(self, seconds: float) -> None:
        if self.closed:
            return
        start = float(self.player.position_seconds)
        target = min(max(0.0, float(seconds)), max(0.0, self.duration - 0.5))
        self.player.seek(target)
        self._record("SEEK", {"from_ms": _ms(start), "to_ms": _ms(target)})

    def skip(self, delta: float) -> None:
        self.seek(float(self.player.position_seconds) + delta)

    def set_volume(self, volume: int) -> None:
        self.player.set_volume(max(0, min(100, int(volume))))

    def status(self) -> PlaybackStatus:
        state = getattr(self.player.state, "name", "")
        return PlaybackStatus(
            position=float(self.player.position_seconds or 0.0),
            duration=self.duration,
            playing=bool(self.player.is_playing),
            ended=state == "ENDED",
            error=self.player.error,
        )

    def _close(self, detail: dict[str, Any], *, stop_record: bool = False) -> None:
        """Stop the player, close the reader, and end the session (END is recorded by the
        registry, with ``detail``)."""
        if self.closed:
            return
        self.closed = True
        try:
            self.player.stop()
        finally:
            self.reader.close()
            if stop_record:
                self._record("STOP", {"position_ms": detail.get("position_ms", 0)})
            self.registry.end_session(self.session_id, detail=detail)

    def _position(self) -> int:
        return _ms(self.player.position_seconds)

    def stop(self) -> None:
        """The member stopped: STOP, then END, recorded."""
        self._close({"ended": "stopped", "position_ms": self._position()}, stop_record=True)

    def finish(self) -> None:
        """The film played to its end: END recorded."""
        self._close({"ended": "finished", "position_ms": _ms(self.duration)})

    def fail(self, service: StationService, error: BaseException) -> Refusal:
        """Playback broke (decoder, watermark): stop, end the session, record the refusal.
        Before its first frame the session is ended as failed and does not count."""
        from screeningroom.registry.errors import SessionNotFailed

        refusal = explain(error)
        if not self.closed and getattr(self.player, "frames_shown", None) == 0:
            self.closed = True
            try:
                self.player.stop()
            finally:
                self.reader.close()
                try:
                    self.registry.fail_session(self.session_id, refusal.code, refusal.message)
                except SessionNotFailed:
                    self.registry.end_session(self.session_id, detail={
                        "ended": "failed", "reason": refusal.code, "position_ms": 0})
        else:
            self._close({"ended": "failed", "reason": refusal.code,
                         "position_ms": self._position()})
        return service.refuse(error, self.session.member_id, self.film.film_id)
