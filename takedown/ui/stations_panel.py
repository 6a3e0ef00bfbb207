"""The review stations the desk holds records of, and the findings against each (forked
logs, dropped records, session ids claimed twice, unrecorded marks): a station with a
tampering finding is shown in red."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from screeningroom.ui.common import Retranslates
from takedown.ui.caseview import when
from takedown.ui.widgets import record_table

TAMPERING = QColor("#b71c1c")


class StationsPanel(Retranslates, QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.views: tuple = ()
        self.stations_box = QGroupBox(self)
        self.table = record_table(self.stations_box, "stations", 5)
        self.table.itemSelectionChanged.connect(self._show_findings)
        QVBoxLayout(self.stations_box).addWidget(self.table)
        self.findings_box = QGroupBox(self)
        self.findings = record_table(self.findings_box, "findings", 3, pick_rows=False)
        QVBoxLayout(self.findings_box).addWidget(self.findings)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stations_box, 2)
        layout.addWidget(self.findings_box, 3)
        self.retranslate()

    def set_stations(self, views: Sequence) -> None:  # StationView from takedown.desk
        self.views = tuple(views)
        self.table.setRowCount(len(self.views))
        for row, view in enumerate(self.views):
            s = view.station
            tampering = any(f.kind.tampering for f in view.findings)
            state = (self.tr("revoked") if view.revoked else
                     self.tr("tampering found") if tampering else
                     self.tr("{count} findings").format(count=len(view.findings))
                     if view.findings else self.tr("no findings"))
            values = (s.station_id, s.room or "-", str(s.last_seq), str(s.sessions), state)
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                if tampering or view.revoked:
                    item.setForeground(QBrush(TAMPERING))
                self.table.setItem(row, col, item)
        for col in range(4):
            self.table.resizeColumnToContents(col)
        if self.views:
            self.table.selectRow(0)
        self._show_findings()

    def _show_findings(self) -> None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        found = self.views[min(rows)].findings if rows and self.views else ()
        self.findings.setRowCount(len(found))
        for row, f in enumerate(found):
            for col, text in enumerate((when(f.at), f.kind.label, f.detail)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if f.kind.tampering:
                    item.setForeground(QBrush(TAMPERING))
                self.findings.setItem(row, col, item)
        self.findings.resizeColumnToContents(0)
        self.findings.resizeRowsToContents()

    def retranslate(self) -> None:
        self.stations_box.setTitle(self.tr("Review stations"))
        self.findings_box.setTitle(self.tr("Findings against the selected station"))
        self.table.setHorizontalHeaderLabels([self.tr("Station"), self.tr("Room"),
                                              self.tr("Records held"), self.tr("Sessions"),
                                              self.tr("State")])
        self.findings.setHorizontalHeaderLabels([self.tr("When"), self.tr("Finding"),
                                                 self.tr("Detail")])
        if self.views:
            self.set_stations(self.views)


__all__ = ["StationsPanel"]
