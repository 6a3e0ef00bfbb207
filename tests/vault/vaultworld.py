"""Helpers of the vault tests: an authority, an enrolled station, a packaged film."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from screeningroom.vault import (
    AgeCategory,
    Authority,
    License,
    MediaInfo,
    Station,
    init_authority,
    init_station,
    install_certificate,
    issue_ticket,
    load_authority,
    load_station,
    open_screener,
)
from screeningroom.vault.encoding import FormatError
from screeningroom.vault.keyfile import ScryptParams
from screeningroom.vault.records import parse_license

CHEAP = ScryptParams(10, 8, 1)
NOW = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)
AUTH_PASS = "authority-pass"
STATION_PASS = "station-pass"
CHUNK = 4096


@dataclass
class World:
    root: Path
    authority: Authority
    station: Station
    certificate: bytes
    film: Path
    film_bytes: bytes
    screener: Path

    def license(self, **overrides) -> bytes:  # type: ignore[no-untyped-def]
        options = dict(members=("m1", "m2"), not_before=NOW - timedelta(hours=1),
                       not_after=NOW + timedelta(days=2), max_sessions=3, now=NOW)
        options.update(overrides)
        screener = options.pop("screener", self.screener)
        certificate = options.pop("certificate", self.certificate)
        return self.authority.issue_license(screener, certificate, **options)

    def package(self, name: str, data: bytes, film_id: str = "F2") -> Path:
        src = self.root / f"{name}.bin"
        src.write_bytes(data)
        out = self.root / f"{name}.scr"
        self.authority.package(src, out, **film_options(film_id), chunk_size=CHUNK, now=NOW)
        return out


SESSION_ID = 0x5E55_1000_0000_0001


def ticket(station: Station, lic: bytes | License, member: str = "m1", *, number: int = 1,
           at: datetime = NOW, session_id: int = SESSION_ID) -> bytes:
    """The signed ticket the station's registry issues when a session starts."""
    try:
        parsed = lic if isinstance(lic, License) else parse_license(lic)
        ids = parsed.license_id, parsed.film_id
    except FormatError:  # a damaged license: refused before its ticket is looked at
        ids = "unreadable", "unreadable"
    return issue_ticket(station.sign, session_id=session_id, station_id=station.station_id,
                        license_id=ids[0], film_id=ids[1], member_id=member,
                        number=number, started_at=at, record_seq=1,
                        record_hash=bytes(32)).signed_bytes


def open_film(station: Station, screener: Path, lic: bytes, member: str = "m1", *,
              sessions_used: int = 0, ticket_for: bytes | None = None,
              **options):  # type: ignore[no-untyped-def]
    """``open_screener`` with the ticket of the station's next session of ``lic`` (or of
    ``ticket_for``: the license the registry saw, when ``lic`` is a damaged copy)."""
    options.setdefault("clock_floor", None)
    now = options.setdefault("now", NOW)
    at = now if now.tzinfo is not None else NOW  # a naive ``now`` is for open_screener to refuse
    session = ticket(station, ticket_for or lic, member, number=sessions_used + 1, at=at)
    return open_screener(screener, lic, station, member, session=session, **options)


def film_options(film_id: str = "F1") -> dict:
    return dict(film_id=film_id, title=f"Film {film_id}", register_no="KZ-0001",
                declared_age=AgeCategory.AGE_16, rights_holder="Kazakhfilm",
                media=MediaInfo(duration_ms=60_000, codec_summary="test: raw"))


def film_data(size: int, seed: int = 1) -> bytes:
    return random.Random(seed).randbytes(size)


def make_world(root: Path, size: int = 3 * CHUNK + 123) -> World:
    anchor = init_authority("Test office", AUTH_PASS, folder=root / "authority", now=NOW,
                           scrypt=CHEAP)
    authority = load_authority(AUTH_PASS, folder=root / "authority")
    request = init_station("Station 1", "Room 3", STATION_PASS, anchor.signed_bytes,
                           folder=root / "station", now=NOW, scrypt=CHEAP)
    cert = authority.certify(request.signed_bytes, 30, now=NOW - timedelta(days=1))
    install_certificate(cert, folder=root / "station", now=NOW)
    station = load_station(STATION_PASS, folder=root / "station")
    data = film_data(size)
    film = root / "film.bin"
    film.write_bytes(data)
    screener = root / "film.scr"
    authority.package(film, screener, **film_options(), chunk_size=CHUNK, now=NOW)
    return World(root, authority, station, cert, film, data, screener)
