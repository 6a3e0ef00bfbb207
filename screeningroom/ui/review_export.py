"""The review form's "Export report" button: :class:`ReportExport`.

It asks where to write the PDF (:class:`ReportFileDialog`), then for the member's password
(:class:`MemberPasswordDialog`), and writes the report signed by her and by the station
off the GUI thread (:func:`screeningroom.review.signing.export_signed_report`). Both
dialogs are real, non-native Qt dialogs opened window-modal with ``open()`` (they do not
block), so the form goes on when they are accepted and a test drives them like a person.
The form's status line says what happened, and only what happened.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
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

from screeningroom.errors import ScreeningRoomError
from screeningroom.ui.common import Retranslates
from screeningroom.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from screeningroom.ui.review_form import ReviewFormDialog


class ReportFileDialog(Retranslates, QFileDialog):
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


class MemberPasswordDialog(Retranslates, QDialog):
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


class ReportExport(QObject):
    """The export flow of one review form (owned by the form)."""

    def __init__(self, form: ReviewFormDialog, tasks: TaskRunner) -> None:
        super().__init__(form)
        self.form, self.tasks = form, tasks
        self.last_export: Path | None = None
        self.file_dialog: ReportFileDialog | None = None
        self.password_dialog: MemberPasswordDialog | None = None
        self._export_path: Path | None = None

    def start(self) -> None:
        """Ask where (the form was saved and checked by the caller)."""
        form = self.form
        suggested = Path.home() / f"review-{form.film.film_id}-{form.member_id}.pdf"
        self.file_dialog = ReportFileDialog(form, self.last_export or suggested)
        self.file_dialog.fileSelected.connect(self._file_chosen)
        self.file_dialog.rejected.connect(self._cancelled)
        self.file_dialog.open()

    def _file_chosen(self, chosen: str) -> None:
        if not chosen:
            self._cancelled()
            return
        path = Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        self._export_path = path
        self.password_dialog = MemberPasswordDialog(self.form, self.form.member_id,
                                                    self.form.member_name)
        self.password_dialog.accepted.connect(self._password_given)
        self.password_dialog.rejected.connect(self._cancelled)
        self.password_dialog.open()

    def _password_given(self) -> None:
        dialog, path = self.password_dialog, self._export_path
        if dialog is None or path is None:
            return
        password = dialog.password.text()
        dialog.password.clear()
        self.export_to(path, password)

    def _cancelled(self) -> None:
        self.form.show_status(self.tr("Export cancelled: no report was written."))

    def export_to(self, path: Path, password: str) -> None:
        """Write the report signed by the member (``password`` opens her key) and the
        station, off the GUI thread; the status line says what happened, and only what
        happened."""
        if not self.form.save():
            return
        language, out = self.form.report_language, Path(path)
        self.form.set_busy(True)
        self.form.show_status(self.tr("Signing and writing the report…"))
        self.tasks.run(lambda progress: self._export_job(out, password, language, progress),
                       self._exported, self._export_failed, self._export_progress)

    def _export_job(self, out: Path, password: str, language: str, progress):  # type: ignore[no-untyped-def]
        from screeningroom.review.member_keys import MemberKeys
        from screeningroom.review.signing import export_signed_report

        form = self.form
        with MemberKeys.beside(form.store.path) as keys:
            return export_signed_report(
                registry=form.sessions, store=form.store, keys=keys, station=form.signer,
                film=form.film, member_id=form.member_id, password=password, out=out,
                language=language, certificate=form.certificate, room=form.room,
                progress=progress)

    def _export_progress(self, done: float, total: float) -> None:
        self.form.show_status(self.tr("Signing and writing the report… ({done} of {total})")
                            .replace("{done}", str(int(done))).replace("{total}",
                                                                        str(int(total))))

    def _exported(self, done: Any) -> None:
        self.form.set_busy(False)
        self.last_export = done.pdf
        self.form.report_written.emit(done.pdf)
        self.form.show_status(self.tr("Report written and signed by you and by station "
                                      "{station}: {path}").replace(
            "{station}", self.form.station_id).replace("{path}", str(done.pdf)))

    def _export_failed(self, error: BaseException) -> None:
        self.form.set_busy(False)
        if isinstance(error, ScreeningRoomError):
            self.form.show_status(str(error), error=True)
        else:
            self.form.show_status(self.tr("The report could not be written: {reason}").replace(
                "{reason}", str(error) or type(error).__name__), error=True)
