"""Playback writes no plaintext: no file that appears or changes during playback (in the
working folder, the home folder, its caches, or the system temp folder) holds any of the
film's bytes or of the pictures shown."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from screeningroom.player import PlayerState
from tests.player.conftest import wait_for

NEEDLE = 64  # bytes per probe: long enough never to match by chance


def _snapshot(roots: list[Path]) -> dict[Path, tuple[int, int]]:
    seen: dict[Path, tuple[int, int]] = {}
    for root in roots:
        for folder, dirs, files in os.walk(root):
            # other test runs keep their own fixtures (copies of the clip) under these
            dirs[:] = [d for d in dirs if not d.startswith(("pytest-of-", "bash_jobs"))]
            for name in files:
                path = Path(folder) / name
                try:
                    stat = path.lstat()
                except OSError:
                    continue
                seen[path] = (stat.st_size, stat.st_mtime_ns)
    return seen


def _leaks(
    before: dict[Path, tuple[int, int]], after: dict[Path, tuple[int, int]], needles: list[bytes]
) -> list[Path]:
    found = []
    for path, stamp in after.items():
        if before.get(path) == stamp:
            continue
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if any(needle in data for needle in needles):
            found.append(path)
    return found


def _probes(clip: bytes, count: int = 24) -> list[bytes]:
    step = (len(clip) - NEEDLE) // count
    return [clip[i * step + 4096 : i * step + 4096 + NEEDLE] for i in range(count)]


def test_playback_leaves_no_plaintext_on_disk(
    make_player, sample_clip: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for var in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(work)
    roots = [home, work, Path(tempfile.gettempdir())]
    before = _snapshot(roots)

    player, sink = make_player()
    player.play()
    wait_for(lambda: sink.count >= 25, "a second of frames")
    player.seek(6.5)
    wait_for(lambda: player.state is PlayerState.ENDED, "the end of the clip")
    player.stop()

    needles = _probes(sample_clip.read_bytes())
    for frame in (sink.frames[0], sink.frames[-1]):
        rows = frame.y[frame.height // 2 : frame.height // 2 + 2].tobytes()
        needles.append(rows[:NEEDLE])
        needles.append(frame.bgra()[frame.height // 2].tobytes()[: NEEDLE * 4])
    leaks = _leaks(before, _snapshot(roots), needles)
    assert not leaks, f"plaintext written to {leaks}"
    assert not list(work.iterdir())


def test_the_watch_would_see_a_leak(sample_clip: Path, tmp_path: Path) -> None:
    before = _snapshot([tmp_path])
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "chunk.bin").write_bytes(sample_clip.read_bytes()[200_000:300_000])
    needles = _probes(sample_clip.read_bytes())
    assert _leaks(before, _snapshot([tmp_path]), needles) == [tmp_path / "cache" / "chunk.bin"]
