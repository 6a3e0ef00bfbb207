"""Websites: HTML pages (video elements, links to video files), RSS and Atom feeds, robots.txt,
and conditional requests (ETag, If-Modified-Since)."""

from __future__ import annotations

from pathlib import Path

from watchpages import atom_feed, rss_feed, video_page
from watchserver import LocalServer, Route
from watchworld import World

from takedown.watch import FindingKind, LeadKind
from takedown.watch.fetch import Page
from takedown.watch.site import html_videos, read_site


def _files(server: LocalServer, clips: list[Path]) -> list[str]:
    for n, clip in enumerate(clips):
        server.routes[f"/media/{n}.mp4"] = Route(file=clip, content_type="video/mp4")
    return [server.site(f"/media/{n}.mp4") for n in range(len(clips))]


def test_html_videos_elements_sources_links_and_open_graph() -> None:
    html = """<html><head><title>Фильмы онлайн</title>
      <meta property="og:video" content="/og/film.mp4"></head><body>
      <video src="a.mp4"></video><video><source src="/b.webm" type="video/webm"></video>
      <a href="https://cdn.example/c.MKV?token=1">download</a>
      <a href="/about">about</a><a href="javascript:void(0)">x</a>
      <a href="https://t.me/kinomirror">our channel</a></body></html>"""
    videos, links, title = html_videos(html, "https://films.example/watch/1")
    assert videos == ["https://films.example/watch/a.mp4", "https://films.example/b.webm",
                      "https://films.example/og/film.mp4", "https://cdn.example/c.MKV?token=1"]
    assert links == ["https://films.example/about", "https://t.me/kinomirror"]
    assert title == "Фильмы онлайн"


def test_a_page_with_videos_then_one_removed(world: World, server: LocalServer,
                                             clips: list[Path]) -> None:
    urls = _files(server, clips)
    page = Route(body=video_page("Films", [urls[0], "/media/1.mp4"],
                                 links=("https://t.me/kinomirror", "https://other.example/x"))
                 .encode(), etag='"p1"')
    server.routes["/films"] = page
    watch = world.open()
    source, _ = watch.add(server.site("/films"))
    report = watch.poll(source)
    assert report.videos_new == 2 and report.leads_new == 1
    assert [lead.kind for lead in watch.leads()] == [LeadKind.CHANNEL]
    assert watch.repo.source(source.source_id).is_feed is False
    page.body = video_page("Films", [urls[0]]).encode()
    page.etag = '"p2"'
    report = world.restart().poll(source)
    assert [f.kind for f in report.findings] == [FindingKind.POST_GONE]
    assert report.findings[0].case_id is not None


def test_conditional_requests_with_etag_and_last_modified(world: World, server: LocalServer,
                                                          clips: list[Path]) -> None:
    urls = _files(server, clips)
    server.routes["/etag"] = Route(body=video_page("A", urls[:1]).encode(), etag='"v7"')
    server.routes["/lm"] = Route(body=video_page("B", urls[1:2]).encode(),
                                 last_modified=1_776_700_000.0)
    watch = world.open()
    first = [watch.poll(watch.add(server.site(p))[0]) for p in ("/etag", "/lm")]
    assert [r.videos_new for r in first] == [1, 1]
    watch = world.restart()
    again = [watch.poll(s) for s in watch.sources()]
    assert [r.not_modified for r in again] == [True, True]
    assert server.hits_of("/etag")[-1].headers["if-none-match"] == '"v7"'
    assert server.hits_of("/lm")[-1].headers["if-modified-since"].endswith("GMT")
    assert all(r.findings == () for r in again)


def test_rss_and_atom_feeds(world: World, server: LocalServer, clips: list[Path]) -> None:
    urls = _files(server, clips)
    server.routes["/rss"] = Route(body=rss_feed("New films", [
        ("f-1", "Film one", urls[0]), ("f-2", "Film two", urls[1])]).encode(),
        content_type="application/rss+xml")
    server.routes["/atom"] = Route(body=atom_feed("More films", [
        ("urn:f-3", "Film three", urls[2])]).encode(), content_type="application/atom+xml")
    watch = world.open()
    rss = watch.poll(watch.add(server.site("/rss"))[0])
    atom = watch.poll(watch.add(server.site("/atom"))[0])
    assert (rss.videos_new, atom.videos_new) == (2, 1)
    assert watch.repo.source(rss.source.source_id).is_feed is True
    queue = watch.repo.queue()
    assert [q.link for q in queue] == ["https://films.example/f-1", "https://films.example/f-2",
                                       "https://films.example/urn:f-3"]
    assert queue[0].seen_time is not None and queue[0].seen_time.hour == 18
    # the feed rolls on: the oldest entry leaves it, which is not a removal
    server.routes["/rss"].body = rss_feed("New films", [("f-2", "Film two", urls[1])]).encode()
    assert world.restart().poll(rss.source).findings == ()


