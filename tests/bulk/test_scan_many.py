"""Bulk scanning: a local process pool and a Dask LocalCluster of 2 workers analyse, one
coordinating process records one transaction per clip; a rerun continues; Ctrl-C stops
with what was recorded kept; the watch list's queue is scanned into its own cases."""

from __future__ import annotations

import os
import shutil
import signal
import sys
from pathlib import Path

import pytest

TAKEDOWN_TESTS = Path(__file__).resolve().parents[1] / "takedown"
sys.path.insert(0, str(TAKEDOWN_TESTS))
from clipmaker import Attack, attacked_copy, read_frames, write_clip  # noqa: E402
from deskworld import OPERATOR, PASS, make_world, marked_frames  # noqa: E402

from takedown.bulk.clips import from_folder, from_list  # noqa: E402
from takedown.bulk.runner import BulkScan, ClipState  # noqa: E402
from takedown.bulk.worker import WorkerConfig  # noqa: E402
from takedown.cases import CaseStatus  # noqa: E402
from takedown.desk import Desk  # noqa: E402
from takedown.store import DeskStore  # noqa: E402

LEAK = Attack(height=240, crop=0.04, crf=30)
LINK = "https://t.me/kinoleaks/7"


@pytest.fixture(scope="module")
def prepared(tmp_path_factory, sample_clip: Path, shared_clips: dict[str, Path]):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("bulk")
    world = make_world(root, sample_clip, desk_folder="station")
    screen = write_clip(root / "screen.mp4",
                        marked_frames(read_frames(sample_clip), world.watermark_key,
                                      world.session_id), fps=25, crf=16)
    clips = root / "clips"
    clips.mkdir()
    attacked_copy(screen, clips / "leak_a.mp4", LEAK, start=1.0, end=7.5)
    attacked_copy(screen, clips / "leak_b.mp4", Attack(height=360, crf=28), start=0.5,
                  end=6.5)
    shutil.copyfile(shared_clips["bikes_night_640x272.mp4"], clips / "unrelated.mp4")
    (clips / "not_a_video.mp4").write_bytes(b"<html>blocked</html>" * 50)
    desk_folder = root / "desk"
    with Desk(DeskStore(desk_folder), station=lambda: world.desk_station,
              station_folder=world.desk_folder, actor=OPERATOR) as desk:
        desk.import_audit(world.bundle)
        desk.index_film(world.screener)
    return world, desk_folder, clips


def _desk(prepared, tmp_path: Path) -> tuple[Desk, WorkerConfig]:  # type: ignore[no-untyped-def]
    world, desk_folder, _clips = prepared
    folder = tmp_path / "desk"
    shutil.copytree(desk_folder, folder)
    desk = Desk(DeskStore(folder), station=lambda: world.desk_station,
                station_folder=world.desk_folder, actor=OPERATOR)
    return desk, WorkerConfig(desk_folder=folder, station_folder=world.desk_folder,
                              actor=OPERATOR, passphrase=PASS)


def _states(summary) -> dict[str, ClipState]:  # type: ignore[no-untyped-def]
    return {r.path.name: r.state for r in summary.reports}


EXPECTED = {"leak_a.mp4": ClipState.TRACED, "leak_b.mp4": ClipState.TRACED,
            "unrelated.mp4": ClipState.FOUND, "not_a_video.mp4": ClipState.REFUSED}


