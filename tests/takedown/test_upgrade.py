"""A desk database of schema 1 (sessions keyed by id alone, one clip row per case) is
upgraded in place: cases, clips (as sightings), films, openings and custody are kept, and
the kept audit bundles are imported again through today's checks."""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from deskworld import NOW, OPERATOR, DeskWorld, StepClock

from takedown.cases import CaseStatus
from takedown.desk import Desk

SCHEMA_1 = (Path(__file__).parent / "schema1.sql").read_text()


def test_a_schema_1_desk_is_upgraded_and_its_bundles_checked_again(world: DeskWorld,
                                                                   tmp_path: Path) -> None:
    folder = tmp_path / "desk"
    (folder / "bundles").mkdir(parents=True)
    shutil.copyfile(world.bundle, folder / "bundles" / "b1.json")
    db = sqlite3.connect(folder / "desk.sqlite3")
    db.executescript(SCHEMA_1)
    hexid = f"{world.session_id:016x}"
    db.executescript(f"""
        INSERT INTO meta VALUES ('schema', '1');
        INSERT INTO bundles VALUES ('b1', 'st-x', 'Room 3', '2026-05-01T16:00:00+00:00',
            '2026-05-02T09:00:00+00:00', 'b1.json', 4);
        INSERT INTO sessions VALUES ('{hexid}', '{world.review_station.station_id}', 'Room 3',
            'aigerim.s', 'KZ-F-0042', 'lic-review-1', 'sr-lf/1', '2026-05-01T11:00:00+00:00',
            NULL, 'open', 'b1');
        INSERT INTO cases VALUES ('TD-2026-0001', 'KZ-F-0042', 'Тихий берег', 'traced',
            '{hexid}', NULL, '2026-05-02T09:10:00+00:00', '2026-05-02T09:10:00+00:00', NULL);
        INSERT INTO case_events(case_id, at, status, note) VALUES ('TD-2026-0001',
            '2026-05-02T09:10:00+00:00', 'traced', '');
        INSERT INTO clips VALUES ('ab' || printf('%062d', 0), 'TD-2026-0001',
            'https://t.me/kino_leaks/77', 'telegram-public', 'kino_leaks', 77, 1200,
            '2026-05-01T18:30:00+00:00', '2026-05-02T09:10:00+00:00', 'leak.mp4', 1000, 6.5,
            0.95, 1.0, '{hexid}', -30.0, 'attributed', NULL);
        INSERT INTO openings VALUES ('lic-f', '2026-05-02T09:09:00+00:00', 'trace');
    """)
    db.commit()
    db.close()
    with Desk.open(folder, station=lambda: world.desk_station,
                   station_folder=world.desk_folder, actor=OPERATOR,
                   clock=StepClock(NOW + timedelta(days=2))) as desk:
        case = desk.case("TD-2026-0001")
        assert case.status is CaseStatus.TRACED and case.session_id == world.session_id
        assert case.station_id == world.review_station.station_id
        assert [s.link for s in case.sightings] == ["https://t.me/kino_leaks/77"]
        assert case.clip is not None and case.clip.log10_p == -30.0
        assert desk.store.openings.count("lic-f") == 1
        # the kept bundle went through today's import: its sessions now have their end
        session = desk.store.stations.session(world.review_station.station_id,
                                              world.session_id)
        assert session is not None and session.end.value == "clean"
        records = len(json.loads(world.bundle.read_text())["records"])
        assert desk.store.stations.station(world.review_station.station_id).last_seq == records
