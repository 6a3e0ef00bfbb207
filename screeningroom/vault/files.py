"""Writing files so that nothing half-written is ever left: a temporary file in the
destination folder, flushed to disk, renamed over the target only once it is complete,
and the folder flushed so that the rename survives a power cut."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO


@contextlib.contextmanager
def atomic_file(path: Path, mode: int = 0o644,
                check: Callable[[Path], None] | None = None) -> Iterator[BinaryIO]:
    """Yield a binary file; on success it becomes ``path``, on any error it is removed.
    ``check`` is called with the complete temporary file before the rename: raising there
    leaves ``path`` as it was."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        if check is not None:
            check(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def atomic_write(path: Path, data: bytes, mode: int = 0o644) -> Path:
    with atomic_file(path, mode) as fh:
        fh.write(data)
    return Path(path)


def safe_name(text: str) -> str:
    """``text`` made into one harmless file-name part: letters, digits, ``.``, ``_`` and
    ``-`` kept, anything else (``/``, control characters, spaces) as ``_``, no leading dot,
    at most 64 characters."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]", "_", text)[:64].lstrip(".")
    return cleaned or "_"
