"""The notes widget and the review form, driven by real clicks and keys (pytest-qt), their
layout in kk/ru/en at 1280x800, and screenshots of every review screen under Xvfb."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from screeningroom.review.law import AgeCategory, RefusalGround
from screeningroom.review.model import Film, NoteCategory, Recommendation, Severity
from screeningroom.review.playback import FixedPosition
from screeningroom.ui.review_form import ReviewFormDialog
from screeningroom.ui.review_notes import ReviewNotesWidget

from .conftest import EDGE_IDS, SID

DURATION = 95 * 60.0


def _notes_widget(qtbot, store, seconds=754.4, session_id=SID, duration=DURATION):
    position = FixedPosition(seconds, duration)
    widget = ReviewNotesWidget(store, position, session_id=session_id, member_id="m1",
                               film_id="F-001")
    qtbot.addWidget(widget)
    return widget, position


def _active_notes_widget(qtbot, store):
    """The notes widget shown and focused (typing and keys reach it)."""
    widget, position = _notes_widget(qtbot, store)
    widget.show()
    widget.activateWindow()
    qtbot.waitActive(widget)
    return widget, position


def _type_note(qtbot, widget, text: str) -> None:
    qtbot.mouseClick(widget.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(widget.text, text)


def test_add_a_note_with_the_button_and_with_n(qtbot, store) -> None:
    widget, position = _active_notes_widget(qtbot, store)
    _type_note(qtbot, widget, "knife")
    assert [(n.time_ms, n.text) for n in store.notes()] == [(754_400, "knife")]
    position.position_seconds = 30.0
    widget.list.setFocus()
    qtbot.wait(20)
    qtbot.keyClick(widget.list, Qt.Key.Key_N)
    qtbot.keyClicks(widget.text, "blood")
    assert [n.time_ms for n in store.notes()] == [30_000, 754_400]
    assert widget.list.count() == 2


@pytest.mark.parametrize("session_id", EDGE_IDS)
def test_notes_in_the_window_for_session_ids_across_64_bits(qtbot, store,
                                                            session_id) -> None:
    """Ids >= 2**63 failed with OverflowError on stderr and nothing in the window."""
    widget, _position = _notes_widget(qtbot, store, session_id=session_id)
    widget.show()
    _type_note(qtbot, widget, "scene")
    assert widget.error.text() == ""
    (note,) = store.notes()
    assert note.session_id == session_id and note.session_short == f"{session_id:016x}"


def test_an_empty_note_is_not_kept(qtbot, store) -> None:
    widget, _position = _notes_widget(qtbot, store)
    widget.show()
    qtbot.mouseClick(widget.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(widget.add_button, Qt.MouseButton.LeftButton)   # N twice, no text
    assert store.notes() == [] and widget.list.count() == 1
    _type_note(qtbot, widget, "x")
    qtbot.keyClick(widget.text, Qt.Key.Key_Backspace)                # cleared again
    assert store.notes()[0].text == "x"
    assert "empty note is not kept" in widget.error.text()


def test_a_note_past_the_end_of_the_film_is_refused(qtbot, store) -> None:
    widget, _position = _notes_widget(qtbot, store, seconds=9.0, duration=5.0)
    widget.show()
    _type_note(qtbot, widget, "end credits")
    assert store.notes()[0].time_ms == 5_000          # the player's time, capped at the end
    with pytest.raises(Exception, match="past the end of the film"):
        store.add_note(session_id=SID, member_id="m1", film_id="F-001", time_ms=9_000,
                       text="x", duration_ms=5_000)


def test_delete_with_the_button_and_the_key(qtbot, store) -> None:
    widget, _position = _active_notes_widget(qtbot, store)
    _type_note(qtbot, widget, "first")
    qtbot.mouseClick(widget.delete_button, Qt.MouseButton.LeftButton)
    assert store.notes() == [] and len(store.notes(withdrawn=True)) == 1
    assert "withdrawn" in widget.error.text()
    _type_note(qtbot, widget, "second")
    qtbot.keyClick(widget.text, Qt.Key.Key_Delete)      # in the text: deletes a letter only
    assert len(store.notes()) == 1
    widget.list.setCurrentRow(0)
    widget.list.setFocus()
    qtbot.keyClick(widget.list, Qt.Key.Key_Delete)
    assert store.notes() == [] and len(store.notes(withdrawn=True)) == 2
    assert widget.list.count() == 0


def test_edit_is_saved_as_typed(qtbot, store) -> None:
    widget, _position = _notes_widget(qtbot, store)
    _type_note(qtbot, widget, "knife")
    (note,) = store.notes()
    assert note.text == "knife"                          # every keystroke committed
    widget.text.insertPlainText(" — Қан")                 # Kazakh text, as an IME inserts it
    assert store.notes()[0].text == "knife — Қан"
    widget.category.setCurrentIndex(list(NoteCategory).index(NoteCategory.SUICIDE))
    widget.severity.setCurrentIndex(list(Severity).index(Severity.HIGH))
    saved = store.note(note.note_id)
    assert saved.category is NoteCategory.SUICIDE and saved.severity is Severity.HIGH
    line = widget.list.item(0).text()
    assert "Қан" in line and "suicide" in line and "high" in line    # severity shown


def test_the_list_shows_long_notes_wrapped_not_cut(qtbot, store) -> None:
    text = "сөз " * 400
    store.add_note(session_id=SID, member_id="m1", film_id="F-001", time_ms=1_000, text=text)
    widget, _position = _notes_widget(qtbot, store)
    widget.resize(380, 600)
    widget.show()
    qtbot.waitExposed(widget)
    item = widget.list.item(0)
    assert text.strip() in item.text()
    assert widget.list.wordWrap()
    assert widget.list.horizontalScrollBar().maximum() == 0
    assert widget.list.visualItemRect(item).height() > 4 * widget.fontMetrics().height()


def test_typing_n_in_a_note_does_not_add_a_note(qtbot, store) -> None:
    widget, _position = _notes_widget(qtbot, store)
    widget.show()
    _type_note(qtbot, widget, "nn")
    assert len(store.notes()) == 1 and store.notes()[0].text == "nn"


def test_click_seeks_the_player(qtbot, store) -> None:
    store.add_note(session_id=SID, member_id="m1", film_id="F-001", time_ms=125_000, text="b")
    store.add_note(session_id=SID, member_id="m1", film_id="F-001", time_ms=5_000, text="a")
    widget, position = _notes_widget(qtbot, store, seconds=0.0)
    widget.show()
    item = widget.list.item(1)
    rect = widget.list.visualItemRect(item)
    qtbot.mouseClick(widget.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert position.seeks == [125.0]


def _dialog(qtbot, store, film, **kwargs) -> ReviewFormDialog:
    dialog = ReviewFormDialog(store, film, "m1", member_name="Әйгерім", **kwargs)
    qtbot.addWidget(dialog)
    return dialog


def _fill_form(dialog, age=AgeCategory.AGE_16, rec=Recommendation.ISSUE) -> None:
    from screeningroom.review.model import ReleaseLanguage

    dialog.age.setCurrentIndex(dialog.age.findData(age))
    dialog.language_checks[ReleaseLanguage.KAZAKH].setChecked(True)
    dialog.rec_buttons[rec].setChecked(True)


def test_form_offers_exactly_the_seven_categories(qtbot, store, film) -> None:
    dialog = _dialog(qtbot, store, film)
    offered = [dialog.age.itemData(i) for i in range(1, dialog.age.count())]
    assert offered == list(AgeCategory) and len(offered) == 7
    assert dialog.age.itemData(0) is None
    assert dialog.declared.text() == "12+"


def test_header_gives_a_short_film_its_real_duration(qtbot, store) -> None:
    dialog = _dialog(qtbot, store, Film("F-5", "Five", "KZ-5", 5.0))
    assert "Duration: 0:00:05" in dialog.header.text() and "0 min" not in dialog.header.text()


def test_form_refuses_a_ground_without_a_note(qtbot, store, film) -> None:
    dialog = _dialog(qtbot, store, film)
    _fill_form(dialog, AgeCategory.AGE_21, Recommendation.REFUSE)
    assert "00:00 and 06:00" in dialog.restrictions.text()
    dialog.ground_checks[RefusalGround.PORNOGRAPHY].setChecked(True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "needs at least one time-coded note" in dialog.status.text()
    note = store.add_note(session_id=SID, member_id="m1", film_id="F-001", time_ms=61_000,
                          text="explicit scene")
    dialog._fill_note_choices()
    pick = dialog.ground_notes[RefusalGround.PORNOGRAPHY]
    pick.setCurrentIndex(pick.findData(note.note_id))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == "Saved. The form is complete."
    kept = store.form("F-001", "m1")
    assert kept.evidence_for(RefusalGround.PORNOGRAPHY) == (note.note_id,)
    assert kept.age_category is AgeCategory.AGE_21
    again = _dialog(qtbot, store, film)
    assert again.form() == kept


def _export_dialog(qtbot, world, member="m1") -> ReviewFormDialog:
    dialog = ReviewFormDialog(world.store, world.film, member, member_name="Әйгерім",
                              signer=world.station, sessions=world.registry,
                              certificate=world.station.certificate_bytes)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _choose_file(qtbot, dialog, out: Path) -> None:
    """As a person does: go to the folder, type the file's name, click Save."""
    files = dialog.exporter.file_dialog
    assert files is not None and files.isVisible()
    files.setDirectory(str(out.parent))
    name = files.findChild(QLineEdit, "fileNameEdit")
    name.clear()
    qtbot.keyClicks(name, out.name)
    save = files.findChild(QDialogButtonBox, "buttonBox").button(
        QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not files.isVisible())


