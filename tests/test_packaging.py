"""The distribution lists every package folder, and bundles what the code looks up."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_folder_is_listed_in_pyproject() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "packages"
    ])
    on_disk = set()
    for top in ("screeningroom", "watermark", "takedown"):
        for init in (ROOT / top).rglob("__init__.py"):
            on_disk.add(".".join(init.parent.relative_to(ROOT).parts))
    assert on_disk - listed == set(), "add these to [tool.setuptools] packages"


def test_resources_are_found_through_the_package() -> None:
    from screeningroom_resources import path

    assert (path("locale") / "kk").is_dir()
    assert (path("locale") / "ru").is_dir()
