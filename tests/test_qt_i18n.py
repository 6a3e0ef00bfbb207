"""Every text of every window is marked for Qt's translation and translated in kk and ru;
switching the language retranslates an open window."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from screeningroom.ui import translations

ROOT = Path(__file__).resolve().parent.parent


def test_every_window_text_is_in_the_ts_files_and_translated(tmp_path: Path) -> None:
    copies = []
    for code in translations.TRANSLATED:
        copy = tmp_path / f"ui_{code}.ts"
        shutil.copyfile(translations.ts_file(code), copy)
        copies.append(copy)
    subprocess.run(
        [translations._tool("lupdate"), "-silent", "-no-obsolete", "-locations", "none",
         *translations._sources(ROOT), "-ts", *map(str, copies)],
        check=True,
    )
    for copy in copies:
        text = copy.read_text(encoding="utf-8")
        assert 'type="unfinished"' not in text, (
            f"{copy.name}: texts not translated; run `python -m screeningroom.ui.translations "
            "update`, translate, then `check`"
        )


@pytest.mark.parametrize("code", translations.TRANSLATED)
def test_committed_ts_files_are_complete(code: str) -> None:
    assert translations.untranslated(code) == []


def test_language_switch_retranslates_open_window(qtbot, qapp) -> None:
    from screeningroom.ui.app import StationWindow

    window = StationWindow()
    qtbot.addWidget(window)
    try:
        translations.apply_language(qapp, "kk")
        qtbot.waitUntil(lambda: window.status.text().startswith("Бұл жұмыс орны"))
        translations.apply_language(qapp, "ru")
        qtbot.waitUntil(lambda: "станция просмотра" in window.status.text())
    finally:
        translations.apply_language(qapp, "en")
    qtbot.waitUntil(lambda: window.status.text().startswith("This workstation"))
