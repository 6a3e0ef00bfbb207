"""The player window on its own, for ``screeningroom play``: the session starts, the
window plays it until it is closed, the film ends, or ``seconds`` have passed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, QTimer

from screeningroom.errors import ScreeningRoomError
from screeningroom.refusals import Refusal
from screeningroom.settings import Settings
from screeningroom.station_app import OpenedFilm, StationService
from screeningroom.ui.common import application
from screeningroom.ui.player_window import PlayerWindow
from screeningroom.ui.translations import apply_language
from screeningroom_resources import i18n


@dataclass(frozen=True)
class PlayOutcome:
    session: str  # the session id (16 hex digits), "" when none started
    frames_shown: int
    finished: bool  # the film played to its end
    refusal: Refusal | None  # what stopped it, recorded in the audit log


def play_in_window(
    service: StationService, opened: OpenedFilm, *, seconds: float | None = None
) -> PlayOutcome:
    app = application()
    apply_language(app, i18n.current_language())  # the command's language
    request = opened.request
    try:
        session = service.start(opened)
    except ScreeningRoomError as exc:
        refusal = service.refuse(exc, request.member_id, request.film.film_id)
        return PlayOutcome("", 0, False, refusal)
    settings = Settings()
    window = PlayerWindow(service, session, volume=settings.get("volume"),
                          on_volume=lambda value: settings.set("volume", value))
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    seen: dict[str, Any] = {"finished": False, "refusal": None, "closed": False}
    window.refused.connect(lambda refusal: seen.update(refusal=refusal))

    def closed() -> None:
        seen.update(finished=window.ended, closed=True)
        app.quit()

    window.finished.connect(closed)
    window.show()
    window.start()
    if seconds is not None:
        QTimer.singleShot(round(seconds * 1000), window.close)
    if not seen["closed"]:  # it may have ended already (a failure at once)
        app.exec()
    return PlayOutcome(session.short_id, session.player.frames_shown, seen["finished"],
                       seen["refusal"])
