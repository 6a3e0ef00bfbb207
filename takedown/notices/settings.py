"""The desk's notice settings: the sender profile, the authority's addresses, the SMTP
server. One JSON file, ``notices.json`` in :func:`screeningroom.paths.desk_dir`, with a
``version``; written atomically. The SMTP password is never stored: the settings name
the environment variable that holds it."""

from __future__ import annotations

import dataclasses
import enum
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from screeningroom.paths import desk_dir
from screeningroom_resources.i18n import _
from takedown.notices.errors import SettingsInvalid
from takedown.notices.model import SenderProfile

SETTINGS_VERSION = 1
SETTINGS_FILE = "notices.json"


class SmtpSecurity(enum.Enum):
    STARTTLS = "starttls"
    TLS = "tls"        # implicit TLS (port 465)
    NONE = "none"      # only for a relay on this machine


@dataclass(frozen=True)
class SmtpSettings:
    host: str = ""
    port: int = 587
    security: SmtpSecurity = SmtpSecurity.STARTTLS
    username: str = ""
    password_env: str = "SCREENINGROOM_SMTP_PASSWORD"


@dataclass(frozen=True)
class NoticeSettings:
    sender: SenderProfile = field(default_factory=SenderProfile)
    authority_email: str = ""         # Ministry of Culture and Information
    authority_cc: tuple[str, ...] = ()  # e.g. the Ministry of Justice, for site blocking
    smtp: SmtpSettings = field(default_factory=SmtpSettings)


def settings_path() -> Path:
    return desk_dir() / SETTINGS_FILE


def _only_strings(data: Any, where: str, names: tuple[str, ...]) -> dict[str, str]:
    if not isinstance(data, dict):
        raise SettingsInvalid(_("{where} in the settings file is not an object.").format(
            where=where))
    out = {}
    for name in names:
        value = data.get(name, "")
        if not isinstance(value, str):
            raise SettingsInvalid(_("{where}.{name} in the settings file is not text.").format(
                where=where, name=name))
        out[name] = value
    return out


def load_settings(path: Path | None = None) -> NoticeSettings:
    """The saved settings, or the empty defaults when there is no file yet."""
    file = path or settings_path()
    if not file.exists():
        return NoticeSettings()
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SettingsInvalid(_("The settings file {path} cannot be read: {reason}").format(
            path=str(file), reason=str(exc))) from exc
    if not isinstance(data, dict) or data.get("version") != SETTINGS_VERSION:
        raise SettingsInvalid(
            _("The settings file {path} is not version {version}; set the sender again.")
            .format(path=str(file), version=SETTINGS_VERSION))
    sender_names = tuple(f.name for f in dataclasses.fields(SenderProfile))
    sender = SenderProfile(**_only_strings(data.get("sender", {}), "sender", sender_names))
    authority = data.get("authority", {})
    auth = _only_strings(authority, "authority", ("email",))
    cc = authority.get("cc", [])
    if not isinstance(cc, list) or not all(isinstance(a, str) for a in cc):
        raise SettingsInvalid(_("authority.cc in the settings file is not a list of addresses."))
    smtp_data = data.get("smtp", {})
    smtp_text = _only_strings(smtp_data, "smtp", ("host", "username", "password_env"))
    port = smtp_data.get("port", 587)
    try:
        security = SmtpSecurity(smtp_data.get("security", "starttls"))
    except ValueError as exc:
        raise SettingsInvalid(_("smtp.security must be starttls, tls or none.")) from exc
    if not isinstance(port, int) or not 0 < port < 65536:
        raise SettingsInvalid(_("smtp.port in the settings file is not a port number."))
    return NoticeSettings(
        sender=sender,
        authority_email=auth["email"],
        authority_cc=tuple(cc),
        smtp=SmtpSettings(host=smtp_text["host"], port=port, security=security,
                          username=smtp_text["username"],
                          password_env=smtp_text["password_env"] or SmtpSettings.password_env),
    )


def save_settings(settings: NoticeSettings, path: Path | None = None) -> Path:
    file = path or settings_path()
    file.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "version": SETTINGS_VERSION,
        "sender": dataclasses.asdict(settings.sender),
        "authority": {"email": settings.authority_email, "cc": list(settings.authority_cc)},
        "smtp": {
            "host": settings.smtp.host,
            "port": settings.smtp.port,
            "security": settings.smtp.security.value,
            "username": settings.smtp.username,
            "password_env": settings.smtp.password_env,
        },
    }
    fd, tmp = tempfile.mkstemp(prefix=".notices-", dir=file.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=2)
        fh.write("\n")
    os.replace(tmp, file)
    return file
