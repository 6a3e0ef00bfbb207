"""The legal frame of a review, as data: Law of the Republic of Kazakhstan "On
cinematography" No. 212-VI of 3 January 2019.

- Art. 8: the seven age categories (the vault's :class:`AgeCategory`, reused here), a
  summary of each category's criteria, and the consequences for broadcast and cinema.
- The repealed film-index scheme (K, BA, B14, E16, E18, NA) with the category each is
  shown beside, as a reference only (see docs/review.md for how certain each row is).
- Art. 7 p.6: the grounds for refusing a distribution certificate.
- Art. 9: the language requirements; Art. 10: a full-length film runs at least 52 minutes.

Texts are English in the code, marked with ``N_()`` and translated where shown. They
summarise the law; the law's text on adilet.zan.kz is what binds.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from screeningroom.review.errors import UnknownAgeCategory
from screeningroom.vault.model import AgeCategory
from screeningroom_resources.i18n import N_, _

__all__ = [
    "AGE_CATEGORIES",
    "FULL_LENGTH_MINUTES",
    "AgeCategory",
    "FilmLength",
    "FormerIndex",
    "RefusalGround",
    "age_criteria",
    "age_restrictions",
    "film_length",
    "parse_age",
]

#: Exactly the seven categories of Art. 8, from the youngest audience to the oldest.
AGE_CATEGORIES: tuple[AgeCategory, ...] = tuple(AgeCategory)

_CRITERIA: dict[AgeCategory, str] = {
    AgeCategory.UNDER_6: N_(
        "For children under six. Only brief depictions of conflict justified by the genre "
        "or plot, without naturalistic physical or psychological violence; good prevails "
        "over evil, the victim is pitied and violence is condemned."),
    AgeCategory.AGE_6: N_(
        "For children from six. As \"under 6\"; no depictions of accidents, disasters or "
        "death and their consequences that cause fear, panic or horror in children, and "
        "nothing that degrades human dignity."),
    AgeCategory.AGE_12: N_(
        "For children from twelve. May show accidents, disasters and non-violent death "
        "without their consequences, in a way that does not cause fear, panic or horror."),
    AgeCategory.AGE_14: N_(
        "For viewers from fourteen. Adds episodic, non-naturalistic depictions of "
        "violence and references to alcohol, tobacco or drugs that do not promote them."),
    AgeCategory.AGE_16: N_(
        "For viewers from sixteen. Adds depictions of violence and of sexual relations "
        "without naturalistic detail, and occasional coarse words."),
    AgeCategory.AGE_18: N_(
        "For viewers from eighteen. Adds naturalistic depictions of violence and "
        "sexual relations (not pornography), drug use, and coarse language."),
    AgeCategory.AGE_21: N_(
        "For viewers from twenty-one. Films with explicit scenes of sexual relations, "
        "cruelty or drug use that are not pornography and not the cult of cruelty and "
        "violence; shown with the sign \"21+\" in a diamond."),
}

_RESTRICTIONS: dict[AgeCategory, tuple[str, ...]] = {
    AgeCategory.AGE_18: (
        N_("On television only between 22:00 and 06:00."),),
    AgeCategory.AGE_21: (
        N_("On television only between 00:00 and 06:00."),
        N_("In cinemas only between 22:00 and 06:00."),
        N_("The sign is \"21+\" in a diamond."),
    ),
}


def age_criteria(category: AgeCategory) -> str:
    """A summary of Art. 8's criteria for ``category``, in the current language."""
    return _(_CRITERIA[category])


def age_restrictions(category: AgeCategory) -> tuple[str, ...]:
    """What the category means for broadcast and cinema (empty when nothing is limited)."""
    return tuple(_(text) for text in _RESTRICTIONS.get(category, ()))


def parse_age(text: str) -> AgeCategory:
    """One of the seven categories from its label ("16+", "under 6") or name; anything
    else is refused with :class:`UnknownAgeCategory`."""
    try:
        return AgeCategory.parse(text)
    except ValueError:
        raise UnknownAgeCategory(text) from None


