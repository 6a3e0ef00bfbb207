"""What the office's registry service and its clients refuse, and why. Every class derives
from :class:`OfficeError` (refused or unavailable, exit code 1) or :class:`OfficeBadInput`
(bad input, exit code 2)."""

from __future__ import annotations

from screeningroom.errors import BadInput, ScreeningRoomError
from screeningroom_resources.i18n import _


class OfficeError(ScreeningRoomError):
    """The central registry refused, or could not be reached."""


class OfficeBadInput(BadInput, OfficeError):
    """A value, file or option the office's commands do not take."""


class LocalPostgresFailed(OfficeError):
    def __init__(self, reason: str) -> None:
        super().__init__(_("A local PostgreSQL server could not be started: {reason}").format(
            reason=reason))


class DatabaseUnavailable(OfficeError):
    def __init__(self, location: str, reason: str) -> None:
        super().__init__(
            _("The central registry database {location} cannot be used: {reason}").format(
                location=location, reason=reason))


class SchemaTooNew(OfficeError):
    def __init__(self, found: int, known: int) -> None:
        super().__init__(
            _("The central registry database is at schema version {found}, newer than this "
              "program knows ({known}): update the program on every service instance.").format(
                found=found, known=known))


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
    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        super().__init__(
            _("The review office's registry at {url} cannot be reached ({reason}). The "
              "station keeps its records and sends them when the office is reachable.").format(
                url=url, reason=reason))


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
    def __init__(self, url: str, reason: str) -> None:
        super().__init__(
            _("The review office's registry at {url} gave an answer this program cannot "
              "read ({reason}): check that the URL is the registry service.").format(
                url=url, reason=reason))


class SessionNotGranted(OfficeRefused):
    """The office's count of sessions for the license is used up (or the license is not
    valid for this station): playback must not start."""

    refusal_code = "office-refused-session"
