"""Provisioning of the demo: an authority, a certified station, a member, two films.

Everything is made in one folder (the demo's ``SCREENINGROOM_HOME``) through the same
functions the command line uses: the authority's root key, the station's keys and its
certificate, a screener packaged from the sample footage with a license valid now, and a
second screener whose license opens only in a few days (so the demo can show a refusal).
A second run finds ``demo.json`` and reuses the folder, issuing a fresh license when the
old one has expired or has no session left.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from screeningroom_resources import media
from screeningroom_resources.console import Progress
from screeningroom_resources.i18n import _

PASSPHRASE = "demo station passphrase"
MEMBER_ID = "a.nurlanovna"
MEMBER_NAME = "Aliya Nurlanovna"
PASSWORD = "review-2026"
MAIN_FILM = "KZ-DEMO-0001"
LATER_FILM = "KZ-DEMO-0002"
MARKER = "demo.json"



@dataclass(frozen=True)
class DemoSetup:
    """Who logs in and what is played; ``later_film`` (a film whose license opens later,
    for the refusal step) is None on a station that has none."""

    home: str
    passphrase: str
    member_id: str
    member_name: str
    password: str
    main_film: str
    later_film: str | None

    @property
    def station_dir(self) -> Path:
        return Path(self.home) / "station"

    @property
    def authority_dir(self) -> Path:
        return Path(self.home) / "authority"


def demo_clip() -> Path:
    """The real footage when it is there, else the rendered sample clip."""
    real = media("bigbuckbunny_720p.mp4")
    return real if real.exists() else media("sample.mp4")


def provision(
    home: Path, *, progress: Progress | None = None, now: datetime | None = None
) -> tuple[DemoSetup, bool]:
    """The demo set-up in ``home`` and whether it was made just now (False: reused)."""
    home = Path(home).resolve()
    marker = home / MARKER
    if marker.exists():
        setup = DemoSetup(**json.loads(marker.read_text(encoding="utf-8")))
        _refresh_license(setup, now=now)
        return setup, False
    if home.exists() and any(home.iterdir()):
        from screeningroom.errors import BadInput

        raise BadInput(
            _("{path} holds files but no demo set-up: remove it or choose another folder.")
            .format(path=home)
        )
    setup = DemoSetup(
        home=str(home), passphrase=PASSPHRASE, member_id=MEMBER_ID, member_name=MEMBER_NAME,
        password=PASSWORD, main_film=MAIN_FILM, later_film=LATER_FILM,
    )
    _make(setup, progress=progress, now=now or datetime.now(UTC))
    marker.write_text(json.dumps(asdict(setup), indent=2), encoding="utf-8")
    return setup, True


def has_station(home: Path) -> bool:
    """Whether ``home`` is a station's data folder (set up by ``station init``)."""
    return (Path(home) / "station").is_dir() and not (Path(home) / MARKER).exists()


def on_station(
    home: Path, *, passphrase: str, member_id: str, password: str,
    film_id: str | None = None, now: datetime | None = None,
) -> DemoSetup:
    """The demo's script for an existing station: ``member_id`` plays ``film_id`` (or the
    first playable film of the station's library). The station's keys are opened here, so
    a wrong passphrase or an unplayable film is said before any window opens."""
    from screeningroom import vault
    from screeningroom.errors import BadInput
    from screeningroom.vault.model import LibraryStatus

    home = Path(home).resolve()
    station = vault.load_station(passphrase, folder=home / "station")
    library = vault.station_library(station, now=now)
    playable = [e.manifest.film_id for e in library if e.status is LibraryStatus.PLAYABLE]
    if film_id is None:
        if not playable:
            raise BadInput(_("No film can be played at the station in {path} now.").format(
                path=home))
        film_id = playable[0]
    elif film_id not in {e.manifest.film_id for e in library}:
        known = ", ".join(sorted(e.manifest.film_id for e in library)) or "-"
        raise BadInput(_("No film {film} at this station (it has: {films}).").format(
            film=film_id, films=known))
    return DemoSetup(
        home=str(home), passphrase=passphrase, member_id=member_id, member_name="",
        password=password, main_film=film_id, later_film=None,
    )


def _make(setup: DemoSetup, *, progress: Progress | None, now: datetime) -> None:
    from screeningroom import vault
    from screeningroom.registry import Registry
    from screeningroom.vault.model import AgeCategory

    anchor = vault.init_authority(
        "Demo review office", setup.passphrase, folder=setup.authority_dir, now=now)
    authority = vault.load_authority(setup.passphrase, folder=setup.authority_dir)
    request = vault.init_station(
        "Demo station", "Hall 1", setup.passphrase, anchor.signed_bytes,
        folder=setup.station_dir, now=now)
    certificate = authority.certify(request.signed_bytes, 365, now=now)
    vault.install_certificate(certificate, folder=setup.station_dir, now=now)

    delivery = Path(setup.home) / "delivery"
    clip = demo_clip()
    films = (
        (setup.main_film, "Big Buck Bunny", "KZ-2026-00417", AgeCategory.AGE_6, clip,
         now - timedelta(hours=1), now + timedelta(days=7)),
        (setup.later_film, "Steppe Wind", "KZ-2026-00418", AgeCategory.AGE_12,
         media("sample.mp4"), now + timedelta(days=3), now + timedelta(days=10)),
    )
    for film_id, title, register_no, age, source, opens, closes in films:
        screener = delivery / f"{film_id}.scr"
        authority.package(
            source, screener, film_id=film_id, title=title, register_no=register_no,
            declared_age=age, rights_holder="Blender Foundation (CC BY 3.0)", now=now,
            progress=progress if film_id == setup.main_film else None,
        )
        vault.import_file(screener, folder=setup.station_dir, now=now)
        _issue(setup, authority, screener, certificate, opens, closes, now)

    station = vault.load_station(setup.passphrase, folder=setup.station_dir)
    with Registry.open(Path(setup.home) / "registry.sqlite3", station) as registry:
        registry.add_member(setup.member_id, setup.member_name, setup.password)


def _issue(setup: DemoSetup, authority, screener: Path, certificate: bytes,  # type: ignore[no-untyped-def]
           opens: datetime, closes: datetime, now: datetime) -> None:
    from screeningroom import vault

    data = authority.issue_license(
        screener, certificate, members=(setup.member_id,), not_before=opens,
        not_after=closes, max_sessions=10, visible_overlay=True, now=now,
    )
    path = Path(setup.home) / "delivery" / f"{screener.stem}-{now:%Y%m%d%H%M%S}.srl"
    path.write_bytes(data)
    vault.import_file(path, folder=setup.station_dir, now=now)


def _refresh_license(setup: DemoSetup, *, now: datetime | None) -> None:
    """A new license for the main film when the current one cannot be played any more."""
    from screeningroom import vault
    from screeningroom.registry import Registry
    from screeningroom.vault.model import LibraryStatus

    now = now or datetime.now(UTC)
    station = vault.load_station(setup.passphrase, folder=setup.station_dir)
    main = [e for e in vault.station_library(station, now=now)
            if e.manifest.film_id == setup.main_film]
    if not main:
        return
    entry = main[0]
    with Registry.open(Path(setup.home) / "registry.sqlite3", station) as registry:
        left = (entry.license.max_sessions - registry.sessions_used(entry.license.license_id)
                if entry.license is not None else 0)
    if entry.status is LibraryStatus.PLAYABLE and left > 0:
        return
    authority = vault.load_authority(setup.passphrase, folder=setup.authority_dir)
    _issue(setup, authority, entry.screener_path, station.certificate_bytes,
           now - timedelta(hours=1), now + timedelta(days=7), now)
