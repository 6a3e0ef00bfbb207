"""Every way the vault refuses, as a specific exception with a stable reason code.

Each class carries ``reason`` (:class:`Reason`), which the app maps to a dialog; the
message says what happened and what to do. Refusals and invalid files exit with 1, input
that is not what a command takes (an unknown file, a bad value) with 2.
"""

from __future__ import annotations

import enum

from screeningroom.errors import BadInput, ScreeningRoomError
from screeningroom_resources.i18n import _


class Reason(enum.Enum):
    """Stable codes of every refusal (the UI maps them to dialogs; never renumbered)."""

    STATION_NOT_CERTIFIED = "station-not-certified"
    CERTIFICATE_EXPIRED = "certificate-expired"
    INVALID_SIGNATURE = "invalid-signature"
    TAMPERED_LICENSE = "tampered-license"
    WRONG_STATION = "wrong-station"
    WRONG_FILM = "wrong-film"
    LICENSE_NOT_YET_VALID = "license-not-yet-valid"
    LICENSE_EXPIRED = "license-expired"
    MEMBER_NOT_LICENSED = "member-not-licensed"
    SESSIONS_USED_UP = "sessions-used-up"
    REVOKED = "revoked"
    CLOCK_ROLLBACK = "clock-rollback"
    SESSION_NOT_STARTED = "session-not-started"
    TAMPERED_SCREENER = "tampered-screener"
    TRUNCATED_SCREENER = "truncated-screener"
    TAMPERED_FILE = "tampered-file"
    STALE_REVOCATIONS = "stale-revocations"
    WRONG_PASSPHRASE = "wrong-passphrase"
    PASSPHRASE_REQUIRED = "passphrase-required"
    NOT_SET_UP = "not-set-up"
    ALREADY_SET_UP = "already-set-up"
    UNKNOWN_FILE = "unknown-file"
    BAD_VALUE = "bad-value"
    CANCELLED = "cancelled"


class VaultError(ScreeningRoomError):
    """A refusal of the vault (exit code 1)."""

    reason: Reason = Reason.TAMPERED_FILE


class VaultInputError(BadInput, VaultError):
    """Input the vault does not take (exit code 2)."""

    reason: Reason = Reason.BAD_VALUE


class StationNotCertified(VaultError):
    reason = Reason.STATION_NOT_CERTIFIED


class CertificateExpired(VaultError):
    reason = Reason.CERTIFICATE_EXPIRED


class InvalidSignature(VaultError):
    """Well-formed, but not signed by the trust anchor this station installed."""

    reason = Reason.INVALID_SIGNATURE


class TamperedLicense(VaultError):
    reason = Reason.TAMPERED_LICENSE


class WrongStation(VaultError):
    reason = Reason.WRONG_STATION


class WrongFilm(VaultError):
    reason = Reason.WRONG_FILM


class LicenseNotYetValid(VaultError):
    reason = Reason.LICENSE_NOT_YET_VALID


class LicenseExpired(VaultError):
    reason = Reason.LICENSE_EXPIRED


class MemberNotLicensed(VaultError):
    reason = Reason.MEMBER_NOT_LICENSED


class SessionsUsedUp(VaultError):
    reason = Reason.SESSIONS_USED_UP


class Revoked(VaultError):
    reason = Reason.REVOKED


class ClockRollback(VaultError):
    reason = Reason.CLOCK_ROLLBACK


class SessionNotStarted(VaultError):
    """No signed session ticket of this station for this license and member."""

    reason = Reason.SESSION_NOT_STARTED


class TamperedScreener(VaultError):
    reason = Reason.TAMPERED_SCREENER


class TruncatedScreener(TamperedScreener):
    reason = Reason.TRUNCATED_SCREENER


class TamperedFile(VaultError):
    """A certificate, request, trust anchor, revocation list or key file that is damaged."""

    reason = Reason.TAMPERED_FILE


class StaleRevocations(VaultError):
    reason = Reason.STALE_REVOCATIONS


class WrongPassphrase(VaultError):
    reason = Reason.WRONG_PASSPHRASE


class PassphraseRequired(VaultInputError):
    reason = Reason.PASSPHRASE_REQUIRED


class NotSetUp(VaultError):
    reason = Reason.NOT_SET_UP


class AlreadySetUp(VaultInputError):
    reason = Reason.ALREADY_SET_UP


class UnknownFile(VaultInputError):
    reason = Reason.UNKNOWN_FILE


class Cancelled(VaultError):
    reason = Reason.CANCELLED


def wrong_passphrase(what: str) -> WrongPassphrase:
    return WrongPassphrase(
        _("The passphrase does not open {what}. Type it again (it is case-sensitive).").format(
            what=what
        )
    )
