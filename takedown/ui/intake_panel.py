"""Intake: drop a clip (or choose it), say where and when it was seen, scan, watch the
progress, cancel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from screeningroom.ui.common import Retranslates
from takedown.ui.model import ScanForm
from takedown.watch.model import VIDEO_SUFFIXES


class DropZone(QFrame):
    """Accepts one local file dropped on it; says which one it holds."""

    dropped = Signal(Path)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dropzone")
        self.setAcceptDrops(True)
        self.setMinimumHeight(84)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel(self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        self._hover(False)

    def _hover(self, on: bool) -> None:
        colour = "#2d7be5" if on else "#8a94a6"
        self.setStyleSheet(f"#dropzone {{ border: 2px dashed {colour}; border-radius: 8px; "
                           f"background: {'#eef4fd' if on else 'transparent'}; }}")

    @staticmethod
    def _file_of(event: QDragEnterEvent | QDropEvent) -> Path | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        files = [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]
        return files[0] if len(files) == 1 else None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._file_of(event) is not None:
            self._hover(True)
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QEvent) -> None:
        self._hover(False)
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self._hover(False)
        path = self._file_of(event)
        if path is not None:
            event.acceptProposedAction()
            self.dropped.emit(path)


class IntakePanel(Retranslates, QGroupBox):
    """Emits ``scan_requested(ScanForm)`` and ``cancel_requested``; the window does the rest."""

    scan_requested = Signal(object)
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clip: Path | None = None
        self.drop = DropZone(self)
        self.drop.dropped.connect(self.set_clip)
        self.choose = QPushButton(self)
        self.choose.setObjectName("choose")
        self.choose.clicked.connect(self._choose)
        self.link = QLineEdit(self)
        self.link.setObjectName("link")
        self.link.setPlaceholderText("https://t.me/channel/123")
        self.seen_time = QLineEdit(self)
        self.seen_time.setObjectName("seen_time")
        self.channel = QLineEdit(self)
        self.channel.setObjectName("channel")
        self.views = QLineEdit(self)
        self.views.setObjectName("views")
        self.views.setPlaceholderText("1200")
        self.form = QFormLayout()
        self.link_label, self.time_label = QLabel(self), QLabel(self)
        self.channel_label, self.views_label = QLabel(self), QLabel(self)
        self.form.addRow(self.link_label, self.link)
        self.form.addRow(self.time_label, self.seen_time)
        self.form.addRow(self.channel_label, self.channel)
        self.form.addRow(self.views_label, self.views)
        self.scan = QPushButton(self)
        self.scan.setObjectName("scan")
        self.scan.setDefault(True)
        self.scan.clicked.connect(self._submit)
        self.link.returnPressed.connect(self._submit)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(True)
        self.stage = QLabel(self)
        self.stage.setObjectName("stage")
        self.cancel = QPushButton(self)
        self.cancel.setObjectName("cancel")
        self.cancel.clicked.connect(self._cancel)
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel)
        buttons = QHBoxLayout()
        buttons.addWidget(self.choose)
        buttons.addStretch(1)
        buttons.addWidget(self.scan)
        layout = QVBoxLayout(self)
        layout.addWidget(self.drop)
        layout.addLayout(buttons)
        layout.addLayout(self.form)
        layout.addLayout(row)
        layout.addWidget(self.stage)
        self.set_busy(False)
        self.retranslate()

    # --- the clip ---------------------------------------------------------------------

    def set_clip(self, path: Path) -> None:
        self.clip = Path(path)
        self._show_clip()

    def _show_clip(self) -> None:
        if self.clip is None:
            self.drop.label.setText(self.tr("Drop a suspected clip here"))
        else:
            self.drop.label.setText(self.tr("Clip: {name}").format(name=self.clip.name))
            self.drop.setToolTip(str(self.clip))

    def _choose(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Choose a suspected clip"), "",
            self.tr("Video files ({patterns});;All files (*)").format(
                patterns=" ".join(f"*{s}" for s in VIDEO_SUFFIXES)))
        if name:
            self.set_clip(Path(name))

    def scan_form(self) -> ScanForm:
        return ScanForm(clip=self.clip or Path(""), link=self.link.text(),
                        seen_time=self.seen_time.text(), channel=self.channel.text(),
                        views=self.views.text())

    def _submit(self) -> None:
        if self.scan.isEnabled():
            self.scan_requested.emit(self.scan_form())

    def _cancel(self) -> None:
        self.cancel.setEnabled(False)
        self.stage.setText(self.tr("Cancelling…"))
        self.cancel_requested.emit()

    # --- progress ---------------------------------------------------------------------

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        for widget in (self.scan, self.choose, self.link, self.seen_time, self.channel,
                       self.views):
            widget.setEnabled(not busy)
        self.drop.setAcceptDrops(not busy)
        self.cancel.setEnabled(busy)
        self.cancel.setVisible(busy)
        self.progress.setVisible(busy)
        if busy:
            self.progress.setValue(0)
            self.stage.setText(self.tr("Checking the clip…"))
        else:
            self.stage.clear()

    def set_progress(self, share: float) -> None:
        self.progress.setValue(round(max(0.0, min(1.0, share)) * 1000))
        if not self.cancel.isEnabled() and self.busy:
            return  # "Cancelling…" stays until the scan stops
        if share < 0.25:
            text = self.tr("Identifying the film…")
        elif share < 0.85:
            text = self.tr("Tracing the leaking session…")
        else:
            text = self.tr("Signing the evidence…")
        self.stage.setText(text)

    def retranslate(self) -> None:
        self.setTitle(self.tr("New clip"))
        self._show_clip()
        self.choose.setText(self.tr("Choose clip…"))
        self.link_label.setText(self.tr("Seen at (link)"))
        self.time_label.setText(self.tr("Seen at (time)"))
        self.seen_time.setPlaceholderText(self.tr("2026-03-01T18:30 (empty: now)"))
        self.channel_label.setText(self.tr("Channel or site"))
        self.channel.setPlaceholderText(self.tr("from the link if empty"))
        self.views_label.setText(self.tr("Views"))
        self.scan.setText(self.tr("Scan"))
        self.cancel.setText(self.tr("Cancel"))
