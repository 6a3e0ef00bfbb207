"""The station's session start asks the office first (its grant, its time as the clock
floor); pushes follow as records are written."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest

from screeningroom.office.client import OfficeClient
from screeningroom.office.errors import SessionNotGranted
from screeningroom.office.link import StationLink
from screeningroom.station_app import FilmRow, OpenedFilm, PlayRequest, StationParts, StationService
from screeningroom.vault import read_license
from screeningroom.vault.model import LibraryStatus


class Reader:
    watermark_key = bytes(32)
    license = SimpleNamespace(visible_overlay=False)

    def close(self) -> None:
        pass


def _service(svc, office, reg, opened_with: list) -> StationService:  # type: ignore[no-untyped-def]
    def open_screener(path, lic, station, member, **kw):  # type: ignore[no-untyped-def]
        opened_with.append(kw)
        return Reader()

    def link(station, registry):  # type: ignore[no-untyped-def]
        client = OfficeClient(svc[0], station)
        return StationLink(client, registry, office.certificates["A"], station.folder,
                           interval=0.05).start()

    parts = StationParts(
        load_station=lambda **kw: office.station("A"), open_registry=lambda st: reg,
        library=lambda st: [], check_playback=lambda *a, **kw: None,
        open_screener=open_screener, make_frame_hook=lambda key, payload: None,
        make_player=lambda reader, **kw: SimpleNamespace(reader=reader),
        profile_name="v1", open_office=link)
    return StationService(office.station("A"), reg, parts)


def _opened(lic, reg) -> OpenedFilm:  # type: ignore[no-untyped-def]
    entry = SimpleNamespace(license=lic, screener_path="film.scr")
    film = FilmRow(lic.film_id, "Film", "KZ-1", 60.0, "16+", "Kazakhfilm", lic.license_id,
                   None, None, lic.max_sessions, 0, LibraryStatus.PLAYABLE, entry)
    return OpenedFilm(PlayRequest(film, "m1", "Member One", 0, reg.clock_floor()), None)


def test_a_session_starts_with_the_office_grant(svc, office) -> None:
    reg = office.registry("A")
    lic = read_license(office.license("A", max_sessions=1))
    opened_with: list = []
    service = _service(svc, office, reg, opened_with)
    try:
        playing = service.start(_opened(lic, reg), headless=True)
        with svc[1].transaction() as conn:
            grant = conn.execute("SELECT * FROM grants").fetchone()
        assert grant["session_id"] == f"{playing.session_id:016x}"
        assert opened_with[0]["clock_floor"] is not None           # the office's time
        for _ in range(100):                                       # pushed as written
            if service.office.worker.last_report and \
                    service.office.worker.last_report.head_seq >= 1:
                break
            time.sleep(0.05)
        with svc[1].transaction() as conn:
            held = conn.execute("SELECT count(*) AS n FROM sessions").fetchone()["n"]
        assert held == 1
        with pytest.raises(SessionNotGranted):
            service.start(_opened(lic, reg), headless=True)
    finally:
        service.close()