class FormerIndex(enum.Enum):
    """The repealed film-index scheme (Order No. 7 of the Minister of Culture and
    Information of 12 March 2012, under the Law "On culture"), replaced by Art. 8 in 2019.
    The value is the index as printed (Latin transliteration of К, БА, Б14, Э16, Э18, НА).
    """

    K = "K"
    BA = "BA"
    B14 = "B14"
    E16 = "E16"
    E18 = "E18"
    NA = "NA"

    @property
    def audience(self) -> str:
        return _(_FORMER_AUDIENCE[self])

    @property
    def nearest_category(self) -> AgeCategory:
        """The Art. 8 category shown beside the old index, for reference only."""
        return _FORMER_NEAREST[self][0]

    @property
    def mapping_certain(self) -> bool:
        """False where the old index does not line up with one new category."""
        return _FORMER_NEAREST[self][1]


_FORMER_AUDIENCE: dict[FormerIndex, str] = {
    FormerIndex.K: N_("viewers of all ages"),
    FormerIndex.BA: N_("children under 12 with their parents"),
    FormerIndex.B14: N_("viewers from 14"),
    FormerIndex.E16: N_("viewers from 16"),
    FormerIndex.E18: N_("viewers from 18"),
    FormerIndex.NA: N_("adults only, not for children and adolescents"),
}

# index -> (nearest Art. 8 category, whether the correspondence is exact)
_FORMER_NEAREST: dict[FormerIndex, tuple[AgeCategory, bool]] = {
    FormerIndex.K: (AgeCategory.UNDER_6, False),
    FormerIndex.BA: (AgeCategory.AGE_12, False),
    FormerIndex.B14: (AgeCategory.AGE_14, True),
    FormerIndex.E16: (AgeCategory.AGE_16, True),
    FormerIndex.E18: (AgeCategory.AGE_18, True),
    FormerIndex.NA: (AgeCategory.AGE_21, False),
}


class RefusalGround(enum.Enum):
    """The grounds of Art. 7 p.6 for refusing a distribution certificate."""

    UNRELIABLE_INFORMATION = "unreliable_information"
    MISSING_DOCUMENTS = "missing_documents"
    LANGUAGE_REQUIREMENTS = "language_requirements"
    CONSTITUTIONAL_ORDER = "constitutional_order"
    TERRITORIAL_INTEGRITY = "territorial_integrity"
    STATE_SECURITY = "state_security"
    STRIFE = "strife"
    CRUELTY_AND_VIOLENCE = "cruelty_and_violence"
    PORNOGRAPHY = "pornography"

    @property
    def title(self) -> str:
        return _(_GROUND_TITLES[self])


_GROUND_TITLES: dict[RefusalGround, str] = {
    RefusalGround.UNRELIABLE_INFORMATION: N_("unreliable or corrupted information"),
    RefusalGround.MISSING_DOCUMENTS: N_("documents missing"),
    RefusalGround.LANGUAGE_REQUIREMENTS: N_(
        "the language requirements of Art. 9 (p.3 and p.5) not met"),
    RefusalGround.CONSTITUTIONAL_ORDER: N_(
        "promotes the violent change of the constitutional order"),
    RefusalGround.TERRITORIAL_INTEGRITY: N_(
        "promotes the violation of the integrity of the Republic of Kazakhstan"),
    RefusalGround.STATE_SECURITY: N_("promotes undermining the security of the state"),
    RefusalGround.STRIFE: N_(
        "incites social, racial, national, religious, class or tribal strife"),
    RefusalGround.CRUELTY_AND_VIOLENCE: N_("promotes the cult of cruelty and violence"),
    RefusalGround.PORNOGRAPHY: N_("pornography"),
}

#: Art. 10: a full-length film runs at least this many minutes.
FULL_LENGTH_MINUTES = 52


class FilmLength(enum.Enum):
    FULL_LENGTH = "full_length"
    SHORT = "short"

    @property
    def title(self) -> str:
        return _(N_("full-length film") if self is FilmLength.FULL_LENGTH else N_("short film"))


def film_length(duration_seconds: float) -> FilmLength:
    """Art. 10: full-length at 52 minutes or more, else short."""
    if duration_seconds >= FULL_LENGTH_MINUTES * 60:
        return FilmLength.FULL_LENGTH
    return FilmLength.SHORT


@dataclass(frozen=True)
class AgeReference:
    """What the form shows about one category: its label, criteria and restrictions."""

    category: AgeCategory
    criteria: str
    restrictions: tuple[str, ...]


def age_reference(category: AgeCategory) -> AgeReference:
    return AgeReference(category, age_criteria(category), age_restrictions(category))
