"""The values of a review: notes, the form, language findings, the film reviewed.

All frozen; choices are Enums whose value is what is stored. A note's time code is kept
in whole milliseconds of film time (``time_ms``); :func:`format_time_code` and
:func:`parse_time_code` turn it into ``H:MM:SS`` and back.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field, replace
from datetime import datetime

from screeningroom.review.errors import BadTimeCode, ReviewBadInput
from screeningroom.review.ids import session_hex
from screeningroom.review.law import AgeCategory, FilmLength, FormerIndex, RefusalGround
from screeningroom.review.law import film_length as _film_length
from screeningroom_resources.i18n import N_, _


class NoteCategory(enum.Enum):
    """What a note is about."""

    VIOLENCE = "violence"
    SEXUAL_CONTENT = "sexual_content"
    DRUGS_ALCOHOL = "drugs_alcohol"
    SUICIDE = "suicide"
    COARSE_LANGUAGE = "coarse_language"
    DISCRIMINATION = "discrimination"
    LANGUAGE = "language"
    TECHNICAL = "technical"
    OTHER = "other"

    @property
    def title(self) -> str:
        return _(_NOTE_CATEGORY_TITLES[self])


_NOTE_CATEGORY_TITLES = {
    NoteCategory.VIOLENCE: N_("violence"),
    NoteCategory.SEXUAL_CONTENT: N_("sexual content"),
    NoteCategory.DRUGS_ALCOHOL: N_("drugs or alcohol"),
    NoteCategory.SUICIDE: N_("suicide"),
    NoteCategory.COARSE_LANGUAGE: N_("coarse language"),
    NoteCategory.DISCRIMINATION: N_("discrimination or strife"),
    NoteCategory.LANGUAGE: N_("language or subtitles problem"),
    NoteCategory.TECHNICAL: N_("technical problem"),
    NoteCategory.OTHER: N_("other"),
}


class Severity(enum.Enum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def title(self) -> str:
        return _(_SEVERITY_TITLES[self])


_SEVERITY_TITLES = {
    Severity.LOW: N_("low"),
    Severity.MEDIUM: N_("medium"),
    Severity.HIGH: N_("high"),
}


class Recommendation(enum.Enum):
    ISSUE = "issue"
    REFUSE = "refuse"
    RETURN = "return"

    @property
    def title(self) -> str:
        return _(_RECOMMENDATION_TITLES[self])


_RECOMMENDATION_TITLES = {
    Recommendation.ISSUE: N_("issue the distribution certificate"),
    Recommendation.REFUSE: N_("refuse the distribution certificate"),
    Recommendation.RETURN: N_("return for corrections"),
}


class KazakhVersion(enum.Enum):
    """How the film reaches a Kazakh-speaking audience (Art. 9)."""

    ORIGINAL = "original"          # produced in Kazakh
    DUBBED = "dubbed"
    SUBTITLED = "subtitled"
    VOICE_OVER = "voice_over"
    NONE = "none"

    @property
    def title(self) -> str:
        return _(_KAZAKH_VERSION_TITLES[self])


_KAZAKH_VERSION_TITLES = {
    KazakhVersion.ORIGINAL: N_("in Kazakh in the original"),
    KazakhVersion.DUBBED: N_("dubbed into Kazakh"),
    KazakhVersion.SUBTITLED: N_("subtitled in Kazakh"),
    KazakhVersion.VOICE_OVER: N_("voiced over in Kazakh"),
    KazakhVersion.NONE: N_("no Kazakh version"),
}


class Obscenities(enum.Enum):
    """Whether obscene words are removed by a sound signal (Art. 9)."""

    NONE_PRESENT = "none_present"
    BLEEPED = "bleeped"
    NOT_BLEEPED = "not_bleeped"

    @property
    def title(self) -> str:
        return _(_OBSCENITIES_TITLES[self])


_OBSCENITIES_TITLES = {
    Obscenities.NONE_PRESENT: N_("no obscene words"),
    Obscenities.BLEEPED: N_("obscene words removed by a sound signal"),
    Obscenities.NOT_BLEEPED: N_("obscene words not removed"),
}


class ReleaseLanguage(enum.Enum):
    """A language the film is released in (chosen from this list, never typed). The
    value is the ISO 639-1 code; ``other`` stands for any language not listed (name it
    in the remarks)."""

    KAZAKH = "kk"
    RUSSIAN = "ru"
    ENGLISH = "en"
    UZBEK = "uz"
    KYRGYZ = "ky"
    UYGHUR = "ug"
    TURKISH = "tr"
    CHINESE = "zh"
    KOREAN = "ko"
    JAPANESE = "ja"
    HINDI = "hi"
    FRENCH = "fr"
    GERMAN = "de"
    SPANISH = "es"
    ITALIAN = "it"
    ARABIC = "ar"
    OTHER = "other"

    @property
    def title(self) -> str:
        return _(_RELEASE_LANGUAGE_TITLES[self])


_RELEASE_LANGUAGE_TITLES = {
    ReleaseLanguage.KAZAKH: N_("Kazakh"),
    ReleaseLanguage.RUSSIAN: N_("Russian"),
    ReleaseLanguage.ENGLISH: N_("English"),
    ReleaseLanguage.UZBEK: N_("Uzbek"),
    ReleaseLanguage.KYRGYZ: N_("Kyrgyz"),
    ReleaseLanguage.UYGHUR: N_("Uyghur"),
    ReleaseLanguage.TURKISH: N_("Turkish"),
    ReleaseLanguage.CHINESE: N_("Chinese"),
    ReleaseLanguage.KOREAN: N_("Korean"),
    ReleaseLanguage.JAPANESE: N_("Japanese"),
    ReleaseLanguage.HINDI: N_("Hindi"),
    ReleaseLanguage.FRENCH: N_("French"),
    ReleaseLanguage.GERMAN: N_("German"),
    ReleaseLanguage.SPANISH: N_("Spanish"),
    ReleaseLanguage.ITALIAN: N_("Italian"),
    ReleaseLanguage.ARABIC: N_("Arabic"),
    ReleaseLanguage.OTHER: N_("another language (name it in the remarks)"),
}


@dataclass(frozen=True)
class LanguageFindings:
    """What the member found about the release languages (Art. 9)."""

    release_languages: tuple[ReleaseLanguage, ...] = ()
    kazakh_version: KazakhVersion = KazakhVersion.NONE
    limited_release: bool = False
    national_film: bool = False
    obscenities: Obscenities = Obscenities.NONE_PRESENT
    remarks: str = ""

    def problems(self) -> tuple[str, ...]:
        """The Art. 9 requirements these findings do not meet (translated)."""
        found: list[str] = []
        if self.national_film and self.kazakh_version is not KazakhVersion.ORIGINAL and (
            ReleaseLanguage.KAZAKH not in self.release_languages
        ):
            found.append(_("A national film is released in Kazakh; no Kazakh-language "
                           "release is listed."))
        if (not self.national_film and not self.limited_release
                and self.kazakh_version is KazakhVersion.NONE
                and ReleaseLanguage.KAZAKH not in self.release_languages):
            found.append(_("A cinema release in another language must be dubbed, subtitled "
                           "or voiced over into Kazakh (limited release excepted)."))
        if self.obscenities is Obscenities.NOT_BLEEPED:
            found.append(_("Obscene words must be removed by a sound signal."))
        return tuple(found)


@dataclass(frozen=True)
class Film:
    """The film under review, as the screener's manifest describes it."""

    film_id: str
    title: str
    register_no: str
    duration_seconds: float
    declared_age: AgeCategory | None = None
    rights_holder: str = ""

    @property
    def length(self) -> FilmLength:
        return _film_length(self.duration_seconds)

    @property
    def duration_ms(self) -> int:
        return round(self.duration_seconds * 1000)

    @classmethod
    def from_manifest(cls, manifest: object) -> Film:
        """From the vault's ``Manifest`` (duck-typed, so the UI can hand in its own)."""
        return cls(
            film_id=manifest.film_id,  # type: ignore[attr-defined]
            title=manifest.title,  # type: ignore[attr-defined]
            register_no=manifest.register_no,  # type: ignore[attr-defined]
            duration_seconds=float(manifest.duration_seconds),  # type: ignore[attr-defined]
            declared_age=getattr(manifest, "declared_age", None),
            rights_holder=getattr(manifest, "rights_holder", ""),
        )


