"""``station import`` of a screener: every chunk checked before anything is replaced; the
library never calls a damaged screener playable."""

from __future__ import annotations

import pytest
from vaultworld import NOW, World

from screeningroom.vault import LibraryStatus, import_file, station_library
from screeningroom.vault import errors as e
from screeningroom.vault.container import HEADER_SIZE


def _flip(data: bytes, at: int) -> bytes:
    out = bytearray(data)
    out[at] ^= 0x04
    return bytes(out)


def test_a_screener_with_one_flipped_chunk_byte_replaces_nothing(world: World) -> None:
    lic = world.root / "lic.srl"
    lic.write_bytes(world.license())
    good = import_file(world.screener, folder=world.station.folder).path
    import_file(lic, folder=world.station.folder)
    kept = good.read_bytes()
    broken = world.root / "broken.scr"
    broken.write_bytes(_flip(world.screener.read_bytes(), HEADER_SIZE + 5000))
    with pytest.raises(e.TamperedScreener, match="chunk 1"):
        import_file(broken, folder=world.station.folder)
    assert good.read_bytes() == kept  # the good copy is untouched
    assert not [p for p in good.parent.iterdir() if p.name.endswith(".part")]
    (entry,) = station_library(world.station, now=NOW)
    assert entry.status is LibraryStatus.PLAYABLE


def test_the_library_lists_a_screener_damaged_after_import_as_invalid(world: World) -> None:
    lic = world.root / "lic.srl"
    lic.write_bytes(world.license())
    path = import_file(world.screener, folder=world.station.folder).path
    import_file(lic, folder=world.station.folder)
    assert station_library(world.station, now=NOW)[0].status is LibraryStatus.PLAYABLE
    with path.open("r+b") as fh:  # bit rot, or someone's edit
        fh.seek(HEADER_SIZE + 10)
        byte = fh.read(1)
        fh.seek(HEADER_SIZE + 10)
        fh.write(bytes([byte[0] ^ 1]))
    assert station_library(world.station, now=NOW)[0].status is LibraryStatus.INVALID
