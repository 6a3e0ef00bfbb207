"""What the review workflow refuses, and why. Every class derives from :class:`ReviewError`
(refused or invalid, exit code 1) or :class:`ReviewBadInput` (bad input, exit code 2)."""

from __future__ import annotations

from screeningroom.errors import BadInput, ScreeningRoomError
from screeningroom_resources.i18n import _


class ReviewError(ScreeningRoomError):
    """The review workflow refused: a form, a report or a signature that does not hold."""


class ReviewBadInput(BadInput, ReviewError):
    """A value the review workflow does not take (a category, a time code, a date)."""


class GroundWithoutEvidence(ReviewError):
    """A refusal ground is ticked without a time-coded note as its evidence."""

    def __init__(self, ground_title: str) -> None:
        super().__init__(
            _('The refusal ground "{ground}" needs at least one time-coded note as its '
              "evidence: add a note at the moment in the film and attach it to the "
              "ground.").format(ground=ground_title)
        )


class UnknownNote(ReviewError):
    def __init__(self, note_id: int) -> None:
        self.note_id = note_id
        super().__init__(
            _("Note {note_id} is not one of this member's notes on this film: attach a "
              "note taken during the member's own session.").format(note_id=note_id)
        )


class FormIncomplete(ReviewError):
    """The form cannot be submitted or exported yet; ``problems`` says what is missing."""

    def __init__(self, problems: tuple[str, ...]) -> None:
        self.problems = problems
        super().__init__(
            _("The review form is not complete: {problems}").format(
                problems=" ".join(problems))
        )


class UnknownAgeCategory(ReviewBadInput):
    def __init__(self, text: str) -> None:
        super().__init__(
            _('"{text}" is not an age category of Art. 8: choose one of under 6, 6+, 12+, '
              "14+, 16+, 18+, 21+.").format(text=text)
        )


class BadTimeCode(ReviewBadInput):
    def __init__(self, text: str) -> None:
        super().__init__(
            _('"{text}" is not a time code: write seconds (754.5) or H:MM:SS '
              "(0:12:34).").format(text=text)
        )


class BadDate(ReviewBadInput):
    def __init__(self, text: str) -> None:
        super().__init__(
            _('"{text}" is not a date: write it as YYYY-MM-DD (2026-03-02).').format(text=text)
        )


class ReviewStoreUnavailable(ReviewError):
    def __init__(self, location: str, reason: str) -> None:
        super().__init__(
            _("The review notes database {location} cannot be used: {reason}").format(
                location=location, reason=reason)
        )


class NoReports(ReviewError):
    def __init__(self, film_id: str) -> None:
        super().__init__(
            _("No member has a review of film {film_id} yet: nothing to summarise.").format(
                film_id=film_id)
        )


class ReportTampered(ReviewError):
    """The report or its signature was changed, or the signature is not the station's."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(
            _("The review report {path} is refused: {reason}").format(path=path, reason=reason)
        )


class ReportMismatch(ReviewError):
    """The signature holds, but the report does not agree with the station's audit log."""

    def __init__(self, path: str, problems: tuple[str, ...]) -> None:
        self.problems = problems
        super().__init__(
            _("The review report {path} does not match the audit log: {problems}").format(
                path=path, problems=" ".join(problems))
        )


class SignatureMissing(ReviewBadInput):
    def __init__(self, path: str, sig: str) -> None:
        super().__init__(
            _("The review report {path} has no signature file beside it (expected "
              "{sig}): keep the .sig file with the PDF.").format(path=path, sig=sig)
        )


class BadSessionId(ReviewBadInput):
    def __init__(self, text: str) -> None:
        super().__init__(
            _("{text} is not a session id: write its 16 hex digits (0-9, a-f), as the "
              "player and `screeningroom sessions` show it.").format(text=text)
        )


class EmptyNote(ReviewBadInput):
    def __init__(self) -> None:
        super().__init__(_("A note needs text: type what you saw, or delete the note."))


class NoteTooLong(ReviewBadInput):
    def __init__(self, limit: int) -> None:
        super().__init__(
            _("A note or conclusion is limited to {limit} characters.").format(limit=limit))


class PastFilmEnd(ReviewBadInput):
    def __init__(self, time_code: str, duration: str) -> None:
        super().__init__(
            _("The time code {time} is past the end of the film ({duration}): a note is "
              "taken at a moment of the film.").format(time=time_code, duration=duration)
        )


class NotMembersSession(ReviewError):
    """A note or a report names a session of another member or another film."""

    def __init__(self, session: str, member_id: str, film_id: str) -> None:
        super().__init__(
            _("Session {session} is not a session of member {member} on film {film}: a "
              "note belongs to the member's own session of that film.").format(
                session=session, member=member_id, film=film_id)
        )


class NoteWithdrawn(ReviewError):
    def __init__(self, note_id: int) -> None:
        self.note_id = note_id
        super().__init__(
            _("Note {note_id} was withdrawn: it can no longer be changed or used as "
              "evidence.").format(note_id=note_id)
        )


class MemberKeyUnavailable(ReviewError):
    def __init__(self, location: str, reason: str) -> None:
        super().__init__(
            _("The members' signing keys in {location} cannot be used: {reason}").format(
                location=location, reason=reason)
        )


class NotWatched(ReviewError):
    """A signed report for a film the member has not watched at this station."""

    def __init__(self, member_id: str, title: str) -> None:
        super().__init__(
            _("Member {member} has no session of {title} at this station: a review report "
              "is signed only for a film the member has watched.").format(
                member=member_id, title=title)
        )


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

    def __init__(self, path: str, station_id: str, sequence: int) -> None:
        super().__init__(
            _("The review report {path} is refused: its station {station} is revoked by the "
              "review office (revocation list {sequence}).").format(
                path=path, station=station_id, sequence=sequence)
        )
