"""A note beside each imported screener that every chunk of it was checked.

``FILM.scr.checked`` holds the file's size, modification time (ns) and manifest hash when
its chunks were last found whole. The station's library trusts the note only while the
file's size and time still match; otherwise it checks every chunk again (and lists a
damaged screener as invalid, never as playable). The note saves time, it proves nothing:
playback verifies each chunk's tag as it decrypts it, whatever the note says.
"""

from __future__ import annotations

import os
from pathlib import Path

from screeningroom.vault.container import Layout, check_chunks
from screeningroom.vault.errors import VaultError
from screeningroom.vault.files import atomic_write

SUFFIX = ".checked"


def _stamp(path: Path, manifest_hash: bytes) -> str:
    info = os.stat(path)
    return f"{info.st_size} {info.st_mtime_ns} {manifest_hash.hex()}\n"


def note_checked(path: Path, manifest_hash: bytes) -> None:
    path = Path(path)
    atomic_write(path.with_name(path.name + SUFFIX), _stamp(path, manifest_hash).encode())


def chunks_whole(layout: Layout) -> bool:
    """True when every chunk is whole (from the note when it still matches the file)."""
    path, mh = layout.path, layout.manifest.manifest_hash
    note = path.with_name(path.name + SUFFIX)
    try:
        if note.read_text(encoding="ascii") == _stamp(path, mh):
            return True
    except (OSError, UnicodeDecodeError):
        pass
    try:
        check_chunks(layout)
    except VaultError:
        note.unlink(missing_ok=True)
        return False
    note_checked(path, mh)
    return True
