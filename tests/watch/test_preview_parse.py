"""The web preview reader on pages in the public structure of https://t.me/s/<name>."""

from __future__ import annotations

import pytest
from watchpages import Message, changed_page, preview_page, profile_page

from takedown.watch.errors import MarkupChanged, NoWebPreview
from takedown.watch.telegram import parse_preview, parse_views

URL = "https://t.me/s/kinoleaks"


def test_posts_with_link_date_text_views_video_and_links() -> None:
    html = preview_page("kinoleaks", [
        Message(7, text="Тихий берег (2026)\n1080p", video="https://cdn4.telesco.pe/v/7.mp4",
                views="12.5K", links=("https://t.me/kinoleaks_mirror", "https://t.me/getfilmbot")),
        Message(9, text="no video here", views="900"),
        Message(10, video_too_big=True, forwarded_from="otherfilms/55"),
    ], before=7)
    page = parse_preview(html, channel="kinoleaks", page_url=URL)
    assert [p.message_id for p in page.posts] == [7, 9, 10]
    assert page.before == 7
    first = page.posts[0]
    assert first.link == "https://t.me/kinoleaks/7"
    assert first.text == "Тихий берег (2026)\n1080p @kinoleaks_mirror @getfilmbot"
    assert first.views == 12500 and first.views_shown == "12.5K"
    assert first.posted_at is not None and first.posted_at.utcoffset().total_seconds() == 0
    assert [v.url for v in first.videos] == ["https://cdn4.telesco.pe/v/7.mp4"]
    assert first.videos[0].duration == "0:12"
    assert first.outlinks == ("https://t.me/kinoleaks_mirror", "https://t.me/getfilmbot")
    assert page.posts[1].videos == () and page.posts[1].views == 900
    too_big = page.posts[2]
    assert len(too_big.videos) == 1 and too_big.videos[0].url is None
    assert too_big.outlinks == ("https://t.me/otherfilms/55",)


def test_a_document_named_as_a_video_is_a_video_without_a_file() -> None:
    html = preview_page("kinoleaks", [Message(3, document="Tikhiy.Bereg.2026.1080p.mkv")], None)
    post = parse_preview(html, channel="kinoleaks", page_url=URL).posts[0]
    assert len(post.videos) == 1 and post.videos[0].url is None


@pytest.mark.parametrize(("shown", "views"), [("900", 900), ("1.2K", 1200), ("3M", 3_000_000),
                                               ("12 345", 12345), ("", None), ("many", None)])
def test_view_counts_as_shown(shown: str, views: int | None) -> None:
    assert parse_views(shown) == views


def test_a_redesigned_page_is_a_clear_markup_finding() -> None:
    with pytest.raises(MarkupChanged, match="not in the structure the reader knows"):
        parse_preview(changed_page("kinoleaks"), channel="kinoleaks", page_url=URL)


def test_a_post_without_a_date_is_a_markup_finding_not_a_crash() -> None:
    html = preview_page("kinoleaks", [Message(4, text="x")], None).replace(
        "tgme_widget_message_date", "tgme_widget_message_when")
    with pytest.raises(MarkupChanged, match=r"Post 4 .* no readable date"):
        parse_preview(html, channel="kinoleaks", page_url=URL)


def test_a_name_without_preview() -> None:
    with pytest.raises(NoWebPreview, match="no public web preview"):
        parse_preview(profile_page("closedfilms"), channel="closedfilms", page_url=URL)


def test_an_empty_channel_has_no_posts() -> None:
    page = parse_preview(preview_page("kinoleaks", [], None), channel="kinoleaks", page_url=URL)
    assert page.posts == () and page.before is None


def test_service_messages_are_skipped() -> None:
    service = ('<div class="tgme_widget_message_wrap js-widget_message_wrap">'
               '<div class="tgme_widget_message text_not_supported_wrap js-widget_message '
               'service_message" data-post="kinoleaks/1"><div class="tgme_widget_message_bubble">'
               '<div class="tgme_widget_message_text js-message_text">Channel created</div>'
               '</div></div></div>')
    html = preview_page("kinoleaks", [Message(2, text="first post")], None).replace(
        '<section class="tgme_channel_history js-message_history">',
        '<section class="tgme_channel_history js-message_history">' + service)
    page = parse_preview(html, channel="kinoleaks", page_url=URL)
    assert [p.message_id for p in page.posts] == [2]
