"""What the registry refuses, and why. Every class derives from :class:`RegistryError`
(refused, exit code 1) or :class:`RegistryBadInput` (bad input, exit code 2)."""

from __future__ import annotations

from collections.abc import Mapping

from screeningroom.errors import BadInput, ScreeningRoomError
from screeningroom_resources.i18n import N_, ngettext

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

    def shown(self) -> Mapping[str, object]:
        """A session id is shown as its 16 hex digits, a record number not known as "-"."""
        values = dict(super().shown())
        if "session_id" in values:
            values["session_id"] = f"{values['session_id']:016x}"
        if "seq" in values and values["seq"] is None:
            values["seq"] = "-"
        return values


class RegistryBadInput(BadInput, RegistryError):
    """A value given to the registry that it does not take (an id, a time, a detail)."""


class UnknownStorage(RegistryBadInput):
    template = N_("Cannot open the registry at {location}: use a file path, sqlite:///PATH or "
                  "postgresql://USER@HOST/DATABASE.")
    fields = ("location",)


class StorageUnavailable(RegistryError):
    template = N_("The registry database {location} cannot be used: {reason}")
    fields = ("location", "reason")


class StationMismatch(RegistryError):
    template = N_("This registry belongs to station {expected}, not to {found}: open the "
                  "station's own registry, or move this one aside.")
    fields = ("expected", "found")


class MemberExists(RegistryError):
    template = N_("A member with id {member_id} is already enrolled: choose another id.")
    fields = ("member_id",)


class UnknownMember(RegistryError):
    template = N_("No member with id {member_id} is enrolled at this station.")
    fields = ("member_id",)


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

    template = N_("The account {member_id} is locked after too many wrong passwords until "
                  "{until} UTC: try again then, or ask the station administrator.")
    fields = ("member_id", "until")

    def shown(self) -> Mapping[str, object]:
        return {**super().shown(), "until": self.until.strftime("%Y-%m-%d %H:%M:%S")}


class UnknownSession(RegistryError):
    template = N_("No session {session_id} is recorded at this station.")
    fields = ("session_id",)


class SessionClosed(RegistryError):
    template = N_("Session {session_id} has already ended: start a new session.")
    fields = ("session_id",)


class SessionIdTaken(RegistryBadInput):
    template = N_("Session id {session_id} is already in use.")
    fields = ("session_id",)


class StationHistoryIncomplete(RegistryError):
    """The station's tables or its audit log disagree with what the signed log says, or
    the log is shorter than the station noted: no session starts."""

    refusal_code = "history-incomplete"

    template = N_("The station's history is incomplete: ask the review office to re-enroll it. "
                  "({what})")
    fields = ("what",)


class SessionNotFailed(RegistryBadInput):
    template = N_("Session {session_id} cannot be recorded as failed: only a session that never "
                  "showed a frame can, right after it started. End it instead.")
    fields = ("session_id",)


class ChainBroken(RegistryError):
    """Raised where a broken audit log must stop the work (the CLI's ``audit verify``)."""

    template = N_("The audit log is broken at record {seq}: {reason} Keep the database as it "
                  "is and report the station to the review office.")
    fields = ("seq", "reason")


class BrokenBundle(RegistryError):
    """An audit bundle that must not be trusted. Subclasses say exactly what is wrong."""


class BundleUnreadable(BrokenBundle):
    template = N_("{path} is not a readable audit bundle: {reason}")
    fields = ("path", "reason")


class BundleSignatureInvalid(BrokenBundle):
    template = N_("The station's signature over the bundle {path} does not verify: the file was "
                  "changed after export, or was not made by this station.")
    fields = ("path",)


class BundleRecordInvalid(BrokenBundle):
    template = N_("Audit record {seq} in the bundle {path} is not valid: {reason}")
    fields = ("path", "seq", "reason")


class BundleRecordMissing(BrokenBundle):
    template = N_("Records are missing from the bundle {path}: record {found} follows record "
                  "{after}.")
    fields = ("path", "after_seq", "found_seq")

    def shown(self) -> Mapping[str, object]:
        return {**super().shown(), "found": self.found_seq, "after": self.after_seq}


class BundleSessionMismatch(BrokenBundle):
    template = N_("Session {session_id} in the bundle {path} does not match its signed audit "
                  "records.")
    fields = ("path", "session_id")


class BundleCertificateRejected(BrokenBundle):
    template = N_("The station certificate in the bundle {path} is rejected: {reason}")
    fields = ("path", "reason")


class NoCertificate(RegistryError):
    template = N_("Station {station} has no certificate installed, so the takedown desk could not "
                  "trust its bundle: install it with 'screeningroom station install CERT'.")
    fields = ("station",)
