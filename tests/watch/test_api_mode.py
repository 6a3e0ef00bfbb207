"""The optional Telegram API mode through a fake client at the ``TelegramApi`` interface:
the same records as the web preview; used only when configured."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from watchpages import profile_page
from watchserver import LocalServer, Route
from watchworld import World

from takedown.watch import FindingKind, QueueState, ReadMode
from takedown.watch.errors import TelegramApiUnavailable
from takedown.watch.monitor import Watch
from takedown.watch.settings import TelegramApiSettings
from takedown.watch.telegram_api import ApiMessage, ApiVideo, TelethonApi

T0 = datetime(2026, 4, 20, 12, 0, tzinfo=UTC)


class FakeApi:
    """A channel's messages as the API gives them (newest first), and their files."""

    def __init__(self, files: dict[int, Path]) -> None:
        self.messages_by_channel: dict[str, list[ApiMessage]] = {}
        self.files = files
        self.calls: list[tuple[str, int, int]] = []
        self.closed = False

    def messages(self, channel: str, *, min_id: int, limit: int) -> list[ApiMessage]:
        self.calls.append((channel, min_id, limit))
        found = [m for m in self.messages_by_channel.get(channel, []) if m.message_id > min_id]
        return sorted(found, key=lambda m: -m.message_id)[:limit]

    def download(self, channel: str, message_id: int, dest: Path) -> None:
        shutil.copyfile(self.files[message_id], dest)

    def close(self) -> None:
        self.closed = True


def _open(world: World, api: FakeApi) -> Watch:
    watch = world.open()
    watch._api = api  # the desk's API client (the real one is TelethonApi)
    return watch


def test_a_private_preview_channel_read_through_the_api(world: World, server: LocalServer,
                                                        clips: list[Path]) -> None:
    server.routes["/s/closedfilms"] = Route(location="/closedfilms")
    server.routes["/closedfilms"] = Route(body=profile_page("closedfilms").encode())
    api = FakeApi({2: clips[0], 3: clips[1], 4: clips[0]})
    api.messages_by_channel["closedfilms"] = [
        ApiMessage(1, T0, "hello", views=10),
        ApiMessage(2, T0 + timedelta(minutes=1), "Film one", views=2500,
                   video=ApiVideo(size=clips[0].stat().st_size, mime_type="video/mp4",
                                  duration=8.0), links=("https://t.me/closedfilms_2",)),
        ApiMessage(3, T0 + timedelta(minutes=2), "Film two (too big)", views=7,
                   video=ApiVideo(size=10**12, mime_type="video/mp4")),
    ]
    watch = _open(world, api)
    source, _ = watch.add("@closedfilms")  # auto: the preview, else the API
    report = watch.poll(source)
    assert [f.kind for f in report.findings] == [FindingKind.NEW_VIDEO, FindingKind.TOO_BIG]
    item = watch.repo.queue(QueueState.QUEUED)[0]
    assert item.link == "https://t.me/closedfilms/2" and item.views == 2500
    assert Path(item.file).read_bytes() == clips[0].read_bytes()
    assert [lead.target for lead in watch.leads()] == ["@closedfilms_2"]

    api.messages_by_channel["closedfilms"].append(
        ApiMessage(4, T0 + timedelta(minutes=3), "Film one again",
                   video=ApiVideo(size=clips[0].stat().st_size, mime_type="video/mp4")))
    watch = world.restart()
    watch._api = api
    report = watch.poll(watch.find("@closedfilms"))
    assert [f.kind for f in report.findings] == [FindingKind.DUPLICATE]
    assert api.calls[-1][1] == 3  # asked only for what is newer than the last post seen


def test_api_mode_is_refused_without_credentials(world: World) -> None:
    watch = world.open()
    with pytest.raises(TelegramApiUnavailable, match="API credentials"):
        watch.add("@closedfilms", mode=ReadMode.API)


def test_without_credentials_a_channel_without_preview_is_only_a_finding(
        world: World, server: LocalServer) -> None:
    server.routes["/s/closedfilms"] = Route(location="/closedfilms")
    server.routes["/closedfilms"] = Route(body=profile_page("closedfilms").encode())
    watch = world.open()
    report = watch.poll(watch.add("@closedfilms")[0])
    assert [f.kind for f in report.findings] == [FindingKind.NO_PREVIEW]


def test_the_telethon_client_needs_credentials_first(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SCREENINGROOM_TELEGRAM_API_HASH", raising=False)
    with pytest.raises(TelegramApiUnavailable, match="no Telegram API credentials"):
        TelethonApi(TelegramApiSettings(api_id=12345), tmp_path)
    monkeypatch.setenv("SCREENINGROOM_TELEGRAM_API_HASH", "0123456789abcdef")
    assert TelegramApiSettings(api_id=12345).configured
