"""The film's master index: built when the desk indexes the film (from the decrypting
reader, in memory, in the same pass as the fingerprints), kept only encrypted under a key
the desk's forensic license gives, and what the trace reads instead of the master."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from deskworld import DeskWorld

from takedown import masters
from takedown.desk import Desk
from takedown.errors import BadIndex, DeskNotReady
from watermark import MasterIndex


def test_the_master_index_is_kept_encrypted_and_opens_only_with_the_films_key(
        desk: Desk, world: DeskWorld) -> None:
    from screeningroom.vault import read_manifest

    file = masters.path_of(desk.store.index_dir, world.film_id)
    data = file.read_bytes()
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert data.startswith(masters.MAGIC) and b"SRWMINDX" not in data  # no plaintext index
    manifest_hash = read_manifest(world.screener).manifest_hash
    secret = world.authority.forensic_keys(world.film_id, manifest_hash).secret
    index = masters.unseal(data, secret=secret, film_id=world.film_id,
                           manifest_hash=manifest_hash)
    assert isinstance(index, MasterIndex) and index.frames == 200  # every frame: 8 s at 25 fps
    with pytest.raises(BadIndex, match="index the film again"):
        masters.unseal(data, secret=bytes(32), film_id=world.film_id,
                       manifest_hash=manifest_hash)
    with pytest.raises(BadIndex):
        masters.unseal(data, secret=secret, film_id="KZ-F-9999", manifest_hash=manifest_hash)


def test_a_film_indexed_without_its_master_index_asks_to_be_indexed_again(
        desk: Desk, world: DeskWorld, unmarked: Path) -> None:
    """The copy scanned is the unmarked excerpt: it is identified as the film, so its trace
    opens the master index as a marked copy's does (the index is needed before any mark is
    read), without marking and encoding a screen recording for this module."""
    masters.path_of(desk.store.index_dir, world.film_id).unlink()
    with pytest.raises(DeskNotReady, match="index it again"):
        desk.scan(unmarked, "https://t.me/kino_leaks/77")
    assert desk.cases() == ()
