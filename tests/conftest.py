"""Shared fixtures: sample clips, a virtual X screen, and a clean language per test."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent / "support"))  # helpers all tests share
#: Where installer/samples.py puts the sample clips (read as files: the watermark's own
#: test environment has only the watermark installed).
MEDIA = ROOT / "resources" / "media"
SHARED_MEDIA_CLIPS = (
    "bigbuckbunny_720p.mp4",
    "bikes_night_640x272.mp4",
    "scene_cuts_1280x272.mp4",
    "chair_sd_bar.mp4",
)


@pytest.fixture(autouse=True)
def _english_by_default(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SCREENINGROOM_LANG", "en")
    yield
    # the watermark's own environment has no translations at all: reset only what was loaded
    i18n = sys.modules.get("screeningroom_resources.i18n")
    if i18n is not None:
        i18n.set_language(None)


@pytest.fixture(autouse=True, scope="session")
def _cheap_key_files() -> Iterator[None]:
    """Key files made and upgraded in tests cost Scrypt N=2^10, not the product's 2^17
    (tests/security/test_attack_hygiene.py checks the real cost and the upgrade). For the
    whole session, so that module-scoped fixtures (the desk worlds, made before any test's
    own fixtures) are cheap too: a station key they unlock is otherwise written again at
    2^17 and every later unlock of it pays that cost."""
    try:
        from screeningroom.vault import keyfile
    except ImportError:  # the watermark's own environment
        yield
        return
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(keyfile, "SCRYPT_DEFAULT", keyfile.ScryptParams(10, 8, 1))
        yield


@pytest.fixture(scope="session")
def sample_clip() -> Path:
    """A short clip with audio that always exists (rendered by installer/samples.py)."""
    clip = MEDIA / "sample.mp4"
    if not clip.exists():
        import runpy

        runpy.run_path(str(ROOT / "installer" / "samples.py"), run_name="__main__")
    return clip


@pytest.fixture(scope="session")
def shared_clips() -> dict[str, Path]:
    """The real footage copied from the shared media folder (skips where it is absent)."""
    found = {name: MEDIA / name for name in SHARED_MEDIA_CLIPS if (MEDIA / name).exists()}
    if not found:
        pytest.skip("shared sample footage is not beside this checkout")
    return found


@pytest.fixture
def xdisplay() -> Iterator[str]:
    """A real X screen (Xvfb) for tests about what a person sees."""
    from screeningroom.xdisplay import virtual_display

    with virtual_display() as display:
        yield display


@pytest.fixture
def artifacts_dir(request: pytest.FixtureRequest) -> Path:
    """A folder under artifacts/tests/ kept after the run, for screenshots to look at."""
    folder = ROOT / "artifacts" / "tests" / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    return folder
