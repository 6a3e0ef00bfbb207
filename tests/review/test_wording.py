"""Wording: plural forms through the i18n layer, and one Russian term for the form."""

from __future__ import annotations

import re

import pytest

from screeningroom_resources import i18n


@pytest.mark.parametrize("lang, counts", [
    ("en", {1: "1 attempt left", 2: "2 attempts left", 5: "5 attempts left"}),
    ("ru", {1: "осталась 1 попытка", 2: "осталось 2 попытки", 5: "осталось 5 попыток",
            21: "осталась 21 попытка"}),
    ("kk", {1: "1 әрекет қалды", 4: "4 әрекет қалды"}),
])
def test_attempts_left_takes_the_plural_form_of_its_number(lang, counts) -> None:
    """The login said "1 attempts left"."""
    from screeningroom.registry.errors import WrongPassword

    with i18n.language(lang):
        for n, words in counts.items():
            assert words in str(WrongPassword("m1", n))


def test_every_plural_message_has_every_form_in_kk_and_ru() -> None:
    for code, forms in (("kk", 2), ("ru", 3)):
        plurals = i18n.plural_catalog(code)
        assert plurals and all(len(f) == forms for f in plurals.values()), code


def test_russian_calls_the_review_form_one_thing() -> None:
    """"Форма рецензии…" on a button, "Форма просмотра" in the title and messages."""
    from screeningroom.ui import translations

    texts = [text for msgid, text in i18n.catalog("ru").items() if "review form" in msgid]
    qt = [node.text or "" for _context, source, node in translations.messages("ru")
          if "eview form" in source]
    assert len(qt) >= 3                    # the player's and the list's buttons, the title
    texts += qt
    for text in texts:
        assert re.search("[Фф]орм[аы] просмотра", text), text
        assert "рецензи" not in text
