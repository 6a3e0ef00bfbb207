"""The facts a review report signs, both ways: :func:`facts_json` writes them (plain JSON
data, no floats, for the ``.sig`` file) and :func:`parse_facts` reads them back into
frozen values, refusing anything malformed with :class:`MalformedFacts` (which says which
field), never a ``KeyError``. Layout: docs/formats/review-signature.md.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from screeningroom.registry.canonical import iso
from screeningroom.review.errors import ReviewError
from screeningroom.review.ids import session_hex
from screeningroom.review.law import AgeCategory, FormerIndex, RefusalGround
from screeningroom.review.model import (
    Film,
    GroundEvidence,
    KazakhVersion,
    LanguageFindings,
    NoteCategory,
    Obscenities,
    Recommendation,
    ReleaseLanguage,
    ReviewForm,
    SessionSpan,
    Severity,
    format_time_code,
)
from screeningroom_resources.i18n import _

if TYPE_CHECKING:
    from screeningroom.review.report import ReviewReport

E = TypeVar("E", bound=enum.Enum)


class MalformedFacts(ReviewError):
    def __init__(self, where: str) -> None:
        self.where = where
        super().__init__(_("the signed facts are malformed at {where}.").format(where=where))


@dataclass(frozen=True)
class SignedNote:
    note_id: int
    session_id: int
    time_ms: int
    category: NoteCategory
    severity: Severity
    text: str

    @property
    def time_code(self) -> str:
        return format_time_code(self.time_ms)


@dataclass(frozen=True)
class WithdrawnNote:
    note_id: int
    session_id: int
    time_ms: int
    withdrawn_at: datetime


@dataclass(frozen=True)
class ReportFacts:
    """What one member's signed report says."""

    film: Film
    member_id: str
    member_name: str
    station_id: str
    room: str
    created_at: datetime
    language: str
    sessions: tuple[SessionSpan, ...]
    watched_seconds: int
    notes: tuple[SignedNote, ...]
    withdrawn: tuple[WithdrawnNote, ...]
    form: ReviewForm

    def evidence(self, ground: RefusalGround) -> tuple[SignedNote, ...]:
        ids = self.form.evidence_for(ground)
        return tuple(n for n in self.notes if n.note_id in ids)


# --- writing ----------------------------------------------------------------------------

def form_json(form: ReviewForm) -> dict[str, object]:
    """The form as plain JSON data (stored in the database and in report signatures)."""
    lang = form.language
    return {
        "film_id": form.film_id,
        "member_id": form.member_id,
        "age_category": form.age_category.value if form.age_category else None,
        "former_index": form.former_index.value if form.former_index else None,
        "language": {
            "release_languages": [code.value for code in lang.release_languages],
            "kazakh_version": lang.kazakh_version.value,
            "limited_release": lang.limited_release,
            "national_film": lang.national_film,
            "obscenities": lang.obscenities.value,
            "remarks": lang.remarks,
        },
        "grounds": [{"ground": g.ground.value, "note_ids": list(g.note_ids)}
                    for g in form.grounds],
        "recommendation": form.recommendation.value if form.recommendation else None,
        "conclusion": form.conclusion,
    }


def facts_json(report: ReviewReport) -> dict[str, object]:
    """The report's facts as plain data (no floats), as signed in the ``.sig`` file."""
    film = report.film
    return {
        "film": {
            "film_id": film.film_id,
            "title": film.title,
            "register_no": film.register_no,
            "duration_ms": film.duration_ms,
            "declared_age": film.declared_age.value if film.declared_age else None,
            "length": film.length.value,
        },
        "member_id": report.member_id,
        "member_name": report.member_name,
        "station_id": report.station_id,
        "room": report.room,
        "created_at": iso(report.created_at),
        "language": report.language,
        "sessions": [
            {"session_id": s.short_id, "started_at": iso(s.started_at),
             "ended_at": iso(s.ended_at) if s.ended_at else None}
            for s in report.sessions
        ],
        "watched_seconds": report.watched_seconds,
        "notes": [
            {"note_id": n.note_id, "session_id": session_hex(n.session_id),
             "time_ms": n.time_ms, "category": n.category.value,
             "severity": n.severity.value, "text": n.text}
            for n in report.notes
        ],
        "withdrawn_notes": [
            {"note_id": n.note_id, "session_id": session_hex(n.session_id),
             "time_ms": n.time_ms, "withdrawn_at": iso(n.withdrawn_at)}
            for n in report.withdrawn if n.withdrawn_at is not None
        ],
        "form": form_json(report.form),
    }


# --- reading ----------------------------------------------------------------------------

