"""The station's main window: unlock, log in, choose a film, play it.

It is handed a :class:`~screeningroom.station_app.StationLauncher` and asks it (and the
:class:`~screeningroom.station_app.StationService` it returns) for everything; the rules
live there. Slow work (opening the keys, the vault's checks) runs through a
:class:`~screeningroom.ui.tasks.TaskRunner` while a progress dialog is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QProgressDialog,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from screeningroom.errors import ScreeningRoomError
from screeningroom.refusals import Refusal
from screeningroom.station_app import (
    FilmRow,
    OpenedFilm,
    PlayRequest,
    StationLauncher,
    StationService,
    Unlock,
    Unlocked,
)
from screeningroom.ui.common import DialogSlot, Retranslates, app_icon, language_chooser
from screeningroom.ui.films import FilmList
from screeningroom.ui.forms import LoginForm, UnlockForm
from screeningroom.ui.player_window import PlayerWindow
from screeningroom.ui.refusal import RefusalDialog
from screeningroom.ui.tasks import TaskRunner


class StationWindow(Retranslates, QMainWindow):
    """The main window; without a launcher it says the workstation is not enrolled."""

    def __init__(
        self,
        launcher: StationLauncher | None = None,
        *,
        tasks: TaskRunner | None = None,
        language: str = "en",
        switch_language: Callable[[str], None] | None = None,
        volume: int = 80,
        on_volume: Callable[[int], None] | None = None,
        player_options: dict[str, Any] | None = None,
        player_window: Callable[..., PlayerWindow] = PlayerWindow,
    ) -> None:
        super().__init__()
        self.launcher = launcher
        self.tasks = tasks if tasks is not None else TaskRunner(self)
        self.switch_language = switch_language
        self.volume = volume
        self.on_volume = on_volume
        self.player_options = dict(player_options or {})
        self.make_player_window = player_window
        self.service: StationService | None = None
        self.member: Any = None
        self.player_window: PlayerWindow | None = None
        self._refusal_slot = DialogSlot()
        self.review_form: QWidget | None = None
        self.progress: QProgressDialog | None = None
        self.setWindowIcon(app_icon())

        self.pages = QStackedWidget(self)
        self.welcome = QWidget(self.pages)
        self.title = QLabel(self.welcome)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.title.font()
        font.setPointSize(font.pointSize() * 2)
        self.title.setFont(font)
        self.status = QLabel(self.welcome)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status.setWordWrap(True)
        self.status.setObjectName("status")
        self.detail = QLabel(self.welcome)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setWordWrap(True)
        welcome = QVBoxLayout(self.welcome)
        welcome.addStretch(1)
        welcome.addWidget(self.title)
        welcome.addWidget(self.status)
        welcome.addWidget(self.detail)
        welcome.addStretch(1)
        self.unlock_form = UnlockForm(self.pages)
        self.login_form = LoginForm(self.pages)
        self.film_list = FilmList(self.pages)
        for page in (self.welcome, self.unlock_form, self.login_form, self.film_list):
            self.pages.addWidget(page)
        self.setCentralWidget(self.pages)

        self.language_label, self.language = language_chooser(self, language, switch_language)

        self.unlock_form.submitted.connect(self._unlock)
        self.login_form.submitted.connect(self._login)
        self.film_list.play_requested.connect(self.play)
        self.film_list.review_form_requested.connect(self.open_review_form)
        self.film_list.logout_requested.connect(self.logout)
        self.resize(1040, 640)
        self.retranslate()

    # --- start-up and unlocking --------------------------------------------------------

    def start(self) -> None:
        """Open the station's keys (with the preset passphrase, if any)."""
        if self.launcher is None:
            return
        launcher = self.launcher
        preset = launcher.preset_passphrase()
        self._busy(self.tr("Opening the station's keys…"))
        self.tasks.run(lambda progress: launcher.load(preset), self._loaded, self._failed)

    def _unlock(self, passphrase: str) -> None:
        launcher = self.launcher
        if launcher is None:
            return
        self.unlock_form.set_busy(True)
        self._busy(self.tr("Opening the station's keys…"))
        self.tasks.run(lambda progress: launcher.load(passphrase), self._loaded, self._failed)

    def _loaded(self, result: Unlocked) -> None:
        self._idle()
        self.unlock_form.set_busy(False)
        if result.state is Unlock.READY:
            try:
                self.service = self.launcher.connect(result.station)
            except ScreeningRoomError as exc:
                self._show_welcome(str(exc))
                return
            self.login_form.set_station(self.service.station_name, self.service.room)
            self.film_list.form.setVisible(PlayerWindow.notes_enabled(self.service))
            self.login_form.reset()
            self.pages.setCurrentWidget(self.login_form)
            self.login_form.member_id.setFocus()
        elif result.state is Unlock.NOT_SET_UP:
            self._show_welcome(result.message)
        else:
            self.unlock_form.passphrase.clear()
            if result.state is Unlock.WRONG_PASSPHRASE:
                self.unlock_form.show_message(result.message)
            self.pages.setCurrentWidget(self.unlock_form)
            self.unlock_form.passphrase.setFocus()

    def _failed(self, error: BaseException) -> None:
        self._idle()
        self.unlock_form.set_busy(False)
        self._show_welcome(str(error))

    def _show_welcome(self, detail: str) -> None:
        self.detail.setText(detail)
        self.pages.setCurrentWidget(self.welcome)

    # --- members -----------------------------------------------------------------------

    def _login(self, member_id: str, password: str) -> None:
        if self.service is None:
            return
        try:
            member = self.service.login(member_id, password)
        except ScreeningRoomError as exc:
            self.login_form.password.clear()
            self.login_form.show_message(str(exc))
            return
        self.member = member
        self.login_form.reset()
        self.film_list.set_member(member.full_name)
        self.refresh_films()
        self.pages.setCurrentWidget(self.film_list)
        self.film_list.table.setFocus()

    def logout(self) -> None:
        if self.player_window is not None:
            self.player_window.close()
        self.member = None
        self.film_list.set_rows([])
        self.login_form.reset()
        self.pages.setCurrentWidget(self.login_form)

    def refresh_films(self) -> None:
        if self.service is None:
            return
        try:
            rows = self.service.films(self.member.member_id if self.member else None)
        except ScreeningRoomError as exc:
            rows = []
            self.statusBar().showMessage(str(exc))
        self.film_list.set_rows(rows)

    # --- playing -----------------------------------------------------------------------

    def play(self, film: FilmRow) -> None:
        if self.service is None or self.member is None or self.player_window is not None:
            return
        service = self.service
        try:
            request = service.request(film, self.member)
        except Exception as exc:
            self._refuse(exc, film)
            return
        self._busy(self.tr("Checking the license and opening “{title}”…").format(
            title=film.title))
        self.tasks.run(
            lambda progress: service.open(request),
            self._opened,
            lambda exc: self._open_failed(exc, request),
        )

    def _open_failed(self, error: BaseException, request: PlayRequest) -> None:
        self._idle()
        self._refuse(error, request.film)

    def _opened(self, opened: OpenedFilm) -> None:
        self._idle()
        film = opened.request.film
        try:
            session = self.service.start(opened, **self.player_options)
        except Exception as exc:
            self._refuse(exc, film)
            return
        try:
            window = self.make_player_window(
                self.service, session, volume=self.volume, on_volume=self._volume_changed)
        except Exception as exc:
            self.show_refusal(session.fail(self.service, exc))
            return
        window.setWindowIcon(self.windowIcon())
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.finished.connect(self._player_closed)
        window.refused.connect(self.show_refusal)
        window.review_form_requested.connect(self.open_review_form)
        self.player_window = window
        window.show()
        window.start()

    def open_review_form(self, film: FilmRow) -> None:
        """The member's review form for ``film`` (the review part's dialog)."""
        if self.service is None or self.member is None:
            return
        from screeningroom.review.model import Film
        from screeningroom.ui.review_form import ReviewFormDialog

        service = self.service
        station = service.station
        parent = self.player_window if self.player_window is not None else self
        dialog = ReviewFormDialog(
            service.review_store(), Film.from_manifest(film.entry.manifest),
            self.member.member_id, member_name=self.member.full_name, signer=station,
            sessions=service.registry, certificate=station.certificate_bytes,
            station_id=station.station_id, room=service.room,
            report_language=self.language.currentData(), parent=parent,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # a signed report goes to the office's registry, when the station has one
        dialog.report_written.connect(service.report_written)     # every report written
        self.review_form = dialog
        dialog.show()

    def _player_closed(self) -> None:
        self.player_window = None
        self.refresh_films()

    def _volume_changed(self, value: int) -> None:
        self.volume = value
        if self.on_volume is not None:
            self.on_volume(value)

    def _refuse(self, error: BaseException, film: FilmRow) -> None:
        member_id = getattr(self.member, "member_id", None)
        self.show_refusal(self.service.refuse(error, member_id, film.film_id))
        self.refresh_films()
        self.film_list.select(film.film_id)

    @property
    def refusal_dialog(self) -> RefusalDialog | None:
        return self._refusal_slot.current  # type: ignore[return-value]

    def show_refusal(self, refusal: Refusal) -> None:
        self._refusal_slot.show(RefusalDialog(refusal, self))

    # --- progress ----------------------------------------------------------------------

    def _busy(self, text: str) -> None:
        if self.tasks.synchronous:
            return
        self._idle()
        progress = QProgressDialog(text, "", 0, 0, self)
        progress.setCancelButton(None)
        progress.setWindowTitle(self.tr("Please wait"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        progress.setAutoClose(False)
        self.progress = progress
        progress.show()

    def _idle(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    # --- language and closing ----------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Screening Room"))
        self.title.setText(self.tr("Screening Room"))
        self.status.setText(self.tr("This workstation is not enrolled as a review station yet."))
        self.language_label.setText(self.tr("Language"))

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.player_window is not None:
            self.player_window.close()
        self.tasks.wait()
        if self.service is not None:
            self.service.close()
            self.service = None
        super().closeEvent(event)
