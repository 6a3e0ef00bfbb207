"""The desk's cases: status, dates, the next deadline (overdue ones marked); open one, or
move it to a new status."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from screeningroom.ui.common import Retranslates
from takedown import zone
from takedown.cases import MANUAL, Case, CaseStatus
from takedown.ui.caseview import short
from takedown.ui.widgets import record_table

OVERDUE = QColor("#b71c1c")


class CasesPanel(Retranslates, QGroupBox):
    """Emits ``open_requested(case_id)`` and ``status_requested(case_id, CaseStatus, note)``."""

    open_requested = Signal(str)
    status_requested = Signal(str, object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cases: tuple[Case, ...] = ()
        self.now: datetime | None = None
        self.table = record_table(self, "cases", 7, wrap=False)
        self.table.cellDoubleClicked.connect(lambda row, _col: self._open())
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.open = QPushButton(self)
        self.open.setObjectName("open_case")
        self.open.clicked.connect(self._open)
        self.status = QComboBox(self)
        self.status.setObjectName("new_status")
        self.note = QLineEdit(self)
        self.note.setObjectName("status_note")
        self.set_status = QPushButton(self)
        self.set_status.setObjectName("set_status")
        self.set_status.clicked.connect(self._set_status)
        row = QHBoxLayout()
        row.addWidget(self.open)
        row.addStretch(1)
        row.addWidget(self.status)
        row.addWidget(self.note, 1)
        row.addWidget(self.set_status)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.retranslate()
        self._selection_changed()

    def set_cases(self, cases: Sequence[Case], now: datetime) -> None:
        selected = self.selected()
        self.cases, self.now = tuple(cases), now
        self._fill()
        if selected:
            self.select(selected)

    def _fill(self) -> None:
        self.table.setRowCount(len(self.cases))
        for row, case in enumerate(reversed(self.cases)):  # newest first
            late = self.now is not None and case.overdue(self.now)
            deadline = short(case.deadline)
            if late:
                deadline = self.tr("{time} (overdue)").format(time=deadline)
            values = (case.case_id, case.status.label, short(case.opened_at), deadline,
                      str(case.sightings_count), case.session_hex or "-", case.title)
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, case.case_id)
                if late and col == 3:
                    item.setForeground(QBrush(OVERDUE))
                self.table.setItem(row, col, item)
        for col in range(6):
            self.table.resizeColumnToContents(col)

    def selected(self) -> str | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def select(self, case_id: str) -> None:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).text() == case_id:
                self.table.selectRow(row)
                return

    def _selection_changed(self) -> None:
        chosen = self.selected() is not None
        for widget in (self.open, self.set_status, self.status, self.note):
            widget.setEnabled(chosen)

    def _open(self) -> None:
        case_id = self.selected()
        if case_id:
            self.open_requested.emit(case_id)

    def _set_status(self) -> None:
        case_id = self.selected()
        if case_id:
            self.status_requested.emit(case_id, self.status.currentData(), self.note.text())
            self.note.clear()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Cases"))
        here = zone.zone_name(zone.current())
        self.table.setHorizontalHeaderLabels([self.tr("Case"), self.tr("Status"),
                                              self.tr("Opened ({zone})").format(zone=here),
                                              self.tr("Next deadline ({zone})").format(
                                                  zone=here),
                                              self.tr("Seen"), self.tr("Session"),
                                              self.tr("Film or clip")])
        self.open.setText(self.tr("Open case"))
        self.set_status.setText(self.tr("Set status"))
        self.note.setPlaceholderText(self.tr("note (optional)"))
        current = self.status.currentData()
        self.status.clear()
        for status in CaseStatus:
            if status in MANUAL:
                self.status.addItem(status.label, status)
        if current is not None:
            self.status.setCurrentIndex(max(0, self.status.findData(current)))
        self._fill()
