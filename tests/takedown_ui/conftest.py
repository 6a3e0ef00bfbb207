"""A small desk for the window tests, built from the takedown tests' own world
(``tests/takedown/deskworld.py``): a review office, a review station whose screen showed
a film marked with a session's watermark, and the desk (an enrolled station with a
forensic license) that has imported the station's audit bundle and indexed the film."""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

TAKEDOWN_TESTS = Path(__file__).resolve().parents[1] / "takedown"
sys.path.insert(0, str(TAKEDOWN_TESTS))
from clipmaker import Attack, attacked_copy, read_frames, write_clip  # noqa: E402
from deskworld import NOW, OPERATOR, DeskWorld, StepClock, make_world, marked_frames  # noqa: E402

LATER = NOW + timedelta(days=1)
LEAK = Attack(height=240, crop=0.04, crf=30)
SENDER = dict(organisation="Qazaqfilm anti-piracy", person="Aigerim Seitkali",
              email="antipiracy@qazaqfilm.example.kz", phone="+7 717 200 00 00",
              address="Astana, Mangilik El 8", signature="/s/ A. Seitkali")


@dataclass(frozen=True)
class Desk:
    world: DeskWorld
    folder: Path  # a prepared desk folder (audit imported, film indexed): copy it
    leak: Path  # an attacked copy of what the review station's screen showed
    unmarked: Path  # the same excerpt of an unmarked copy


def prepare_desk(world: DeskWorld, folder: Path) -> Path:
    from takedown.notices import SenderProfile
    from takedown.notices.settings import SETTINGS_FILE, NoticeSettings, save_settings
    from takedown.ui.model import DeskModel

    model = DeskModel(folder, station=world.desk_station, station_folder=world.desk_folder,
                      actor=OPERATOR, clock=StepClock(NOW))
    with model.open_desk() as desk:
        desk.import_audit(world.bundle)
        desk.index_film(world.screener)
    save_settings(NoticeSettings(sender=SenderProfile(**SENDER),
                                 authority_email="info@mcri.example.kz"),
                  folder / SETTINGS_FILE)
    return folder


@pytest.fixture(scope="session")
def desk_world(tmp_path_factory, sample_clip: Path) -> Desk:
    root = tmp_path_factory.mktemp("deskui")
    world = make_world(root, sample_clip)
    screen = write_clip(root / "screen.mp4",
                        marked_frames(read_frames(sample_clip), world.watermark_key,
                                      world.session_id), fps=25, crf=16)
    leak = attacked_copy(screen, root / "leak.mp4", LEAK, start=1.0, end=7.5)
    unmarked = attacked_copy(sample_clip, root / "unmarked.mp4", LEAK, start=1.0, end=7.5)
    return Desk(world=world, folder=prepare_desk(world, root / "prepared"), leak=leak,
                unmarked=unmarked)


@pytest.fixture
def model(desk_world: Desk, tmp_path: Path):
    from takedown.ui.model import DeskModel

    folder = tmp_path / "desk"
    shutil.copytree(desk_world.folder, folder)
    world = desk_world.world
    # the desk's clock runs on from where the prepared desk's left it (no rollback)
    return DeskModel(folder, station=world.desk_station, station_folder=world.desk_folder,
                     actor=OPERATOR, clock=StepClock(LATER))
