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
