"""What the review workflow refuses, and why. Every class derives from :class:`ReviewError`
(refused or invalid, exit code 1) or :class:`ReviewBadInput` (bad input, exit code 2)."""

from __future__ import annotations

from collections.abc import Mapping

from screeningroom.errors import BadInput, ScreeningRoomError
from screeningroom_resources.i18n import N_, _


class ReviewError(ScreeningRoomError):
    """The review workflow refused: a form, a report or a signature that does not hold."""

    def shown(self) -> Mapping[str, object]:
        """The problems found are shown one after another."""
        values = dict(super().shown())
        if "problems" in values:
            values["problems"] = " ".join(values["problems"])  # type: ignore[arg-type]
        return values


class ReviewBadInput(BadInput, ReviewError):
    """A value the review workflow does not take (a category, a time code, a date)."""


class GroundWithoutEvidence(ReviewError):
    """A refusal ground is ticked without a time-coded note as its evidence."""

    template = N_('The refusal ground "{ground}" needs at least one time-coded note as its '
                  "evidence: add a note at the moment in the film and attach it to the "
                  "ground.")
    fields = ("ground",)


class UnknownNote(ReviewError):
    template = N_("Note {note_id} is not one of this member's notes on this film: attach a "
                  "note taken during the member's own session.")
    fields = ("note_id",)


class FormIncomplete(ReviewError):
    """The form cannot be submitted or exported yet; ``problems`` says what is missing."""

    template = N_("The review form is not complete: {problems}")
    fields = ("problems",)


class UnknownAgeCategory(ReviewBadInput):
    template = N_('"{text}" is not an age category of Art. 8: choose one of under 6, 6+, 12+, '
                  "14+, 16+, 18+, 21+.")
    fields = ("text",)


class BadTimeCode(ReviewBadInput):
    template = N_('"{text}" is not a time code: write seconds (754.5) or H:MM:SS '
                  "(0:12:34).")
    fields = ("text",)


class BadDate(ReviewBadInput):
    template = N_('"{text}" is not a date: write it as YYYY-MM-DD (2026-03-02).')
    fields = ("text",)


class ReviewStoreUnavailable(ReviewError):
    template = N_("The review notes database {location} cannot be used: {reason}")
    fields = ("location", "reason")


class NoReports(ReviewError):
    template = N_("No member has a review of film {film_id} yet: nothing to summarise.")
    fields = ("film_id",)


class ReportTampered(ReviewError):
    """The report or its signature was changed, or the signature is not the station's."""

    template = N_("The review report {path} is refused: {reason}")
    fields = ("path", "reason")


class ReportMismatch(ReviewError):
    """The signature holds, but the report does not agree with the station's audit log."""

    template = N_("The review report {path} does not match the audit log: {problems}")
    fields = ("path", "problems")


class SignatureMissing(ReviewBadInput):
    template = N_("The review report {path} has no signature file beside it (expected "
                  "{sig}): keep the .sig file with the PDF.")
    fields = ("path", "sig")


class BadSessionId(ReviewBadInput):
    template = N_("{text} is not a session id: write its 16 hex digits (0-9, a-f), as the "
                  "player and `screeningroom sessions` show it.")
    fields = ("text",)


class EmptyNote(ReviewBadInput):
    def __init__(self) -> None:
        super().__init__(_("A note needs text: type what you saw, or delete the note."))


class NoteTooLong(ReviewBadInput):
    template = N_("A note or conclusion is limited to {limit} characters.")
    fields = ("limit",)


class PastFilmEnd(ReviewBadInput):
    template = N_("The time code {time} is past the end of the film ({duration}): a note is "
                  "taken at a moment of the film.")
    fields = ("time", "duration")


class NotMembersSession(ReviewError):
    """A note or a report names a session of another member or another film."""

    template = N_("Session {session} is not a session of member {member} on film {film}: a "
                  "note belongs to the member's own session of that film.")
    fields = ("session", "member", "film")


class NoteWithdrawn(ReviewError):
    template = N_("Note {note_id} was withdrawn: it can no longer be changed or used as "
                  "evidence.")
    fields = ("note_id",)


class MemberKeyUnavailable(ReviewError):
    template = N_("The members' signing keys in {location} cannot be used: {reason}")
    fields = ("location", "reason")


class NotWatched(ReviewError):
    """A signed report for a film the member has not watched at this station."""

    template = N_("Member {member} has no session of {title} at this station: a review report "
                  "is signed only for a film the member has watched.")
    fields = ("member", "title")


class SummaryRefused(ReviewError):
    """Reports a commission summary cannot count; ``refused`` is (file, reason) pairs."""

    def __init__(self, refused: tuple[tuple[str, str], ...]) -> None:
        self.refused = refused
        lines = "\n".join(f"  {where}: {why}" for where, why in refused)
        super().__init__(
            _("The commission summary is not made; these reports are refused:\n{lines}")
            .format(lines=lines))


class StationRevoked(ReviewError):
    """The report's station is on the review office's revocation list."""

    template = N_("The review report {path} is refused: its station {station} is revoked by the "
                  "review office (revocation list {sequence}).")
    fields = ("path", "station", "sequence")
