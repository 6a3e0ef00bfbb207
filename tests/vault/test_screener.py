"""Packaging and reading screeners: round trip, random access, file-object use, threads."""

from __future__ import annotations

import io
import os
import random
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from vaultworld import CHUNK, NOW, World, film_options, open_film

from screeningroom.vault import read_manifest
from screeningroom.vault.errors import Cancelled, VaultInputError
from screeningroom.vault.reader import CACHE_CHUNKS


def _open(world: World, **kw):  # type: ignore[no-untyped-def]
    return open_film(world.station, world.screener, world.license(), **kw)


def test_round_trip_and_attributes(world: World) -> None:
    with _open(world) as reader:
        assert reader.size == len(world.film_bytes)
        assert reader.read() == world.film_bytes
        assert reader.read() == b""
        assert reader.manifest.film_id == "F1"
        assert reader.license.members == ("m1", "m2")
        keys = world.authority.forensic_keys("F1", reader.manifest.manifest_hash)
        assert reader.watermark_key == keys.for_license(reader.license.license_id)
        assert len(reader.watermark_key) == 32 and reader.forensic_keys is None
        assert reader.readable() and reader.seekable() and not reader.writable()
    assert reader.closed


def test_random_access_matches_the_film(world: World) -> None:
    rng = random.Random(7)
    data = world.film_bytes
    with _open(world) as reader:
        for _ in range(200):
            pos = rng.randrange(0, len(data) + 10)
            n = rng.randrange(0, 3 * CHUNK)
            assert reader.seek(pos) == pos
            got = reader.read(n)
            assert got == data[pos : pos + n]
            assert reader.tell() == pos + len(got)
        assert reader.seek(-10, io.SEEK_END) == len(data) - 10
        assert reader.read(100) == data[-10:]
        reader.seek(5)
        assert reader.seek(3, io.SEEK_CUR) == 8
        buf = bytearray(50)
        assert reader.readinto(buf) == 50 and bytes(buf) == data[8:58]
        with pytest.raises(ValueError):
            reader.seek(-1)
        assert len(reader._cache) <= CACHE_CHUNKS


def test_readers_on_threads_share_nothing(world: World) -> None:
    errors: list[BaseException] = []
    data = world.film_bytes

    def work(seed: int) -> None:
        try:
            rng = random.Random(seed)
            with _open(world) as reader:
                for _ in range(100):
                    pos = rng.randrange(len(data))
                    reader.seek(pos)
                    if reader.read(777) != data[pos : pos + 777]:
                        raise AssertionError("wrong bytes")
        except BaseException as exc:  # collected and re-raised in the main thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors


def test_pyav_plays_from_the_reader(home: Path, sample_clip: Path) -> None:
    import av
    from vaultworld import make_world

    world = make_world(home)
    out = home / "clip.scr"
    world.authority.package(sample_clip, out, **{**film_options("CLIP"), "media": None},
                            now=NOW)
    manifest = read_manifest(out)
    assert manifest.duration_seconds > 1 and "h264" in manifest.codec_summary
    lic = world.license(screener=out)
    with open_film(world.station, out, lic) as reader, av.open(reader) as container:
        frames = sum(1 for _ in container.decode(video=0))
    assert frames > 10


def test_cancel_and_errors_leave_nothing_behind(world: World) -> None:
    out = world.root / "out" / "cancelled.scr"
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 2

    with pytest.raises(Cancelled):
        world.authority.package(world.film, out, **film_options("C"), chunk_size=CHUNK,
                                cancelled=cancel, now=NOW)
    assert not out.exists() and os.listdir(out.parent) == []
    with pytest.raises(VaultInputError):
        world.authority.package(world.root / "missing.bin", out, **film_options("C"))
    empty = world.root / "empty.bin"
    empty.write_bytes(b"")
    with pytest.raises(VaultInputError, match="empty"):
        world.authority.package(empty, out, **film_options("C"))
    assert os.listdir(out.parent) == []


def test_progress_is_reported(world: World) -> None:
    seen: list[tuple[float, float]] = []
    world.authority.package(world.film, world.root / "p.scr", **film_options("P"),
                            chunk_size=CHUNK, progress=lambda d, t: seen.append((d, t)), now=NOW)
    assert seen[-1] == (len(world.film_bytes), len(world.film_bytes))
    assert len(seen) == 4


def _grams(data: bytes) -> set[bytes]:
    return {data[i : i + 32] for i in range(0, len(data) - 32, 509)}


def _files_under(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_nothing_but_ciphertext_is_written(world: World, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Packaging, importing and opening write no plaintext film bytes anywhere we look."""
    tmp = tmp_path / "tmpdir"
    tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    from screeningroom.vault import import_file

    import_file(world.screener, folder=world.station.folder)
    lic_path = world.root / "l.srl"
    lic_path.write_bytes(world.license())
    import_file(lic_path, folder=world.station.folder)
    with _open(world) as reader:
        assert reader.read() == world.film_bytes
        reader.seek(CHUNK + 3)
        reader.read(CHUNK)
    grams = _grams(world.film_bytes)
    film = world.film.resolve()
    for path in _files_under(world.root) + _files_under(tmp):
        if path.resolve() == film:
            continue
        content = path.read_bytes()
        leaked = [g for g in grams if g in content]
        assert not leaked, f"plaintext film bytes in {path}"


def test_license_window_timestamps_round_trip(world: World) -> None:
    from screeningroom.vault import read_license

    lic = read_license(world.license(not_after=NOW + timedelta(days=9), visible_overlay=True))
    assert lic.not_after == NOW + timedelta(days=9)
    assert lic.visible_overlay is True
