"""Bundled files: translations, templates, icons, fonts and the sample media folder.

Installed under the import name ``screeningroom_resources``. Code finds bundled files
through :func:`path`, never relative to the working directory.
"""

from __future__ import annotations

from importlib import resources as _res
from pathlib import Path


def path(*parts: str) -> Path:
    """The file or folder ``parts`` inside the bundled resources, as a real path."""
    root = Path(str(_res.files(__name__)))
    return root.joinpath(*parts)


def media(name: str) -> Path:
    """A sample clip prepared by the installer (``installer/samples.py``)."""
    return path("media", name)
