"""Every screen of the review, built with sample data, checked and photographed.

``python -m screeningroom.ui.review_screens OUT_DIR LANG`` (on a real X screen of
1280x800, as the Xvfb test runs it) saves ``unlock``, ``login``, ``review-notes``,
``review-form`` and ``review-password`` as ``<name>-<LANG>.png`` and prints, as JSON, the
layout faults found on each (:func:`layout_faults`: a text cut off, a sideways scroll).
The same checks run headless in the tests for every language.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QScrollArea,
    QWidget,
)

SCREEN = (1280, 800)
SID = 0x8F3A_9C0E_5B7D_2146          # above 2**63, as a third to a half of all ids are


def layout_faults(window: QWidget) -> list[str]:
    """Visible texts that do not fit their widget, and scroll areas that scroll sideways."""
    faults: list[str] = []
    for label in window.findChildren(QLabel):
        if not label.isVisibleTo(window) or not label.text():
            continue
        if label.wordWrap():
            needed = label.heightForWidth(label.width())
            if needed > label.height() + 1:
                faults.append(f"label cut vertically ({label.height()} < {needed} px): "
                              f"{label.text()[:60]!r}")
        elif label.sizeHint().width() > label.width() + 1:
            faults.append(f"label cut ({label.width()} < {label.sizeHint().width()} px): "
                          f"{label.text()[:60]!r}")
    for button in window.findChildren(QAbstractButton):
        if button.isVisibleTo(window) and button.text() and (
                button.sizeHint().width() > button.width() + 1):
            faults.append(f"button text cut ({button.width()} < {button.sizeHint().width()}"
                          f" px): {button.text()[:60]!r}")
    for combo in window.findChildren(QComboBox):
        if combo.isVisibleTo(window) and combo.minimumSizeHint().width() > combo.width() + 1:
            faults.append(f"choice cut: {combo.currentText()[:60]!r}")
    for area in window.findChildren(QScrollArea):
        bar = area.horizontalScrollBar()
        if area.isVisibleTo(window) and bar.maximum() > 0:
            faults.append(f"{area.objectName() or 'scroll area'} scrolls sideways by "
                          f"{bar.maximum()} px")
    return faults


@contextmanager
def sample_world() -> Iterator[dict]:
    """A review store with notes and a form, and the parts a form needs (no station)."""
    from screeningroom.review.law import AgeCategory, FormerIndex, RefusalGround
    from screeningroom.review.model import (
        Film,
        KazakhVersion,
        LanguageFindings,
        NoteCategory,
        Recommendation,
        ReleaseLanguage,
        ReviewForm,
        Severity,
    )
    from screeningroom.review.store import ReviewStore

    with tempfile.TemporaryDirectory() as tmp:
        store = ReviewStore(Path(tmp) / "review.sqlite3")
        film = Film("F-001", "Дала жұлдызы / Звезда степи", "KZ-2026-0042", 95 * 60.0,
                    AgeCategory.AGE_12)
        note = store.add_note(session_id=SID, member_id="m1", film_id="F-001",
                              time_ms=754_000, category=NoteCategory.VIOLENCE,
                              severity=Severity.HIGH,
                              text="Қатыгездік көрінісі / сцена жестокости: " + "ұзақ " * 60)
        store.add_note(session_id=SID, member_id="m1", film_id="F-001", time_ms=1_200_000,
                       category=NoteCategory.COARSE_LANGUAGE, severity=Severity.LOW,
                       text="Бейәдеп сөз дыбыстық сигналмен жабылмаған")
        store.save_form(ReviewForm(
            "F-001", "m1", AgeCategory.AGE_18, FormerIndex.E18,
            LanguageFindings((ReleaseLanguage.RUSSIAN, ReleaseLanguage.KAZAKH),
                             KazakhVersion.SUBTITLED),
            recommendation=Recommendation.RETURN, conclusion="…",
        ).with_ground(RefusalGround.CRUELTY_AND_VIOLENCE, (note.note_id,)))
        try:
            yield {"store": store, "film": film}
        finally:
            store.close()


class _Watched:
    """A registry stand-in for the screenshots: m1 watched the film."""

    def sessions(self):  # type: ignore[no-untyped-def]
        from screeningroom.registry.model import Session

        start = datetime.now(UTC) - timedelta(hours=2)
        return (Session(SID, "ST", "Hall 2", "m1", "F-001", "L", "p", start,
                        start + timedelta(minutes=96)),)


def screens(world: dict) -> Iterator[tuple[str, QWidget]]:
    """(name, top-level widget) for every review screen, shown at its real size."""
    from screeningroom.review.playback import FixedPosition
    from screeningroom.ui.review_export import MemberPasswordDialog
    from screeningroom.ui.review_form import ReviewFormDialog
    from screeningroom.ui.review_notes import ReviewNotesWidget
    from screeningroom.ui.station_window import StationWindow

    window = StationWindow()
    window.resize(*SCREEN)
    window.pages.setCurrentWidget(window.unlock_form)
    yield "unlock", window
    window.login_form.set_station("Almaty 1", "Hall 2")
    window.pages.setCurrentWidget(window.login_form)
    yield "login", window
    _dispose(window)
    notes = ReviewNotesWidget(world["store"], FixedPosition(754.0, 95 * 60.0),
                              session_id=SID, member_id="m1", film_id="F-001")
    notes.resize(420, 700)
    notes.list.setCurrentRow(0)
    yield "review-notes", notes
    _dispose(notes)
    form = ReviewFormDialog(world["store"], world["film"], "m1",
                            member_name="Әйгерім Сәрсенова", signer=object(),
                            sessions=_Watched())
    yield "review-form", form
    password = MemberPasswordDialog(form, "m1", "Әйгерім Сәрсенова")
    yield "review-password", password
    _dispose(form)


def _dispose(widget: QWidget) -> None:
    """Close and delete now (a later language switch must not reach a widget whose
    store is closed)."""
    widget.close()
    widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def shoot(out_dir: Path, lang: str, show: Callable[[QWidget], None] | None = None
          ) -> dict[str, list[str]]:
    """Save every screen as ``<name>-<lang>.png``; return the layout faults of each."""
    from screeningroom.ui.translations import apply_language

    app = QApplication.instance() or QApplication([sys.argv[0]])
    apply_language(app, lang)
    out_dir.mkdir(parents=True, exist_ok=True)
    found: dict[str, list[str]] = {}
    with sample_world() as world:
        for name, widget in screens(world):
            widget.show()
            for _ in range(5):
                app.processEvents()
            found[name] = layout_faults(widget)
            widget.grab().save(str(out_dir / f"{name}-{lang}.png"), "PNG")
            scroll = widget.findChild(QScrollArea)
            if scroll is not None and scroll.widget() is not None:   # the whole form
                scroll.widget().grab().save(str(out_dir / f"{name}-all-{lang}.png"), "PNG")
            widget.close()
    return found


def main(argv: list[str]) -> int:
    found = shoot(Path(argv[0]), argv[1])
    print(json.dumps(found, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
