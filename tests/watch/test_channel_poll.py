"""Polling a channel's web preview served by a local HTTP server: new posts between polls,
deleted posts, paging back on the first poll, leads, and restarts that neither repeat nor
miss a post."""

from __future__ import annotations

from pathlib import Path

from watchpages import FakeChannel, Message
from watchserver import LocalServer, Route
from watchworld import World

from takedown.cases import CaseStatus
from takedown.watch import FindingKind, LeadKind, QueueState


def _serve_clips(server: LocalServer, clips: list[Path]) -> list[str]:
    urls = []
    for n, clip in enumerate(clips):
        path = f"/file/{n}.mp4"
        server.routes[path] = Route(file=clip, content_type="video/mp4", etag=f'"clip{n}"')
        urls.append(server.url(path))
    return urls


def test_first_poll_pages_back_and_opens_a_case_per_new_video(
        world: World, server: LocalServer, clips: list[Path]) -> None:
    urls = _serve_clips(server, clips)
    channel = FakeChannel(server, "kinoleaks")
    channel.post(*[Message(i, text=f"post {i}") for i in range(1, 46)])
    channel.post(Message(5, text="Тихий берег (2026) 1080p", video=urls[0]),
                 Message(30, text="Another film", video=urls[1]),
                 Message(44, text="mirror: join", links=("https://t.me/kinoleaks2",
                                                         "https://t.me/kinofilmbot",
                                                         "https://t.me/+AbCdEf123")))
    watch = world.open()
    source, added = watch.add("@kinoleaks", depth=3)
    assert added
    report = watch.poll(source)
    assert report.posts_new == 45 and report.videos_new == 2, report.findings
    assert len(server.hits_of("/s/kinoleaks")) == 3  # newest page, then two pages back
    cases = watch.desk.cases()
    assert [c.status for c in cases] == [CaseStatus.FOUND, CaseStatus.FOUND]
    assert cases[0].title == "Тихий берег (2026) 1080p"
    queue = watch.repo.queue(QueueState.QUEUED)
    assert [q.link for q in queue] == ["https://t.me/kinoleaks/5", "https://t.me/kinoleaks/30"]
    assert all(Path(q.file).is_file() for q in queue)
    assert queue[0].channel == "@kinoleaks" and queue[0].views == 1200
    from takedown import custody

    entry = custody.entries(watch.desk.store, queue[0].case_id)[0]
    assert entry.action == "watch" and queue[0].sha256 in entry.detail
    assert "https://t.me/kinoleaks/5 of @kinoleaks" in entry.detail
    assert "views as shown 1.2K" in entry.detail and "Тихий берег (2026) 1080p" in entry.detail
    leads = {lead.target: lead.kind for lead in watch.leads()}
    assert leads == {"@kinoleaks2": LeadKind.CHANNEL, "@kinofilmbot": LeadKind.BOT,
                     "t.me/+AbCdEf123": LeadKind.INVITE}
    assert watch.repo.source(source.source_id).last_message_id == 45


def test_new_posts_between_polls_deleted_posts_and_restarts(
        world: World, server: LocalServer, clips: list[Path]) -> None:
    urls = _serve_clips(server, clips)
    channel = FakeChannel(server, "kinoleaks")
    channel.post(*[Message(i, text=f"post {i}") for i in range(1, 11)],
                 Message(8, text="Film one", video=urls[0]))
    watch = world.open()
    source, _ = watch.add("@kinoleaks")
    assert watch.poll(source).videos_new == 1

    # between polls: two new posts with videos, one of them a file seen before; post 8 deleted
    channel.post(Message(11, text="Film two", video=urls[1]),
                 Message(12, text="Film one again", video=urls[0] + "?copy"))
    server.routes["/file/0.mp4?copy"] = Route(file=clips[0], content_type="video/mp4")
    channel.delete(8)
    watch = world.restart()
    report = watch.poll(watch.find("@kinoleaks"))
    kinds = sorted(f.kind.value for f in report.findings)
    assert kinds == ["duplicate", "new-video", "post-gone"], report.findings
    gone = next(f for f in report.findings if f.kind is FindingKind.POST_GONE)
    assert gone.link == "https://t.me/kinoleaks/8" and gone.case_id is not None
    dup = next(f for f in report.findings if f.kind is FindingKind.DUPLICATE)
    assert dup.case_id == gone.case_id
    assert len(watch.desk.cases()) == 2

    # a restart and a poll with nothing new: nothing repeated, nothing new
    watch = world.restart()
    report = watch.poll(watch.find("@kinoleaks"))
    assert (report.posts_new, report.videos_new, report.gone, report.findings) == (0, 0, 0, ())
    assert len(watch.desk.cases()) == 2
    assert len(watch.repo.queue()) == 2


def test_posts_made_while_the_desk_was_down_are_caught_up(
        world: World, server: LocalServer, clips: list[Path]) -> None:
    urls = _serve_clips(server, clips)
    channel = FakeChannel(server, "kinoleaks")
    channel.post(*[Message(i) for i in range(1, 6)])
    watch = world.open()
    source, _ = watch.add("@kinoleaks", depth=1)
    watch.poll(source)
    # 50 posts while stopped (two and a half pages), the video in the oldest of them
    channel.post(*[Message(i) for i in range(6, 56)], Message(6, text="early", video=urls[2]))
    watch = world.restart()
    report = watch.poll(watch.find("@kinoleaks"))
    assert report.posts_new == 50 and report.videos_new == 1
    assert not [f for f in report.findings if f.kind is FindingKind.GAP]


def test_more_new_posts_than_the_catch_up_depth_is_a_gap_finding(
        world: World, server: LocalServer) -> None:
    channel = FakeChannel(server, "kinoleaks")
    channel.post(*[Message(i) for i in range(1, 4)])
    watch = world.open(catch_up_pages=2)
    source, _ = watch.add("@kinoleaks", depth=1)
    watch.poll(source)
    channel.post(*[Message(i) for i in range(4, 100)])
    report = watch.poll(watch.find("@kinoleaks"))
    gap = [f for f in report.findings if f.kind is FindingKind.GAP]
    assert len(gap) == 1 and "between 3 and" in gap[0].detail
