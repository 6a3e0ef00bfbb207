"""Optional Telegram API mode (MTProto) for channels without a web preview.

Used only when the desk has API credentials configured (``watch.json`` ``telegram_api``
with an ``api_id``, the hash in the environment variable it names, and a session file
written by ``takedown watch telegram-login``). The reader it gives has the same interface
as :class:`~takedown.watch.telegram.PreviewReader` (``read_new`` returning a
:class:`~takedown.watch.telegram.ReadResult`), plus ``download``.

The client interface, :class:`TelegramApi`, is what the monitor needs and nothing more;
:class:`TelethonApi` implements it with Telethon (an optional dependency:
``pip install 'screeningroom[telegram]'``), and the tests with a fake at the same interface.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from screeningroom_resources.i18n import _
from takedown.watch.errors import DownloadRefused, TelegramApiUnavailable
from takedown.watch.model import FindingKind, Post, VideoRef
from takedown.watch.settings import TelegramApiSettings
from takedown.watch.telegram import ReadResult

PAGE = 20  # messages per "page", as the web preview shows them


@dataclass(frozen=True)
class ApiVideo:
    size: int
    mime_type: str
    duration: float | None = None


@dataclass(frozen=True)
class ApiMessage:
    message_id: int
    date: datetime
    text: str = ""
    views: int | None = None
    video: ApiVideo | None = None
    links: tuple[str, ...] = ()


class TelegramApi(Protocol):
    def messages(self, channel: str, *, min_id: int, limit: int) -> list[ApiMessage]:
        """The newest ``limit`` messages of ``channel`` with an id above ``min_id``,
        newest first (Telethon's ``iter_messages`` order)."""

    def download(self, channel: str, message_id: int, dest: Path) -> None:
        """Write the message's media to ``dest``."""

    def close(self) -> None: ...


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    total = int(seconds)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class ApiReader:
    def __init__(self, api: TelegramApi) -> None:
        self.api = api

    def read_new(self, channel: str, *, last_id: int | None, first_pages: int,
                 catch_up_pages: int) -> ReadResult:
        pages = max(1, first_pages if last_id is None else catch_up_pages)
        limit = pages * PAGE
        messages = self.api.messages(channel, min_id=last_id or 0, limit=limit + 1)
        gap = last_id is not None and len(messages) > limit
        messages = sorted(messages[:limit], key=lambda m: m.message_id)
        posts = tuple(Post(
            key=str(m.message_id), link=f"https://t.me/{channel}/{m.message_id}",
            posted_at=m.date.astimezone(UTC), text=m.text, views=m.views,
            views_shown="" if m.views is None else str(m.views),
            videos=(VideoRef(url=None, duration=_duration(m.video.duration),
                             api_ref=m.message_id, size=m.video.size),)
            if m.video is not None else (),
            outlinks=m.links, message_id=m.message_id) for m in messages)
        # the API lists every message above last_id: no page-sized window to check for
        # deletions in (a deleted message is simply absent)
        return ReadResult(posts=posts, newest_range=None, pages=pages, gap=gap)

    def download(self, channel: str, message_id: int, dest: Path, *, limit: int,
                 size: int | None = None) -> None:
        if size is not None and size > limit:
            raise DownloadRefused(
                _("Message {id} of @{name} holds {size} MB, over the download limit of {limit} "
                  "MB; it was not downloaded.").format(id=message_id, name=channel,
                                                       size=f"{size / 1e6:.1f}",
                                                       limit=f"{limit / 1e6:.1f}"),
                FindingKind.TOO_BIG)
        dest.parent.mkdir(parents=True, exist_ok=True)
        self.api.download(channel, message_id, dest)
        if dest.stat().st_size > limit:
            dest.unlink(missing_ok=True)
            raise DownloadRefused(
                _("Message {id} of @{name} is over the download limit; the file was "
                  "removed.").format(id=message_id, name=channel), FindingKind.TOO_BIG)


def _client(settings: TelegramApiSettings, desk_folder: Path) -> Any:
    """A Telethon client on the desk's session file; :class:`TelegramApiUnavailable` when
    the credentials or Telethon are missing."""
    if not settings.configured:
        raise TelegramApiUnavailable(
            _("The desk has no Telegram API credentials: set telegram_api.api_id in "
              "watch.json and the API hash in the environment variable {env}.").format(
                env=settings.api_hash_env))
    try:
        from telethon.sync import TelegramClient
    except ImportError as exc:
        raise TelegramApiUnavailable(
            _("API mode needs Telethon: pip install 'screeningroom[telegram]'.")) from exc
    session = Path(desk_folder) / settings.session_file
    return TelegramClient(str(session), settings.api_id, settings.api_hash())


class TelethonApi:
    """:class:`TelegramApi` over Telethon's synchronous client."""

    def __init__(self, settings: TelegramApiSettings, desk_folder: Path) -> None:
        self._client: Any = _client(settings, desk_folder)
        self._client.connect()
        if not self._client.is_user_authorized():
            self._client.disconnect()
            raise TelegramApiUnavailable(
                _("The desk's Telegram session is not logged in: run 'takedown watch "
                  "telegram-login' once."))
        self._messages: dict[tuple[str, int], Any] = {}

    def messages(self, channel: str, *, min_id: int, limit: int) -> list[ApiMessage]:
        out = []
        for m in self._client.iter_messages(channel, min_id=min_id, limit=limit):
            video = None
            file = getattr(m, "file", None)
            mime = (getattr(file, "mime_type", "") or "") if file is not None else ""
            if getattr(m, "video", None) is not None or mime.startswith("video/"):
                video = ApiVideo(size=int(getattr(file, "size", 0) or 0), mime_type=mime,
                                 duration=getattr(file, "duration", None))
            links = []
            for entity, text in m.get_entities_text() if m.entities else ():
                url = getattr(entity, "url", None) or (
                    text if text.startswith(("http://", "https://")) else None)
                if url is None and text.startswith("@"):
                    url = "https://t.me/" + text[1:]
                if url:
                    links.append(url)
            self._messages[(channel, m.id)] = m
            out.append(ApiMessage(message_id=m.id, date=m.date, text=m.message or "",
                                  views=m.views, video=video, links=tuple(links)))
        return out

    def download(self, channel: str, message_id: int, dest: Path) -> None:
        message = self._messages.get((channel, message_id))
        if message is None:
            message = self._client.get_messages(channel, ids=message_id)
        self._client.download_media(message, file=str(dest))

    def close(self) -> None:
        self._client.disconnect()


def login(settings: TelegramApiSettings, desk_folder: Path) -> str:
    """Log the desk's Telegram account in (asks for the phone number and the code on the
    terminal, as Telethon does); returns the account's name."""
    client = _client(settings, desk_folder)
    client.start()
    try:
        me = client.get_me()
        return str(getattr(me, "username", None) or getattr(me, "first_name", "") or me.id)
    finally:
        client.disconnect()
