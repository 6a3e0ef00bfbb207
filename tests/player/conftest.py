"""Helpers for the player tests: a reader over a file (the shape of the vault's
decrypting reader), and waiting for a condition without timing assertions."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from screeningroom.player import HeadlessSink, Player

ROOT = Path(__file__).resolve().parents[2]
ROOT_SCRIPT_ENV = {"cwd": str(ROOT)}  # a child interpreter finds tests.player from here
WAIT = 30.0  # generous: only a broken player takes this long


class FileReader:
    """``read/seek/tell/close`` and ``size`` over a file; counts what was read."""

    def __init__(self, path: Path) -> None:
        self._file = path.open("rb")
        self.size = os.path.getsize(path)
        self.bytes_read = 0
        self.closed = False

    def read(self, n: int = -1) -> bytes:
        data = self._file.read(n)
        self.bytes_read += len(data)
        return data

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._file.seek(offset, whence)

    def tell(self) -> int:
        return self._file.tell()

    def close(self) -> None:
        self.closed = True
        self._file.close()


def wait_for(condition: Callable[[], object], what: str, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.01)


def no_hook(luma: object, t: float) -> None:
    return None


@pytest.fixture(scope="module")
def screener(sample_clip: Path, tmp_path_factory: pytest.TempPathFactory) -> Callable[[], object]:
    """The sample clip packaged by a test authority for a test station: a function that
    opens a fresh decrypting reader (``open_screener``, the station's real front door)."""
    from datetime import UTC, datetime, timedelta

    from screeningroom.vault import (
        AgeCategory,
        MediaInfo,
        init_authority,
        init_station,
        install_certificate,
        issue_ticket,
        load_authority,
        load_station,
        open_screener,
        read_license,
    )
    from screeningroom.vault.keyfile import ScryptParams

    root = tmp_path_factory.mktemp("vault")
    now = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)
    cheap = ScryptParams(10, 8, 1)
    anchor = init_authority("Test office", "authority-pass", folder=root / "authority", now=now,
                            scrypt=cheap)
    authority = load_authority("authority-pass", folder=root / "authority")
    request = init_station("Station 1", "Room 1", "station-pass", anchor.signed_bytes,
                           folder=root / "station", now=now, scrypt=cheap)
    certificate = authority.certify(request.signed_bytes, 30, now=now - timedelta(days=1))
    install_certificate(certificate, folder=root / "station", now=now)
    station = load_station("station-pass", folder=root / "station")
    packed = root / "sample.scr"
    authority.package(sample_clip, packed, film_id="F1", title="Sample", register_no="KZ-1",
                      declared_age=AgeCategory.AGE_16, rights_holder="Test",
                      media=MediaInfo(duration_ms=8000, codec_summary="h264/aac"), now=now)
    licence = authority.issue_license(packed, certificate, members=("m1",),
                                      not_before=now - timedelta(hours=1),
                                      not_after=now + timedelta(days=1), max_sessions=99,
                                      now=now)

    lic = read_license(licence)

    def open_reader() -> object:
        # the ticket the station's registry issues with a recorded session start
        ticket = issue_ticket(station.sign, session_id=0x5E55_0000_0000_0001,
                              station_id=station.station_id, license_id=lic.license_id,
                              film_id=lic.film_id, member_id="m1", number=1, started_at=now,
                              record_seq=1, record_hash=bytes(32))
        return open_screener(packed, licence, station, "m1", session=ticket, clock_floor=None,
                             now=now)

    return open_reader


@pytest.fixture
def make_player(sample_clip: Path) -> Iterator[Callable[..., tuple[Player, HeadlessSink]]]:
    """Build headless players over the sample clip; all are stopped after the test."""
    made: list[Player] = []

    def build(**options: object) -> tuple[Player, HeadlessSink]:
        source = options.pop("source", None) or FileReader(sample_clip)
        sink = options.pop("sink", None) or HeadlessSink()
        options.setdefault("frame_hook", no_hook)
        player = Player(source, headless=True, sink=sink, **options)  # type: ignore[arg-type]
        made.append(player)
        return player, sink

    yield build
    for player in made:
        player.stop()
