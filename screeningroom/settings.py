"""Settings of a workstation: each declared once, with its type, default and title.

Stored as JSON in ``<home>/settings.json`` with a format version; :data:`UPGRADES` turns an
older file into the current shape when it is read. Unknown keys are kept (a newer
version's settings survive a downgrade); a value of the wrong type, or outside its
setting's range, falls back to the default rather than stopping the app.

The file is as editable as the registry's tables, so the settings that guard the station
(lock-out, clock tolerance) have a range: the office may tighten them or loosen them a
little, but a file edited to a million tries, no lock-out or a tolerance of years gives
the defaults.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from screeningroom import paths
from screeningroom.errors import BadInput
from screeningroom_resources.i18n import N_, _

VERSION = 1


@dataclass(frozen=True)
class Setting:
    key: str
    type: type
    default: Any
    title: str  # marked with N_(), translated where shown
    lowest: int | None = None  # the range of a whole-number setting (None: unbounded)
    highest: int | None = None
    choices: tuple[str, ...] | None = None  # the values a setting of a fixed set may take

    def coerce(self, value: Any) -> Any:
        if isinstance(value, self.type) and not (self.type is int and isinstance(value, bool)):
            return value if self.in_range(value) else self.default
        return self.default

    def in_range(self, value: Any) -> bool:
        if self.choices is not None:
            return value in self.choices
        return ((self.lowest is None or value >= self.lowest)
                and (self.highest is None or value <= self.highest))


DECLARED: tuple[Setting, ...] = (
    Setting("language", str, "kk", N_("Language of the interface")),
    Setting("volume", int, 80, N_("Playback volume (0-100)")),
    # Law "On cinematography" Art. 7, as amended by the Law of 18 February 2026 on creative
    # industries: 30 working days (was 7). Sources in docs/review.md.
    Setting("review_period_working_days", int, 30, N_("Review period, in working days")),
    Setting("login_attempts_before_lockout", int, 5, N_("Failed logins before a lock-out"),
            lowest=1, highest=10),
    Setting("lockout_minutes", int, 15, N_("Lock-out length, in minutes"),
            lowest=15, highest=24 * 60),
    Setting("clock_tolerance_seconds", int, 300, N_("Clock rollback tolerance, in seconds"),
            lowest=0, highest=900),
    # the published watermark profiles a station may mark new sessions with
    # (watermark.profile.PUBLISHED; each session records its own, the desk reads it back)
    Setting("watermark_profile", str, "sr-lf/1",
            N_("Forensic watermark of new sessions (sr-lf-tile/1 can also be read without "
               "the master)"), choices=("sr-lf/1", "sr-lf-tile/1")),
    Setting("office_url", str, "", N_("The review office's central registry (https://...; "
                                      "empty: none)")),
    Setting("office_ca", str, "", N_("CA certificate of the office's registry (PEM file; "
                                     "empty: the system's)")),
)
BY_KEY = {s.key: s for s in DECLARED}

# version n -> function turning a version-n dict into a version n+1 dict
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


class UnknownSetting(BadInput):
    def __init__(self, key: str) -> None:
        super().__init__(
            _('Unknown setting "{key}"; known settings: {known}.').format(
                key=key, known=", ".join(BY_KEY)
            )
        )


class Settings:
    """Read and write the declared settings of this workstation."""

    def __init__(self, file: Path | None = None) -> None:
        self.file = file if file is not None else paths.home() / "settings.json"
        self._values = self._read()

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError, OSError):
            return {}
        if not isinstance(data, dict):
            return {}
        version = data.pop("version", VERSION)
        while isinstance(version, int) and version < VERSION and version in UPGRADES:
            data = UPGRADES[version](data)
            version += 1
        return data

    def get(self, key: str) -> Any:
        setting = BY_KEY.get(key)
        if setting is None:
            raise UnknownSetting(key)
        return setting.coerce(self._values.get(key, setting.default))

    def set(self, key: str, value: Any) -> None:
        setting = BY_KEY.get(key)
        if setting is None:
            raise UnknownSetting(key)
        typed = isinstance(value, setting.type) and not (
            setting.type is int and isinstance(value, bool))
        if not typed and value != setting.default:
            raise BadInput(
                _("Setting {key} takes a value of type {type}.").format(
                    key=key, type=setting.type.__name__
                )
            )
        if typed and setting.choices is not None and not setting.in_range(value):
            raise BadInput(
                _("Setting {key} takes one of: {choices}.").format(
                    key=key, choices=", ".join(setting.choices)))
        if typed and not setting.in_range(value):
            raise BadInput(
                _("Setting {key} takes a value from {lowest} to {highest}.").format(
                    key=key, lowest=setting.lowest, highest=setting.highest))
        self._values[key] = value
        self._write()

    def _write(self) -> None:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps({"version": VERSION, **self._values}, indent=2, ensure_ascii=False)
        fd, tmp = tempfile.mkstemp(dir=self.file.parent, prefix=".settings-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.file)
