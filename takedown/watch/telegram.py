"""Public Telegram channels read through their web preview, ``https://t.me/s/<name>``.

The preview is HTML parsed with selectolax (the lexbor engine) and CSS selectors, never
regular expressions. Its public structure, as documented by the public scrapers of it:

- the page's posts stand in ``section.tgme_channel_history``, one
  ``div.tgme_widget_message`` per post with ``data-post="<channel>/<id>"``;
- the footer's ``a.tgme_widget_message_date`` links to ``https://t.me/<channel>/<id>`` and
  holds ``<time datetime="...">`` (ISO 8601 with its zone);
- ``div.tgme_widget_message_text`` is the text (``<br>`` for line breaks, links as
  ``<a href>``), ``span.tgme_widget_message_views`` the view count as shown ("12.5K");
- a video is ``a.tgme_widget_message_video_player`` holding ``video.tgme_widget_message_video``
  with ``src`` (the file) and ``time.message_video_duration``; a video too big for the
  browser is the same player marked ``not_supported`` with no ``<video>``; round videos use
  ``tgme_widget_message_roundvideo_player``; a file sent as a document shows
  ``tgme_widget_message_document_title``;
- ``a.tgme_widget_message_forwarded_from_name`` names the channel a post was forwarded from;
- ``.tme_messages_more[data-before]`` pages back (``?before=<id>``);
- a name without a preview redirects to ``https://t.me/<name>`` (a ``tgme_page``);
- service messages ("channel created", a pin) are ``tgme_widget_message service_message``
  blocks, skipped.

A page that is HTML but not in this structure raises :class:`MarkupChanged` naming what is
missing, so the poll records a finding instead of failing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from screeningroom_resources.i18n import _
from takedown.watch.errors import MarkupChanged, NoWebPreview
from takedown.watch.fetch import Fetcher
from takedown.watch.model import VIDEO_SUFFIXES, Post, VideoRef

#: links inside a post that are the post's own furniture, not things it points to
_FURNITURE = ("tgme_widget_message_date", "tgme_widget_message_owner_name",
              "tgme_widget_message_user_photo", "tgme_widget_message_video_player",
              "tgme_widget_message_roundvideo_player", "tgme_widget_message_photo_wrap")


@dataclass(frozen=True)
class PreviewPage:
    channel: str                 # as the posts spell it
    posts: tuple[Post, ...]      # oldest first
    before: int | None           # the cursor to older posts, when there are some


@dataclass(frozen=True)
class ReadResult:
    posts: tuple[Post, ...]      # oldest first, without repeats
    newest_range: tuple[int, int] | None  # ids from the oldest to the newest on the first page
    pages: int
    gap: bool                    # older new posts exist beyond the pages read


def parse_views(text: str) -> int | None:
    """``"12.5K"`` -> 12500 (the least the page's rounding allows), ``"900"`` -> 900."""
    value = text.strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
    if not value:
        return None
    scale = 1
    if value[-1] in "KkMmBb":
        scale = {"k": 10**3, "m": 10**6, "b": 10**9}[value[-1].lower()]
        value = value[:-1]
    try:
        return int(float(value) * scale) if scale > 1 else int(value)
    except ValueError:
        return None


def _classes(node: LexborNode) -> set[str]:
    return set((node.attributes.get("class") or "").split())


def _text(node: LexborNode | None) -> str:
    if node is None:
        return ""
    for br in node.css("br"):
        br.replace_with("\n")
    return (node.text(deep=True) or "").strip()


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).astimezone(UTC)


def _videos(block: LexborNode, page_url: str) -> tuple[VideoRef, ...]:
    found: list[VideoRef] = []
    players = block.css("a.tgme_widget_message_video_player, "
                        "a.tgme_widget_message_roundvideo_player")
    for player in players:
        video = player.css_first("video")
        src = (video.attributes.get("src") or "").strip() if video is not None else ""
        duration = _text(player.css_first("time.message_video_duration, "
                                          "time.message_roundvideo_duration"))
        url = urljoin(page_url, src) if src else ""
        usable = (urlsplit(url).scheme in ("http", "https")
                  and "not_supported" not in _classes(player))
        found.append(VideoRef(url=url if usable else None, duration=duration))
    for title in block.css(".tgme_widget_message_document_title"):
        if _text(title).lower().endswith(VIDEO_SUFFIXES):
            found.append(VideoRef(url=None, duration=""))
    return tuple(found)


def _outlinks(block: LexborNode, page_url: str, own_link: str) -> tuple[str, ...]:
    links: list[str] = []
    for a in block.css("a[href]"):
        if _classes(a) & set(_FURNITURE):
            continue
        parent = a.parent
        if parent is not None and _classes(parent) & {"tgme_widget_message_user",
                                                      "tgme_widget_message_author"}:
            continue
        href = urljoin(page_url, (a.attributes.get("href") or "").strip())
        if href and href != own_link and href not in links:
            links.append(href)
    return tuple(links)


