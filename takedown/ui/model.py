"""The desk window's model: the one object the widgets are handed (no Qt here).

It wraps :class:`takedown.desk.Desk` for a window: every call opens its own ``Desk`` on
the calling thread (SQLite connections belong to the thread that made them), so a scan
can run on a worker thread while the window reads the case list. The unlocked station is
loaded once and shared. A scan can be cancelled until its results start being recorded;
a cancelled scan writes nothing.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from screeningroom import paths
from screeningroom_resources.console import Progress
from screeningroom_resources.i18n import _
from takedown.cases import Case, CaseStatus
from takedown.desk import Desk
from takedown.errors import TakedownInputError
from takedown.links import SeenAt, parse_link
from takedown.notices import TELEGRAM_DESK, NoticeDraft, NoticeTarget, Recipient, Work
from takedown.notices.commands import AUTHORITY_NAME
from takedown.notices.contacts import parse_contacts
from takedown.notices.settings import SETTINGS_FILE, load_settings
from takedown.recording import ScanResult
from takedown.scan import RECORDING_SHARE
from takedown.ui import caseview
from takedown.ui.errors import ScanCancelled
from takedown.zone import parse_time

#: the share of a scan after which its results are being recorded (no cancelling then)
RECORDING_FROM = RECORDING_SHARE


@dataclass(frozen=True)
class ScanForm:
    """What the person typed about the clip; checked by :meth:`DeskModel.check_form`."""

    clip: Path
    link: str
    seen_time: str = ""
    channel: str = ""
    views: str = ""


@dataclass(frozen=True)
class CheckedForm:
    clip: Path
    link: SeenAt
    seen_time: str | None
    channel: str | None
    views: int | None


class DeskModel:
    """The desk in ``folder`` (default: ``paths.desk_dir()``) for one window."""

    def __init__(
        self,
        folder: Path | None = None,
        *,
        station: Any = None,
        station_folder: Path | None = None,
        passphrase: str | None = None,
        actor: str | None = None,
        clock: Callable[[], datetime] | None = None,
        time_zone: tzinfo | None = None,
    ) -> None:
        self.folder = Path(folder) if folder else paths.desk_dir()
        self.station_folder = Path(station_folder) if station_folder else paths.station_dir()
        self.passphrase = passphrase
        self.actor = actor
        self.clock = clock or (lambda: datetime.now(UTC))
        self.time_zone = time_zone
        self._station = station
        self._lock = threading.Lock()

    # --- the desk and its station -------------------------------------------------------

    def _load_station(self) -> Any:
        with self._lock:
            if self._station is None:
                from screeningroom.vault.station import load_station

                self._station = load_station(self.passphrase, folder=self.station_folder)
            return self._station

    def set_passphrase(self, passphrase: str) -> None:
        self.passphrase = passphrase

    def open_desk(self) -> Desk:
        options: dict[str, Any] = {"station": self._load_station,
                                   "station_folder": self.station_folder,
                                   "clock": self.clock, "time_zone": self.time_zone}
        if self.actor:
            options["actor"] = self.actor
        return Desk.open(self.folder, **options)

    # --- scanning -----------------------------------------------------------------------

    def check_form(self, form: ScanForm) -> CheckedForm:
        """The link, time and views checked as the desk's intake checks them (the clip itself
        is read by the scan). Raises :class:`TakedownInputError` naming the problem."""
        if not str(form.clip).strip() or not Path(form.clip).name:
            raise TakedownInputError(_("Choose a clip first: drop it on the window or use the "
                                       "button."))
        link = parse_link(form.link)
        seen_time = form.seen_time.strip() or None
        parse_time(seen_time, self.clock())
        views: int | None = None
        text = form.views.strip().replace(" ", "").replace("\u00a0", "")
        if text:
            try:
                views = int(text)
            except ValueError as exc:
                raise TakedownInputError(
                    _("The number of views must be a whole number, not {text}.").format(
                        text=form.views.strip())) from exc
            if views < 0:
                raise TakedownInputError(_("The number of views cannot be negative."))
        return CheckedForm(clip=Path(form.clip), link=link, seen_time=seen_time,
                           channel=form.channel.strip() or None, views=views)

    def scan(self, form: ScanForm, progress: Progress | None = None,
             cancelled: Callable[[], bool] | None = None) -> ScanResult:
        """Scan the clip (on any thread). ``cancelled()`` is polled at every progress step
        until the results start being recorded; then :class:`ScanCancelled` is raised."""
        checked = self.check_form(form)

        def report(done: float, total: float) -> None:
            share = done / total if total else 1.0
            if cancelled is not None and share < RECORDING_FROM and cancelled():
                raise ScanCancelled(_("The scan was cancelled; nothing was recorded."))
            if progress is not None:
                progress(share, 1.0)

        report(0.0, 1.0)
        with self.open_desk() as desk:
            return desk.scan(checked.clip, checked.link.url, seen_time=checked.seen_time,
                             channel=checked.channel, views=checked.views, progress=report)

    # --- cases ----------------------------------------------------------------------------

    def cases(self) -> tuple[Case, ...]:
        with self.open_desk() as desk:
            return desk.cases()

    def case_view(self, case_id: str) -> caseview.CaseView:
        with self.open_desk() as desk:
            case = desk.case(case_id)
            return caseview.build(
                case, desk.custody(case_id), notices=desk.store.notices.of_case(case_id),
                findings=desk.store.findings.of_case(case_id),
                film=desk.store.films.get(case.film_id) if case.film_id else None)

    def set_status(self, case_id: str, status: CaseStatus, note: str = "") -> Case:
        with self.open_desk() as desk:
            return desk.set_status(case_id, status, note)

    def stations(self) -> tuple[Any, ...]:
        with self.open_desk() as desk:
            return desk.stations()

    # --- notices --------------------------------------------------------------------------

    def work_of(self, case_id: str) -> Work | None:
        """The film as the desk records it (None: the case is not identified as a film)."""
        from takedown.notices.from_case import work_of

        with self.open_desk() as desk:
            case = desk.case(case_id)
            film = desk.store.films.get(case.film_id) if case.film_id else None
        return work_of(film) if film is not None else None

    def set_certificate(self, case_id: str, certificate: str) -> Work | None:
        """Record the distribution certificate on the case's film (once, for all notices)."""
        with self.open_desk() as desk:
            case = desk.case(case_id)
            if case.film_id is not None:
                desk.set_film_certificate(case.film_id, certificate)
        return self.work_of(case_id)

    def settings(self) -> Any:
        return load_settings(self.folder / SETTINGS_FILE)

    def recipient(self, target: NoticeTarget, contacts_text: str = "",
                  email: str = "") -> Recipient:
        """Telegram's copyright desk, the authority from the settings, or the abuse contact
        in pasted RDAP/WHOIS text; ``email`` overrides the address."""
        recipient = Recipient()
        if target is NoticeTarget.TELEGRAM:
            recipient = TELEGRAM_DESK
        elif target is NoticeTarget.AUTHORITY:
            settings = self.settings()
            recipient = Recipient(name=AUTHORITY_NAME, email=settings.authority_email,
                                  cc=settings.authority_cc)
        elif contacts_text.strip():
            recipient = parse_contacts(contacts_text).recipient_for(target)
        email = email.strip()
        return dataclasses.replace(recipient, email=email or recipient.email,
                                   name=recipient.name or email)

    def draft(self, case_id: str, target: NoticeTarget, recipient: Recipient,
              languages: Sequence[str] = ("kk", "ru", "en")) -> tuple[NoticeDraft, ...]:
        """Draft (a new version), keep and record the notice to ``target`` in each language
        (MissingNoticeField names what lacks; a case not identified as a film is refused)."""
        from takedown.notices.casework import draft_case_notices

        with self.open_desk() as desk:
            done = draft_case_notices(desk, case_id, target, sender=self.settings().sender,
                                      recipient=recipient, languages=tuple(languages),
                                      now=self.clock())
        return done.drafts


__all__ = ["CheckedForm", "DeskModel", "ScanCancelled", "ScanForm"]
