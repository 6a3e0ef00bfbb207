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
