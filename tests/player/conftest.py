"""Helpers for the player tests: a reader over a file (the shape of the vault's
decrypting reader), and waiting for a condition without timing assertions."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from screeningroom.player import HeadlessSink, Player

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "vault"))  # the vault tests' world (vaultworld.py)
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
    """The sample clip packaged by the vault tests' authority for their station: a function
    that opens a fresh decrypting reader (``open_screener``, the station's real front door)."""
    from datetime import timedelta

    from vaultworld import NOW, make_world, open_film

    from screeningroom.vault import AgeCategory, MediaInfo

    world = make_world(tmp_path_factory.mktemp("vault"))
    packed = world.root / "sample.scr"
    world.authority.package(sample_clip, packed, film_id="F1", title="Sample",
                            register_no="KZ-1", declared_age=AgeCategory.AGE_16,
                            rights_holder="Test",
                            media=MediaInfo(duration_ms=8000, codec_summary="h264/aac"), now=NOW)
    licence = world.license(screener=packed, members=("m1",), max_sessions=99,
                            not_after=NOW + timedelta(days=1))
    return lambda: open_film(world.station, packed, licence)


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
