"""What the office's registry service and its clients refuse, and why. Every class derives
from :class:`OfficeError` (refused or unavailable, exit code 1) or :class:`OfficeBadInput`
(bad input, exit code 2)."""

from __future__ import annotations

from collections.abc import Mapping

from screeningroom.errors import BadInput, ScreeningRoomError
from screeningroom_resources.i18n import N_, _


class OfficeError(ScreeningRoomError):
    """The central registry refused, or could not be reached."""


class OfficeBadInput(BadInput, OfficeError):
    """A value, file or option the office's commands do not take."""


class LocalPostgresFailed(OfficeError):
    template = N_("A local PostgreSQL server could not be started: {reason}")
    fields = ("reason",)


class DatabaseUnavailable(OfficeError):
    template = N_("The central registry database {location} cannot be used: {reason}")
    fields = ("location", "reason")


class SchemaTooNew(OfficeError):
    template = N_("The central registry database is at schema version {found}, newer than this "
                  "program knows ({known}): update the program on every service instance.")
    fields = ("found", "known")


class RequestRefused(OfficeError):
    """A request the service answers with a 4xx status: ``status``, a stable ``code`` and a
    message a person can act on. Raised inside the service; the client raises
    :class:`OfficeRefused` with the same fields."""

    def __init__(self, status: int, code: str, message: str, **extra: object) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra
        super().__init__(message)


class OfficeUnreachable(OfficeError):
    template = N_("The review office's registry at {url} cannot be reached ({reason}). The "
                  "station keeps its records and sends them when the office is reachable.")
    fields = ("url", "reason")


class OfficeRefused(OfficeError):
    """The service refused a request (a 4xx answer)."""

    def __init__(self, status: int, code: str, message: str, extra: dict | None = None) -> None:
        self.status = status
        self.code = code
        self.extra = dict(extra or {})
        super().__init__(
            _("The review office's registry refused the request ({code}): {message}").format(
                code=code, message=message))


class OfficeAnswerInvalid(OfficeError):
    template = N_("The review office's registry at {url} gave an answer this program cannot "
                  "read ({reason}): check that the URL is the registry service.")
    fields = ("url", "reason")


class SessionNotGranted(OfficeRefused):
    """The office's count of sessions for the license is used up (or the license is not
    valid for this station): playback must not start."""

    refusal_code = "office-refused-session"


class CentralProofFailed(OfficeError):
    template = N_("The central registry's records of station {station} do not hold at this desk "
                  "({reason}); do not rely on them, and tell the review office.")
    fields = ("station_id", "reason")

    def shown(self) -> Mapping[str, object]:
        return {**super().shown(), "station": self.station_id}