def _type_password(qtbot, dialog, password: str) -> None:
    asked = dialog.exporter.password_dialog
    qtbot.waitUntil(lambda: asked is not None and asked.isVisible())
    qtbot.keyClicks(asked.password, password)
    qtbot.keyClick(asked.password, Qt.Key.Key_Return)


def test_the_export_button_asks_where_and_for_the_password(qtbot, world, tmp_path) -> None:
    """The button's clicked(bool) reached the path argument (TypeError), there was no file
    dialog, and the status said "Saved" whatever happened."""
    from screeningroom.review.audit import from_registry
    from screeningroom.review.verify import verify_report

    dialog = _export_dialog(qtbot, world)
    written = []
    dialog.report_written.connect(written.append)
    assert dialog.export_button.isVisible()
    _fill_form(dialog)
    out = tmp_path / "exports" / "aigerim.pdf"
    out.parent.mkdir()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    _choose_file(qtbot, dialog, out)
    _type_password(qtbot, dialog, "dana password")            # not hers
    qtbot.waitUntil(lambda: "password is not right" in dialog.status.text())
    assert not out.exists() and dialog.export_button.isEnabled()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    _choose_file(qtbot, dialog, out)
    _type_password(qtbot, dialog, "aigerim password")
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Report written and signed by"))
    assert out.exists() and written == [out] and dialog.last_export == out
    check = verify_report(out, anchors=[world.station.anchor],
                          audit=[from_registry(world.registry)])
    assert check.member_id == "m1" and check.member_signed


