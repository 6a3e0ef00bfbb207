"""The desk window shows the stations and the findings against them: a bundle that drops
records the desk holds is refused, and its station is shown in red with the finding."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

import pytest

TAKEDOWN_TESTS = Path(__file__).resolve().parents[1] / "takedown"
sys.path.insert(0, str(TAKEDOWN_TESTS))
from deskworld import NOW  # noqa: E402
from stations import drop_tail  # noqa: E402

from takedown.errors import BundleRefused  # noqa: E402
from takedown.ui.stations_panel import TAMPERING  # noqa: E402
from takedown.ui.window import DeskWindow  # noqa: E402


def test_a_station_with_a_tampering_finding_is_shown_in_red(qtbot, model, desk_world,
                                                            tmp_path) -> None:
    world = desk_world.world
    forged = drop_tail(world.bundle, world.review_station, tmp_path / "tail.srbundle",
                       keep_records=2, keep_sessions=1, export_at=NOW + timedelta(hours=8))
    with model.open_desk() as desk, pytest.raises(BundleRefused):
        desk.import_audit(forged)
    win = DeskWindow(model)
    qtbot.addWidget(win)
    win.start()
    panel = win.stations
    assert panel.table.rowCount() == 1
    assert panel.table.item(0, 0).text() == world.review_station.station_id
    assert panel.table.item(0, 4).text() == "tampering found"
    assert panel.table.item(0, 4).foreground().color() == TAMPERING
    assert panel.findings.rowCount() == 1
    assert "dropped" in panel.findings.item(0, 1).text()
    assert win.tabs.tabText(win.tabs.indexOf(panel)) == "Stations"
    win.close()
