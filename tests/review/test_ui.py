"""The notes widget and the review form (pytest-qt), and screenshots under Xvfb."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from screeningroom.review.law import AgeCategory, RefusalGround
from screeningroom.review.model import NoteCategory, Recommendation, Severity
from screeningroom.review.playback import FixedPosition
from screeningroom.ui.review_form import ReviewFormDialog
from screeningroom.ui.review_notes import ReviewNotesWidget

SID = 0x1234_5678_9ABC_DEF0


def _notes_widget(qtbot, store, seconds=754.4):
    position = FixedPosition(seconds)
    widget = ReviewNotesWidget(store, position, session_id=SID, member_id="m1",
                               film_id="F-001")
    qtbot.addWidget(widget)
    return widget, position


def test_add_a_note_with_the_button_and_with_n(qtbot, store) -> None:
    widget, position = _notes_widget(qtbot, store)
    widget.show()
    widget.activateWindow()
    qtbot.waitActive(widget)
    qtbot.mouseClick(widget.add_button, Qt.MouseButton.LeftButton)
    assert [n.time_ms for n in store.notes()] == [754_400]
    position.position_seconds = 30.0
    widget.list.setFocus()
    qtbot.wait(20)
    qtbot.keyClick(widget.list, Qt.Key.Key_N)
    assert [n.time_ms for n in store.notes()] == [30_000, 754_400]
    assert widget.list.count() == 2


def test_edit_is_saved_as_typed(qtbot, store) -> None:
    widget, _position = _notes_widget(qtbot, store)
    note = widget.add_note()
    qtbot.keyClicks(widget.text, "knife")
    assert store.note(note.note_id).text == "knife"        # every keystroke committed
    widget.text.insertPlainText(" — Қан")                   # Kazakh text, as an IME inserts it
    assert store.notes()[0].text == "knife — Қан"
    widget.category.setCurrentIndex(list(NoteCategory).index(NoteCategory.SUICIDE))
    widget.severity.setCurrentIndex(list(Severity).index(Severity.HIGH))
    saved = store.note(note.note_id)
    assert saved.category is NoteCategory.SUICIDE and saved.severity is Severity.HIGH
    assert "Қан" in widget.list.item(0).text()


def test_typing_n_in_a_note_does_not_add_a_note(qtbot, store) -> None:
    widget, _position = _notes_widget(qtbot, store)
    widget.show()
    widget.add_note()
    qtbot.keyClicks(widget.text, "nn")
    assert len(store.notes()) == 1 and store.notes()[0].text == "nn"


def test_click_seeks_the_player(qtbot, store) -> None:
    store.add_note(session_id=SID, member_id="m1", film_id="F-001", time_ms=125_000)
    store.add_note(session_id=SID, member_id="m1", film_id="F-001", time_ms=5_000)
    widget, position = _notes_widget(qtbot, store, seconds=0.0)
    widget.show()
    item = widget.list.item(1)
    rect = widget.list.visualItemRect(item)
    qtbot.mouseClick(widget.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert position.seeks == [125.0]


def _dialog(qtbot, store, film) -> ReviewFormDialog:
    dialog = ReviewFormDialog(store, film, "m1", member_name="Әйгерім")
    qtbot.addWidget(dialog)
    return dialog


def test_form_offers_exactly_the_seven_categories(qtbot, store, film) -> None:
    dialog = _dialog(qtbot, store, film)
    offered = [dialog.age.itemData(i) for i in range(1, dialog.age.count())]
    assert offered == list(AgeCategory) and len(offered) == 7
    assert dialog.age.itemData(0) is None
    assert dialog.declared.text() == "12+"


def test_form_refuses_a_ground_without_a_note(qtbot, store, film) -> None:
    dialog = _dialog(qtbot, store, film)
    dialog.age.setCurrentIndex(dialog.age.findData(AgeCategory.AGE_21))
    assert "00:00 and 06:00" in dialog.restrictions.text()
    dialog.rec_buttons[Recommendation.REFUSE].setChecked(True)
    dialog.ground_checks[RefusalGround.PORNOGRAPHY].setChecked(True)
    assert not dialog.save()
    assert "needs at least one time-coded note" in dialog.status.text()
    # with a note as its evidence, the same form is complete and kept
    note = store.add_note(session_id=SID, member_id="m1", film_id="F-001", time_ms=61_000,
                          text="explicit scene")
    dialog._fill_note_choices()
    pick = dialog.ground_notes[RefusalGround.PORNOGRAPHY]
    pick.setCurrentIndex(pick.findData(note.note_id))
    assert dialog.save(), dialog.status.text()
    kept = store.form("F-001", "m1")
    assert kept.evidence_for(RefusalGround.PORNOGRAPHY) == (note.note_id,)
    assert kept.age_category is AgeCategory.AGE_21
    again = _dialog(qtbot, store, film)
    assert again.form() == kept


def test_form_exports_a_signed_report(qtbot, store, film, registry, station, tmp_path) -> None:
    pytest.importorskip("pypdf")
    from screeningroom.review.verify import verify_report

    dialog = ReviewFormDialog(store, film, "m1", member_name="Әйгерім", signer=station,
                              sessions=registry)
    qtbot.addWidget(dialog)
    assert not dialog.export_button.isHidden()
    dialog.age.setCurrentIndex(dialog.age.findData(AgeCategory.AGE_16))
    dialog.rec_buttons[Recommendation.ISSUE].setChecked(True)
    out = dialog.export(tmp_path / "r.pdf")
    assert out is not None, dialog.status.text()
    assert verify_report(out, sessions=registry).member_id == "m1"


@pytest.mark.xvfb
@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_screenshot_of_the_form(xdisplay, artifacts_dir: Path, lang: str) -> None:
    out = artifacts_dir / f"review-form-{lang}.png"
    out.unlink(missing_ok=True)
    env = {**os.environ, "DISPLAY": xdisplay, "QT_QPA_PLATFORM": "xcb"}
    done = subprocess.run([sys.executable, "-m", "screeningroom.ui.review_form", str(out), lang],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > 20_000
