"""The import contracts in pyproject.toml can fail: each is broken on purpose in a copy of
the tree, and ``lint-imports`` must say so."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = {"screeningroom": "screeningroom", "watermark": "watermark", "takedown": "takedown",
            "screeningroom_resources": "resources"}

#: (file, line appended to it, the contract that must break)
VIOLATIONS = (
    ("screeningroom/station_app.py", "import screeningroom.ui.station_window",
     "station layers"),
    ("screeningroom/vault/commands.py", "import screeningroom.review.commands",
     "station layers"),
    ("screeningroom/registry/registry.py", "from screeningroom.player import player",
     "station layers"),
    ("watermark/detect.py", "import PySide6.QtCore", "watermark is a pure"),
    ("screeningroom/review/report.py", "import PySide6.QtGui", "Qt only in */ui/"),
    ("takedown/trace.py", "import vlc", "VLC only in screeningroom.player"),
    ("takedown/desk.py", "import screeningroom.ui.station_window",
     "the takedown desk uses no part"),
    ("takedown/scan.py", "import takedown.ui.window", "the desk's model knows nothing"),
)


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("lint-imports")
    command = [str(exe)] if exe.exists() else [shutil.which("lint-imports") or "lint-imports"]
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run([*command, "--no-cache", "--config", str(tree / "pyproject.toml")],
                          cwd=tree, env=env, capture_output=True, text=True, timeout=600)


def _copy_tree(dest: Path) -> Path:
    for name, source in PACKAGES.items():
        shutil.copytree(ROOT / source, dest / name,
                        ignore=shutil.ignore_patterns("__pycache__", "media", "*.qm"))
    shutil.copy(ROOT / "pyproject.toml", dest / "pyproject.toml")
    return dest


@pytest.fixture(scope="module")
def broken_report(tmp_path_factory: pytest.TempPathFactory) -> str:
    tree = _copy_tree(tmp_path_factory.mktemp("tree"))
    for file, line, _contract in VIOLATIONS:
        with (tree / file).open("a", encoding="utf-8") as fh:
            fh.write(f"\n{line}  # noqa\n")
    result = _lint(tree)
    assert result.returncode != 0, result.stdout
    return result.stdout


@pytest.mark.parametrize(("file", "line", "contract"), VIOLATIONS,
                         ids=[f"{v[0]}:{v[1]}" for v in VIOLATIONS])
def test_a_deliberate_violation_breaks_its_contract(broken_report: str, file: str, line: str,
                                                    contract: str) -> None:
    broken = [block for block in broken_report.split("\n\n") if contract in block
              and "BROKEN" in block]
    assert broken, f"{contract!r} was not reported broken:\n{broken_report}"
    module = file.removesuffix(".py").replace("/", ".")
    assert module in broken_report, f"{module} not named in:\n{broken_report}"


def test_every_part_of_the_desk_model_is_kept_from_its_window() -> None:
    """New takedown packages are covered by the contract as soon as they exist."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"]
                    if c["name"].startswith("the desk's model knows nothing"))
    parts = {f"takedown.{p.stem}" for p in (ROOT / "takedown").iterdir()
             if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").exists()}
    window_side = {"takedown.ui", "takedown.ui_command", "takedown.cli"}
    assert parts - window_side == set(contract["source_modules"])
