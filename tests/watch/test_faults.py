"""What servers and pages do wrong, each giving the right record: a 429 with Retry-After, a
500, a time-out, a truncated download, a file that is not a video, a huge file, a page whose
markup changed, a redirect loop — and nothing lost or repeated across a restart."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from watchpages import FakeChannel, Message
from watchserver import LocalServer, Route
from watchworld import World

from takedown.watch import QueueState, VideoState


def _channel_with_video(server: LocalServer, path: str, route: Route) -> FakeChannel:
    server.routes[path] = route
    channel = FakeChannel(server, "kinoleaks")
    channel.post(Message(1, text="hello"), Message(2, text="Film", video=server.url(path)))
    return channel


def _kinds(report) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.kind.value for f in report.findings]


def _video_state(watch, source) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return watch.repo.video_states(source.source_id)


def test_429_with_retry_after_is_waited_and_honoured(world: World, server: LocalServer,
                                                      clips: list[Path]) -> None:
    channel = _channel_with_video(server, "/f/a.mp4", Route(file=clips[0],
                                                            content_type="video/mp4"))
    ok = channel._page  # the page after the wait
    limited = Route(status=429, body=b"slow down", headers={"Retry-After": "7"})
    calls = {"n": 0}

    def page(full_path: str) -> Route:
        calls["n"] += 1
        return limited if calls["n"] == 1 else ok(full_path)

    server.routes["/s/kinoleaks"] = page
    watch = world.open()
    source, _ = watch.add("@kinoleaks")
    report = watch.poll(source)
    assert report.videos_new == 1 and _kinds(report) == ["new-video"]
    assert 7.0 in world.time.waits  # the server's Retry-After, not a guess


def test_a_retry_after_longer_than_worth_waiting_moves_the_next_poll(
        world: World, server: LocalServer) -> None:
    channel = FakeChannel(server, "kinoleaks")
    channel.post(Message(1))
    channel.down = Route(status=429, headers={"Retry-After": "3600"})
    watch = world.open(max_wait=30.0)
    source, _ = watch.add("@kinoleaks", interval=600)
    report = watch.poll(source)
    assert _kinds(report) == ["rate-limited"]
    assert "3600 s" in report.findings[0].detail
    polled = watch.repo.source(source.source_id)
    assert polled.next_due - polled.last_polled >= timedelta(seconds=3600)
    assert max(world.time.waits, default=0) < 3600  # nothing waited that long
    assert len(server.hits_of("/s/kinoleaks")) == 1  # and not asked again meanwhile


def test_a_500_is_retried_with_backoff_then_recorded_and_the_next_poll_recovers(
        world: World, server: LocalServer, clips: list[Path]) -> None:
    channel = _channel_with_video(server, "/f/a.mp4", Route(file=clips[0],
                                                            content_type="video/mp4"))
    channel.down = Route(status=500, body=b"oops")
    watch = world.open(attempts=3, backoff=0.5)
    source, _ = watch.add("@kinoleaks")
    report = watch.poll(source)
    assert _kinds(report) == ["server-error"]
    assert world.time.waits[:2] == [0.5, 1.0]  # back-off doubles
    assert len(server.hits_of("/s/kinoleaks")) == 3
    channel.down = None
    watch = world.restart()
    report = watch.poll(watch.find("@kinoleaks"))
    assert report.videos_new == 1


def test_a_timeout_is_recorded(world: World, server: LocalServer) -> None:
    channel = FakeChannel(server, "kinoleaks")
    channel.post(Message(1))
    channel.down = Route(delay=1.5, body=b"late")
    watch = world.open(timeout=0.3, attempts=2)
    source, _ = watch.add("@kinoleaks")
    report = watch.poll(source)
    assert _kinds(report) == ["timeout"]
    assert "did not answer within 0.3 s" in report.findings[0].detail


def test_a_truncated_download_resumes_with_range_and_gives_the_whole_file(
        world: World, server: LocalServer, clips: list[Path]) -> None:
    route = Route(file=clips[1], content_type="video/mp4", etag='"v1"',
                  truncate_at=clips[1].stat().st_size // 3)
    channel = _channel_with_video(server, "/f/cut.mp4", route)
    watch = world.open()
    source, _ = watch.add("@kinoleaks")
    report = watch.poll(source)
    assert _kinds(report) == ["truncated"]
    assert "next poll resumes it" in report.findings[0].detail
    assert _video_state(watch, source) == {"pending": 1}
    assert watch.desk.cases() == ()

    route.truncate_at = None  # the connection holds this time
    watch = world.restart()
    report = watch.poll(watch.find("@kinoleaks"))
    assert _kinds(report) == ["new-video"]
    resumed = server.hits_of("/f/cut.mp4")[-1].headers
    assert resumed["range"] == f"bytes={clips[1].stat().st_size // 3}-"
    assert resumed["if-range"] == '"v1"'
    item = watch.repo.queue(QueueState.QUEUED)[0]
    assert Path(item.file).read_bytes() == clips[1].read_bytes()
    assert channel.messages[2].video is not None


def test_a_download_always_cut_short_gives_up_after_the_attempts_allowed(
        world: World, server: LocalServer, clips: list[Path]) -> None:
    _channel_with_video(server, "/f/cut.mp4", Route(file=clips[1], content_type="video/mp4",
                                                    ranges=False, truncate_at=1000))
    watch = world.open(download_attempts=2)
    source, _ = watch.add("@kinoleaks")
    watch.poll(source)
    report = watch.poll(source)
    assert _kinds(report) == ["truncated"] and "Gave up after 2 tries" in \
        report.findings[0].detail
    assert _video_state(watch, source) == {"failed": 1}
    assert not list((watch.downloads / "partial").glob("*.part"))


def test_a_file_that_is_not_a_video(world: World, server: LocalServer) -> None:
    server.routes["/f/fake.mp4"] = Route(body=b"<html>you have been blocked</html>" * 20,
                                         content_type="video/mp4")
    server.routes["/f/page.mp4"] = Route(body=b"<html>login</html>", content_type="text/html")
    channel = FakeChannel(server, "kinoleaks")
    channel.post(Message(1, video=server.url("/f/fake.mp4")),
                 Message(2, video=server.url("/f/page.mp4")))
    watch = world.open()
    source, _ = watch.add("@kinoleaks")
    report = watch.poll(source)
    assert _kinds(report) == ["not-a-video", "not-a-video"]
    assert "first bytes" in report.findings[0].detail
    assert "text/html" in report.findings[1].detail
    assert _video_state(watch, source) == {"refused": 2}
    assert watch.desk.cases() == ()


def test_a_damaged_video_is_refused(world: World, server: LocalServer,
                                    clips: list[Path]) -> None:
    data = clips[0].read_bytes()
    server.routes["/f/broken.mp4"] = Route(body=data[: len(data) // 2],
                                           content_type="video/mp4")
    channel = FakeChannel(server, "kinoleaks")
    channel.post(Message(1, video=server.url("/f/broken.mp4")))
    watch = world.open()
    report = watch.poll(watch.add("@kinoleaks")[0])
    assert _kinds(report) == ["damaged"]


def test_a_huge_file_is_refused_before_and_while_downloading(
        world: World, server: LocalServer) -> None:
    server.routes["/f/huge.mp4"] = Route(body=b"\x00\x00\x00\x18ftypisom" + bytes(5000),
                                         content_type="video/mp4", announce=50 * 1024**3)
    server.routes["/f/endless.mp4"] = Route(content_type="video/mp4", endless=64 * 1024**2)
    channel = FakeChannel(server, "kinoleaks")
    channel.post(Message(1, video=server.url("/f/huge.mp4")),
                 Message(2, video=server.url("/f/endless.mp4")))
    watch = world.open(max_download=2 * 1024**2)
    source, _ = watch.add("@kinoleaks")
    report = watch.poll(source)
    assert _kinds(report) == ["too-big", "too-big"]
    assert "53687.1 MB, over the download limit of 2.1 MB" in report.findings[0].detail
    assert "goes on past the download limit" in report.findings[1].detail
    assert not list(watch.downloads.rglob("*.part"))


def test_a_video_too_big_for_the_preview_is_recorded_not_downloaded(
        world: World, server: LocalServer) -> None:
    channel = FakeChannel(server, "kinoleaks")
    channel.post(Message(1, video_too_big=True, text="Full film 4K"))
    watch = world.open()
    source, _ = watch.add("@kinoleaks")
    watch.poll(source)
    assert _video_state(watch, source) == {VideoState.UNAVAILABLE.value: 1}


def test_a_page_whose_markup_changed_is_a_finding_and_nothing_is_lost(
        world: World, server: LocalServer, clips: list[Path]) -> None:
    channel = _channel_with_video(server, "/f/a.mp4", Route(file=clips[0],
                                                            content_type="video/mp4"))
    channel.markup_changed = True
    watch = world.open()
    source, _ = watch.add("@kinoleaks")
    report = watch.poll(source)
    assert _kinds(report) == ["markup-changed"]
    assert "page has changed" in report.findings[0].detail
    assert watch.repo.source(source.source_id).last_message_id is None
    channel.markup_changed = False  # the reader is updated, or the page comes back
    watch = world.restart()
    report = watch.poll(watch.find("@kinoleaks"))
    assert report.posts_new == 2 and report.videos_new == 1


def test_a_redirect_loop(world: World, server: LocalServer) -> None:
    server.routes["/s/loopy"] = Route(location="/s/loopy2")
    server.routes["/s/loopy2"] = Route(location="/s/loopy")
    watch = world.open(max_redirects=5)
    report = watch.poll(watch.add("@loopy")[0])
    assert _kinds(report) == ["redirect-loop"]
    assert "more than 5 times" in report.findings[0].detail


def test_a_name_without_preview_is_a_finding(world: World, server: LocalServer) -> None:
    from watchpages import profile_page

    server.routes["/s/closedfilms"] = Route(location="/closedfilms")
    server.routes["/closedfilms"] = Route(body=profile_page("closedfilms").encode())
    watch = world.open()
    report = watch.poll(watch.add("@closedfilms")[0])
    assert _kinds(report) == ["no-preview"]


def test_an_expired_file_address_is_read_again_from_the_preview(
        world: World, server: LocalServer, clips: list[Path]) -> None:
    channel = FakeChannel(server, "kinoleaks")
    server.routes["/f/new.mp4"] = Route(file=clips[2], content_type="video/mp4")

    def expired(_path: str) -> Route:
        channel.messages[2].video = server.url("/f/new.mp4")  # the preview now offers this
        return Route(status=403, body=b"token expired")

    server.routes["/f/old.mp4"] = expired
    channel.post(Message(1), Message(2, text="Film", video=server.url("/f/old.mp4")))
    watch = world.open()
    report = watch.poll(watch.add("@kinoleaks")[0])
    assert _kinds(report) == ["new-video"]
    assert server.hits_of("/s/kinoleaks")[-1].path == "/s/kinoleaks?before=3"
    assert Path(watch.repo.queue()[0].file).read_bytes() == clips[2].read_bytes()


def test_a_page_too_large_to_be_a_page(world: World, server: LocalServer) -> None:
    server.routes["/huge-page"] = Route(body=b"<html>" + b"x" * 300_000, etag='"h"')
    watch = world.open(max_page=100_000)
    report = watch.poll(watch.add(server.site("/huge-page"))[0])
    assert _kinds(report) == ["too-big"]
    assert "too large for a page" in report.findings[0].detail


def test_a_channel_taken_down_after_it_was_read(world: World, server: LocalServer) -> None:
    from watchpages import profile_page

    channel = FakeChannel(server, "kinoleaks")
    channel.post(Message(1), Message(2))
    watch = world.open()
    source, _ = watch.add("@kinoleaks")
    watch.poll(source)
    channel.down = Route(location="/kinoleaks")
    server.routes["/kinoleaks"] = Route(body=profile_page("kinoleaks").encode())
    report = watch.poll(watch.find("@kinoleaks"))
    assert _kinds(report) == ["channel-gone"]
    assert "removed, made private or renamed" in report.findings[0].detail
