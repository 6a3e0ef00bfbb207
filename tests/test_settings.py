from __future__ import annotations

import json
from pathlib import Path

import pytest

from screeningroom import settings
from screeningroom.errors import BadInput


def test_defaults_set_and_persist(tmp_path: Path) -> None:
    store = settings.Settings(tmp_path / "s.json")
    assert store.get("language") == "kk"
    store.set("language", "ru")
    store.set("volume", 40)
    again = settings.Settings(tmp_path / "s.json")
    assert (again.get("language"), again.get("volume")) == ("ru", 40)
    assert json.loads((tmp_path / "s.json").read_text())["version"] == settings.VERSION


def test_wrong_type_and_unknown_key_are_clear(tmp_path: Path) -> None:
    store = settings.Settings(tmp_path / "s.json")
    with pytest.raises(BadInput, match="type int"):
        store.set("volume", "loud")
    with pytest.raises(settings.UnknownSetting, match="known settings"):
        store.get("colour")


def test_damaged_file_falls_back_to_defaults(tmp_path: Path) -> None:
    file = tmp_path / "s.json"
    file.write_text("{not json")
    assert settings.Settings(file).get("volume") == 80
    file.write_text(json.dumps({"version": 1, "volume": "x"}))
    assert settings.Settings(file).get("volume") == 80
