"""What the registry refuses, and why. Every class derives from :class:`RegistryError`
(refused, exit code 1) or :class:`RegistryBadInput` (bad input, exit code 2)."""

from __future__ import annotations

from datetime import datetime

from screeningroom.errors import BadInput, ScreeningRoomError
from screeningroom_resources.i18n import _, ngettext

__all__ = [
    "AccountLocked",
    "BrokenBundle",
    "BundleCertificateRejected",
    "BundleRecordInvalid",
    "BundleRecordMissing",
    "BundleSessionMismatch",
    "BundleSignatureInvalid",
    "BundleUnreadable",
    "ChainBroken",
    "MemberExists",
    "NoCertificate",
    "RegistryBadInput",
    "RegistryError",
    "SessionClosed",
    "SessionIdTaken",
    "SessionNotFailed",
    "StationHistoryIncomplete",
    "StationMismatch",
    "StorageUnavailable",
    "UnknownMember",
    "UnknownSession",
    "UnknownStorage",
    "WrongPassword",
]


class RegistryError(ScreeningRoomError):
    """The registry refused: a login, a session, a log or a bundle that does not hold.

    ``refusal_code`` is the stable code the station shows and logs
    (:mod:`screeningroom.refusals`)."""

    refusal_code = "registry-failed"


class RegistryBadInput(BadInput, RegistryError):
    """A value given to the registry that it does not take (an id, a time, a detail)."""


class UnknownStorage(RegistryBadInput):
    def __init__(self, location: str) -> None:
        super().__init__(
            _("Cannot open the registry at {location}: use a file path, sqlite:///PATH or "
              "postgresql://USER@HOST/DATABASE.").format(location=location)
        )


class StorageUnavailable(RegistryError):
    def __init__(self, location: str, reason: str) -> None:
        super().__init__(
            _("The registry database {location} cannot be used: {reason}").format(
                location=location, reason=reason)
        )


class StationMismatch(RegistryError):
    def __init__(self, expected: str, found: str) -> None:
        super().__init__(
            _("This registry belongs to station {expected}, not to {found}: open the "
              "station's own registry, or move this one aside.").format(
                expected=expected, found=found)
        )


class MemberExists(RegistryError):
    def __init__(self, member_id: str) -> None:
        super().__init__(
            _("A member with id {member_id} is already enrolled: choose another id.").format(
                member_id=member_id)
        )


class UnknownMember(RegistryError):
    def __init__(self, member_id: str) -> None:
        self.member_id = member_id
        super().__init__(
            _("No member with id {member_id} is enrolled at this station.").format(
                member_id=member_id)
        )


class WrongPassword(RegistryError):
    """The member id or the password is wrong (the same words for both, so that trying
    ids tells nobody which are enrolled)."""

    refusal_code = "login-failed"

    def __init__(self, member_id: str, attempts_left: int) -> None:
        self.member_id = member_id
        self.attempts_left = attempts_left
        super().__init__(
            ngettext("The member id {member_id} or its password is not right: {attempts} "
                     "attempt left before the account is locked.",
                     "The member id {member_id} or its password is not right: {attempts} "
                     "attempts left before the account is locked.",
                     attempts_left).format(member_id=member_id, attempts=attempts_left)
        )


class AccountLocked(RegistryError):
    refusal_code = "account-locked"

    def __init__(self, member_id: str, until: datetime) -> None:
        self.member_id = member_id
        self.until = until
        super().__init__(
            _("The account {member_id} is locked after too many wrong passwords until "
              "{until} UTC: try again then, or ask the station administrator.").format(
                member_id=member_id, until=until.strftime("%Y-%m-%d %H:%M:%S"))
        )


class UnknownSession(RegistryError):
    def __init__(self, session_id: int) -> None:
        self.session_id = session_id
        super().__init__(
            _("No session {session_id} is recorded at this station.").format(
                session_id=f"{session_id:016x}")
        )


class SessionClosed(RegistryError):
    def __init__(self, session_id: int) -> None:
        self.session_id = session_id
        super().__init__(
            _("Session {session_id} has already ended: start a new session.").format(
                session_id=f"{session_id:016x}")
        )


class SessionIdTaken(RegistryBadInput):
    def __init__(self, session_id: int) -> None:
        super().__init__(
            _("Session id {session_id} is already in use.").format(
                session_id=f"{session_id:016x}")
        )


class StationHistoryIncomplete(RegistryError):
    """The station's tables or its audit log disagree with what the signed log says, or
    the log is shorter than the station noted: no session starts."""

    refusal_code = "history-incomplete"

    def __init__(self, what: str) -> None:
        self.what = what
        super().__init__(
            _("The station's history is incomplete: ask the review office to re-enroll it. "
              "({what})").format(what=what)
        )


class SessionNotFailed(RegistryBadInput):
    def __init__(self, session_id: int) -> None:
        super().__init__(
            _("Session {session_id} cannot be recorded as failed: only a session that never "
              "showed a frame can, right after it started. End it instead.").format(
                session_id=f"{session_id:016x}")
        )


class ChainBroken(RegistryError):
    """Raised where a broken audit log must stop the work (the CLI's ``audit verify``)."""

    def __init__(self, seq: int | None, reason: str) -> None:
        self.seq = seq
        super().__init__(
            _("The audit log is broken at record {seq}: {reason} Keep the database as it "
              "is and report the station to the review office.").format(
                seq="-" if seq is None else seq, reason=reason)
        )


class BrokenBundle(RegistryError):
    """An audit bundle that must not be trusted. Subclasses say exactly what is wrong."""


class BundleUnreadable(BrokenBundle):
    def __init__(self, path: str, reason: str) -> None:
        super().__init__(
            _("{path} is not a readable audit bundle: {reason}").format(path=path, reason=reason)
        )


class BundleSignatureInvalid(BrokenBundle):
    def __init__(self, path: str) -> None:
        super().__init__(
            _("The station's signature over the bundle {path} does not verify: the file was "
              "changed after export, or was not made by this station.").format(path=path)
        )


class BundleRecordInvalid(BrokenBundle):
    def __init__(self, path: str, seq: int | None, reason: str) -> None:
        self.seq = seq
        super().__init__(
            _("Audit record {seq} in the bundle {path} is not valid: {reason}").format(
                seq="-" if seq is None else seq, path=path, reason=reason)
        )


class BundleRecordMissing(BrokenBundle):
    def __init__(self, path: str, after_seq: int, found_seq: int) -> None:
        self.after_seq = after_seq
        self.found_seq = found_seq
        super().__init__(
            _("Records are missing from the bundle {path}: record {found} follows record "
              "{after}.").format(path=path, found=found_seq, after=after_seq)
        )


class BundleSessionMismatch(BrokenBundle):
    def __init__(self, path: str, session_id: int) -> None:
        super().__init__(
            _("Session {session_id} in the bundle {path} does not match its signed audit "
              "records.").format(session_id=f"{session_id:016x}", path=path)
        )


class BundleCertificateRejected(BrokenBundle):
    def __init__(self, path: str, reason: str) -> None:
        super().__init__(
            _("The station certificate in the bundle {path} is rejected: {reason}").format(
                path=path, reason=reason)
        )


class NoCertificate(RegistryError):
    def __init__(self, station_id: str) -> None:
        super().__init__(
            _("Station {station} has no certificate installed, so the takedown desk could not "
              "trust its bundle: install it with 'screeningroom station install CERT'.").format(
                station=station_id)
        )
