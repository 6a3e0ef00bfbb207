"""When a review form may be submitted: the rules, outside any window.

:func:`check_form` raises the first hard refusal (a ground without evidence, a note that
is not the member's) and :class:`FormIncomplete` listing everything still missing.
The UI calls the same function before it exports, so the rules live in one place.
"""

from __future__ import annotations

from collections.abc import Iterable

from screeningroom.review.errors import FormIncomplete, GroundWithoutEvidence, UnknownNote
from screeningroom.review.model import Note, Recommendation, ReviewForm
from screeningroom_resources.i18n import _


def check_evidence(form: ReviewForm, notes: Iterable[Note]) -> None:
    """Every ticked ground has at least one note, each the member's own on this film."""
    own = {n.note_id for n in notes if n.member_id == form.member_id
           and n.film_id == form.film_id}
    for item in form.grounds:
        if not item.note_ids:
            raise GroundWithoutEvidence(item.ground.title)
        for note_id in item.note_ids:
            if note_id not in own:
                raise UnknownNote(note_id)


def problems(form: ReviewForm) -> tuple[str, ...]:
    """What is missing or inconsistent (translated sentences); empty when complete."""
    found: list[str] = []
    if form.age_category is None:
        found.append(_("Choose an age category."))
    if form.recommendation is None:
        found.append(_("Choose a recommendation."))
    if form.recommendation is Recommendation.REFUSE and not form.grounds:
        found.append(_("A refusal needs at least one ground of Art. 7 p.6."))
    if form.recommendation is Recommendation.ISSUE and form.grounds:
        found.append(_("Grounds for refusal are ticked, but the recommendation is to issue "
                       "the certificate: untick them or change the recommendation."))
    return tuple(found)


def check_form(form: ReviewForm, notes: Iterable[Note]) -> None:
    """Refuse a form that cannot be submitted; return quietly when it can."""
    check_evidence(form, list(notes))
    missing = problems(form)
    if missing:
        raise FormIncomplete(missing)
