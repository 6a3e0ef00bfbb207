"""The notes list beside the player: :class:`ReviewNotesWidget`.

Entry point for the player window::

    notes = ReviewNotesWidget(store, player, session_id=session.session_id,
                              member_id=member.member_id, film_id=manifest.film_id)
    layout.addWidget(notes)

``store`` is a :class:`screeningroom.review.store.ReviewStore`; ``player`` anything with
``position_seconds`` and ``seek(seconds)`` (:class:`screeningroom.review.playback.
PlaybackPosition`; the station's Player fits). Key N (anywhere in the window, except while
typing) or the button adds a note at the current time code; the note's text, category and
severity are saved as they are typed; a click on a note seeks the player there.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from screeningroom.errors import ScreeningRoomError
from screeningroom.review.model import Note, NoteCategory, Severity
from screeningroom.review.playback import PlaybackPosition
from screeningroom.review.store import ReviewStore


class ReviewNotesWidget(QWidget):
    """Time-coded notes of one member's session, saved as typed."""

    noteAdded = Signal(int)      # note id
    noteChanged = Signal(int)

    def __init__(self, store: ReviewStore, position: PlaybackPosition, *, session_id: int,
                 member_id: str, film_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.position = position
        self.session_id = session_id
        self.member_id = member_id
        self.film_id = film_id
        self._current: int | None = None
        self._loading = False

        self.title = QLabel(self)
        self.list = QListWidget(self)
        self.list.setObjectName("notes")
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("add_note")
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("note_text")
        self.category = QComboBox(self)
        self.severity = QComboBox(self)
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.category_label = QLabel(self)
        self.severity_label = QLabel(self)
        for c in NoteCategory:
            self.category.addItem("", c)
        for s in Severity:
            self.severity.addItem("", s)

        form = QFormLayout()
        form.addRow(self.category_label, self.category)
        form.addRow(self.severity_label, self.severity)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.list, 3)
        layout.addLayout(form)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.error)

        self.shortcut = QShortcut(QKeySequence(Qt.Key.Key_N), self)
        self.shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.shortcut.activated.connect(self.add_note)
        self.add_button.clicked.connect(self.add_note)
        self.list.itemClicked.connect(self._clicked)
        self.list.currentItemChanged.connect(lambda item, _old: self._select(item))
        self.text.textChanged.connect(self._text_changed)
        self.category.currentIndexChanged.connect(self._choice_changed)
        self.severity.currentIndexChanged.connect(self._choice_changed)
        self.retranslate()
        self.reload()

    # --- behaviour ----------------------------------------------------------------------

    def notes(self) -> list[Note]:
        return self.store.notes(member_id=self.member_id, film_id=self.film_id)

    def reload(self) -> None:
        keep = self._current
        self._loading = True
        self.list.clear()
        for note in self.notes():
            item = QListWidgetItem(self._line(note))
            item.setData(Qt.ItemDataRole.UserRole, note.note_id)
            self.list.addItem(item)
            if note.note_id == keep:
                self.list.setCurrentItem(item)
        self._loading = False
        self._enable_editor(self._current is not None)

    def add_note(self) -> Note | None:
        """A note at the player's current time code; the text box takes the focus."""
        seconds = max(0.0, float(self.position.position_seconds or 0.0))
        try:
            note = self.store.add_note(
                session_id=self.session_id, member_id=self.member_id, film_id=self.film_id,
                time_ms=round(seconds * 1000), category=self.category.currentData(),
                severity=self.severity.currentData(), text="")
        except ScreeningRoomError as exc:
            self.error.setText(str(exc))
            return None
        self.error.clear()
        self._current = note.note_id
        self.reload()
        self._select(self.list.currentItem())
        self.text.setFocus()
        self.noteAdded.emit(note.note_id)
        return note

    def _clicked(self, item: QListWidgetItem) -> None:
        note_id = item.data(Qt.ItemDataRole.UserRole)
        note = self.store.note(note_id)
        self.position.seek(note.seconds)

    def _select(self, item: QListWidgetItem | None) -> None:
        if self._loading:
            return
        if item is None:
            self._current = None
            self._enable_editor(False)
            return
        note = self.store.note(item.data(Qt.ItemDataRole.UserRole))
        self._current = note.note_id
        self._loading = True
        self.text.setPlainText(note.text)
        self.category.setCurrentIndex(list(NoteCategory).index(note.category))
        self.severity.setCurrentIndex(list(Severity).index(note.severity))
        self._loading = False
        self._enable_editor(True)

    def _text_changed(self) -> None:
        if self._loading or self._current is None:
            return
        self._save(text=self.text.toPlainText())

    def _choice_changed(self) -> None:
        if self._loading or self._current is None:
            return
        self._save(category=self.category.currentData(), severity=self.severity.currentData())

    def _save(self, **changes: object) -> None:
        try:
            note = self.store.update_note(self._current, **changes)  # type: ignore[arg-type]
        except ScreeningRoomError as exc:
            self.error.setText(str(exc))
            return
        self.error.clear()
        item = self.list.currentItem()
        if item is not None:
            item.setText(self._line(note))
        self.noteChanged.emit(note.note_id)

    def _enable_editor(self, on: bool) -> None:
        self.text.setEnabled(on)

    @staticmethod
    def _line(note: Note) -> str:
        first = note.text.splitlines()[0] if note.text else ""
        return f"{note.time_code}  [{note.category.title}]  {first}"

    # --- language -----------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(self.tr("Notes"))
        self.add_button.setText(self.tr("Add note (N)"))
        self.add_button.setToolTip(self.tr("Add a note at the current time code"))
        self.text.setPlaceholderText(self.tr("Type the note; it is saved as you type."))
        self.category_label.setText(self.tr("Category"))
        self.severity_label.setText(self.tr("Severity"))
        for i, c in enumerate(NoteCategory):
            self.category.setItemText(i, c.title)
        for i, s in enumerate(Severity):
            self.severity.setItemText(i, s.title)
        self.reload()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
