"""Pages written for the watch tests in the public structure of Telegram's channel web
preview (``https://t.me/s/<name>``) and of ordinary video pages and RSS/Atom feeds.

:class:`FakeChannel` is a channel whose messages the test adds and deletes; it serves its
preview pages 20 messages a page, newest at the bottom, with the ``tme_messages_more``
cursor to older ones, as the real preview does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html import escape
from urllib.parse import parse_qs, urlsplit

from watchserver import LocalServer, Route

PER_PAGE = 20
T0 = datetime(2026, 4, 20, 18, 0, tzinfo=UTC)


@dataclass
class Message:
    message_id: int
    text: str = ""
    video: str | None = None        # the file's address (the CDN's, here the local server's)
    video_too_big: bool = False     # the preview shows the player but offers no file
    views: str = "1.2K"
    links: tuple[str, ...] = ()     # addresses linked in the text
    forwarded_from: str | None = None  # "name/123"
    document: str | None = None     # a file sent as a document (its title)
    when: datetime | None = None


def message_html(channel: str, m: Message) -> str:
    when = (m.when or T0 + timedelta(minutes=m.message_id)).isoformat()
    parts = [
        '<div class="tgme_widget_message_wrap js-widget_message_wrap">',
        f'<div class="tgme_widget_message text_not_supported_wrap js-widget_message" '
        f'data-post="{channel}/{m.message_id}" data-view="eyJjIjoi">',
        f'<div class="tgme_widget_message_user"><a href="https://t.me/{channel}">'
        '<i class="tgme_widget_message_user_photo bgcolor2" data-content="F"></i></a></div>',
        '<div class="tgme_widget_message_bubble">',
        '<i class="tgme_widget_message_bubble_tail"></i>',
        '<div class="tgme_widget_message_author accent_color">'
        f'<a class="tgme_widget_message_owner_name" href="https://t.me/{channel}">'
        f'<span dir="auto">{escape(channel)} films</span></a></div>',
    ]
    if m.forwarded_from:
        name = m.forwarded_from.split("/")[0]
        parts.append(
            '<div class="tgme_widget_message_forwarded_from accent_color">Forwarded from '
            f'<a class="tgme_widget_message_forwarded_from_name" '
            f'href="https://t.me/{m.forwarded_from}"><span dir="auto">{escape(name)}</span></a>'
            '</div>')
    if m.video is not None or m.video_too_big:
        marker = " not_supported" if m.video_too_big else ""
        parts.append(
            f'<a class="tgme_widget_message_video_player{marker} js-message_video_player" '
            f'href="https://t.me/{channel}/{m.message_id}">'
            '<i class="tgme_widget_message_video_thumb" '
            "style=\"background-image:url('https://cdn4.telesco.pe/file/thumb.jpg')\"></i>")
        if m.video_too_big:
            parts.append('<div class="message_media_not_supported_wrap">'
                         '<div class="message_media_not_supported">'
                         '<div class="message_media_not_supported_label">Media is too big'
                         '</div><span class="message_media_view_in_telegram">VIEW IN TELEGRAM'
                         '</span></div></div>')
        else:
            parts.append('<div class="tgme_widget_message_video_wrap">'
                         f'<video class="tgme_widget_message_video js-message_video" '
                         f'src="{escape(m.video)}" width="100%" height="100%"></video></div>'
                         '<div class="message_video_play"></div>')
        parts.append('<time class="message_video_duration js-message_video_duration">0:12'
                     '</time></a>')
    if m.document:
        parts.append(
            '<div class="tgme_widget_message_document_wrap">'
            '<div class="tgme_widget_message_document">'
            f'<div class="tgme_widget_message_document_title accent_color" dir="auto">'
            f'{escape(m.document)}</div>'
            '<div class="tgme_widget_message_document_extra" dir="auto">1.4 GB</div>'
            '</div></div>')
    if m.text or m.links:
        body = escape(m.text).replace("\n", "<br/>")
        for link in m.links:
            label = "@" + link.rsplit("/", 1)[-1] if "t.me/" in link else link
            body += f' <a href="{escape(link)}" target="_blank">{escape(label)}</a>'
        parts.append(f'<div class="tgme_widget_message_text js-message_text" dir="auto">'
                     f'{body}</div>')
    parts.append(
        '<div class="tgme_widget_message_footer compact js-message_footer">'
        '<div class="tgme_widget_message_info short js-message_info">'
        f'<span class="tgme_widget_message_views">{m.views}</span>'
        '<span class="copyonly"> views</span>'
        '<span class="tgme_widget_message_meta">'
        f'<a class="tgme_widget_message_date" href="https://t.me/{channel}/{m.message_id}">'
        f'<time datetime="{when}" class="time">18:00</time></a></span></div></div>')
    parts.append("</div></div></div>")
    return "".join(parts)


def preview_page(channel: str, messages: list[Message], before: int | None) -> str:
    more = ""
    if before is not None:
        more = (f'<div class="tgme_widget_message_centered js-messages_more_wrap">'
                f'<a href="/s/{channel}?before={before}" class="tme_messages_more '
                f'js-messages_more" data-before="{before}"></a></div>')
    body = "".join(message_html(channel, m) for m in messages)
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f'<title>{escape(channel)} films – Telegram</title>'
        f'<meta property="og:title" content="{escape(channel)} films"></head>'
        '<body class="widget_frame_base tgme_webpreview">'
        '<header class="tgme_header search_collapsed"><div class="tgme_header_info">'
        '</div></header>'
        '<main class="tgme_main"><div class="tgme_container">'
        '<div class="tgme_channel_info"><div class="tgme_channel_info_header">'
        f'<div class="tgme_channel_info_header_title"><span dir="auto">{escape(channel)} films'
        '</span></div>'
        f'<div class="tgme_channel_info_header_username"><a href="https://t.me/{channel}">'
        f'@{escape(channel)}</a></div></div></div>'
        '<section class="tgme_channel_history js-message_history">'
        f'{more}{body}</section></div></main></body></html>')


def profile_page(name: str) -> str:
    """What https://t.me/<name> shows for a name without a preview."""
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Telegram: Contact @'
        f'{escape(name)}</title></head><body><div class="tgme_page_wrap"><div class="tgme_page">'
        f'<div class="tgme_page_title"><span dir="auto">{escape(name)}</span></div>'
        '<div class="tgme_page_extra">@' + escape(name) + '</div>'
        '<div class="tgme_page_action"><a class="tgme_action_button_new" '
        f'href="tg://resolve?domain={escape(name)}">View in Telegram</a></div>'
        '</div></div></body></html>')


