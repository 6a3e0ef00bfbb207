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


def test_the_station_app_applies_lock_out_and_clock_tolerance(tmp_path: Path,
                                                              monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The workstation's settings reach the registry the station app opens and the vault's
    clock check (not only the command line)."""
    from datetime import timedelta

    from screeningroom.station_app import StationParts

    monkeypatch.setenv("SCREENINGROOM_HOME", str(tmp_path))
    store = settings.Settings(tmp_path / "settings.json")
    store.set("login_attempts_before_lockout", 7)
    store.set("lockout_minutes", 45)
    store.set("clock_tolerance_seconds", 90)
    parts = StationParts.real()
    assert parts.clock_tolerance == timedelta(seconds=90)

    class Signer:
        station_id = "st-test"
        signing_public_key = bytes(range(32))

        def sign(self, data: bytes) -> bytes:
            return bytes(64)

    registry = parts.open_registry(Signer())
    try:
        assert registry.settings.max_failed_logins == 7
        assert registry.settings.lockout == timedelta(minutes=45)
    finally:
        registry.close()


def test_the_watermark_profile_is_one_of_the_published(tmp_path: Path) -> None:
    """A station marks new sessions with the profile of its settings, only ever a published
    one: the choices are the library's published profiles, an edited file naming another
    falls back to the default, and setting one is refused with the list."""
    from watermark.profile import DEFAULT_PROFILE, PUBLISHED

    declared = settings.BY_KEY["watermark_profile"]
    assert declared.choices == tuple(p.ident for p in PUBLISHED)
    assert declared.default == DEFAULT_PROFILE.ident
    file = tmp_path / "s.json"
    store = settings.Settings(file)
    store.set("watermark_profile", "sr-lf-tile/1")
    assert settings.Settings(file).get("watermark_profile") == "sr-lf-tile/1"
    with pytest.raises(BadInput, match="sr-lf/1, sr-lf-tile/1"):
        store.set("watermark_profile", "sr-lf/9")
    file.write_text(json.dumps({"version": 1, "watermark_profile": "none"}))
    assert settings.Settings(file).get("watermark_profile") == "sr-lf/1"


def test_the_station_app_marks_with_the_profile_of_its_settings(tmp_path: Path,
                                                                monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from screeningroom.station_app import StationParts
    from watermark import Embedder, profile_by_name

    monkeypatch.setenv("SCREENINGROOM_HOME", str(tmp_path))
    assert StationParts.real().profile_name == "sr-lf/1"
    settings.Settings(tmp_path / "settings.json").set("watermark_profile", "sr-lf-tile/1")
    parts = StationParts.real()
    assert parts.profile_name == "sr-lf-tile/1"
    key, payload = bytes(range(32)), 0x1234
    luma = np.full((270, 480), 120, np.uint8)
    hooked, tiled = luma.copy(), luma.copy()
    parts.make_frame_hook(key, payload)(hooked, 0.5)
    Embedder(key, payload, profile_by_name("sr-lf-tile/1")).apply_luma(tiled, 0.5)
    assert np.array_equal(hooked, tiled) and not np.array_equal(hooked, luma)
