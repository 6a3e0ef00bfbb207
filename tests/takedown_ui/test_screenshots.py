"""The desk window on a real X screen (Xvfb): screenshots of its main states, saved under
artifacts/tests/ to be looked at."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SHOTS = ("1-empty.png", "2-scanning.png", "3-traced.png", "4-evidence.png",
         "5-notices-kk.png", "6-notices-ru.png", "7-not-attributable.png", "8-bad-link.png",
         "9-kazakh.png")


@pytest.mark.xvfb
def test_screenshots_of_the_desk_window(xdisplay, desk_world, artifacts_dir, tmp_path) -> None:
    from deskworld import PASS
    from PySide6.QtGui import QImage

    desk = tmp_path / "desk"
    shutil.copytree(desk_world.folder, desk)
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps({
        "desk": str(desk), "station_folder": str(desk_world.world.desk_folder),
        "passphrase": PASS, "leak": str(desk_world.leak),
        "unmarked": str(desk_world.unmarked), "language": "en"}))
    for old in artifacts_dir.glob("*.png"):
        old.unlink()
    env = {**os.environ, "DISPLAY": xdisplay, "QT_QPA_PLATFORM": "xcb",
           "SCREENINGROOM_LANG": "en"}
    out = subprocess.run([sys.executable, str(HERE / "shoot.py"), str(spec), str(artifacts_dir)],
                         capture_output=True, text=True, timeout=300, env=env, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout.strip().splitlines()[-1])
    assert {k: summary[k] for k in ("cases", "errors")} == {"cases": 2, "errors": 1}, summary
    for name in SHOTS:
        image = QImage(str(artifacts_dir / name))
        assert image.width() >= 1000 and image.height() >= 600, name
    # the score plot is painted: the traced result has the plot's blue line and red threshold
    traced = QImage(str(artifacts_dir / "3-traced.png"))
    colours = {traced.pixel(x, y) & 0xFFFFFF for x in range(traced.width() // 2, traced.width())
               for y in range(traced.height())}  # every row: a line may be one pixel high

    def near(target: int) -> bool:  # antialiased lines: the colour or one close to it
        rgb = [(target >> s) & 0xFF for s in (16, 8, 0)]
        return any(sum(abs(((c >> s) & 0xFF) - v) for s, v in zip((16, 8, 0), rgb,
                                                                   strict=True)) < 24
                   for c in colours)

    assert near(0x2D5FA8) and near(0xC62828)