def changed_page(channel: str) -> str:
    """The preview after a redesign: the same posts under class names the reader does not
    know."""
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
        '<main class="tg-feed">'
        f'<article class="tg-post" data-id="{channel}/50"><p class="tg-post__text">New film'
        '</p><video src="/files/a.mp4"></video></article></main></body></html>')


@dataclass
class FakeChannel:
    """A channel served at ``/s/<name>`` by ``server``."""

    server: LocalServer
    name: str
    messages: dict[int, Message] = field(default_factory=dict)
    markup_changed: bool = False
    down: Route | None = None  # when set, every page request gets this answer

    def __post_init__(self) -> None:
        self.server.routes[f"/s/{self.name}"] = self._page

    def post(self, *messages: Message) -> None:
        for m in messages:
            self.messages[m.message_id] = m

    def delete(self, message_id: int) -> None:
        del self.messages[message_id]

    def _page(self, full_path: str) -> Route:
        if self.down is not None:
            return self.down
        if self.markup_changed:
            return Route(body=changed_page(self.name).encode())
        query = parse_qs(urlsplit(full_path).query)
        ids = sorted(self.messages)
        if "before" in query:
            limit = int(query["before"][0])
            ids = [i for i in ids if i < limit]
        shown = ids[-PER_PAGE:]
        before = shown[0] if shown and shown[0] != min(self.messages) else None
        html = preview_page(self.name, [self.messages[i] for i in shown], before)
        return Route(body=html.encode())


def video_page(title: str, videos: list[str], links: tuple[str, ...] = ()) -> str:
    items = []
    for n, src in enumerate(videos):
        if n % 2 == 0:
            items.append(f'<figure><video controls width="640" src="{escape(src)}"></video>'
                         '</figure>')
        else:
            items.append('<video controls><source src="' + escape(src) + '" type="video/mp4">'
                         '</video>')
    anchors = "".join(f'<p><a href="{escape(u)}">{escape(u)}</a></p>' for u in links)
    return (f"<!DOCTYPE html><html><head><title>{escape(title)}</title></head><body>"
            f"<h1>{escape(title)}</h1>{''.join(items)}{anchors}</body></html>")


RSS = ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
       "<title>{title}</title><link>https://films.example/</link>"
       "<description>new films</description>{items}</channel></rss>")
RSS_ITEM = ("<item><guid>{guid}</guid><title>{name}</title>"
            "<link>https://films.example/{guid}</link>"
            "<pubDate>Mon, 20 Apr 2026 18:{n:02d}:00 GMT</pubDate>"
            '<enclosure url="{url}" length="1000" type="video/mp4"/></item>')
ATOM = ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>{title}</title><id>urn:films</id>"
        "<updated>2026-04-20T18:00:00Z</updated>{items}</feed>")
ATOM_ENTRY = ("<entry><id>{guid}</id><title>{name}</title>"
              '<link rel="alternate" href="https://films.example/{guid}"/>'
              '<link rel="enclosure" type="video/mp4" href="{url}"/>'
              "<updated>2026-04-20T18:{n:02d}:00Z</updated></entry>")


def _feed(document: str, item: str, title: str, entries: list[tuple[str, str, str]]) -> str:
    """``entries``: (guid, title, enclosure address), the n-th published at 18:n."""
    items = "".join(item.format(guid=escape(guid), name=escape(name), url=escape(url), n=n)
                    for n, (guid, name, url) in enumerate(entries))
    return document.format(title=escape(title), items=items)


def rss_feed(title: str, entries: list[tuple[str, str, str]]) -> str:
    return _feed(RSS, RSS_ITEM, title, entries)


def atom_feed(title: str, entries: list[tuple[str, str, str]]) -> str:
    return _feed(ATOM, ATOM_ENTRY, title, entries)
