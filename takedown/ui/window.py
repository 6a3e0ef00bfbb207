"""The takedown desk window: a new clip and the case list on the left; the open case's
result, evidence and notices on the right.

It is handed a :class:`~takedown.ui.model.DeskModel` and asks it for everything. The scan
runs on the :class:`~screeningroom.ui.tasks.TaskRunner` (off the GUI thread), reports
progress and can be cancelled; every error ends in one dialog, never a traceback.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QInputDialog,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from screeningroom.ui.common import DialogSlot, app_icon, language_chooser
from screeningroom.ui.tasks import TaskRunner
from screeningroom.vault.errors import PassphraseRequired, WrongPassphrase
from takedown.cases import CaseStatus
from takedown.recording import ScanResult
from takedown.ui.cases_panel import CasesPanel
from takedown.ui.caseview import CaseView
from takedown.ui.dialogs import error_dialog
from takedown.ui.evidence_panel import EvidencePanel
from takedown.ui.intake_panel import IntakePanel
from takedown.ui.model import DeskModel, ScanForm
from takedown.ui.notices_panel import NoticesPanel
from takedown.ui.result_panel import ResultPanel
from takedown.ui.stations_panel import StationsPanel
from takedown.ui.watch_panel import WatchPanel
from takedown.watch.window_model import WatchDesk


class DeskWindow(QMainWindow):
    def __init__(
        self,
        model: DeskModel,
        *,
        tasks: TaskRunner | None = None,
        language: str = "en",
        switch_language: Callable[[str], None] | None = None,
        ask_passphrase: Callable[[QWidget], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.model = model
        self.tasks = tasks if tasks is not None else TaskRunner(self)
        self.switch_language = switch_language
        self.ask_passphrase = ask_passphrase or _ask_passphrase
        self._error_slot = DialogSlot()
        self.errors_shown: list[BaseException] = []
        self.view: CaseView | None = None
        self.last_result: ScanResult | None = None
        self._cancel = threading.Event()
        self.setWindowIcon(app_icon())

        self.intake = IntakePanel(self)
        self.intake.scan_requested.connect(self.scan)
        self.intake.cancel_requested.connect(self._cancel.set)
        self.cases = CasesPanel(self)
        self.cases.open_requested.connect(self.open_case)
        self.cases.status_requested.connect(self.change_status)
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.intake)
        column.addWidget(self.cases, 1)

        self.result = ResultPanel(self)
        self.evidence = EvidencePanel(self)
        self.notices = NoticesPanel(model, self.tasks, self.show_error, self)
        self.notices.drafted.connect(self._notices_drafted)
        self.stations = StationsPanel(self)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self.tabs.addTab(self.result, "")
        self.tabs.addTab(self.evidence, "")
        self.tabs.addTab(self.notices, "")
        self.tabs.addTab(self.stations, "")
        self.watch = WatchPanel(WatchDesk(model.open_desk, passphrase=lambda: model.passphrase),
                                self.tasks, self.show_error, self)
        self.watch.case_requested.connect(self.open_case)
        self.watch.cases_changed.connect(self.refresh_cases)
        self.tabs.addTab(self.watch, "")
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([570, 710])
        split.setChildrenCollapsible(False)
        self.setCentralWidget(split)

        self.language_label, self.language = language_chooser(self, language, switch_language)
        self._fit_to_screen()
        self.retranslate()
        self.show_view(None)

    def _fit_to_screen(self) -> None:
        width, height = 1320, 820
        screen = self.screen()
        if screen is not None:
            room = screen.availableGeometry()
            width, height = min(width, room.width() - 20), min(height, room.height() - 40)
        self.resize(max(width, 900), max(height, 600))

    # --- start-up -----------------------------------------------------------------------

    def start(self) -> None:
        """Show the case list (and say so if the desk cannot be read)."""
        self.refresh_cases()
        self.watch.refresh()

    def refresh_cases(self) -> None:
        try:
            self.cases.set_cases(self.model.cases(), self.model.clock())
            self.stations.set_stations(self.model.stations())
        except Exception as exc:
            self.show_error(exc)

    def add_panel(self, panel: QWidget, title: str) -> int:
        """Another desk panel (a watch list, say) as a tab of its own; returns its index."""
        return self.tabs.addTab(panel, title)

    # --- scanning -----------------------------------------------------------------------

    def scan(self, form: ScanForm) -> None:
        try:
            self.model.check_form(form)
        except Exception as exc:
            self.show_error(exc)
            return
        self._cancel.clear()
        self.intake.set_busy(True)
        self.statusBar().showMessage(self.tr("Scanning {name}…").format(name=form.clip.name))
        model, cancelled = self.model, self._cancel.is_set
        self.tasks.run(lambda progress: model.scan(form, progress, cancelled),
                       self._scanned, lambda exc: self._scan_failed(exc, form),
                       lambda done, total: self.intake.set_progress(done / total if total
                                                                    else 1.0))

    def _scanned(self, result: ScanResult) -> None:
        self.intake.set_busy(False)
        self.last_result = result
        self.statusBar().showMessage(self.tr("Case {case} recorded.").format(
            case=result.case_id), 8000)
        self.refresh_cases()
        self.cases.select(result.case_id)
        self.open_case(result.case_id)

    def _scan_failed(self, error: BaseException, form: ScanForm) -> None:
        self.intake.set_busy(False)
        self.statusBar().clearMessage()
        if isinstance(error, PassphraseRequired | WrongPassphrase):
            if isinstance(error, WrongPassphrase):
                self.show_error(error)
            passphrase = self.ask_passphrase(self)
            if passphrase:
                self.model.set_passphrase(passphrase)
                self.scan(form)
            return
        self.show_error(error)

    # --- cases --------------------------------------------------------------------------

    def open_case(self, case_id: str) -> None:
        try:
            view = self.model.case_view(case_id)
        except Exception as exc:
            self.show_error(exc)
            return
        self.show_view(view)
        self.tabs.setCurrentWidget(self.result)

    def show_view(self, view: CaseView | None) -> None:
        self.view = view
        self.result.show_case(view)
        self.evidence.show_case(view)
        website = bool(view and view.sighting and view.sighting.link_kind == "website")
        self.notices.set_case(view.case.case_id if view else None, website=website,
                              notices=view.notices if view else ())
        self.tabs.setTabEnabled(1, view is not None)
        self.tabs.setTabEnabled(2, view is not None)

    def _notices_drafted(self, case_id: str) -> None:
        """Drafting moved the case on and added versions: show both."""
        self.refresh_cases()
        if self.view is not None and self.view.case.case_id == case_id:
            try:
                view = self.model.case_view(case_id)
            except Exception as exc:
                self.show_error(exc)
                return
            self.view = view
            self.result.show_case(view)
            self.notices.show_versions(view.notices)

    def change_status(self, case_id: str, status: CaseStatus, note: str) -> None:
        try:
            self.model.set_status(case_id, status, note)
        except Exception as exc:
            self.show_error(exc)
            return
        self.refresh_cases()
        if self.view is not None and self.view.case.case_id == case_id:
            self.open_case(case_id)

    # --- errors -------------------------------------------------------------------------

    def show_error(self, error: BaseException) -> None:
        """One dialog at a time (a new error replaces the shown one)."""
        self.errors_shown.append(error)
        self._error_slot.show(error_dialog(self, error))

    @property
    def error_box(self) -> QMessageBox | None:
        return self._error_slot.current  # type: ignore[return-value]

    # --- language and closing -------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Screening Room — takedown desk"))
        self.tabs.setTabText(0, self.tr("Result"))
        self.tabs.setTabText(1, self.tr("Evidence"))
        self.tabs.setTabText(2, self.tr("Notices"))
        self.tabs.setTabText(3, self.tr("Stations"))
        self.tabs.setTabText(4, self.tr("Watch"))
        self.language_label.setText(self.tr("Language"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            if self.view is not None:  # statuses and labels come from the layer below
                self.refresh_cases()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._cancel.set()
        self.tasks.wait()
        super().closeEvent(event)


def _ask_passphrase(parent: QWidget) -> str | None:
    text, ok = QInputDialog.getText(
        parent, QCoreApplication.translate("DeskWindow", "Desk station"),
        QCoreApplication.translate("DeskWindow", "Passphrase of this desk's station key:"),
        QLineEdit.EchoMode.Password)
    return text if ok and text else None


__all__ = ["DeskWindow"]
