"""The form's rules, the legal data, notes in the store."""

from __future__ import annotations

import pytest

from screeningroom.review.errors import (
    BadTimeCode,
    FormIncomplete,
    GroundWithoutEvidence,
    NoteWithdrawn,
    UnknownAgeCategory,
    UnknownNote,
)
from screeningroom.review.law import (
    AGE_CATEGORIES,
    FilmLength,
    FormerIndex,
    RefusalGround,
    age_restrictions,
    film_length,
    parse_age,
)
from screeningroom.review.model import (
    KazakhVersion,
    LanguageFindings,
    NoteCategory,
    Obscenities,
    Recommendation,
    ReleaseLanguage,
    ReviewForm,
    Severity,
    format_time_code,
    parse_time_code,
)
from screeningroom.review.rules import check_form
from screeningroom.vault.model import AgeCategory


def test_the_category_list_is_exactly_the_seven_of_art_8() -> None:
    assert [c.value for c in AGE_CATEGORIES] == [
        "under 6", "6+", "12+", "14+", "16+", "18+", "21+"]
    assert tuple(AgeCategory) == AGE_CATEGORIES  # the vault's Enum, not a second one


@pytest.mark.parametrize("text", ["0+", "PG-13", "16", "", "21++"])
def test_anything_else_is_refused_as_a_category(text: str) -> None:
    with pytest.raises(UnknownAgeCategory, match="under 6, 6\\+, 12\\+"):
        parse_age(text)


def test_restrictions_of_18_and_21() -> None:
    assert age_restrictions(AgeCategory.AGE_16) == ()
    assert "22:00 and 06:00" in age_restrictions(AgeCategory.AGE_18)[0]
    joined = " ".join(age_restrictions(AgeCategory.AGE_21))
    assert "00:00 and 06:00" in joined and "cinemas only between 22:00" in joined
    assert "diamond" in joined


def test_former_index_is_a_reference_with_its_certainty() -> None:
    assert FormerIndex.E18.nearest_category is AgeCategory.AGE_18
    assert FormerIndex.E18.mapping_certain
    assert not FormerIndex.K.mapping_certain
    assert {i.value for i in FormerIndex} == {"K", "BA", "B14", "E16", "E18", "NA"}


def test_full_length_from_52_minutes() -> None:
    assert film_length(52 * 60) is FilmLength.FULL_LENGTH
    assert film_length(52 * 60 - 1) is FilmLength.SHORT


def test_time_codes_round_trip_and_bad_ones_are_refused() -> None:
    assert parse_time_code("1:02:03") == 3_723_000
    assert parse_time_code("02:03.5") == 123_500
    assert parse_time_code("754.5") == 754_500
    assert format_time_code(3_723_999) == "1:02:03"
    for bad in ("abc", "-3", "1:75:00", "nan"):
        with pytest.raises(BadTimeCode):
            parse_time_code(bad)


LANG = LanguageFindings((ReleaseLanguage.RUSSIAN,), KazakhVersion.SUBTITLED)


def _note(store, member="m1", film="F-001", t=60_000, text="fight"):
    return store.add_note(session_id=0x1234_5678_9ABC_DEF0, member_id=member, film_id=film,
                          time_ms=t, category=NoteCategory.VIOLENCE, severity=Severity.HIGH,
                          text=text)


def test_a_ground_without_a_note_is_refused(store) -> None:
    form = ReviewForm("F-001", "m1", AgeCategory.AGE_18, language=LANG,
                      recommendation=Recommendation.REFUSE)
    form = form.with_ground(RefusalGround.CRUELTY_AND_VIOLENCE, ())
    with pytest.raises(GroundWithoutEvidence, match=r"cult of cruelty.*time-coded note"):
        check_form(form, store.notes(member_id="m1"))


def test_a_ground_with_someone_elses_note_is_refused(store) -> None:
    other = _note(store, member="m2")
    form = ReviewForm("F-001", "m1", AgeCategory.AGE_18, language=LANG,
                      recommendation=Recommendation.REFUSE)
    form = form.with_ground(RefusalGround.PORNOGRAPHY, (other.note_id,))
    with pytest.raises(UnknownNote):
        check_form(form, store.notes())


def test_a_ground_with_its_note_passes(store) -> None:
    note = _note(store)
    form = ReviewForm("F-001", "m1", AgeCategory.AGE_18, language=LANG,
                      recommendation=Recommendation.REFUSE)
    form = form.with_ground(RefusalGround.CRUELTY_AND_VIOLENCE, (note.note_id,))
    check_form(form, store.notes())
    assert form.evidence_for(RefusalGround.CRUELTY_AND_VIOLENCE) == (note.note_id,)


