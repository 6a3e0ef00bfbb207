"""Every user-visible message marked with _() or N_() has a Kazakh and a Russian
translation, with the same {placeholders} as the English."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from screeningroom_resources import i18n

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("screeningroom", "watermark", "takedown", "resources")


def marked_messages() -> dict[str, str]:
    """msgid -> where it first stands, for every literal passed to _() or N_()."""
    found: dict[str, str] = {}
    for package in PACKAGES:
        for source in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(source.read_text(encoding="utf-8"), filename=str(source))
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in {"_", "N_"}
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    where = f"{source.relative_to(ROOT)}:{node.lineno}"
                    found.setdefault(node.args[0].value, where)
    # the document templates call the same _() (evidence report, review report, summary)
    for template in sorted((ROOT / "resources" / "templates").rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        for match in TEMPLATE_CALL.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.setdefault(match.group(1).replace('\\"', '"'),
                             f"{template.relative_to(ROOT)}:{line}")
    return found


TEMPLATE_CALL = re.compile(r'\b_\(\s*"((?:[^"\\]|\\.)*)"\s*\)')


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("lang", [code for code in i18n.LANGUAGES if code != "en"])
def test_every_marked_message_is_translated(lang: str) -> None:
    catalog = i18n.catalog(lang)
    missing = [f"{where}: {msgid!r}" for msgid, where in marked_messages().items()
               if msgid not in catalog]
    assert not missing, f"{len(missing)} messages lack a {lang} translation:\n" + "\n".join(
        missing[:40]
    )


@pytest.mark.parametrize("lang", [code for code in i18n.LANGUAGES if code != "en"])
def test_translations_keep_placeholders(lang: str) -> None:
    wrong = [
        msgid for msgid, text in i18n.catalog(lang).items()
        if placeholders(msgid) != placeholders(text)
    ]
    assert not wrong, f"{lang}: placeholders differ in {wrong[:10]}"


def test_language_switch_and_context() -> None:
    msgid = "Interrupted."
    assert i18n.translate(msgid, "en") == msgid
    assert re.search("[а-яА-Я]", i18n.translate(msgid, "ru"))
    with i18n.language("kk"):
        assert i18n._(msgid) == i18n.translate(msgid, "kk")
    assert i18n._(msgid) == msgid


def test_unknown_language_is_refused_clearly() -> None:
    with pytest.raises(i18n.UnknownLanguage, match="choose one of kk, ru, en"):
        i18n.set_language("de")
