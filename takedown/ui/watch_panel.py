"""The desk window's watch tab: the watch list, what the polls found, the downloaded clips
with their scan results, and the leads (mirror channels) to add with one click.

It is handed a :class:`~takedown.watch.window_model.WatchDesk`, the window's task runner
and its error dialog; polls and scans run off the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from screeningroom.ui.common import Retranslates
from screeningroom.ui.tasks import TaskRunner
from takedown.ui.caseview import short
from takedown.ui.widgets import record_table
from takedown.watch.model import FindingKind, QueueState
from takedown.watch.window_model import WatchDesk, WatchOverview

PROBLEM = Qt.GlobalColor.darkRed


def _fill(table: QTableWidget, rows: Sequence[tuple[object, Sequence[str]]],
          problems: Sequence[bool] = ()) -> None:
    table.setRowCount(len(rows))
    for r, (key, values) in enumerate(rows):
        for c, text in enumerate(values):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            item.setData(Qt.ItemDataRole.UserRole, key)
            if r < len(problems) and problems[r]:
                item.setForeground(PROBLEM)
            table.setItem(r, c, item)
    for c in range(table.columnCount() - 1):
        table.resizeColumnToContents(c)


def _selected(table: QTableWidget) -> object:
    items = table.selectedItems()
    return items[0].data(Qt.ItemDataRole.UserRole) if items else None


class WatchPanel(Retranslates, QWidget):
    """Emits ``case_requested(case_id)`` (a finding or a clip opened) and ``cases_changed``
    (a poll or a scan opened or moved cases)."""

    case_requested = Signal(str)
    cases_changed = Signal()

    def __init__(self, model: WatchDesk, tasks: TaskRunner,
                 show_error: Callable[[BaseException], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.tasks = tasks
        self.show_error = show_error
        self.overview: WatchOverview | None = None
        self._cancel = threading.Event()

        self.source_edit = QLineEdit(self)
        self.source_edit.setObjectName("watch_source")
        self.source_edit.returnPressed.connect(self.add_source)
        self.minutes = QSpinBox(self)
        self.minutes.setObjectName("watch_minutes")
        self.minutes.setRange(1, 24 * 60)
        self.minutes.setValue(30)
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("watch_add")
        self.add_button.clicked.connect(self.add_source)
        self.remove_button = QPushButton(self)
        self.remove_button.setObjectName("watch_remove")
        self.remove_button.clicked.connect(self.remove_source)
        self.poll_button = QPushButton(self)
        self.poll_button.setObjectName("watch_poll")
        self.poll_button.clicked.connect(self.poll)
        self.scan_button = QPushButton(self)
        self.scan_button.setObjectName("watch_scan")
        self.scan_button.clicked.connect(self.scan)
        self.cancel_button = QPushButton(self)
        self.cancel_button.setObjectName("watch_cancel")
        self.cancel_button.clicked.connect(self._cancel.set)
        self.cancel_button.setVisible(False)
        self.progress = QProgressBar(self)
        self.progress.setVisible(False)
        self.every_label = QLabel(self)
        top = QHBoxLayout()
        top.addWidget(self.source_edit, 1)
        top.addWidget(self.every_label)
        top.addWidget(self.minutes)
        top.addWidget(self.add_button)

        self.sources = record_table(self, "watch_sources", 5, wrap=False)
        actions = QHBoxLayout()
        actions.addWidget(self.remove_button)
        actions.addStretch(1)
        actions.addWidget(self.progress)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.scan_button)
        actions.addWidget(self.poll_button)

        self.findings = record_table(self, "watch_findings", 4, wrap=False)
        self.findings.cellDoubleClicked.connect(lambda r, _c: self._open(self.findings))
        self.clips = record_table(self, "watch_clips", 4, wrap=False)
        self.clips.cellDoubleClicked.connect(lambda r, _c: self._open(self.clips))
        self.leads = record_table(self, "watch_leads", 4, wrap=False)
        self.follow_button = QPushButton(self)
        self.follow_button.setObjectName("watch_follow")
        self.follow_button.clicked.connect(self.follow_lead)
        leads_page = QWidget(self)
        leads_layout = QVBoxLayout(leads_page)
        leads_layout.setContentsMargins(0, 0, 0, 0)
        leads_layout.addWidget(self.leads, 1)
        leads_row = QHBoxLayout()
        leads_row.addStretch(1)
        leads_row.addWidget(self.follow_button)
        leads_layout.addLayout(leads_row)
        self.pages = QTabWidget(self)
        self.pages.setObjectName("watch_pages")
        self.pages.addTab(self.findings, "")
        self.pages.addTab(self.clips, "")
        self.pages.addTab(leads_page, "")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.sources, 2)
        layout.addLayout(actions)
        layout.addWidget(self.pages, 3)
        self.retranslate()

    # --- showing ------------------------------------------------------------------------

    def refresh(self) -> None:
        try:
            self.show_overview(self.model.overview())
        except Exception as exc:
            self.show_error(exc)

    def show_overview(self, overview: WatchOverview) -> None:
        self.overview = overview
        _fill(self.sources, [(s.source_id, (s.name, s.kind.label, short(s.last_polled),
                                            short(s.next_due), s.last_outcome))
                             for s in overview.sources])
        _fill(self.findings, [(f.case_id, (short(f.at), f.source_name, f.kind.label,
                                           f.text))
                              for f in overview.findings],
              [f.kind.is_problem for f in overview.findings])
        _fill(self.clips, [(q.case_id, (q.case_id, self._state(q.state), q.link,
                                        q.result)) for q in overview.queue],
              [q.state is QueueState.FAILED for q in overview.queue])
        _fill(self.leads, [(lead.lead_id, (lead.target, lead.kind.label, str(lead.times),
                                           lead.seen_in)) for lead in overview.leads])
        new = sum(1 for f in overview.findings if f.kind is FindingKind.NEW_VIDEO)
        self.pages.setTabText(0, self.tr("Findings ({n})").format(n=len(overview.findings)))
        self.pages.setTabText(1, self.tr("Clips ({n})").format(n=len(overview.queue)))
        self.pages.setTabText(2, self.tr("Leads ({n})").format(n=len(overview.leads)))
        self.poll_button.setToolTip(self.tr("{n} new videos found so far").format(n=new))

    def _state(self, state: QueueState) -> str:
        return {QueueState.QUEUED: self.tr("scan queued"), QueueState.SCANNED: self.tr("scanned"),
                QueueState.FAILED: self.tr("scan failed")}[state]

    def _open(self, table: QTableWidget) -> None:
        case_id = _selected(table)
        if case_id:
            self.case_requested.emit(str(case_id))

    # --- actions ------------------------------------------------------------------------

    def add_source(self) -> None:
        if self._change(lambda: self.model.add(self.source_edit.text(), self.minutes.value())):
            self.source_edit.clear()

    def remove_source(self) -> None:
        source_id = _selected(self.sources)
        if source_id is not None:
            self._change(lambda: self.model.remove(int(source_id)))

    def follow_lead(self) -> None:
        lead_id = _selected(self.leads)
        if lead_id is not None:
            self._change(lambda: self.model.follow(int(lead_id)))

    def _change(self, change: Callable[[], object]) -> bool:
        """A quick change of the watch list: its error is shown, or the tab shows the list
        as it is now."""
        try:
            change()
        except Exception as exc:
            self.show_error(exc)
            return False
        self.refresh()
        return True

    def poll(self) -> None:
        self._run(self.model.poll_all)

    def scan(self) -> None:
        """Scan the queued clips (the desk's station may ask for its passphrase first)."""
        self._run(self.model.scan_queue)

    def _run(self, work: Callable[..., object]) -> None:
        self._cancel.clear()
        self._busy(True)
        cancelled = self._cancel.is_set
        self.tasks.run(lambda progress: work(progress, cancelled), self._polled,
                       self._poll_failed,
                       lambda done, total: self.progress.setValue(
                           round(100 * done / total) if total else 100))

    def _busy(self, busy: bool) -> None:
        self.poll_button.setEnabled(not busy)
        self.scan_button.setEnabled(not busy)
        self.cancel_button.setVisible(busy)
        self.progress.setVisible(busy)
        self.progress.setValue(0)

    def _polled(self, _reports: object) -> None:
        self._busy(False)
        self.refresh()
        self.cases_changed.emit()

    def _poll_failed(self, error: BaseException) -> None:
        self._busy(False)
        self.show_error(error)
        self.refresh()
        self.cases_changed.emit()

    # --- language -----------------------------------------------------------------------

    def retranslate(self) -> None:
        self.source_edit.setPlaceholderText(
            self.tr("@channel, a t.me link, or the address of a web page or feed"))
        self.every_label.setText(self.tr("every (min)"))
        self.add_button.setText(self.tr("Watch"))
        self.remove_button.setText(self.tr("Stop watching"))
        self.poll_button.setText(self.tr("Poll now"))
        self.scan_button.setText(self.tr("Scan queued clips"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.follow_button.setText(self.tr("Watch this lead"))
        self.sources.setHorizontalHeaderLabels([
            self.tr("Source"), self.tr("Kind"), self.tr("Last poll (UTC)"),
            self.tr("Next poll (UTC)"),
            self.tr("Last outcome")])
        self.findings.setHorizontalHeaderLabels([
            self.tr("When (UTC)"), self.tr("Source"), self.tr("Finding"), self.tr("Detail")])
        self.clips.setHorizontalHeaderLabels([
            self.tr("Case"), self.tr("Scan"), self.tr("Seen at"), self.tr("Result")])
        self.leads.setHorizontalHeaderLabels([
            self.tr("Lead"), self.tr("Kind"), self.tr("Times"), self.tr("First seen in")])
        if self.overview is not None:
            self.show_overview(self.overview)
        else:
            self.pages.setTabText(0, self.tr("Findings"))
            self.pages.setTabText(1, self.tr("Clips"))
            self.pages.setTabText(2, self.tr("Leads"))


__all__ = ["WatchPanel"]
