"""The desk's time zone: how times are read when typed without a zone, and shown.

The zone is the desk's setting ``time_zone`` (an IANA name such as ``Asia/Almaty``, kept in
``desk.json`` in the desk folder; ``takedown zone --set NAME``); without one, the local
zone of the computer. Every time the desk prints carries its zone. Times are stored in UTC.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from screeningroom_resources.i18n import _
from takedown.errors import TakedownInputError

SETTINGS_FILE = "desk.json"
SETTINGS_VERSION = 1

_current: tzinfo | None = None


def local_zone() -> tzinfo:
    zone = datetime.now().astimezone().tzinfo
    return zone if zone is not None else UTC


def zone_named(name: str) -> tzinfo:
    if name.strip().upper() == "UTC":
        return UTC
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise TakedownInputError(
            _("Unknown time zone {name}: give an IANA name such as Asia/Almaty, Asia/Aqtobe "
              "or UTC.").format(name=name)) from exc


def zone_name(zone: tzinfo) -> str:
    key = getattr(zone, "key", None)
    if key:
        return str(key)
    if zone is UTC:
        return "UTC"
    return datetime.now(zone).strftime("%Z") or datetime.now(zone).strftime("%z")


def load_zone(folder: Path) -> tzinfo:
    """The zone set for the desk in ``folder``, or the local zone."""
    file = Path(folder) / SETTINGS_FILE
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return local_zone()
    name = data.get("time_zone") if isinstance(data, dict) else None
    if not isinstance(name, str) or not name:
        return local_zone()
    try:
        return zone_named(name)
    except TakedownInputError:
        return local_zone()


def save_zone(folder: Path, name: str | None) -> tzinfo:
    """Set (``None``: clear) the desk's zone; returns the zone now in force."""
    zone = zone_named(name) if name else local_zone()
    Path(folder).mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".desk-", dir=folder)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump({"version": SETTINGS_VERSION, "time_zone": zone_name(zone) if name else ""},
                  fh)
    os.replace(tmp, Path(folder) / SETTINGS_FILE)
    return zone


def use(zone: tzinfo | None) -> None:
    """Make ``zone`` the zone times are read and shown in (None: the local zone)."""
    global _current
    _current = zone


def current() -> tzinfo:
    return _current if _current is not None else local_zone()


def describe() -> str:
    """The zone in force, for help texts and output: ``Asia/Almaty (+05:00)``."""
    zone = current()
    offset = datetime.now(zone).strftime("%z")
    return f"{zone_name(zone)} ({offset[:3]}:{offset[3:]})" if offset else zone_name(zone)


def format_time(value: datetime | None, *, seconds: bool = False) -> str:
    """``2026-05-01 15:00 +05:00 Asia/Almaty``; ``-`` for None."""
    if value is None:
        return "-"
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    zone = current()
    local = value.astimezone(zone)
    text = local.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
    if zone is UTC or (zone_name(zone) == "UTC" and not local.utcoffset()):
        return text + " UTC"
    offset = local.strftime("%z")
    return f"{text} {offset[:3]}:{offset[3:]} {zone_name(zone)}"


def parse_time(text: str | None, now: datetime) -> datetime:
    """ISO 8601 date and time; a time without a zone is read in the desk's zone; ``None``
    or blank: ``now``. A time after ``now`` is refused. Returns an aware UTC time."""
    if text is None or not text.strip():
        return now
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise TakedownInputError(
            _("Not a date and time: {text}. Write it as 2026-03-01T18:30 (ISO 8601; without "
              "a zone it is read in the desk's zone, {zone}).").format(text=text,
                                                                      zone=describe())
        ) from exc
    if value.tzinfo is None:
        value = value.replace(tzinfo=current())
    value = value.astimezone(UTC)
    if value > now:
        raise TakedownInputError(
            _("The time seen {time} is in the future (now is {now}).").format(
                time=format_time(value), now=format_time(now)))
    return value


def hms(seconds: float | None) -> str:
    """A place in a film or clip: ``01:02:03.4`` (``-`` for None)."""
    if seconds is None:
        return "-"
    h, rest = divmod(max(seconds, 0.0), 3600)
    m, s = divmod(rest, 60)
    return f"{int(h):02d}:{int(m):02d}:{s:04.1f}"
