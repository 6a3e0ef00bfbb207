"""From a channel's post to the leaking session: the watch list downloads a leak, opens a
case (found) and queues it; scanning the queue records the desk's identification and trace
into that same case. An unrelated clip stays "found"; a damaged queue item fails with its
reason and the rest go on."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

import pytest
from watchpages import FakeChannel, Message
from watchserver import LocalServer, Route
from watchworld import make_settings

TAKEDOWN_TESTS = Path(__file__).resolve().parents[1] / "takedown"
sys.path.insert(0, str(TAKEDOWN_TESTS))
from clipmaker import Attack, attacked_copy, read_frames, write_clip  # noqa: E402
from deskworld import NOW, OPERATOR, StepClock, make_world, marked_frames  # noqa: E402

from takedown.cases import CaseStatus  # noqa: E402
from takedown.desk import Desk  # noqa: E402
from takedown.store import DeskStore  # noqa: E402
from takedown.watch import FindingKind, QueueState, Watch  # noqa: E402
from takedown.watch.scanning import scan_queue  # noqa: E402

LEAK = Attack(height=240, crop=0.04, crf=30)


@pytest.fixture(scope="module")
def leak_world(tmp_path_factory, sample_clip: Path):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("watchscan")
    world = make_world(root, sample_clip)
    screen = write_clip(root / "screen.mp4",
                        marked_frames(read_frames(sample_clip), world.watermark_key,
                                      world.session_id), fps=25, crf=16)
    leak = attacked_copy(screen, root / "leak.mp4", LEAK, start=1.0, end=7.5)
    return world, leak


def test_a_watched_leak_is_traced_into_its_own_case(leak_world, tmp_path: Path,
                                                    server: LocalServer,
                                                    shared_clips: dict[str, Path]) -> None:
    world, leak = leak_world
    unrelated = shared_clips["bikes_night_640x272.mp4"]
    desk = Desk(DeskStore(tmp_path / "desk"), station=lambda: world.desk_station,
                station_folder=world.desk_folder, actor=OPERATOR,
                clock=StepClock(NOW + timedelta(days=1)))
    desk.import_audit(world.bundle)
    desk.index_film(world.screener)
    server.routes["/v/leak.mp4"] = Route(file=leak, content_type="video/mp4")
    server.routes["/v/other.mp4"] = Route(file=unrelated, content_type="video/mp4")
    channel = FakeChannel(server, "kinoleaks")
    channel.post(Message(1, text="Тихий берег — экранка", video=server.url("/v/leak.mp4")),
                 Message(2, text="something else", video=server.url("/v/other.mp4")))
    watch = Watch(desk, settings=make_settings(server))
    try:
        watch.poll(watch.add("@kinoleaks")[0])
        found = watch.repo.queue(QueueState.QUEUED)
        assert len(found) == 2
        assert [desk.case(q.case_id).status for q in found] == [CaseStatus.FOUND] * 2

        done = scan_queue(watch)
        assert [q.state for q in done] == [QueueState.SCANNED, QueueState.SCANNED]
        traced = desk.case(found[0].case_id)
        assert traced.status is CaseStatus.TRACED
        assert traced.session_id == world.session_id
        assert traced.title == "Тихий берег"  # the film's title, from its record
        assert [s.link for s in traced.sightings] == ["https://t.me/kinoleaks/1"]
        assert traced.sightings[0].views == 1200
        assert traced.sightings[0].channel == "@kinoleaks"
        assert f"session {world.session_id:016x}" in done[0].result
        other = desk.case(found[1].case_id)
        assert other.status is CaseStatus.FOUND and other.title == "something else"
        assert "no registered film matches" in done[1].result
        assert len(desk.cases()) == 2  # no second case for either clip
        assert [e.status for e in traced.events] == [CaseStatus.FOUND, CaseStatus.TRACED]
    finally:
        watch.close()
        desk.close()


def test_a_queue_item_the_scan_refuses_fails_with_its_reason(tmp_path: Path,
                                                             server: LocalServer,
                                                             sample_clip: Path) -> None:
    desk = Desk(DeskStore(tmp_path / "desk"), actor="t", clock=StepClock(NOW))
    server.routes["/v/1.mp4"] = Route(file=sample_clip, content_type="video/mp4")
    channel = FakeChannel(server, "kinoleaks")
    channel.post(Message(1, video=server.url("/v/1.mp4")))
    watch = Watch(desk, settings=make_settings(server))
    try:
        watch.poll(watch.add("@kinoleaks")[0])
        item = watch.repo.queue()[0]
        Path(item.file).write_bytes(b"damaged on disk")
        done = scan_queue(watch)
        assert done[0].state is QueueState.FAILED
        assert "The scan refused" in done[0].result
        assert watch.findings(limit=1)[0].kind is FindingKind.SCAN_FAILED
        assert scan_queue(watch) == ()  # failed items are not scanned again
    finally:
        watch.close()
        desk.close()