def test_a_process_pool_records_every_clip_once_and_a_rerun_skips_them(
        prepared, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    world, _folder, clips = prepared
    desk, config = _desk(prepared, tmp_path)
    seen: list[tuple[int, int]] = []
    with desk:
        run = BulkScan(desk, config, progress=lambda done, total, _s: seen.append((done, total)))
        summary = run.run_local(from_folder(clips, LINK), workers=2)
        assert _states(summary) == EXPECTED
        assert seen[0] == (0, 4) and seen[-1] == (4, 4)
        assert summary.workers == 2 and len(summary.peak_rss) == 2
        traced = [r for r in summary.reports if r.state is ClipState.TRACED]
        assert {r.session for r in traced} == {f"{world.session_id:016x}"}
        assert len({r.worker for r in summary.reports}) == 2  # both workers took clips
        cases = desk.cases()
        assert sorted(c.status.value for c in cases) == ["found", "traced", "traced"]
        again = run.run_local(from_folder(clips, LINK), workers=2)
        assert _states(again) == {**EXPECTED, "leak_a.mp4": ClipState.SKIPPED,
                                  "leak_b.mp4": ClipState.SKIPPED,
                                  "unrelated.mp4": ClipState.SKIPPED}
        assert len(desk.cases()) == 3


def test_ctrl_c_stops_and_the_same_command_goes_on(prepared, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _world, _folder, clips = prepared
    desk, config = _desk(prepared, tmp_path)
    with desk:
        def stop(_report: object) -> None:
            raise KeyboardInterrupt

        first = BulkScan(desk, config, on_report=stop).run_local(
            from_folder(clips, LINK), workers=2)
        assert first.cancelled and len(first.reports) == 1
        rest = BulkScan(desk, config).run_local(from_folder(clips, LINK), workers=2)
        assert not rest.interrupted
        assert sorted(r.state.value for r in rest.reports).count("skipped") == (
            0 if first.reports[0].state is ClipState.REFUSED else 1)
        assert len([c for c in desk.cases()]) == 3


def test_a_dask_local_cluster_of_two_workers(prepared, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    distributed = pytest.importorskip("distributed")
    _world, _folder, clips = prepared
    desk, config = _desk(prepared, tmp_path)
    listing = tmp_path / "clips.txt"
    listing.write_text("# clips seen on one channel\n" + "".join(
        f"{p}\t{LINK}\t2026-05-01T12:00:00+00:00\t@kinoleaks\t1500\n"
        for p in sorted(clips.iterdir())), encoding="utf-8")
    with desk, distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                        dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        summary = BulkScan(desk, config).run_dask(from_list(listing, None), client)
        assert _states(summary) == EXPECTED and summary.workers == 2
        traced = next(c for c in desk.cases() if c.status is CaseStatus.TRACED)
        full = desk.case(traced.case_id)
        assert full.sightings[0].channel == "@kinoleaks" and full.sightings[0].views == 1500


def test_a_list_names_its_problems(tmp_path: Path) -> None:
    from takedown.errors import TakedownInputError

    listing = tmp_path / "clips.txt"
    listing.write_text("a.mp4\thttps://t.me/x_films/1\nb.mp4\n", encoding="utf-8")
    with pytest.raises(TakedownInputError, match=r"Line 2 .* no link"):
        from_list(listing, None)
    listing.write_text("a.mp4\thttps://t.me/x_films/1\t\t\tmany\n", encoding="utf-8")
    with pytest.raises(TakedownInputError, match="whole number"):
        from_list(listing, None)
    assert [c.path for c in from_list(_ok(listing), None)] == [tmp_path / "a.mp4"]


def _ok(listing: Path) -> Path:
    listing.write_text("# one clip\na.mp4\thttps://t.me/x_films/1\n", encoding="utf-8")
    return listing


def test_the_command_prints_progress_and_a_summary(prepared, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    from takedown.cli import main

    world, desk_folder, clips = prepared
    home = tmp_path / "home"
    shutil.copytree(desk_folder, home / "desk")
    shutil.copytree(world.desk_folder, home / "station")
    monkeypatch.setenv("SCREENINGROOM_HOME", str(home))
    monkeypatch.setenv("SCREENINGROOM_PASSPHRASE", PASS)
    assert main(["scan-many", str(clips), "--seen-at", LINK, "--workers", "2"]) == 0
    out, err = capsys.readouterr()
    assert "Scanning: 4/4 clips" in err and "clips/min" in err
    assert "leak_a.mp4" in out and "traced" in out and f"{world.session_id:016x}" in out
    assert "4 of 4 clips" in out and "2 traced" in out and "1 refused" in out
    assert main(["scan-many", str(clips), "--seen-at", LINK]) == 0
    assert "3 done before" in capsys.readouterr().out
    assert main(["scan-many"]) == 2
    assert "Say what to scan" in capsys.readouterr().err


def test_the_watch_lists_queue_is_scanned_into_its_cases(prepared, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "watch"))
    from watchpages import FakeChannel, Message
    from watchserver import LocalServer, Route
    from watchworld import make_settings

    from takedown.bulk.clips import from_queue
    from takedown.watch import QueueState, Watch

    _world, _folder, clips = prepared
    desk, config = _desk(prepared, tmp_path)
    server = LocalServer()
    try:
        server.routes["/v/a.mp4"] = Route(file=clips / "leak_a.mp4", content_type="video/mp4")
        server.routes["/v/b.mp4"] = Route(file=clips / "unrelated.mp4",
                                          content_type="video/mp4")
        FakeChannel(server, "kinoleaks").post(
            Message(1, text="Тихий берег 1080p", video=server.url("/v/a.mp4")),
            Message(2, text="other", video=server.url("/v/b.mp4")))
        with desk, Watch(desk, settings=make_settings(server)) as watch:
            watch.poll(watch.add("@kinoleaks")[0])
            waiting = watch.repo.queue(QueueState.QUEUED)
            summary = BulkScan(desk, config, watch_repo=watch.repo).run_local(
                from_queue(watch.repo), workers=2)
            assert sorted(r.state.value for r in summary.reports) == ["found", "traced"]
            assert {r.case_id for r in summary.reports} == {q.case_id for q in waiting}
            assert len(desk.cases()) == 2  # into the watch list's cases, no new ones
            assert [q.state for q in watch.repo.queue()] == [QueueState.SCANNED] * 2
            assert from_queue(watch.repo) == []
            traced = desk.case(waiting[0].case_id)
            assert traced.status is CaseStatus.TRACED
            assert traced.title == "Тихий берег"  # the film's title, from its record
            assert [s.link for s in traced.sightings] == ["https://t.me/kinoleaks/1"]
            assert traced.sightings[0].views == 1200
            assert traced.sightings[0].channel == "@kinoleaks"
            assert [e.status for e in traced.events] == [CaseStatus.FOUND, CaseStatus.TRACED]
            other = desk.case(waiting[1].case_id)
            assert other.status is CaseStatus.FOUND and other.title == "other"
    finally:
        server.stop()


def test_a_worker_killed_mid_run_ends_it_cleanly_and_a_rerun_finishes(
        prepared, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _world, _folder, clips = prepared
    desk, config = _desk(prepared, tmp_path)
    with desk:
        killed: list[int] = []

        def kill_a_worker(report) -> None:  # type: ignore[no-untyped-def]
            if not killed:  # the worker that took the first clip, as the OOM killer would
                killed.append(int(report.worker.split("@")[0]))
                os.kill(killed[0], signal.SIGKILL)

        # one worker: when the first clip is reported, it is in the middle of the second
        first = BulkScan(desk, config, on_report=kill_a_worker).run_local(
            from_folder(clips, LINK), workers=1)
        assert first.interrupted and not first.cancelled and len(first.reports) < 4
        assert "stopped unexpectedly" in first.stopped
        rest = BulkScan(desk, config).run_local(from_folder(clips, LINK), workers=2)
        assert len(rest.reports) == 4 and len(desk.cases()) == 3