def test_incomplete_and_inconsistent_forms_list_what_is_missing(store) -> None:
    with pytest.raises(FormIncomplete) as info:
        check_form(ReviewForm("F-001", "m1"), [])
    assert len(info.value.problems) == 3      # category, recommendation, languages
    refuse = ReviewForm("F-001", "m1", AgeCategory.AGE_6, language=LANG,
                        recommendation=Recommendation.REFUSE)
    with pytest.raises(FormIncomplete, match="at least one ground"):
        check_form(refuse, [])
    note = _note(store)
    issue = ReviewForm("F-001", "m1", AgeCategory.AGE_6, language=LANG,
                       recommendation=Recommendation.ISSUE
                       ).with_ground(RefusalGround.STRIFE, (note.note_id,))
    with pytest.raises(FormIncomplete, match="recommendation is to issue"):
        check_form(issue, store.notes())


KK, RU, EN = ReleaseLanguage.KAZAKH, ReleaseLanguage.RUSSIAN, ReleaseLanguage.ENGLISH


def test_language_findings_of_art_9() -> None:
    assert LanguageFindings((RU,), KazakhVersion.SUBTITLED).problems() == ()
    assert len(LanguageFindings((EN,), KazakhVersion.NONE).problems()) == 1
    assert LanguageFindings((EN,), KazakhVersion.NONE, limited_release=True).problems() == ()
    national = LanguageFindings((RU,), KazakhVersion.SUBTITLED, national_film=True)
    assert "national film" in national.problems()[0]
    bleep = LanguageFindings((KK,), KazakhVersion.ORIGINAL,
                             obscenities=Obscenities.NOT_BLEEPED)
    assert "sound signal" in bleep.problems()[0]


def test_notes_and_forms_are_kept(store) -> None:
    note = _note(store, t=5_000)
    _note(store, t=1_000, text="earlier")
    changed = store.update_note(note.note_id, text="fight, knife")
    assert changed.text == "fight, knife" and changed.updated_at > note.updated_at
    assert [n.time_ms for n in store.notes(member_id="m1")] == [1_000, 5_000]
    store.withdraw_note(note.note_id)
    assert [n.text for n in store.notes()] == ["earlier"]
    with pytest.raises(NoteWithdrawn):
        store.note(note.note_id)
    form = ReviewForm("F-001", "m1", AgeCategory.AGE_16, FormerIndex.E16,
                      LanguageFindings((KK, RU), KazakhVersion.DUBBED),
                      recommendation=Recommendation.RETURN, conclusion="Қайта өңдеу керек")
    store.save_form(form)
    assert store.form("F-001", "m1") == form
    assert store.form("F-001", "nobody") == ReviewForm("F-001", "nobody")


def test_language_ground_needs_an_unmet_language_requirement(store) -> None:
    note = _note(store, text="no Kazakh subtitles in reel 2")
    met = LanguageFindings((RU, KK), KazakhVersion.SUBTITLED)
    form = ReviewForm("F-001", "m1", AgeCategory.AGE_16, language=met,
                      recommendation=Recommendation.REFUSE
                      ).with_ground(RefusalGround.LANGUAGE_REQUIREMENTS, (note.note_id,))
    with pytest.raises(FormIncomplete, match=r"no unmet requirement of Art\. 9"):
        check_form(form, store.notes())
    unmet = LanguageFindings((RU,), KazakhVersion.NONE)
    check_form(ReviewForm("F-001", "m1", AgeCategory.AGE_16, language=unmet,
                          recommendation=Recommendation.REFUSE).with_ground(
        RefusalGround.LANGUAGE_REQUIREMENTS, (note.note_id,)), store.notes())


def test_21_plus_with_issue_is_lawful() -> None:
    check_form(ReviewForm("F-001", "m1", AgeCategory.AGE_21, language=LANG,
                          recommendation=Recommendation.ISSUE), [])


def test_release_languages_come_from_the_list_and_free_text_is_not_lost(store) -> None:
    """Version 1 took "русский, қазақ" as free text and read it as "no kk"."""
    import json

    from screeningroom.review.facts import form_from_json

    old = {"film_id": "F-001", "member_id": "m1", "age_category": "16+",
           "former_index": None, "grounds": [], "recommendation": "issue", "conclusion": "",
           "language": {"release_languages": ["русский", "kk"], "kazakh_version": "dubbed",
                        "limited_release": False, "national_film": False,
                        "obscenities": "none_present", "remarks": ""}}
    form = form_from_json(json.loads(json.dumps(old)))
    assert form.language.release_languages == (KK,)
    assert "русский" in form.language.remarks
    assert [c.value for c in ReleaseLanguage][:3] == ["kk", "ru", "en"]


def test_a_withdrawn_note_is_no_evidence(store) -> None:
    note = _note(store)
    form = ReviewForm("F-001", "m1", AgeCategory.AGE_18, language=LANG,
                      recommendation=Recommendation.REFUSE
                      ).with_ground(RefusalGround.CRUELTY_AND_VIOLENCE, (note.note_id,))
    store.withdraw_note(note.note_id)
    with pytest.raises(NoteWithdrawn, match="withdrawn"):
        check_form(form, store.notes(), withdrawn=store.notes(withdrawn=True))