@dataclass(frozen=True)
class Note:
    """One time-coded note of one member, taken during one of the member's sessions."""

    note_id: int
    session_id: int
    member_id: str
    film_id: str
    time_ms: int
    category: NoteCategory
    severity: Severity
    text: str
    created_at: datetime
    updated_at: datetime
    withdrawn_at: datetime | None = None     # set once the member withdrew the note

    @property
    def seconds(self) -> float:
        return self.time_ms / 1000.0

    @property
    def time_code(self) -> str:
        return format_time_code(self.time_ms)

    @property
    def session_short(self) -> str:
        return session_hex(self.session_id)


@dataclass(frozen=True)
class SessionSpan:
    """One of the member's sessions as a report names it."""

    session_id: int
    started_at: datetime
    ended_at: datetime | None

    @property
    def short_id(self) -> str:
        return session_hex(self.session_id)

    def seconds(self, until: datetime) -> int:
        end = self.ended_at or until
        return max(0, int((end - self.started_at).total_seconds()))


@dataclass(frozen=True)
class GroundEvidence:
    """A ticked refusal ground and the notes (by id) that are its evidence."""

    ground: RefusalGround
    note_ids: tuple[int, ...]


@dataclass(frozen=True)
class ReviewForm:
    """One member's review of one film. A draft may be incomplete; the rules in
    :mod:`screeningroom.review.rules` decide when it can be submitted."""

    film_id: str
    member_id: str
    age_category: AgeCategory | None = None
    former_index: FormerIndex | None = None
    language: LanguageFindings = field(default_factory=LanguageFindings)
    grounds: tuple[GroundEvidence, ...] = ()
    recommendation: Recommendation | None = None
    conclusion: str = ""

    def evidence_for(self, ground: RefusalGround) -> tuple[int, ...]:
        for item in self.grounds:
            if item.ground is ground:
                return item.note_ids
        return ()

    def with_ground(self, ground: RefusalGround, note_ids: tuple[int, ...]) -> ReviewForm:
        """The form with ``ground`` ticked and ``note_ids`` as its evidence (replacing any
        earlier evidence); the order of grounds follows the law's order."""
        kept = {g.ground: g for g in self.grounds if g.ground is not ground}
        kept[ground] = GroundEvidence(ground, tuple(dict.fromkeys(note_ids)))
        ordered = tuple(kept[g] for g in RefusalGround if g in kept)
        return replace(self, grounds=ordered)

    def without_ground(self, ground: RefusalGround) -> ReviewForm:
        return replace(self, grounds=tuple(g for g in self.grounds if g.ground is not ground))


_HMS = re.compile(r"^(?:(\d+):)?([0-5]?\d):([0-5]\d(?:\.\d{1,3})?)$")


def format_time_code(time_ms: int) -> str:
    """``H:MM:SS`` of film time (whole seconds, rounded down)."""
    seconds = max(0, int(time_ms)) // 1000
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def parse_time_code(text: str) -> int:
    """Milliseconds from ``H:MM:SS[.mmm]``, ``MM:SS`` or plain seconds ("754.5")."""
    cleaned = text.strip()
    match = _HMS.match(cleaned)
    try:
        if match:
            hours = int(match.group(1) or 0)
            total = hours * 3600 + int(match.group(2)) * 60 + float(match.group(3))
        else:
            total = float(cleaned)
    except ValueError:
        raise BadTimeCode(text) from None
    if not total >= 0 or total > 100 * 3600:
        raise BadTimeCode(text)
    return round(total * 1000)


def check_time_ms(time_ms: int) -> int:
    if not isinstance(time_ms, int) or isinstance(time_ms, bool) or time_ms < 0:
        raise ReviewBadInput(_("A time code must be a whole, non-negative number of "
                               "milliseconds."))
    return time_ms
