"""The dialog that says why the station refused to play, and what to do about it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from screeningroom.refusals import Refusal
from screeningroom.ui.common import Retranslates


class RefusalDialog(Retranslates, QDialog):
    """Title, what happened, what to do; the refusal's code in small print for support."""

    def __init__(self, refusal: Refusal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.refusal = refusal
        self.setObjectName("refusal")
        self.setMinimumWidth(520)
        icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(size)
        )
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.heading = QLabel(refusal.title, self)
        self.heading.setObjectName("heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.happened_label = QLabel(self)
        self.happened = QLabel(refusal.message, self)
        self.happened.setObjectName("happened")
        self.todo_label = QLabel(self)
        self.todo = QLabel(refusal.advice, self)
        self.todo.setObjectName("todo")
        self.code = QLabel(self)
        self.code.setObjectName("code")
        self.code.setEnabled(False)
        for label in (self.happened, self.todo):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for label in (self.happened_label, self.todo_label):
            bold = label.font()
            bold.setBold(True)
            label.setFont(bold)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        buttons.accepted.connect(self.accept)
        text = QVBoxLayout()
        text.addWidget(self.heading)
        text.addSpacing(6)
        text.addWidget(self.happened_label)
        text.addWidget(self.happened)
        text.addSpacing(6)
        text.addWidget(self.todo_label)
        text.addWidget(self.todo)
        text.addSpacing(6)
        text.addWidget(self.code)
        row = QHBoxLayout()
        row.addWidget(icon)
        row.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Playback refused"))
        self.happened_label.setText(self.tr("What happened"))
        self.todo_label.setText(self.tr("What to do"))
        self.code.setText(self.tr("Reason code: {code} (recorded in the audit log)").format(
            code=self.refusal.code))
