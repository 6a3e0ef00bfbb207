"""watch.json (defaults, a round trip, wrong values refused) and what can be watched."""

from __future__ import annotations

from pathlib import Path

import pytest

from takedown.watch.errors import BadWatchSource, WatchSettingsInvalid
from takedown.watch.model import LeadKind, SourceKind
from takedown.watch.settings import (
    TelegramApiSettings,
    WatchSettings,
    load_settings,
    save_settings,
)
from takedown.watch.sources import lead_of, parse_source


def test_defaults_round_trip_and_refusals(tmp_path: Path) -> None:
    assert load_settings(tmp_path) == WatchSettings()
    chosen = WatchSettings(host_interval=5.0, max_download=1000, first_pages=2,
                           telegram_api=TelegramApiSettings(api_id=42))
    save_settings(tmp_path, chosen)
    assert load_settings(tmp_path) == chosen
    for text, name in (('{"version": 1, "attempts": -1}', "attempts"),
                       ('{"version": 1, "timeout": true}', "timeout"),
                       ('{"version": 1, "telegram_api": {"api_id": "x"}}', "api_id")):
        (tmp_path / "watch.json").write_text(text)
        with pytest.raises(WatchSettingsInvalid, match=name):
            load_settings(tmp_path)
    (tmp_path / "watch.json").write_text('{"version": 9}')
    with pytest.raises(WatchSettingsInvalid, match="not version 1"):
        load_settings(tmp_path)
    (tmp_path / "watch.json").write_text("{not json")
    with pytest.raises(WatchSettingsInvalid, match="cannot be read"):
        load_settings(tmp_path)


@pytest.mark.parametrize("text", ["@KinoLeaks", "kinoleaks", "t.me/kinoleaks",
                                  "https://t.me/s/kinoleaks", "https://t.me/kinoleaks/123",
                                  "https://telegram.me/kinoleaks"])
def test_channel_spellings(text: str) -> None:
    spec = parse_source(text)
    assert spec.kind is SourceKind.TELEGRAM and spec.key == "tg:kinoleaks"


def test_websites_are_normalised() -> None:
    spec = parse_source("Films.Example/new?page=1")
    assert spec.kind is SourceKind.WEBSITE and spec.url == "https://films.example/new?page=1"


@pytest.mark.parametrize("text", ["", "@ab", "@filmsbot", "t.me/+Secret", "t.me/joinchat/abc",
                                  "https://t.me/c/123/4", "https://t.me/", "ftp://a.example/",
                                  "https://t.me/kinoleaks/abc/1", "@joinchat"])
def test_what_cannot_be_watched(text: str) -> None:
    with pytest.raises(BadWatchSource):
        parse_source(text)


@pytest.mark.parametrize(("href", "kind", "target"), [
    ("https://t.me/mirror_films", LeadKind.CHANNEL, "@mirror_films"),
    ("https://t.me/s/mirror_films/12", LeadKind.CHANNEL, "@mirror_films"),
    ("https://t.me/GetFilmBot?start=ref", LeadKind.BOT, "@GetFilmBot"),
    ("tg://resolve?domain=mirror_films", LeadKind.CHANNEL, "@mirror_films"),
    ("https://t.me/+AbCd123", LeadKind.INVITE, "t.me/+AbCd123"),
    ("https://t.me/joinchat/AbCd123", LeadKind.INVITE, "t.me/+AbCd123"),
    ("https://kino-mirror.example/film", LeadKind.SITE, "https://kino-mirror.example/film"),
])
def test_leads(href: str, kind: LeadKind, target: str) -> None:
    ref = lead_of(href, own_key="tg:kinoleaks")
    assert ref is not None and (ref.kind, ref.target) == (kind, target)


@pytest.mark.parametrize("href", ["https://t.me/kinoleaks/5", "https://t.me/share/url?x",
                                  "https://cdn4.telesco.pe/file/x.jpg", "mailto:a@b.example",
                                  "https://telegram.org/faq", "javascript:void(0)"])
def test_not_leads(href: str) -> None:
    assert lead_of(href, own_key="tg:kinoleaks") is None
