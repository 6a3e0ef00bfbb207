"""The small forms of the station window: unlocking the station and logging in."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


def _heading(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.6)
    font.setBold(True)
    label.setFont(font)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


class _Form(QWidget):
    """A centred column: heading, explanation, fields, a button, a message line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = _heading(self)
        self.explanation = QLabel(self)
        self.explanation.setWordWrap(True)
        self.explanation.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.fields = QFormLayout()
        self.button = QPushButton(self)
        self.button.setDefault(True)
        self.button.setAutoDefault(True)
        self.message = QLabel(self)
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setStyleSheet("color: #b00020;")
        self._column = column = QWidget(self)
        column.setFixedWidth(460)
        self._inner = inner = QVBoxLayout(column)
        inner.addWidget(self.heading)
        inner.addWidget(self.explanation)
        inner.addSpacing(12)
        inner.addLayout(self.fields)
        inner.addWidget(self.button, 0, Qt.AlignmentFlag.AlignRight)
        inner.addWidget(self.message)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(column, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self._fit_texts()

    def _fit_texts(self) -> None:
        """Give the wrapped texts the height their width needs (a centred column gets only
        its plain size hint, which cut the explanation's second line)."""
        margins = self._inner.contentsMargins()
        width = self._column.width() - margins.left() - margins.right()
        for label in (self.explanation, self.message):
            label.setMinimumHeight(label.heightForWidth(width) if label.text() else 0)

    def showEvent(self, event: QShowEvent) -> None:
        self._fit_texts()
        super().showEvent(event)

    def set_busy(self, busy: bool) -> None:
        self.button.setEnabled(not busy)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self._fit_texts()
        super().changeEvent(event)

    def retranslate(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class UnlockForm(_Form):
    """The operator types the station's passphrase once, when the station starts."""

    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.passphrase = QLineEdit(self)
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_label = QLabel(self)
        self.fields.addRow(self.passphrase_label, self.passphrase)
        self.button.clicked.connect(self._submit)
        self.passphrase.returnPressed.connect(self._submit)
        self.retranslate()

    def _submit(self) -> None:
        if self.passphrase.text():
            self.message.clear()
            self.submitted.emit(self.passphrase.text())

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Unlock the station"))
        self.explanation.setText(self.tr(
            "The station's keys are protected by a passphrase. The station operator types "
            "it once when the station starts."))
        self.passphrase_label.setText(self.tr("Station passphrase"))
        self.button.setText(self.tr("Unlock"))


class LoginForm(_Form):
    """A commission member logs in with their member id and password."""

    submitted = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = QLabel(self)
        self.station.setObjectName("station")
        self.station.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.layout().insertWidget(1, self.station, 0, Qt.AlignmentFlag.AlignHCenter)
        self.member_id = QLineEdit(self)
        self.member_id.setObjectName("member_id")
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.member_label = QLabel(self)
        self.password_label = QLabel(self)
        self.fields.addRow(self.member_label, self.member_id)
        self.fields.addRow(self.password_label, self.password)
        self.button.clicked.connect(self._submit)
        self.member_id.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self._submit)
        self._station_name = ""
        self._room = ""
        self.retranslate()

    def set_station(self, name: str, room: str) -> None:
        self._station_name, self._room = name, room
        self.retranslate()

    def reset(self) -> None:
        self.password.clear()
        self.message.clear()
        self.member_id.setFocus()

    def _submit(self) -> None:
        member = self.member_id.text().strip()
        if not member or not self.password.text():
            self.show_message(self.tr("Type your member id and your password."))
            return
        self.message.clear()
        self.submitted.emit(member, self.password.text())

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Log in to review"))
        self.explanation.setText(self.tr(
            "Expert commission members log in with the member id and password they were "
            "enrolled with."))
        if self._station_name:
            self.station.setText(self.tr("Station {name}, room {room}").format(
                name=self._station_name, room=self._room))
        self.member_label.setText(self.tr("Member id"))
        self.password_label.setText(self.tr("Password"))
        self.button.setText(self.tr("Log in"))
