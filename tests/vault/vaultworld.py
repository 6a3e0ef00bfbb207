"""Helpers of the vault tests: an authority, an enrolled station, a packaged film."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from screeningroom.vault import (
    AgeCategory,
    Authority,
    MediaInfo,
    Station,
    init_authority,
    init_station,
    install_certificate,
    load_authority,
    load_station,
)
from screeningroom.vault.keyfile import ScryptParams

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
