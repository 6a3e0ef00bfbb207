"""The player window: the picture, the transport controls and the review notes panel.

Nothing here can save or copy a frame: no snapshot action, no context menu, no clipboard.
The window drives a :class:`~screeningroom.station_app.PlaybackSession` (which records
every pause, seek, stop and end) and polls it on a timer; it never touches VLC.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from screeningroom.errors import ScreeningRoomError
from screeningroom.refusals import Refusal
from screeningroom.station_app import PlaybackSession, StationService
from screeningroom.ui.common import Retranslates
from screeningroom.ui.films import clock

POLL_MS = 200
SKIP_SECONDS = 10.0

WidgetFactory = Callable[[PlaybackSession, QWidget], QWidget]


def default_video(session: PlaybackSession, parent: QWidget) -> QWidget:
    """The picture: OpenGL (YUV -> RGB in a shader) where it can be had, else software."""
    from screeningroom.ui.video import make_video_widget

    return make_video_widget(session.player, parent)


def review_notes(
    service: StationService, session: PlaybackSession, parent: QWidget
) -> QWidget | None:
    """The review notes panel beside the picture (time-coded notes of this session; a
    click on a note seeks there, and the seek is recorded like any other)."""
    store = service.review_store()
    if store is None:
        return None
    from screeningroom.ui.review_notes import ReviewNotesWidget

    return ReviewNotesWidget(
        store, session, session_id=session.session_id, member_id=session.session.member_id,
        film_id=session.film.film_id, parent=parent,
    )


NotesFactory = Callable[[StationService, PlaybackSession, QWidget], QWidget | None]


class PlayerWindow(Retranslates, QWidget):
    """One playback session on screen; closing the window ends the session."""

    finished = Signal()
    refused = Signal(object)  # a Refusal, when playback broke
    review_form_requested = Signal(object)  # the FilmRow

    def __init__(
        self,
        service: StationService,
        session: PlaybackSession,
        *,
        volume: int = 80,
        video: WidgetFactory = default_video,
        notes: NotesFactory = review_notes,
        on_volume: Callable[[int], None] | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("player")
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.service = service
        self.session = session
        self.on_volume = on_volume
        self.ended = False
        self.refusal: Refusal | None = None
        self._dragging = False

        self.title = QLabel(session.film.title, self)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.session_label = QLabel(self)
        self.session_label.setObjectName("session")
        self.form_button = QPushButton(self)
        self.form_button.setObjectName("review_form")
        self.form_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.form_button.clicked.connect(lambda: self.review_form_requested.emit(session.film))
        self.form_button.setVisible(self.notes_enabled(service))
        self.video = video(session, self)
        self.video.setMinimumSize(480, 270)
        self.video.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.notes = notes(service, session, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.video)
        if self.notes is not None:
            self.splitter.addWidget(self.notes)
            self.splitter.setStretchFactor(0, 3)
            self.splitter.setStretchFactor(1, 1)

        style = self.style()
        self.play_button = QPushButton(self)
        self.play_button.setObjectName("play_pause")
        pixmaps = QStyle.StandardPixmap
        self.back_button = QPushButton(style.standardIcon(pixmaps.SP_MediaSeekBackward), "", self)
        self.forward_button = QPushButton(style.standardIcon(pixmaps.SP_MediaSeekForward), "", self)
        self.stop_button = QPushButton(style.standardIcon(pixmaps.SP_MediaStop), "", self)
        self.fullscreen_button = QPushButton(self)
        self.seek_bar = QSlider(Qt.Orientation.Horizontal, self)
        self.seek_bar.setObjectName("seek")
        self.seek_bar.setRange(0, max(1, int(session.duration)))
        self.time = QLabel(self)
        self.time.setObjectName("time")
        self.volume_icon = QLabel(self)
        self.volume_icon.setPixmap(
            style.standardIcon(QStyle.StandardPixmap.SP_MediaVolume).pixmap(16))
        self.volume = QSlider(Qt.Orientation.Horizontal, self)
        self.volume.setObjectName("volume")
        self.volume.setRange(0, 100)
        self.volume.setValue(volume)
        self.volume.setMaximumWidth(110)
        for button in (self.play_button, self.back_button, self.forward_button,
                       self.stop_button, self.fullscreen_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.back_button.clicked.connect(lambda: self.skip(-SKIP_SECONDS))
        self.forward_button.clicked.connect(lambda: self.skip(SKIP_SECONDS))
        self.play_button.clicked.connect(self.toggle_pause)
        self.stop_button.clicked.connect(self.close)
        self.fullscreen_button.clicked.connect(self.toggle_fullscreen)
        self.seek_bar.sliderPressed.connect(self._drag_start)
        self.seek_bar.sliderReleased.connect(self._drag_end)
        self.volume.valueChanged.connect(self._volume_changed)

        self.header = QWidget(self)
        head = QHBoxLayout(self.header)
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.title, 1)
        head.addWidget(self.session_label)
        head.addWidget(self.form_button)
        self.controls = QWidget(self)
        row = QHBoxLayout(self.controls)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.play_button, self.back_button, self.forward_button, self.stop_button):
            row.addWidget(widget)
        row.addWidget(self.seek_bar, 1)
        row.addWidget(self.time)
        row.addWidget(self.volume_icon)
        row.addWidget(self.volume)
        row.addWidget(self.fullscreen_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.controls)

        shortcuts = (
            (Qt.Key.Key_Space, self.toggle_pause),
            (Qt.Key.Key_Left, lambda: self.skip(-SKIP_SECONDS)),
            (Qt.Key.Key_Right, lambda: self.skip(SKIP_SECONDS)),
            (Qt.Key.Key_F, self.toggle_fullscreen),
            (Qt.Key.Key_Escape, self.leave_fullscreen),
        )
        self.shortcuts = []
        for key, slot in shortcuts:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.activated.connect(slot)
            self.shortcuts.append(shortcut)

        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.resize(1120, 640)
        self.retranslate()

    @staticmethod
    def notes_enabled(service: StationService) -> bool:
        return service.parts.open_review_store is not None

    # --- controls --------------------------------------------------------------------

    def start(self) -> None:
        self.session.set_volume(self.volume.value())
        self.session.play()
        self.timer.start()
        self.poll()

    def _act(self, action: Callable[[], None]) -> None:
        """Run a control; if the player stopped meanwhile, the next poll says why."""
        with contextlib.suppress(ScreeningRoomError):
            action()
        self.poll()

    def toggle_pause(self) -> None:
        self._act(self.session.toggle_pause)

    def skip(self, delta: float) -> None:
        self._act(lambda: self.session.skip(delta))

    def toggle_fullscreen(self) -> None:
        if self.isFullScreen():
            self.leave_fullscreen()
        else:
            self.header.hide()
            if self.notes is not None:
                self.notes.hide()
            self.showFullScreen()

    def leave_fullscreen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
            self.header.show()
            if self.notes is not None:
                self.notes.show()

    def _drag_start(self) -> None:
        self._dragging = True

    def _drag_end(self) -> None:
        self._dragging = False
        self._act(lambda: self.session.seek(float(self.seek_bar.value())))

    def _volume_changed(self, value: int) -> None:
        self._act(lambda: self.session.set_volume(value))
        if self.on_volume is not None:
            self.on_volume(value)

    # --- state -----------------------------------------------------------------------

    def poll(self) -> None:
        if self.session.closed:
            return
        status = self.session.status()
        if status.error is not None:
            self.timer.stop()
            self._detach_video()
            self.refusal = self.session.fail(self.service, status.error)
            self.refused.emit(self.refusal)
            self.close()
            return
        if status.ended:
            self.timer.stop()
            self.ended = True
            self._detach_video()
            self.session.finish()
            self.close()
            return
        if not self._dragging:
            self.seek_bar.setValue(int(status.position))
        self.time.setText(f"{clock(status.position)} / {clock(status.duration)}")
        icon = (QStyle.StandardPixmap.SP_MediaPause if status.playing
                else QStyle.StandardPixmap.SP_MediaPlay)
        self.play_button.setIcon(self.style().standardIcon(icon))
        self.play_button.setToolTip(
            self.tr("Pause (Space)") if status.playing else self.tr("Play (Space)"))

    def _detach_video(self) -> None:
        detach = getattr(self.video, "detach", None)
        if detach is not None:
            detach()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.timer.stop()
        if not self.session.closed:
            self._detach_video()
            self.session.stop()
        self.finished.emit()
        super().closeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("{title} — Screening Room").format(
            title=self.session.film.title))
        self.session_label.setText(self.tr("Session {id}").format(id=self.session.short_id))
        self.back_button.setToolTip(self.tr("Back 10 seconds (Left)"))
        self.forward_button.setToolTip(self.tr("Forward 10 seconds (Right)"))
        self.stop_button.setToolTip(self.tr("Stop and end the session"))
        self.fullscreen_button.setText(self.tr("Full screen"))
        self.form_button.setText(self.tr("Review form…"))
        self.fullscreen_button.setToolTip(self.tr("Full screen (F); Esc leaves it"))
        self.volume.setToolTip(self.tr("Volume"))
        if self.timer.isActive():
            self.poll()