def test_cancelling_the_export_says_nothing_was_written(qtbot, world, tmp_path) -> None:
    dialog = _export_dialog(qtbot, world)
    _fill_form(dialog)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    dialog.exporter.file_dialog.reject()
    assert dialog.status.text() == "Export cancelled: no report was written."
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    _choose_file(qtbot, dialog, tmp_path / "x.pdf")
    qtbot.waitUntil(lambda: dialog.exporter.password_dialog.isVisible())
    qtbot.keyClick(dialog.exporter.password_dialog.password, Qt.Key.Key_Escape)
    assert dialog.status.text() == "Export cancelled: no report was written."
    assert not (tmp_path / "x.pdf").exists()


def test_a_member_who_never_watched_cannot_save_or_export(qtbot, world) -> None:
    dialog = _export_dialog(qtbot, world, member="m3")
    _fill_form(dialog)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "has no session of" in dialog.status.text()
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.exporter.file_dialog is None


def test_export_is_in_the_language_the_window_shows(qtbot, qapp, world, tmp_path) -> None:
    """A form opened in ru exported in ru after the window had switched to en."""
    from screeningroom.review.verify import verify_report
    from screeningroom.ui.translations import apply_language

    apply_language(qapp, "ru")
    try:
        dialog = _export_dialog(qtbot, world)
        _fill_form(dialog)
        apply_language(qapp, "en")
        qtbot.waitUntil(lambda: dialog.save_button.text() == "Save")
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        _choose_file(qtbot, dialog, tmp_path / "r.pdf")
        _type_password(qtbot, dialog, "aigerim password")
        qtbot.waitUntil(lambda: dialog.status.text().startswith("Report written"))
    finally:
        apply_language(qapp, "en")
    assert verify_report(tmp_path / "r.pdf").facts.language == "en"


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_no_review_screen_cuts_text_or_scrolls_sideways(qapp, lang) -> None:
    """At 1280x800 the form scrolled sideways in kk (33 px) and ru (79 px); the unlock
    screen's second line was cut in every language."""
    from screeningroom.ui import review_screens
    from screeningroom.ui.translations import apply_language

    try:
        apply_language(qapp, lang)
        with review_screens.sample_world() as sample:
            for name, window in review_screens.screens(sample):
                window.show()
                for _ in range(5):
                    qapp.processEvents()
                assert review_screens.layout_faults(window) == [], (name, lang)
                window.close()
    finally:
        apply_language(qapp, "en")


@pytest.mark.xvfb
def test_screenshots_of_every_review_screen(xdisplay, artifacts_dir: Path) -> None:
    env = {**os.environ, "DISPLAY": xdisplay, "QT_QPA_PLATFORM": "xcb"}
    for lang in ("kk", "ru", "en"):
        done = subprocess.run(
            [sys.executable, "-m", "screeningroom.ui.review_screens", str(artifacts_dir), lang],
            env=env, capture_output=True, text=True, timeout=180)
        assert done.returncode == 0, done.stderr
        faults = json.loads(done.stdout.splitlines()[-1])
        assert faults == {name: [] for name in faults}, (lang, faults)
        for name in ("unlock", "login", "review-notes", "review-form", "review-password"):
            assert (artifacts_dir / f"{name}-{lang}.png").stat().st_size > 5_000


def test_the_export_status_is_translated(qtbot, qapp, world) -> None:
    from screeningroom.ui.translations import apply_language

    apply_language(qapp, "ru")
    try:
        dialog = _export_dialog(qtbot, world)
        _fill_form(dialog)
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        dialog.exporter.file_dialog.reject()
        assert dialog.status.text() == "Экспорт отменён: отчёт не записан."
    finally:
        apply_language(qapp, "en")
