"""When a review form may be submitted: the rules, outside any window.

:func:`check_form` raises the first hard refusal (a ground without evidence, a note that
is not the member's) and :class:`FormIncomplete` listing everything still missing or
inconsistent. The UI calls the same function before it exports, so the rules live in one
place.
"""

from __future__ import annotations

from collections.abc import Iterable

from screeningroom.review.errors import (
    FormIncomplete,
    GroundWithoutEvidence,
    NoteWithdrawn,
    UnknownNote,
)
from screeningroom.review.law import RefusalGround
from screeningroom.review.model import Film, Note, Recommendation, ReviewForm, format_time_code
from screeningroom_resources.i18n import _


def check_evidence(form: ReviewForm, notes: Iterable[Note],
                   withdrawn: Iterable[Note] = ()) -> None:
    """Every ticked ground has at least one note, each the member's own standing note on
    this film (a withdrawn one is refused as such)."""
    own = {n.note_id for n in notes if n.member_id == form.member_id
           and n.film_id == form.film_id}
    gone = {n.note_id for n in withdrawn}
    for item in form.grounds:
        if not item.note_ids:
            raise GroundWithoutEvidence(item.ground.title)
        for note_id in item.note_ids:
            if note_id in gone:
                raise NoteWithdrawn(note_id)
            if note_id not in own:
                raise UnknownNote(note_id)


def problems(form: ReviewForm, notes: Iterable[Note] = (), film: Film | None = None
             ) -> tuple[str, ...]:
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
    language_ground = any(g.ground is RefusalGround.LANGUAGE_REQUIREMENTS
                          for g in form.grounds)
    if language_ground and not form.language.problems():
        found.append(_("The ground \"language requirements\" is ticked, but the language "
                       "findings show no unmet requirement of Art. 9: correct the findings "
                       "or untick the ground."))
    if not form.language.release_languages:
        found.append(_("Tick the languages the film is released in."))
    for note in notes:
        if not note.text.strip():
            found.append(_("The note at {time} has no text: type it or delete the "
                           "note.").format(time=note.time_code))
        if film is not None and note.time_ms > film.duration_ms:
            found.append(_("The note at {time} is past the end of the film ({duration}): "
                           "delete it.").format(time=note.time_code,
                                                duration=format_time_code(film.duration_ms)))
    return tuple(found)


def check_form(form: ReviewForm, notes: Iterable[Note], film: Film | None = None, *,
               withdrawn: Iterable[Note] = ()) -> None:
    """Refuse a form that cannot be submitted; return quietly when it can."""
    notes = list(notes)
    check_evidence(form, notes, withdrawn)
    missing = problems(form, notes, film)
    if missing:
        raise FormIncomplete(missing)
