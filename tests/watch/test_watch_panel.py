"""The desk window's watch tab: the list, the findings, the clips with their scans, the leads;
a poll off the GUI thread; a finding opens its case."""

from __future__ import annotations

from pathlib import Path

import pytest
from watchpages import FakeChannel, Message
from watchserver import LocalServer, Route
from watchworld import desk_clock, make_settings

pytest.importorskip("PySide6")

from screeningroom.ui.tasks import TaskRunner
from takedown.desk import Desk
from takedown.store import DeskStore
from takedown.ui.watch_panel import WatchPanel
from takedown.watch import Watch
from takedown.watch.window_model import WatchDesk


@pytest.fixture
def panel(qtbot, tmp_path: Path, server: LocalServer):  # type: ignore[no-untyped-def]
    clock = desk_clock()
    settings = make_settings(server)
    model = WatchDesk(lambda: Desk(DeskStore(tmp_path / "desk"), clock=clock, actor="t"),
                      lambda desk: Watch(desk, settings=settings))
    errors: list[BaseException] = []
    widget = WatchPanel(model, TaskRunner(synchronous=True), errors.append)
    widget.errors = errors  # type: ignore[attr-defined]
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    return widget


def test_add_poll_and_open_a_case(panel, qtbot, server: LocalServer, sample_clip: Path,
                                  artifacts_dir: Path) -> None:  # type: ignore[no-untyped-def]
    server.routes["/v/1.mp4"] = Route(file=sample_clip, content_type="video/mp4")
    server.routes["/v/bad.mp4"] = Route(body=b"<html>no</html>", content_type="text/html")
    channel = FakeChannel(server, "kinoleaks")
    channel.post(Message(1, text="Тихий берег 1080p", video=server.url("/v/1.mp4"),
                         links=("https://t.me/kinoleaks_mirror",)),
                 Message(2, text="broken", video=server.url("/v/bad.mp4")))
    panel.source_edit.setText("@kinoleaks")
    panel.minutes.setValue(15)
    panel.add_button.click()
    assert panel.sources.rowCount() == 1 and panel.sources.item(0, 0).text() == "@kinoleaks"
    changed: list[bool] = []
    panel.cases_changed.connect(lambda: changed.append(True))
    panel.poll_button.click()
    assert panel.errors == [] and changed == [True]
    kinds = {panel.findings.item(r, 2).text() for r in range(panel.findings.rowCount())}
    assert kinds == {"new video", "not a video"}
    assert panel.clips.rowCount() == 1 and panel.clips.item(0, 1).text() == "scan queued"
    assert panel.leads.item(0, 0).text() == "@kinoleaks_mirror"
    assert panel.pages.tabText(0) == "Findings (2)"
    panel.show()
    panel.grab().save(str(artifacts_dir / "watch_panel.png"))

    opened: list[str] = []
    panel.case_requested.connect(opened.append)
    panel.pages.setCurrentIndex(1)
    panel.clips.selectRow(0)
    panel.clips.cellDoubleClicked.emit(0, 0)
    assert opened and opened[0].startswith("TD-")

    panel.pages.setCurrentIndex(2)
    panel.leads.selectRow(0)
    panel.follow_button.click()
    assert panel.sources.rowCount() == 2 and panel.leads.rowCount() == 0


def test_a_bad_source_is_one_error_dialog_not_a_crash(panel) -> None:  # type: ignore[no-untyped-def]
    panel.source_edit.setText("https://t.me/+secret")
    panel.add_button.click()
    assert len(panel.errors) == 1 and "private channel" in str(panel.errors[0])
    assert panel.sources.rowCount() == 0


def test_scanning_the_queue_shows_each_result(panel, server: LocalServer,
                                              sample_clip: Path) -> None:  # type: ignore[no-untyped-def]
    server.routes["/v/1.mp4"] = Route(file=sample_clip, content_type="video/mp4")
    FakeChannel(server, "kinoleaks").post(Message(1, video=server.url("/v/1.mp4")))
    panel.source_edit.setText("@kinoleaks")
    panel.add_button.click()
    panel.poll_button.click()
    Path(panel.model.overview().queue[0].file).write_bytes(b"damaged on disk")
    panel.scan_button.click()
    assert panel.errors == []
    assert panel.clips.item(0, 1).text() == "scan failed"
    assert "Not a video" in panel.clips.item(0, 3).text()
    assert panel.findings.item(0, 2).text() == "scan failed"
