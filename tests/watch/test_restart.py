"""A poll stopped anywhere (Ctrl-C during a download, a crash inside the recording of a
video) and restarted: every video ends with exactly one case, none is lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from watchpages import FakeChannel, Message
from watchserver import LocalServer, Route
from watchworld import World

from takedown.watch.download import Downloader
from takedown.watch.repository import WatchRepository


def _channel(server: LocalServer, clips: list[Path]) -> FakeChannel:
    channel = FakeChannel(server, "kinoleaks")
    for n, clip in enumerate(clips[:3]):
        server.routes[f"/v/{n}.mp4"] = Route(file=clip, content_type="video/mp4")
        channel.post(Message(10 + n, text=f"film {n}", video=server.url(f"/v/{n}.mp4")))
    return channel


def _one_case_per_video(world: World) -> None:
    watch = world.restart()
    watch.poll(watch.find("@kinoleaks"))
    cases = watch.desk.cases()
    queue = watch.repo.queue()
    assert len(cases) == 3 and len(queue) == 3
    assert sorted(q.case_id for q in queue) == sorted(c.case_id for c in cases)
    assert len({q.sha256 for q in queue}) == 3
    assert watch.repo.video_states(watch.find("@kinoleaks").source_id) == {"downloaded": 3}


def test_ctrl_c_during_a_download(world: World, server: LocalServer, clips: list[Path],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    _channel(server, clips)
    real = Downloader.fetch
    calls = {"n": 0}

    def interrupted(self: Downloader, url: str, key: str):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(self, url, key)

    monkeypatch.setattr(Downloader, "fetch", interrupted)
    watch = world.open()
    source, _ = watch.add("@kinoleaks")
    with pytest.raises(KeyboardInterrupt):
        watch.poll(source)
    assert len(watch.desk.cases()) == 1
    monkeypatch.setattr(Downloader, "fetch", real)
    _one_case_per_video(world)


def test_a_crash_inside_the_recording_of_a_video_leaves_nothing_half_written(
        world: World, server: LocalServer, clips: list[Path],
        monkeypatch: pytest.MonkeyPatch) -> None:
    _channel(server, clips)
    real = WatchRepository.enqueue

    def crash(self: WatchRepository, **kwargs: object) -> None:
        raise RuntimeError("power cut")

    monkeypatch.setattr(WatchRepository, "enqueue", crash)
    watch = world.open()
    source, _ = watch.add("@kinoleaks")
    with pytest.raises(RuntimeError, match="power cut"):
        watch.poll(source)
    assert watch.desk.cases() == ()  # the case opened in that transaction was rolled back
    assert watch.repo.video_states(source.source_id) == {"pending": 3}
    monkeypatch.setattr(WatchRepository, "enqueue", real)
    _one_case_per_video(world)


def test_two_pollers_at_once_record_each_video_once(world: World, server: LocalServer,
                                                    clips: list[Path],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The window and a 'watch run' poll the same channel at the same moment."""
    _channel(server, clips)
    first, second = world.open(), world.open()
    source, _ = first.add("@kinoleaks")
    real = Downloader.fetch
    raced = {"done": False}

    def racing(self: Downloader, url: str, key: str):  # type: ignore[no-untyped-def]
        if not raced["done"]:
            raced["done"] = True
            second.poll(second.find("@kinoleaks"))  # the other poller does it all meanwhile
        return real(self, url, key)

    monkeypatch.setattr(Downloader, "fetch", racing)
    report = first.poll(source)
    assert report.videos_new == 0  # everything was the other poller's
    assert len(first.desk.cases()) == 3 and len(first.repo.queue()) == 3
    assert first.repo.video_states(source.source_id) == {"downloaded": 3}