def test_a_feed_that_is_not_xml_is_a_markup_finding() -> None:
    page = Page(url="https://films.example/rss", status=200, body=b"<?xml version='1.0'?><rss",
                text="<?xml version='1.0'?><rss", content_type="application/rss+xml",
                etag=None, last_modified=None)
    import pytest

    from takedown.watch.errors import MarkupChanged

    with pytest.raises(MarkupChanged, match="not a readable RSS or Atom feed"):
        read_site(page)


def test_robots_txt_is_respected_for_pages_and_their_files(
        world: World, server: LocalServer, clips: list[Path]) -> None:
    urls = _files(server, clips)
    server.routes["/robots.txt"] = Route(
        body=b"User-agent: *\nDisallow: /private/\nDisallow: /media/1.mp4\n",
        content_type="text/plain")
    server.routes["/private/films"] = Route(body=video_page("x", urls[:1]).encode())
    server.routes["/open"] = Route(body=video_page("y", urls[:2]).encode())
    watch = world.open()
    closed = watch.poll(watch.add(server.site("/private/films"))[0])
    assert [f.kind for f in closed.findings] == [FindingKind.ROBOTS]
    assert server.hits_of("/private/films") == []
    opened = watch.poll(watch.add(server.site("/open"))[0])
    assert opened.videos_new == 1
    assert [f.kind for f in opened.findings if f.kind.is_problem] == [FindingKind.ROBOTS]
    assert server.hits_of("/media/1.mp4") == []
    assert len(server.hits_of("/robots.txt")) == 1  # fetched once, kept


def test_robots_txt_crawl_delay_paces_the_host(world: World, server: LocalServer,
                                               clips: list[Path]) -> None:
    urls = _files(server, clips)
    server.routes["/robots.txt"] = Route(body=b"User-agent: *\nCrawl-delay: 5\n",
                                         content_type="text/plain")
    server.routes["/films"] = Route(body=video_page("x", urls[:2]).encode())
    watch = world.open(host_interval=0.0)
    watch.poll(watch.add(server.site("/films"))[0])
    assert world.time.waits.count(5.0) >= 2  # between the page and each file


def test_nothing_is_fetched_from_the_desks_own_network(tmp_path: Path, server: LocalServer,
                                                       clips: list[Path]) -> None:
    """A page (or a redirect) pointing at loopback or private addresses is refused."""
    from watchserver import SITE_HOST, LoopbackTransport
    from watchworld import FakeTime, desk_clock, make_settings

    from takedown.desk import Desk
    from takedown.store import DeskStore
    from takedown.watch import Fetcher, Watch

    server.routes["/films"] = Route(body=video_page("x", [
        server.url("/media/0.mp4"), server.site("/go/metadata")]).encode())
    server.routes["/media/0.mp4"] = Route(file=clips[0], content_type="video/mp4")
    server.routes["/go/metadata"] = Route(location="http://169.254.169.254/latest/meta-data")
    settings = make_settings(server, private_addresses=False)
    names = {SITE_HOST: ["93.184.216.34"], "127.0.0.1": ["127.0.0.1"],
             "169.254.169.254": ["169.254.169.254"]}
    time = FakeTime()
    fetcher = Fetcher(settings, clock=time.clock, sleep=time.sleep,
                      transport=LoopbackTransport(), resolver=lambda host, port: names[host])
    desk = Desk(DeskStore(tmp_path / "desk"), clock=desk_clock(), actor="t")
    watch = Watch(desk, settings=settings, fetcher=fetcher)
    try:
        report = watch.poll(watch.add(server.site("/films"))[0])
        refused = [f.detail for f in report.findings
                   if f.kind is FindingKind.PRIVATE_ADDRESS]
        assert len(refused) == 2 and all("private or local network" in d for d in refused)
        assert "(127.0.0.1)" in refused[0] and "(169.254.169.254)" in refused[1]
        assert server.hits_of("/media/0.mp4") == []
        assert desk.cases() == ()
    finally:
        fetcher.close()
        watch.close()
        desk.close()
