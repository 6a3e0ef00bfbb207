"""The notes list beside the player: :class:`ReviewNotesWidget`.

Entry point for the player window::

    notes = ReviewNotesWidget(store, session, session_id=session.session_id,
                              member_id=member.member_id, film_id=manifest.film_id)
    layout.addWidget(notes)

``store`` is a :class:`screeningroom.review.store.ReviewStore`; ``session`` anything with
``position_seconds``, ``duration`` and ``seek(seconds)`` (:class:`screeningroom.review.
playback.PlaybackPosition`; the station's PlaybackSession fits).

- Key N (anywhere in the window, except while typing) or "Add note" starts a note at the
  current time code; it is kept from its first typed character on (an empty note is never
  kept), and every change after that is saved as it is typed.
- Key Delete on the list or "Delete note" withdraws the chosen note: it leaves the list
  and the report, stays in the store with the time it was withdrawn, and the report says
  how many notes were withdrawn.
- A click on a note seeks the player there. Each line shows the time code, category,
  severity and the note's whole text, wrapped (never cut off).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
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
from screeningroom.review.model import Note, NoteCategory, Severity, format_time_code
from screeningroom.review.playback import PlaybackPosition
from screeningroom.review.store import ReviewStore
from screeningroom.ui.common import Retranslates


@dataclass(frozen=True)
class _Pending:
    """A note started (N) whose text has not been typed yet: shown, not stored."""

    time_ms: int


class ReviewNotesWidget(Retranslates, QWidget):
    """Time-coded notes of one member's session, saved as typed."""

    noteAdded = Signal(int)      # note id
    noteChanged = Signal(int)
    noteWithdrawn = Signal(int)

    def __init__(self, store: ReviewStore, position: PlaybackPosition, *, session_id: int,
                 member_id: str, film_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.position = position
        self.session_id = session_id
        self.member_id = member_id
        self.film_id = film_id
        self._current: int | None = None
        self._pending: _Pending | None = None
        self._loading = False

        self.title = QLabel(self)
        self.list = QListWidget(self)
        self.list.setObjectName("notes")
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setSpacing(2)
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("add_note")
        self.delete_button = QPushButton(self)
        self.delete_button.setObjectName("delete_note")
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("note_text")
        self.category = QComboBox(self)
        self.severity = QComboBox(self)
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.category_label = QLabel(self)
        self.severity_label = QLabel(self)
        for c in NoteCategory:
            self.category.addItem("", c)
        for s in Severity:
            self.severity.addItem("", s)
        self.severity.setCurrentIndex(list(Severity).index(Severity.MEDIUM))

        form = QFormLayout()
        form.addRow(self.category_label, self.category)
        form.addRow(self.severity_label, self.severity)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.add_button)
        top.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.list, 3)
        layout.addLayout(form)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.error)

        self.shortcut = QShortcut(QKeySequence(Qt.Key.Key_N), self)
        self.shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.shortcut.activated.connect(self.add_note)
        self.list.installEventFilter(self)          # Delete on the list withdraws the note
        self.add_button.clicked.connect(self.add_note)
        self.delete_button.clicked.connect(self.withdraw_note)
        self.list.itemClicked.connect(self._clicked)
        self.list.currentItemChanged.connect(lambda item, _old: self._select(item))
        self.text.textChanged.connect(self._text_changed)
        self.category.currentIndexChanged.connect(self._choice_changed)
        self.severity.currentIndexChanged.connect(self._choice_changed)
        self.retranslate()
        self.reload()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.list and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Delete):
            self.withdraw_note()
            return True
        return super().eventFilter(watched, event)

    # --- behaviour ----------------------------------------------------------------------

    def notes(self) -> list[Note]:
        return self.store.notes(member_id=self.member_id, film_id=self.film_id)

    def _duration_ms(self) -> int | None:
        duration = float(getattr(self.position, "duration", 0.0) or 0.0)
        return round(duration * 1000) if duration > 0 else None

    def reload(self) -> None:
        keep = self._current
        self._loading = True
        self.list.clear()
        try:
            notes = self.notes()
        except ScreeningRoomError as exc:
            notes = []
            self.error.setText(str(exc))
        placed = False
        for note in notes:
            if (self._pending is not None and not placed
                    and self._pending.time_ms < note.time_ms):
                self._add_pending_item()
                placed = True
            item = QListWidgetItem(self._line(note))
            item.setData(Qt.ItemDataRole.UserRole, note.note_id)
            self.list.addItem(item)
            if note.note_id == keep and self._pending is None:
                self.list.setCurrentItem(item)
        if self._pending is not None and not placed:
            self._add_pending_item()
        self._loading = False
        self._enable_editor(self._current is not None or self._pending is not None)

    def _add_pending_item(self) -> None:
        if self._pending is None:
            return
        item = QListWidgetItem(self.tr("{time}  new note: type its text below").replace(
            "{time}", format_time_code(self._pending.time_ms)))
        item.setData(Qt.ItemDataRole.UserRole, None)
        font = item.font()
        font.setItalic(True)
        item.setFont(font)
        self.list.addItem(item)
        self.list.setCurrentItem(item)

    def add_note(self) -> None:
        """Start a note at the player's current time code; the text box takes the focus.
        The note is stored with its first character."""
        seconds = max(0.0, float(self.position.position_seconds or 0.0))
        time_ms = round(seconds * 1000)
        limit = self._duration_ms()
        if limit is not None:
            time_ms = min(time_ms, limit)
        self._pending = _Pending(time_ms)
        self._current = None
        self.error.clear()
        self._loading = True
        self.text.clear()
        self._loading = False
        self.reload()
        self.text.setFocus()

    def withdraw_note(self) -> Note | None:
        """Withdraw the chosen note (or drop a note not typed yet)."""
        if self._pending is not None and self._current is None:
            self._pending = None
            self._clear_editor()
            self.reload()
            return None
        if self._current is None:
            self.error.setText(self.tr("Choose a note in the list to delete it."))
            return None
        try:
            note = self.store.withdraw_note(self._current)
        except ScreeningRoomError as exc:
            self.error.setText(str(exc))
            return None
        self._current = None
        self._clear_editor()
        self.reload()
        self.error.setText(self.tr("The note at {time} is withdrawn: it is kept in the record "
                                   "and the report counts it as withdrawn.").replace(
            "{time}", note.time_code))
        self.noteWithdrawn.emit(note.note_id)
        return note

    def _clear_editor(self) -> None:
        self._loading = True
        self.text.clear()
        self._loading = False

    def _stored(self, note_id: int | None) -> Note | None:
        """The standing note, or None (the reason shown) when it cannot be read."""
        if note_id is None:
            return None
        try:
            return self.store.note(note_id)
        except ScreeningRoomError as exc:
            self.error.setText(str(exc))
            return None

    def _clicked(self, item: QListWidgetItem) -> None:
        note = self._stored(item.data(Qt.ItemDataRole.UserRole))
        if note is not None:
            self.position.seek(note.seconds)

    def _select(self, item: QListWidgetItem | None) -> None:
        if self._loading:
            return
        note_id = None if item is None else item.data(Qt.ItemDataRole.UserRole)
        if note_id is None:
            if item is None:
                self._current = None
                self._enable_editor(self._pending is not None)
            return
        if self._pending is not None:
            self._pending = None           # nothing typed: nothing kept
            self.reload()
            for row in range(self.list.count()):
                if self.list.item(row).data(Qt.ItemDataRole.UserRole) == note_id:
                    self.list.setCurrentRow(row)
            return
        note = self._stored(note_id)
        if note is None:
            return
        self._current = note.note_id
        self._loading = True
        self.text.setPlainText(note.text)
        self.category.setCurrentIndex(list(NoteCategory).index(note.category))
        self.severity.setCurrentIndex(list(Severity).index(note.severity))
        self._loading = False
        self.error.clear()
        self._enable_editor(True)

    def _text_changed(self) -> None:
        if self._loading:
            return
        text = self.text.toPlainText()
        if self._pending is not None and self._current is None:
            if text.strip():
                self._store_pending(text)
            return
        if self._current is None:
            return
        if not text.strip():
            self.error.setText(self.tr("An empty note is not kept: type its text, or delete "
                                       "the note."))
            return
        self._save(text=text)

    def _store_pending(self, text: str) -> None:
        if self._pending is None:
            return
        try:
            note = self.store.add_note(
                session_id=self.session_id, member_id=self.member_id, film_id=self.film_id,
                time_ms=self._pending.time_ms, category=self.category.currentData(),
                severity=self.severity.currentData(), text=text,
                duration_ms=self._duration_ms())
        except ScreeningRoomError as exc:
            self.error.setText(str(exc))
            return
        self.error.clear()
        self._pending = None
        self._current = note.note_id
        self.reload()
        self.noteAdded.emit(note.note_id)

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
        self.delete_button.setEnabled(on)

    @staticmethod
    def _line(note: Note) -> str:
        """Time code, category, severity, then the whole text (wrapped by the list)."""
        return f"{note.time_code}  {note.category.title} · {note.severity.title}\n{note.text}"

    # --- language -----------------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(self.tr("Notes"))
        self.add_button.setText(self.tr("Add note (N)"))
        self.add_button.setToolTip(self.tr("Add a note at the current time code"))
        self.delete_button.setText(self.tr("Delete note (Del)"))
        self.delete_button.setToolTip(self.tr("Withdraw the chosen note; the report counts "
                                              "withdrawn notes"))
        self.text.setPlaceholderText(self.tr("Type the note; it is saved as you type."))
        self.category_label.setText(self.tr("Category"))
        self.severity_label.setText(self.tr("Severity"))
        for i, c in enumerate(NoteCategory):
            self.category.setItemText(i, c.title)
        for i, s in enumerate(Severity):
            self.severity.setItemText(i, s.title)
        self.reload()
