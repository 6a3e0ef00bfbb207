"""Fixtures of the desk tests: the world (office, review station, desk), the review
station's screen recording marked with a session's watermark, and attacked copies."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from clipmaker import Attack, attacked_copy, read_frames, write_clip
from deskworld import NOW, OPERATOR, DeskWorld, StepClock, make_world, marked_frames

LEAK = Attack(height=240, crop=0.04, crf=30)


@pytest.fixture(scope="module")
def world(tmp_path_factory, sample_clip: Path) -> DeskWorld:
    return make_world(tmp_path_factory.mktemp("world"), sample_clip)


@pytest.fixture(scope="module")
def screen(world: DeskWorld, tmp_path_factory) -> Path:
    """What the review station's screen showed in the world's session (marked)."""
    frames = marked_frames(read_frames(world.root / "film-source.mp4"), world.watermark_key,
                           world.session_id)
    return write_clip(tmp_path_factory.mktemp("screen") / "screen.mp4", frames, fps=25, crf=16)


@pytest.fixture(scope="module")
def leak(screen: Path, tmp_path_factory) -> Path:
    """A pirate's copy of the screen recording: cropped, scaled down, re-encoded."""
    return attacked_copy(screen, tmp_path_factory.mktemp("leak") / "leak.mp4", LEAK,
                         start=1.0, end=7.5)


@pytest.fixture(scope="module")
def unmarked(world: DeskWorld, tmp_path_factory) -> Path:
    """The same excerpt of an unmarked copy of the film."""
    return attacked_copy(world.root / "film-source.mp4",
                         tmp_path_factory.mktemp("unmarked") / "unmarked.mp4", LEAK,
                         start=1.0, end=7.5)


@pytest.fixture(scope="module")
def prepared_desk(world: DeskWorld, tmp_path_factory) -> Path:
    """A desk folder that imported the world's audit bundle and indexed its film: copy it."""
    from takedown.desk import Desk

    folder = tmp_path_factory.mktemp("prepared") / "desk"
    with Desk.open(folder, station=lambda: world.desk_station,
                   station_folder=world.desk_folder, actor=OPERATOR,
                   clock=StepClock(NOW)) as desk:
        desk.import_audit(world.bundle)
        desk.index_film(world.screener)
    return folder


@pytest.fixture
def desk(world: DeskWorld, prepared_desk: Path, tmp_path: Path):
    """A fresh copy of the prepared desk, its clock running on from the prepared one's."""
    import shutil
    from datetime import timedelta

    from takedown.desk import Desk

    folder = tmp_path / "desk"
    shutil.copytree(prepared_desk, folder)
    with Desk.open(folder, station=lambda: world.desk_station,
                   station_folder=world.desk_folder, actor=OPERATOR,
                   clock=StepClock(NOW + timedelta(hours=1))) as d:
        yield d
