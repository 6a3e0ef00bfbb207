"""The whole-story demo (installer/demo.sh -> installer/story/story.py): its pieces in the
default suite with the whole story once, twice in the slow one."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STORY = ROOT / "installer" / "story"


def _module(name: str):  # type: ignore[no-untyped-def]
    if str(STORY) not in sys.path:
        sys.path.insert(0, str(STORY))  # the story's scripts import each other
    spec = importlib.util.spec_from_file_location(f"story_{name}", STORY / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_a_run_starts_clean_and_never_empties_a_folder_not_its_own(tmp_path: Path) -> None:
    story = _module("story")
    out = tmp_path / "story"
    story.fresh(out)
    (out / "left-from-before").write_text("x")
    story.fresh(out)
    assert sorted(p.name for p in out.iterdir()) == [story.MARKER]
    other = tmp_path / "mine"
    other.mkdir()
    (other / "keep.txt").write_text("precious")
    with pytest.raises(SystemExit, match="holds other files"):
        story.fresh(other)
    assert (other / "keep.txt").read_text() == "precious"


def test_the_leak_is_a_720p_repost_at_about_1_2_mbit(sample_clip: Path, tmp_path: Path) -> None:
    from watermark.video import probe

    leak = _module("leak")
    out = leak.telegram_repost(sample_clip, tmp_path / "repost.mp4", end=2.0)
    info, source = probe(out), probe(sample_clip)
    assert info.height == 720 and info.codec == "h264"
    assert abs(info.width / info.height - source.width / source.height) < 0.02
    assert abs(info.duration - 2.0) < 0.2
    bitrate = out.stat().st_size * 8 / info.duration
    assert 0.6e6 < bitrate < 1.8e6, bitrate


def _run_the_story(out: Path) -> None:
    done = subprocess.run(["bash", str(ROOT / "installer" / "demo.sh"), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    table = done.stdout[done.stdout.index("What happened"):]
    recorded = re.search(r"watched and recorded at the station\s+([0-9a-f]{16})", table)
    traced = re.search(r"Traced by the desk to session\s+([0-9a-f]{16}) \(the recorded one\)",
                       table)
    assert recorded and traced and recorded.group(1) == traced.group(1), table
    p = float(re.search(r"False-positive probability\s+(\S+)", table).group(1))
    assert p < 1e-9
    assert re.search(r"^Case\s+TD-\d{4}-0001$", table, re.M)  # a new desk each run
    assert len(list((out / "screenshots").glob("*.png"))) == 8
    notices = list((out / "notices").glob("*"))
    for target in ("telegram", "authority"):
        for lang in ("kk", "ru", "en"):
            for ext in (".eml", ".pdf", ".lumen.json"):
                assert any(n.name.endswith(f"-{target}-{lang}{ext}") for n in notices)
    evidence = list((out / "desk" / "desk" / "evidence").rglob("*.zip"))
    assert len(evidence) == 1
    import zipfile

    assert "report.pdf" in zipfile.ZipFile(evidence[0]).namelist()


@pytest.mark.xvfb
def test_the_whole_story(tmp_path: Path) -> None:
    """The README's main command, once, as a fresh workstation runs it."""
    _run_the_story(tmp_path / "story")


@pytest.mark.slow
@pytest.mark.xvfb
def test_the_whole_story_twice(tmp_path: Path) -> None:
    """A second run over the first one's folder starts clean and tells the same story."""
    out = tmp_path / "story"
    for _run in range(2):
        _run_the_story(out)
