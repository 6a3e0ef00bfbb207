"""The watch list's settings: ``watch.json`` in the desk folder, with a ``version``; every
setting declared once here, with its default. A missing file means the defaults.

The Telegram API hash is never stored: the settings name the environment variable that
holds it (as the notice settings do for the SMTP password).
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from screeningroom_resources.i18n import _
from takedown.watch.errors import WatchSettingsInvalid

SETTINGS_VERSION = 1
SETTINGS_FILE = "watch.json"


@dataclass(frozen=True)
class TelegramApiSettings:
    """Credentials from https://my.telegram.org for the optional API mode."""

    api_id: int = 0
    api_hash_env: str = "SCREENINGROOM_TELEGRAM_API_HASH"
    session_file: str = "telegram.session"  # in the desk folder, written by the login

    def api_hash(self) -> str:
        return os.environ.get(self.api_hash_env, "")

    @property
    def configured(self) -> bool:
        return self.api_id > 0 and bool(self.api_hash())


@dataclass(frozen=True)
class WatchSettings:
    user_agent: str = "ScreeningRoom-TakedownDesk/1 (anti-piracy monitoring; polite crawler)"
    telegram_web: str = "https://t.me"     # where channel previews are read (/s/<name>)
    timeout: float = 20.0                  # seconds to connect and between bytes read
    host_interval: float = 2.0             # seconds between two requests to one host
    attempts: int = 4                      # tries of one request on 429, 5xx and time-outs
    backoff: float = 2.0                   # first wait between tries, doubled each time
    max_wait: float = 120.0                # longest Retry-After waited for within a poll
    max_redirects: int = 10
    max_download: int = 4 * 1024**3        # bytes; a feature film in HD fits
    max_page: int = 16 * 1024**2           # bytes of one page or feed, decoded
    download_attempts: int = 5             # polls that retry a cut-short download
    first_pages: int = 5                   # preview pages read back on the first poll
    catch_up_pages: int = 50               # pages read back to reach the last post seen
    default_interval: int = 30 * 60        # seconds between polls of a new source
    robots_ttl: int = 24 * 3600            # seconds a robots.txt is kept
    private_addresses: bool = False        # fetch from loopback/private networks (tests only)
    telegram_api: TelegramApiSettings = field(default_factory=TelegramApiSettings)


_NUMBERS = {f.name: f.type for f in dataclasses.fields(WatchSettings)
            if f.type in ("int", "float")}
_SWITCHES = [f.name for f in dataclasses.fields(WatchSettings) if f.type == "bool"]


def settings_path(desk_folder: Path) -> Path:
    return Path(desk_folder) / SETTINGS_FILE


def load_settings(desk_folder: Path) -> WatchSettings:
    file = settings_path(desk_folder)
    if not file.exists():
        return WatchSettings()
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise WatchSettingsInvalid(
            _("The watch settings file {path} cannot be read: {reason}").format(
                path=str(file), reason=str(exc))) from exc
    if not isinstance(data, dict) or data.get("version") != SETTINGS_VERSION:
        raise WatchSettingsInvalid(
            _("The watch settings file {path} is not version {version}; remove it to go back "
              "to the defaults.").format(path=str(file), version=SETTINGS_VERSION))
    values: dict[str, Any] = {}
    for name, kind in _NUMBERS.items():
        if name in data:
            values[name] = _number(data[name], name, file, kind == "int")
    for name in _SWITCHES:
        if name in data:
            if not isinstance(data[name], bool):
                raise _wrong(file, name)
            values[name] = data[name]
    for name in ("user_agent", "telegram_web"):
        if name in data:
            if not isinstance(data[name], str) or not data[name].strip():
                raise _wrong(file, name)
            values[name] = data[name].strip()
    api = data.get("telegram_api", {})
    if not isinstance(api, dict):
        raise _wrong(file, "telegram_api")
    api_values: dict[str, Any] = {}
    if "api_id" in api:
        api_values["api_id"] = _number(api["api_id"], "telegram_api.api_id", file, True)
    for name in ("api_hash_env", "session_file"):
        if name in api:
            if not isinstance(api[name], str) or not api[name].strip():
                raise _wrong(file, f"telegram_api.{name}")
            api_values[name] = api[name].strip()
    return WatchSettings(**values, telegram_api=TelegramApiSettings(**api_values))


def save_settings(desk_folder: Path, settings: WatchSettings) -> Path:
    """Write ``settings`` atomically (a temporary file renamed over the old one)."""
    file = settings_path(desk_folder)
    data = {"version": SETTINGS_VERSION, **dataclasses.asdict(settings)}
    tmp = file.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, file)
    return file


def _number(value: Any, name: str, file: Path, whole: bool) -> int | float:
    good = isinstance(value, int) if whole else isinstance(value, int | float)
    if isinstance(value, bool) or not good or value < 0:
        raise _wrong(file, name)
    return value


def _wrong(file: Path, name: str) -> WatchSettingsInvalid:
    return WatchSettingsInvalid(
        _("{name} in the watch settings file {path} is missing a value or has one of the "
          "wrong kind.").format(name=name, path=str(file)))
