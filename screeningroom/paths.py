"""Where a workstation keeps its data: one root folder, with a sub-folder per role.

The root is ``$SCREENINGROOM_HOME`` when set (tests, the demo and provisioning scripts set
it), else the per-user data folder of the platform (``~/.local/share/screeningroom`` on
Linux). Keys, licenses and the registry live below it; nothing there is plaintext film.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

ENV_HOME = "SCREENINGROOM_HOME"


def home() -> Path:
    named = os.environ.get(ENV_HOME)
    root = Path(named) if named else Path(user_data_dir("screeningroom", appauthor=False))
    return root.expanduser()


def authority_dir() -> Path:
    """The review office's root key and trust anchor (on the authority's machine)."""
    return home() / "authority"


def station_dir() -> Path:
    """This review station's keys, certificate, licenses and screeners."""
    return home() / "station"


def registry_path() -> Path:
    """The station's registry database (members, sessions, audit log)."""
    return home() / "registry.sqlite3"


def desk_dir() -> Path:
    """The takedown desk's cases, indexes, imported audit bundles and evidence."""
    return home() / "desk"


# --- private files -----------------------------------------------------------------------
# Databases and keys hold password hashes, audit state and sealed keys: readable by their
# owner only. Every store of the product (registry, desk, review) creates its folders and
# files through these two helpers.

PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600


def private_folder(path: Path) -> Path:
    """``path`` as a folder only its owner may enter (created 0700 with its missing
    parents; an existing folder of ours that others may enter is closed to 0700, but a
    shared sticky folder such as /tmp is left as it is)."""
    import stat

    path = Path(path)
    missing = []
    probe = path
    while not probe.exists():
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        folder.mkdir(mode=PRIVATE_FOLDER, exist_ok=True)
        os.chmod(folder, PRIVATE_FOLDER)  # mkdir's mode is filtered by the umask
    info = path.stat()
    shared = info.st_mode & stat.S_ISVTX
    if (info.st_uid == os.geteuid() and not shared
            and stat.S_IMODE(info.st_mode) & 0o077):
        os.chmod(path, stat.S_IMODE(info.st_mode) & ~0o077)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` (and its folder, :func:`private_folder`) readable by its owner only,
    or close an existing one to 0600; the file's content is left as it is."""
    import stat

    path = Path(path)
    private_folder(path.parent)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, PRIVATE_FILE)
    try:
        mode = stat.S_IMODE(os.fstat(fd).st_mode)
        if mode & 0o077:
            os.fchmod(fd, mode & ~0o077)
    finally:
        os.close(fd)
    return path