class _Doc:
    """One JSON object, read field by field; any surprise names the field."""

    def __init__(self, data: object, where: str) -> None:
        if not isinstance(data, Mapping):
            raise MalformedFacts(where)
        self.data, self.where = data, where

    def _get(self, key: str, kinds: tuple[type, ...], optional: bool = False) -> Any:
        value = self.data.get(key)
        if value is None and optional:
            return None
        if isinstance(value, bool) and bool not in kinds:
            raise MalformedFacts(f"{self.where}.{key}")
        if not isinstance(value, kinds):
            raise MalformedFacts(f"{self.where}.{key}")
        return value

    def text(self, key: str) -> str:
        return self._get(key, (str,))

    def integer(self, key: str) -> int:
        value = self._get(key, (int,))
        if value < 0:
            raise MalformedFacts(f"{self.where}.{key}")
        return value

    def flag(self, key: str) -> bool:
        return self._get(key, (bool,))

    def choice(self, key: str, kind: type[E], *, optional: bool = False) -> E | None:
        value = self._get(key, (str,), optional)
        if value is None:
            return None
        try:
            return kind(value)
        except ValueError:
            raise MalformedFacts(f"{self.where}.{key}") from None

    def time(self, key: str, *, optional: bool = False) -> datetime | None:
        value = self._get(key, (str,), optional)
        if value is None:
            return None
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise MalformedFacts(f"{self.where}.{key}") from None
        if moment.tzinfo is None:
            raise MalformedFacts(f"{self.where}.{key}")
        return moment

    def session(self, key: str) -> int:
        from screeningroom.review.ids import parse_session_id

        try:
            return parse_session_id(self.text(key))
        except ReviewError:
            raise MalformedFacts(f"{self.where}.{key}") from None

    def doc(self, key: str) -> _Doc:
        return _Doc(self.data.get(key), f"{self.where}.{key}")

    def docs(self, key: str) -> list[_Doc]:
        items = self._get(key, (list,))
        return [_Doc(item, f"{self.where}.{key}[{i}]") for i, item in enumerate(items)]

    def texts(self, key: str) -> list[str]:
        items = self._get(key, (list,))
        if not all(isinstance(item, str) for item in items):
            raise MalformedFacts(f"{self.where}.{key}")
        return items

    def integers(self, key: str) -> tuple[int, ...]:
        items = self._get(key, (list,))
        if not all(isinstance(i, int) and not isinstance(i, bool) for i in items):
            raise MalformedFacts(f"{self.where}.{key}")
        return tuple(items)


def _form(doc: _Doc, version: int) -> ReviewForm:
    lang = doc.doc("language")
    codes, typed = [], []
    for code in lang.texts("release_languages"):
        try:
            codes.append(ReleaseLanguage(code))
        except ValueError:
            if version >= 2:
                raise MalformedFacts(f"{lang.where}.release_languages") from None
            typed.append(code)              # version 1 took free text
    remarks = lang.text("remarks")
    if typed:
        remarks = " ".join(x for x in (remarks, _("Release languages as typed before: "
                                                  "{languages}.").format(
            languages=", ".join(typed))) if x)
    grounds = tuple(
        GroundEvidence(g.choice("ground", RefusalGround), g.integers("note_ids"))
        for g in doc.docs("grounds"))
    return ReviewForm(
        film_id=doc.text("film_id"),
        member_id=doc.text("member_id"),
        age_category=doc.choice("age_category", AgeCategory, optional=True),
        former_index=doc.choice("former_index", FormerIndex, optional=True),
        language=LanguageFindings(
            release_languages=tuple(dict.fromkeys(codes)),
            kazakh_version=lang.choice("kazakh_version", KazakhVersion),
            limited_release=lang.flag("limited_release"),
            national_film=lang.flag("national_film"),
            obscenities=lang.choice("obscenities", Obscenities),
            remarks=remarks,
        ),
        grounds=grounds,
        recommendation=doc.choice("recommendation", Recommendation, optional=True),
        conclusion=doc.text("conclusion"),
    )


def form_from_json(data: object) -> ReviewForm:
    """A form kept by the review store (release languages typed as free text by older
    versions go into the remarks, so nothing is lost)."""
    return _form(_Doc(data, "form"), version=1)


def parse_facts(data: object, version: int) -> ReportFacts:
    """The signed facts as values; :class:`MalformedFacts` names the first bad field."""
    doc = _Doc(data, "facts")
    film = doc.doc("film")
    duration_ms = film.integer("duration_ms")
    form = _form(doc.doc("form"), version)
    if form.age_category is None or form.recommendation is None:
        raise MalformedFacts("facts.form")
    withdrawn = ()
    if version >= 2:
        withdrawn = tuple(
            WithdrawnNote(w.integer("note_id"), w.session("session_id"),
                          w.integer("time_ms"), w.time("withdrawn_at"))  # type: ignore[arg-type]
            for w in doc.docs("withdrawn_notes"))
    return ReportFacts(
        film=Film(film_id=film.text("film_id"), title=film.text("title"),
                  register_no=film.text("register_no"), duration_seconds=duration_ms / 1000,
                  declared_age=film.choice("declared_age", AgeCategory, optional=True)),
        member_id=doc.text("member_id"),
        member_name=doc.text("member_name"),
        station_id=doc.text("station_id"),
        room=doc.text("room"),
        created_at=doc.time("created_at"),  # type: ignore[arg-type]
        language=doc.text("language"),
        sessions=tuple(
            SessionSpan(s.session("session_id"), s.time("started_at"),  # type: ignore[arg-type]
                          s.time("ended_at", optional=True))
            for s in doc.docs("sessions")),
        watched_seconds=doc.integer("watched_seconds"),
        notes=tuple(
            SignedNote(n.integer("note_id"), n.session("session_id"), n.integer("time_ms"),
                       n.choice("category", NoteCategory),  # type: ignore[arg-type]
                       n.choice("severity", Severity),  # type: ignore[arg-type]
                       n.text("text"))
            for n in doc.docs("notes")),
        withdrawn=withdrawn,
        form=form,
    )
