"""Finding the Unicode font the PDFs are set in.

DejaVu covers Cyrillic including the Kazakh letters (ә ғ қ ң ө ұ ү һ і). It comes from
Debian's ``fonts-dejavu-core`` (installed by ``installer/bootstrap.sh``); a copy under the
bundled ``fonts/`` folder, or a folder named by ``SCREENINGROOM_FONT_DIR``, is used first.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from screeningroom.documents.errors import FontMissing
from screeningroom_resources import path as resource_path
from screeningroom_resources.i18n import _

ENV_FONT_DIR = "SCREENINGROOM_FONT_DIR"

# Folders where distributions put DejaVu (Debian/Ubuntu, Fedora, Arch, macOS Homebrew).
SYSTEM_FONT_DIRS: tuple[str, ...] = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/share/fonts/dejavu-sans-fonts",
    "/usr/local/share/fonts",
    "/opt/homebrew/share/fonts",
)

STYLES: dict[str, str] = {
    "": "DejaVuSans.ttf",
    "B": "DejaVuSans-Bold.ttf",
    "I": "DejaVuSans-Oblique.ttf",
    "BI": "DejaVuSans-BoldOblique.ttf",
}
MONO = "DejaVuSansMono.ttf"


@dataclass(frozen=True)
class FontSet:
    """The files of one family: regular, bold, italic, bold italic, and a monospace."""

    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path
    mono: Path

    def by_style(self) -> dict[str, Path]:
        return {"": self.regular, "B": self.bold, "I": self.italic, "BI": self.bold_italic}


def _candidate_dirs() -> list[Path]:
    dirs: list[Path] = []
    named = os.environ.get(ENV_FONT_DIR)
    if named:
        dirs.append(Path(named).expanduser())
    dirs.append(resource_path("fonts"))
    dirs.extend(Path(d) for d in SYSTEM_FONT_DIRS)
    return dirs


def find_fonts(search: tuple[Path, ...] | None = None) -> FontSet:
    """The DejaVu files, or :class:`FontMissing` saying how to install them."""
    return _find(tuple(search) if search is not None else tuple(_candidate_dirs()))


@cache
def _find(dirs: tuple[Path, ...]) -> FontSet:
    names = [*STYLES.values(), MONO]
    for folder in dirs:
        if all((folder / name).is_file() for name in names):
            files = {name: folder / name for name in names}
            return FontSet(
                regular=files[STYLES[""]],
                bold=files[STYLES["B"]],
                italic=files[STYLES["I"]],
                bold_italic=files[STYLES["BI"]],
                mono=files[MONO],
            )
    raise FontMissing(
        _(
            "The DejaVu fonts needed for Kazakh and Russian text in PDFs were not found "
            "(looked in: {folders}). Install them with 'apt-get install fonts-dejavu-core' "
            "or put DejaVuSans*.ttf and DejaVuSansMono.ttf in the folder named by {env}."
        ).format(folders=", ".join(str(d) for d in dirs), env=ENV_FONT_DIR)
    )
