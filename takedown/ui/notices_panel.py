"""The notices of a case, two side by side (e.g. to Telegram and to the authority), each in
Kazakh, Russian or English at the flick of a switch, with buttons to save the .eml and PDF.

Drafting (templates, PDF) runs off the GUI thread; a notice that lacks a field says which
one in its pane, and the window shows the problems in one dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from screeningroom.ui.common import Retranslates
from screeningroom.ui.tasks import TaskRunner
from takedown.errors import TakedownError
from takedown.notices import NoticeDraft, NoticeTarget, Work
from takedown.store import NoticeRecord
from takedown.ui.caseview import when
from takedown.ui.errors import SeveralProblems
from takedown.ui.model import DeskModel
from takedown.ui.widgets import record_table

LANGUAGES = (("kk", "Қазақша"), ("ru", "Русский"), ("en", "English"))


class NoticePane(Retranslates, QGroupBox):
    """One notice: its target, the text in the chosen language, save buttons."""

    def __init__(self, target: NoticeTarget, show_error: Callable[[BaseException], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.show_error = show_error
        self.drafts: dict[str, NoticeDraft] = {}
        self.language = "kk"
        self.target = QComboBox(self)
        self.target.setObjectName("target")
        self.subject = QLabel(self)
        self.subject.setObjectName("subject")
        self.subject.setWordWrap(True)
        self.subject.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text = QTextBrowser(self)
        self.text.setObjectName("notice_text")
        self.save_eml = QPushButton(self)
        self.save_eml.setObjectName("save_eml")
        self.save_eml.clicked.connect(lambda: self._ask_save("eml"))
        self.save_pdf = QPushButton(self)
        self.save_pdf.setObjectName("save_pdf")
        self.save_pdf.clicked.connect(lambda: self._ask_save("pdf"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_eml)
        buttons.addWidget(self.save_pdf)
        layout = QVBoxLayout(self)
        layout.addWidget(self.target)
        layout.addWidget(self.subject)
        layout.addWidget(self.text, 1)
        layout.addLayout(buttons)
        self.retranslate()
        self.target.setCurrentIndex(max(0, self.target.findData(target)))
        self.target.currentIndexChanged.connect(lambda _i: self.clear())
        self._show()

    def current_target(self) -> NoticeTarget:
        return self.target.currentData()

    def clear(self, message: str = "") -> None:
        self.drafts = {}
        self._message = message
        self._show()

    def set_drafts(self, drafts: tuple[NoticeDraft, ...]) -> None:
        self.drafts = {d.language: d for d in drafts}
        self._message = ""
        self._show()

    def set_language(self, code: str) -> None:
        self.language = code
        self._show()

    def current(self) -> NoticeDraft | None:
        return self.drafts.get(self.language)

    def _show(self) -> None:
        draft = self.current()
        self.save_eml.setEnabled(draft is not None)
        self.save_pdf.setEnabled(draft is not None)
        if draft is None:
            self.subject.clear()
            message = getattr(self, "_message", "") or self.tr(
                "Not drafted yet: fill in the details above and press “Draft notices”.")
            self.text.setPlainText(message)
            return
        self.subject.setText(draft.subject)
        self.text.setPlainText(draft.text)

    def _ask_save(self, kind: str) -> None:
        draft = self.current()
        if draft is None:
            return
        pattern = self.tr("E-mail message (*.eml)") if kind == "eml" else self.tr("PDF (*.pdf)")
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the notice"), f"{draft.stem}.{kind}", pattern)
        if name:
            self.save(kind, Path(name))

    def save(self, kind: str, path: Path) -> Path | None:
        """Write the current draft's ``.eml`` or PDF to ``path`` (errors as a dialog)."""
        draft = self.current()
        if draft is None:
            return None
        data = draft.eml if kind == "eml" else draft.pdf
        tmp = path.with_name(f".partial-{path.name}")
        try:
            tmp.write_bytes(data)
            tmp.replace(path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            self.show_error(exc)
            return None
        return path

    def retranslate(self) -> None:
        self.setTitle(self.tr("Notice"))
        current = self.target.currentData()
        self.target.blockSignals(True)
        self.target.clear()
        for target in NoticeTarget:
            self.target.addItem(self.tr("To {recipient}").format(recipient=_label(target)),
                                target)
        if current is not None:
            self.target.setCurrentIndex(max(0, self.target.findData(current)))
        self.target.blockSignals(False)
        self.save_eml.setText(self.tr("Save .eml…"))
        self.save_pdf.setText(self.tr("Save PDF…"))
        self._show()


def _label(target: NoticeTarget) -> str:
    from screeningroom_resources.i18n import _

    return _(target.label)


class NoticesPanel(Retranslates, QWidget):
    """Emits ``drafted(case_id)`` when notices were drafted (the case moved on)."""

    drafted = Signal(str)

    def __init__(self, model: DeskModel, tasks: TaskRunner,
                 show_error: Callable[[BaseException], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model, self.tasks, self.show_error = model, tasks, show_error
        self.case_id: str | None = None
        self.contacts_text = ""
        self.details = QGroupBox(self)
        form = QFormLayout(self.details)
        # the work's details come from the film's record (its signed manifest); only the
        # distribution certificate is recorded here, once, on the film
        self.rights_holder, self.register_number = QLabel(self), QLabel(self)
        self.certificate, self.recipient_email = QLineEdit(self), QLineEdit(self)
        for name, edit in (("rights_holder", self.rights_holder),
                           ("register_number", self.register_number),
                           ("certificate", self.certificate),
                           ("recipient_email", self.recipient_email)):
            edit.setObjectName(name)
        self.record_certificate = QPushButton(self)
        self.record_certificate.setObjectName("record_certificate")
        self.record_certificate.clicked.connect(self._record_certificate)
        self.labels = [QLabel(self) for _ in range(4)]
        form.addRow(self.labels[0], self.rights_holder)
        form.addRow(self.labels[1], self.register_number)
        certificate = QHBoxLayout()
        certificate.addWidget(self.certificate, 1)
        certificate.addWidget(self.record_certificate)
        form.addRow(self.labels[2], certificate)
        self.paste = QPushButton(self)
        self.paste.setObjectName("paste_contacts")
        self.paste.clicked.connect(self._ask_contacts)
        contact = QHBoxLayout()
        contact.addWidget(self.recipient_email, 1)
        contact.addWidget(self.paste)
        form.addRow(self.labels[3], contact)
        self.languages = QButtonGroup(self)
        switch = QHBoxLayout()
        self.language_label = QLabel(self)
        switch.addWidget(self.language_label)
        for code, name in LANGUAGES:
            button = QPushButton(name, self)
            button.setObjectName(f"lang_{code}")
            button.setCheckable(True)
            button.setChecked(code == "kk")
            button.clicked.connect(lambda _checked=False, c=code: self.set_language(c))
            self.languages.addButton(button)
            switch.addWidget(button)
        switch.addStretch(1)
        self.draft_button = QPushButton(self)
        self.draft_button.setObjectName("draft")
        self.draft_button.clicked.connect(self.draft)
        switch.addWidget(self.draft_button)
        self.left = NoticePane(NoticeTarget.TELEGRAM, show_error, self)
        self.right = NoticePane(NoticeTarget.AUTHORITY, show_error, self)
        panes = QSplitter(Qt.Orientation.Horizontal, self)
        panes.addWidget(self.left)
        panes.addWidget(self.right)
        panes.setChildrenCollapsible(False)
        self.versions_box = QGroupBox(self)
        self.versions = record_table(self.versions_box, "notice_versions", 5, pick_rows=False)
        self.versions.setMaximumHeight(150)
        QVBoxLayout(self.versions_box).addWidget(self.versions)
        layout = QVBoxLayout(self)
        layout.addWidget(self.details)
        layout.addLayout(switch)
        layout.addWidget(panes, 1)
        layout.addWidget(self.versions_box)
        self.retranslate()
        self.setEnabled(False)

    def panes(self) -> tuple[NoticePane, NoticePane]:
        return self.left, self.right

    def set_case(self, case_id: str | None, website: bool = False,
                 notices: tuple[NoticeRecord, ...] = ()) -> None:
        """A new case: its film's details shown, its drafted notices listed, panes cleared."""
        self.case_id = case_id
        self.contacts_text = ""
        self.recipient_email.clear()
        self.setEnabled(case_id is not None)
        for pane in self.panes():
            pane.clear()
        if website:
            self.left.target.setCurrentIndex(self.left.target.findData(NoticeTarget.SITE))
        self.show_versions(notices)
        self.work_record = None
        self.rights_holder.setText("-")
        self.register_number.setText("-")
        self.certificate.clear()
        if case_id is None:
            return
        try:
            work = self.model.work_of(case_id)
        except TakedownError as exc:
            self.show_error(exc)
            return
        self.show_work(work)

    def show_work(self, work: Work | None) -> None:
        self.work_record = work
        identified = work is not None
        self.draft_button.setEnabled(identified)
        self.certificate.setEnabled(identified)
        self.record_certificate.setEnabled(identified)
        if work is None:
            for pane in self.panes():
                pane.clear(self.tr("This case's clip was not identified as a registered film: "
                                   "no notice asserting infringement is drafted for it."))
            return
        self.rights_holder.setText(work.rights_holder or "-")
        self.register_number.setText(work.register_number or "-")
        self.certificate.setText(work.distribution_certificate)

    def show_versions(self, notices: tuple[NoticeRecord, ...]) -> None:
        self.versions.setRowCount(len(notices))
        for row, n in enumerate(notices):
            sent = (self.tr("sent {time} to {to}").format(time=when(n.sent_at), to=n.sent_to)
                    if n.sent_at else self.tr("not sent"))
            for col, text in enumerate((_label(NoticeTarget(n.target)), f"v{n.version}",
                                        n.language, when(n.drafted_at), sent)):
                item = QTableWidgetItem(text)
                item.setToolTip(n.eml)
                self.versions.setItem(row, col, item)
        for col in range(4):
            self.versions.resizeColumnToContents(col)

    def _record_certificate(self) -> None:
        if self.case_id is None:
            return
        try:
            self.show_work(self.model.set_certificate(self.case_id, self.certificate.text()))
        except TakedownError as exc:
            self.show_error(exc)

    def set_language(self, code: str) -> None:
        for button in self.languages.buttons():
            button.setChecked(button.objectName() == f"lang_{code}")
        for pane in self.panes():
            pane.set_language(code)

    def _ask_contacts(self) -> None:
        text, ok = QInputDialog.getMultiLineText(
            self, self.tr("Abuse contacts"),
            self.tr("Paste the RDAP (JSON) or WHOIS text of the site's domain or network:"),
            self.contacts_text)
        if ok:
            self.contacts_text = text

    def draft(self) -> None:
        if self.case_id is None:
            return
        model, case_id = self.model, self.case_id
        contacts, email = self.contacts_text, self.recipient_email.text()
        targets = [pane.current_target() for pane in self.panes()]

        def run(progress) -> list[object]:  # type: ignore[no-untyped-def]
            results: list[object] = []
            for k, target in enumerate(targets):
                try:
                    use_email = email if target in (NoticeTarget.SITE, NoticeTarget.HOST,
                                                    NoticeTarget.REGISTRAR) else ""
                    recipient = model.recipient(target, contacts, use_email)
                    results.append(model.draft(case_id, target, recipient))
                except TakedownError as exc:
                    results.append(exc)
                progress(k + 1, len(targets))
            return results

        self.draft_button.setEnabled(False)
        for pane in self.panes():
            pane.clear(self.tr("Drafting…"))
        self.tasks.run(run, self._drafted, self._failed)

    def _drafted(self, results: list[object]) -> None:
        self.draft_button.setEnabled(True)
        self.drafted.emit(self.case_id or "")
        problems = []
        for pane, result in zip(self.panes(), results, strict=True):
            if isinstance(result, BaseException):
                pane.clear(str(result))
                problems.append(result)
            else:
                pane.set_drafts(result)  # type: ignore[arg-type]
        if problems:
            self.show_error(problems[0] if len(problems) == 1 else SeveralProblems(problems))

    def _failed(self, error: BaseException) -> None:
        self.draft_button.setEnabled(True)
        for pane in self.panes():
            pane.clear(str(error))
        self.show_error(error)

    def retranslate(self) -> None:
        self.details.setTitle(self.tr("Details the notices need"))
        for label, text in zip(self.labels, (
                self.tr("Rights holder"), self.tr("State register No."),
                self.tr("Distribution certificate"), self.tr("Site's abuse e-mail")),
                strict=True):
            label.setText(text)
        self.certificate.setPlaceholderText(self.tr("number and date of the certificate"))
        self.record_certificate.setText(self.tr("Record on the film"))
        self.versions_box.setTitle(self.tr("Drafted notices (every version is kept)"))
        self.versions.setHorizontalHeaderLabels([self.tr("To"), self.tr("Version"),
                                                 self.tr("Language"), self.tr("Drafted"),
                                                 self.tr("Sent")])
        self.recipient_email.setPlaceholderText(
            self.tr("for site, hosting and registrar notices (or paste RDAP/WHOIS)"))
        self.paste.setText(self.tr("Paste RDAP/WHOIS…"))
        self.language_label.setText(self.tr("Language of the notices:"))
        self.draft_button.setText(self.tr("Draft notices"))
