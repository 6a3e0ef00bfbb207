"""The world of the attack tests: a review office, two certified stations (A and B), a
packaged film, and member ``m1`` enrolled in A's registry. Built on the vault tests'
helpers."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "vault"))

from clocks import StepClock
from vaultworld import CHEAP, NOW, STATION_PASS, World, make_world, ticket

from screeningroom.registry import Registry, RegistrySettings, ScryptParams
from screeningroom.vault import (
    LicensePurpose,
    Station,
    init_station,
    install_certificate,
    load_station,
    open_screener,
)

FAST = RegistrySettings(scrypt=ScryptParams(n=2**10, r=8, p=1), max_failed_logins=3,
                        lockout=timedelta(minutes=10))
PASSWORD = "member password 1"


@dataclass
class Site:
    world: World
    other: Station          # station B
    other_certificate: bytes
    clock: StepClock

    @property
    def station(self) -> Station:
        return self.world.station

    @property
    def db(self) -> Path:
        return self.world.root / "registry.sqlite3"

    def registry(self, path: Path | None = None, station: Station | None = None) -> Registry:
        return Registry.open(path or self.db, station or self.station, settings=FAST,
                             clock=self.clock)


def make_site(tmp_path: Path) -> Site:
    world = make_world(tmp_path / "office")
    anchor = world.authority.anchor
    request = init_station("Station B", "Room 9", STATION_PASS, anchor.signed_bytes,
                           folder=world.root / "station-b", now=NOW, scrypt=CHEAP)
    cert = world.authority.certify(request.signed_bytes, 30, now=NOW - timedelta(days=1))
    install_certificate(cert, folder=world.root / "station-b", now=NOW)
    other = load_station(STATION_PASS, folder=world.root / "station-b")
    clock = StepClock(NOW)
    with Registry.open(world.root / "registry.sqlite3", world.station, settings=FAST,
                       clock=clock) as registry:
        registry.add_member("m1", "Member One", PASSWORD)
    return Site(world, other, cert, clock)


def licenses(site: Site) -> tuple[bytes, bytes, bytes]:
    """A review license for station A, one for station B, and the desk's forensic one."""
    w = site.world
    a = w.license(members=("m1",))
    b = w.license(members=("m1",), certificate=site.other_certificate)
    desk = w.license(purpose=LicensePurpose.FORENSIC, members=("desk",), max_sessions=100)
    return a, b, desk


def open_at(site: Site, lic: bytes, member: str = "m1", station=None, **kw):  # type: ignore[no-untyped-def]
    """``open_screener`` at station A (or ``station``) with a session ticket of it."""
    station = station or site.station
    kw.setdefault("session", ticket(station, lic, member))
    return open_screener(site.world.screener, lic, station, member, clock_floor=None,
                         now=NOW, **kw)


def station_service(site: Site, registry: Registry):  # type: ignore[no-untyped-def]
    """The station app's service over ``registry`` at the site's clock: its library, checks
    and opening, with no player (the reader stands in for it)."""
    from screeningroom.station_app import StationParts, StationService
    from screeningroom.vault import check_playback, station_library

    parts = StationParts(load_station=None, open_registry=None,  # type: ignore[arg-type]
                         library=lambda st: station_library(st, now=site.clock.now),
                         check_playback=lambda *a, **k: check_playback(
                             *a, now=site.clock.now, **k),
                         open_screener=lambda *a, **k: open_screener(*a, now=site.clock.now, **k),
                         make_frame_hook=lambda key, sid: None,
                         make_player=lambda reader, **kw: reader, profile_name="p")
    return StationService(site.station, registry, parts)


def play_once(site: Site, registry: Registry):  # type: ignore[no-untyped-def]
    """Play the station's one film once for ``m1`` through the station service, to its end:
    (service, film row, member, the played session)."""
    service = station_service(site, registry)
    member = registry.member("m1")
    (film,) = service.films()
    played = service.start(service.open(service.request(film, member)))
    played.reader.close()
    registry.end_session(played.session_id)
    return service, film, member, played.session