def parse_preview(html: str, *, channel: str, page_url: str) -> PreviewPage:
    """The posts of one preview page of ``channel``."""
    tree = LexborHTMLParser(html)
    history = tree.css_first(".tgme_channel_history")
    blocks = tree.css("div.tgme_widget_message[data-post]")
    if history is None and not blocks:
        if tree.css_first(".tgme_page") is not None or tree.css_first(".tgme_page_title"):
            raise NoWebPreview(
                _("@{name} has no public web preview (a private channel, a user, a bot, or "
                  "previews turned off). Watch it in API mode if the desk has Telegram API "
                  "credentials.").format(name=channel))
        raise MarkupChanged(
            _("The preview page of @{name} is not in the structure the reader knows (no "
              "message history and no channel page): the page has changed; nothing was read "
              "from it.").format(name=channel))
    posts: list[Post] = []
    spelled = channel
    for block in blocks:
        data_post = (block.attributes.get("data-post") or "").strip()
        name, _slash, number = data_post.rpartition("/")
        if not name or not number.isdigit():
            raise MarkupChanged(
                _("A post on the preview page of @{name} has an unreadable id "
                  "(data-post={value!r}): the page has changed.").format(
                    name=channel, value=data_post))
        if name.lower() != channel.lower():
            continue  # a post of another channel shown inline (a reply preview)
        if "service_message" in _classes(block):
            continue  # "channel created", "message pinned": no post of its own
        spelled = name
        message_id = int(number)
        date = block.css_first("a.tgme_widget_message_date")
        when_node = date.css_first("time[datetime]") if date is not None else None
        posted_at = _parse_time(when_node.attributes.get("datetime")
                                if when_node is not None else None)
        if date is None or posted_at is None:
            raise MarkupChanged(
                _("Post {id} on the preview page of @{name} has no readable date: the page "
                  "has changed.").format(id=message_id, name=channel))
        link = f"https://t.me/{name}/{message_id}"
        views_node = block.css_first(".tgme_widget_message_views")
        shown = _text(views_node)
        posts.append(Post(
            key=str(message_id), link=link, posted_at=posted_at,
            text=_text(block.css_first(".tgme_widget_message_text")),
            views=parse_views(shown), views_shown=shown,
            videos=_videos(block, page_url),
            outlinks=_outlinks(block, page_url, link), message_id=message_id))
    if history is not None and not posts and not blocks and tree.css_first(
            ".tgme_channel_info") is None:
        raise MarkupChanged(
            _("The preview page of @{name} shows no posts and no channel header: the page has "
              "changed.").format(name=channel))
    more = tree.css_first(".tme_messages_more[data-before]")
    before = None
    if more is not None and (more.attributes.get("data-before") or "").isdigit():
        before = int(more.attributes["data-before"])
    posts.sort(key=lambda p: p.message_id or 0)
    return PreviewPage(channel=spelled, posts=tuple(posts), before=before)


class PreviewReader:
    """Reads a channel's new posts from its web preview at ``base`` (``https://t.me``)."""

    def __init__(self, fetcher: Fetcher, base: str) -> None:
        self.fetcher = fetcher
        self.base = base.rstrip("/")

    def page(self, channel: str, before: int | None = None) -> PreviewPage:
        url = f"{self.base}/s/{channel}" + (f"?before={before}" if before else "")
        page = self.fetcher.get(url, accept="text/html")
        if not urlsplit(page.url).path.startswith("/s/"):
            raise NoWebPreview(
                _("@{name} has no public web preview (the preview address leads to {url}). "
                  "Watch it in API mode if the desk has Telegram API credentials.").format(
                    name=channel, url=page.url))
        return parse_preview(page.text, channel=channel, page_url=page.url)

    def read_new(self, channel: str, *, last_id: int | None, first_pages: int,
                 catch_up_pages: int) -> ReadResult:
        """The newest page, then older pages until the last post seen (``last_id``) is
        reached; on a first read (``last_id`` None) up to ``first_pages`` pages."""
        first = self.page(channel)
        pages = [first]
        limit = max(1, first_pages if last_id is None else catch_up_pages)
        current = first
        while current.before and current.posts and len(pages) < limit:
            oldest = current.posts[0].message_id or 0
            if last_id is not None and oldest <= last_id + 1:
                break
            current = self.page(channel, before=current.before)
            if not current.posts:
                break
            pages.append(current)
        seen: dict[int, Post] = {}
        for page in pages:
            for post in page.posts:
                seen.setdefault(post.message_id or 0, post)
        posts = tuple(seen[k] for k in sorted(seen))
        oldest = posts[0].message_id if posts else None
        gap = bool(last_id is not None and current.before and oldest is not None
                   and oldest > last_id + 1 and len(pages) >= limit)
        newest = ((first.posts[0].message_id or 0, first.posts[-1].message_id or 0)
                  if first.posts else None)
        return ReadResult(posts=posts, newest_range=newest, pages=len(pages), gap=gap)
