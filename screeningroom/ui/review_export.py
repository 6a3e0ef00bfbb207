"""Asking where to write a report and for the member's password: the two dialogs of the
review form's "Export report" button.

Both are real, non-native Qt dialogs opened window-modal with ``open()`` (they do not
block), so the form goes on when they are accepted and a test can drive them like a
person: :class:`ReportFileDialog` and :class:`MemberPasswordDialog`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


class ReportFileDialog(QFileDialog):
    """Where the PDF goes (its signature is written beside it as ``.pdf.sig``)."""

    def __init__(self, parent: QWidget, suggested: Path) -> None:
        super().__init__(parent)
        self.setObjectName("report_file")
        self.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        self.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        self.setFileMode(QFileDialog.FileMode.AnyFile)
        self.setDefaultSuffix("pdf")
        self.setDirectory(str(suggested.parent))
        self.selectFile(suggested.name)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Export review report"))
        self.setNameFilter(self.tr("PDF documents (*.pdf)"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class MemberPasswordDialog(QDialog):
    """The member types her password: it opens her own signing key for this report."""

    def __init__(self, parent: QWidget, member_id: str, member_name: str) -> None:
        super().__init__(parent)
        self.setObjectName("member_password")
        self.member_id, self.member_name = member_id, member_name
        self.explanation = QLabel(self)
        self.explanation.setWordWrap(True)
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_label = QLabel(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        fields = QFormLayout()
        fields.addRow(self.password_label, self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addLayout(fields)
        layout.addWidget(self.buttons)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(460)
        self.retranslate()

    def _accept(self) -> None:
        if self.password.text():
            self.accept()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Sign the review report"))
        self.explanation.setText(self.tr(
            "{name}, type your password to sign the report with your own key. The station "
            "records the signature in its audit log.").replace("{name}", self.member_name))
        self.password_label.setText(self.tr("Password"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Sign"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
