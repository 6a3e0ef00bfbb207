"""The list of films licensed to this station, with their window and sessions left."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from screeningroom.station_app import FilmRow
from screeningroom.ui.common import Retranslates
from screeningroom.vault.model import LibraryStatus

COLUMNS = 8


def clock(seconds: float) -> str:
    """``h:mm:ss`` for a position or a duration."""
    total = max(0, int(seconds))
    return f"{total // 3600}:{total // 60 % 60:02d}:{total % 60:02d}"


def _when(moment: datetime | None) -> str:
    if moment is None:
        return "—"
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


class FilmList(Retranslates, QWidget):
    """A table of :class:`FilmRow`; Play asks the window to play the chosen film."""

    play_requested = Signal(object)
    review_form_requested = Signal(object)
    logout_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[FilmRow] = []
        self._member_name = ""
        self.heading = QLabel(self)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.member = QLabel(self)
        self.member.setObjectName("member")
        self.logout = QPushButton(self)
        self.logout.clicked.connect(self.logout_requested)
        self.table = QTableWidget(0, COLUMNS, self)
        self.table.setObjectName("films")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.cellDoubleClicked.connect(lambda row, _col: self._play_row(row))
        self.empty = QLabel(self)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.play = QPushButton(self)
        self.play.setObjectName("play")
        self.play.setDefault(True)
        self.play.setEnabled(False)
        self.play.clicked.connect(lambda: self._play_row(self.table.currentRow()))
        self.form = QPushButton(self)
        self.form.setObjectName("review_form")
        self.form.setEnabled(False)
        self.form.setVisible(False)
        self.form.clicked.connect(self._form_row)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.member)
        top.addWidget(self.logout)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.form)
        bottom.addWidget(self.play)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(bottom)
        self.retranslate()

    def set_member(self, name: str) -> None:
        self._member_name = name
        self.retranslate()

    def set_rows(self, rows: list[FilmRow]) -> None:
        self.rows = list(rows)
        self._fill()
        if self.rows:
            self.table.selectRow(0)
        self.empty.setVisible(not self.rows)

    def _status_text(self, row: FilmRow) -> str:
        if row.status is LibraryStatus.PLAYABLE and row.sessions_left == 0:
            return self.tr("Sessions used up")
        return {
            LibraryStatus.PLAYABLE: self.tr("Ready"),
            LibraryStatus.NO_LICENSE: self.tr("No license"),
            LibraryStatus.NOT_YET_VALID: self.tr("Not yet valid"),
            LibraryStatus.EXPIRED: self.tr("Expired"),
            LibraryStatus.REVOKED: self.tr("Revoked"),
            LibraryStatus.INVALID: self.tr("Invalid"),
            LibraryStatus.MEMBER_NOT_LICENSED: self.tr("Not on your license"),
        }.get(row.status, row.status.value)

    def _fill(self) -> None:
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            sessions = self.tr("{left} of {total}").format(
                left=row.sessions_left, total=row.max_sessions)
            cells = (
                row.title, row.register_no, row.age_label, clock(row.duration_seconds),
                _when(row.valid_from), _when(row.valid_until), sessions, self._status_text(row),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 0:
                    item.setToolTip(self.tr("Rights holder: {holder}").format(
                        holder=row.rights_holder))
                if column == 7 and not (
                    row.status is LibraryStatus.PLAYABLE and row.sessions_left > 0
                ):
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(index, column, item)

    def _selection_changed(self) -> None:
        chosen = 0 <= self.table.currentRow() < len(self.rows)
        self.play.setEnabled(chosen)
        self.form.setEnabled(chosen)

    def select(self, film_id: str) -> None:
        for index, row in enumerate(self.rows):
            if row.film_id == film_id:
                self.table.selectRow(index)

    def _form_row(self) -> None:
        index = self.table.currentRow()
        if 0 <= index < len(self.rows):
            self.review_form_requested.emit(self.rows[index])

    def _play_row(self, index: int) -> None:
        if 0 <= index < len(self.rows):
            self.play_requested.emit(self.rows[index])

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Films licensed to this station"))
        if self._member_name:
            self.member.setText(self.tr("Logged in: {name}").format(name=self._member_name))
        self.logout.setText(self.tr("Log out"))
        self.play.setText(self.tr("Play"))
        self.form.setText(self.tr("Review form…"))
        self.empty.setText(self.tr(
            "No film is licensed to this station yet. The station operator imports the "
            "screeners and licenses the review office sends."))
        self.table.setHorizontalHeaderLabels([
            self.tr("Title"), self.tr("Register no."), self.tr("Age"), self.tr("Duration"),
            self.tr("Valid from"), self.tr("Valid until"), self.tr("Sessions left"),
            self.tr("Status"),
        ])
        self._fill()
