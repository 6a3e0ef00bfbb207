"""Why the station refused to play, and what the person in front of it should do.

Every refusal the station can meet (from the vault, the registry or the player) is turned
into one :class:`Refusal`: a stable code (the vault's ``Reason`` value where there is one),
a short title, the message of the error (what happened) and advice (what to do). The app
shows it in a dialog and records the code and message in the audit log.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from screeningroom.errors import ScreeningRoomError
from screeningroom_resources.i18n import N_, _


class NoLicense(ScreeningRoomError):
    """A screener in the library with no license for this station."""

    refusal_code = "no-license"


# code -> (title, advice); titles and advice are marked here and translated when shown.
_TABLE: dict[str, tuple[str, str]] = {
    "no-license": (
        N_("No license for this film"),
        N_("Ask the review office for a license for this station and import it "
           "(screeningroom station import FILE)."),
    ),
    "station-not-certified": (
        N_("This station is not certified"),
        N_("Ask the review office to certify this station, then install the certificate "
           "(screeningroom station install CERT)."),
    ),
    "certificate-expired": (
        N_("The station certificate has expired"),
        N_("Ask the review office for a new station certificate and install it."),
    ),
    "invalid-signature": (
        N_("The file is not signed by the review office"),
        N_("Do not use this file. Ask the review office for a genuine copy."),
    ),
    "tampered-license": (
        N_("The license is damaged"),
        N_("Ask the review office to send the license again and import it."),
    ),
    "wrong-station": (
        N_("This license is for another station"),
        N_("Play the film at the station named in the license, or ask the review office "
           "for a license for this station."),
    ),
    "wrong-film": (
        N_("The license does not match this screener"),
        N_("Import the screener the license was issued for, or ask the review office "
           "for the matching license."),
    ),
    "license-not-yet-valid": (
        N_("The screening window has not opened yet"),
        N_("Come back when the window opens, or ask the review office to change it."),
    ),
    "license-expired": (
        N_("The screening window has closed"),
        N_("Ask the review office for a new license if the review is not finished."),
    ),
    "member-not-licensed": (
        N_("You are not on this film's license"),
        N_("Ask the review office to add you to the license for this film."),
    ),
    "sessions-used-up": (
        N_("All sessions of this license are used"),
        N_("Ask the review office for a license with more sessions."),
    ),
    "revoked": (
        N_("The license or this station is revoked"),
        N_("Contact the review office: screenings here are stopped until they lift the "
           "revocation."),
    ),
    "clock-rollback": (
        N_("The station clock went backwards"),
        N_("Set the system clock to the correct date and time, then try again. The "
           "anomaly is recorded in the audit log."),
    ),
    "session-not-started": (
        N_("No session was recorded"),
        N_("Start the film from the station's library: it records the session before "
           "anything is shown."),
    ),
    "history-incomplete": (
        N_("The station's history is incomplete"),
        N_("Nothing plays until the review office re-enrolls this station. Do not delete "
           "or edit the station's files; report it to the review office."),
    ),
    "login-failed": (
        N_("The member id or the password is not right"),
        N_("Type them again; after too many wrong tries the account is locked for a while."),
    ),
    "account-locked": (
        N_("The account is locked"),
        N_("Wait until the lock-out ends, or ask the station administrator to unlock it "
           "(screeningroom member unlock ID)."),
    ),
    "tampered-screener": (
        N_("The screener file is damaged or was changed"),
        N_("Do not use this copy. Import the screener again from the original delivery."),
    ),
    "truncated-screener": (
        N_("The screener file is incomplete"),
        N_("The copy was cut short. Import the screener again from the original delivery."),
    ),
    "tampered-file": (
        N_("A station file is damaged"),
        N_("Restore the file from the backup or ask the review office to send it again."),
    ),
    "stale-revocations": (
        N_("The revocation list is out of date"),
        N_("Import the latest revocation list from the review office, then try again."),
    ),
    "wrong-passphrase": (
        N_("Wrong passphrase"),
        N_("Type the station passphrase again; it is case-sensitive."),
    ),
    "not-set-up": (
        N_("This station is not set up"),
        N_("Set the station up first (screeningroom station init), then have it certified."),
    ),
    "playback-failed": (
        N_("Playback failed"),
        N_("Try again. If it fails again, report it to the station administrator."),
    ),
    "cannot-decode": (
        N_("The film cannot be decoded"),
        N_("Report the film to the review office: the screener may have been packaged "
           "from a damaged file."),
    ),
    "watermark-failed": (
        N_("The forensic watermark could not be applied"),
        N_("Playback stops rather than show unmarked pictures. Report it to the station "
           "administrator."),
    ),
    "vlc-missing": (
        N_("The video player is not installed"),
        N_("Ask the station administrator to run installer/bootstrap.sh."),
    ),
    "registry-failed": (
        N_("The session could not be recorded"),
        N_("Nothing plays without a recorded session. Report it to the station "
           "administrator."),
    ),
}

_FALLBACK = (
    N_("The film cannot be played"),
    N_("Report the message below to the station administrator."),
)

KNOWN_CODES: tuple[str, ...] = tuple(_TABLE)


@dataclass(frozen=True)
class Refusal:
    """What the station refused, in words for the person at the station."""

    code: str
    title: str
    message: str
    advice: str


def code_of(error: BaseException) -> str:
    """The stable code of a refusal: the error's ``refusal_code`` (registry, player and
    station errors carry one), else the vault's ``reason``, else ``playback-failed``."""
    own = getattr(error, "refusal_code", None)
    if isinstance(own, str):
        return own
    reason = getattr(error, "reason", None)  # the vault's Reason (an Enum of codes)
    if isinstance(reason, enum.Enum) and isinstance(reason.value, str):
        return reason.value
    return "playback-failed"


def explain(error: BaseException) -> Refusal:
    """The refusal to show for ``error``."""
    code = code_of(error)
    title, advice = _TABLE.get(code, _FALLBACK)
    message = str(error).strip() or _(title)
    return Refusal(code=code, title=_(title), message=message, advice=_(advice))
