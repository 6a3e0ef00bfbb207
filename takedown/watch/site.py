"""Websites: an HTML page's videos, or an RSS/Atom feed's entries.

HTML is parsed with selectolax (lexbor) and CSS selectors: ``<video src>``,
``<video><source src>``, links to video files (``<a href="...mp4">``) and the Open Graph
``og:video`` tags. Feeds are read by feedparser (RSS 0.9x-2.0, Atom): an entry's video
enclosures and ``media:content``, and the videos and links in its HTML. Each video of a
page is a post of its own (keyed by its address); each feed entry is one post.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import feedparser
from selectolax.lexbor import LexborHTMLParser

from screeningroom_resources.i18n import _
from takedown.watch.errors import MarkupChanged
from takedown.watch.fetch import Page
from takedown.watch.model import VIDEO_SUFFIXES, Post, VideoRef

FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/xml",
                        "text/xml", "application/rdf+xml"})
_OG_VIDEO = ('meta[property="og:video"], meta[property="og:video:url"], '
             'meta[property="og:video:secure_url"]')


@dataclass(frozen=True)
class SiteRead:
    is_feed: bool
    posts: tuple[Post, ...]


def looks_like_feed(page: Page) -> bool:
    if page.content_type in FEED_TYPES:
        return True
    head = page.body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<rss", b"<feed", b"<rdf")) or (
        head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head))


def is_video_address(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(VIDEO_SUFFIXES)


def _usable(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https")


def html_videos(html: str, base: str) -> tuple[list[str], list[str], str]:
    """(video addresses, other link addresses, the page title) of an HTML fragment."""
    tree = LexborHTMLParser(html)
    videos: list[str] = []
    links: list[str] = []

    def add(target: list[str], value: str | None) -> None:
        if value and value.strip():
            url = urljoin(base, value.strip())
            if _usable(url) and url not in target:
                target.append(url)

    for video in tree.css("video"):
        add(videos, video.attributes.get("src"))
        for source in video.css("source"):
            add(videos, source.attributes.get("src"))
    for meta in tree.css(_OG_VIDEO):
        value = meta.attributes.get("content")
        if value and is_video_address(urljoin(base, value)):
            add(videos, value)
    for a in tree.css("a[href]"):
        href = a.attributes.get("href")
        if href and is_video_address(urljoin(base, href.strip())):
            add(videos, href)
        else:
            add(links, href)
    title_node = tree.css_first("title")
    title = (title_node.text(deep=True) or "").strip() if title_node is not None else ""
    return videos, [u for u in links if u not in videos], title


def parse_page(page: Page) -> tuple[Post, ...]:
    if page.content_type and "html" not in page.content_type:
        raise MarkupChanged(
            _("{url} is not an HTML page or a feed (it is {type}).").format(
                url=page.url, type=page.content_type))
    videos, links, title = html_videos(page.text, page.url)
    return tuple(Post(key=url, link=page.url, posted_at=None, text=title,
                      videos=(VideoRef(url=url),), outlinks=tuple(links)) for url in videos)


def _entry_time(entry: feedparser.FeedParserDict) -> datetime | None:
    for name in ("published_parsed", "updated_parsed"):
        value = entry.get(name)
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), UTC)
    return None


def parse_feed(page: Page) -> tuple[Post, ...]:
    parsed = feedparser.parse(page.body, response_headers={"content-location": page.url})
    if not parsed.get("version") and not parsed.entries:
        reason = str(parsed.get("bozo_exception") or _("no RSS or Atom elements"))
        raise MarkupChanged(
            _("{url} is not a readable RSS or Atom feed: {reason}").format(url=page.url,
                                                                          reason=reason))
    posts = []
    for entry in parsed.entries:
        link = urljoin(page.url, entry.get("link") or "") or page.url
        key = entry.get("id") or entry.get("link") or entry.get("title") or ""
        if not key:
            continue
        videos: list[str] = []
        for enclosure in entry.get("enclosures", []):
            href = urljoin(page.url, enclosure.get("href") or "")
            kind = (enclosure.get("type") or "").lower()
            if href and (kind.startswith("video/") or is_video_address(href)):
                videos.append(href)
        for media in entry.get("media_content", []):
            href = urljoin(page.url, media.get("url") or "")
            kind = (media.get("type") or "").lower()
            if href and (kind.startswith("video/") or media.get("medium") == "video"
                         or is_video_address(href)):
                videos.append(href)
        html = " ".join([entry.get("summary") or ""]
                        + [c.get("value") or "" for c in entry.get("content", [])])
        found, links, _title = html_videos(html, link)
        videos.extend(found)
        for extra in entry.get("links", []):
            href = urljoin(page.url, extra.get("href") or "")
            if href and is_video_address(href):
                videos.append(href)
            elif href and href != link:
                links.append(href)
        unique = tuple(dict.fromkeys(v for v in videos if _usable(v)))
        text_parts = [entry.get("title") or "",
                      _plain(entry.get("summary") or "")]
        posts.append(Post(key=key, link=link, posted_at=_entry_time(entry),
                          text="\n".join(t for t in text_parts if t).strip(),
                          videos=tuple(VideoRef(url=v) for v in unique),
                          outlinks=tuple(dict.fromkeys(links))))
    return tuple(posts)


def _plain(html: str) -> str:
    if not html.strip():
        return ""
    return (LexborHTMLParser(html).text(deep=True) or "").strip()


def read_site(page: Page) -> SiteRead:
    if looks_like_feed(page):
        return SiteRead(is_feed=True, posts=parse_feed(page))
    return SiteRead(is_feed=False, posts=parse_page(page))
