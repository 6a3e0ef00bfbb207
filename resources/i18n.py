"""Translation of user-visible text outside Qt (commands, errors, notices, reports).

Every user-visible string is written in English in the code, wrapped in ``_()``, and
translated through gettext catalogs kept as ``.po`` files under ``locale/<lang>/``. A
catalog per part of the product (``vault.po``, ``watermark.po`` ...) keeps edits apart;
a message may stand in any of them. Widgets use Qt's own translation system (``.ts``).

Language choice, first match wins: :func:`set_language`, the environment variable
``SCREENINGROOM_LANG``, the ``LANG``/``LC_ALL`` locale, then English.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

from screeningroom_resources import path

LANGUAGES: tuple[str, ...] = ("kk", "ru", "en")
SOURCE_LANGUAGE = "en"

_state = threading.local()
_chosen: str | None = None


class UnknownLanguage(ValueError):
    """A language code the product has no translation for."""

    def __init__(self, code: str) -> None:
        super().__init__(
            f"Unknown language {code!r}: choose one of {', '.join(LANGUAGES)}."
        )


def locale_dir() -> Path:
    return path("locale")


def set_language(code: str | None) -> None:
    """Choose the language for this process (``None``: back to the environment's)."""
    global _chosen
    if code is not None and code not in LANGUAGES:
        raise UnknownLanguage(code)
    _chosen = code


def current_language() -> str:
    override = getattr(_state, "language", None)
    if override:
        return override
    if _chosen:
        return _chosen
    env = os.environ.get("SCREENINGROOM_LANG", "")
    if env in LANGUAGES:
        return env
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        code = os.environ.get(var, "")[:2].lower()
        if code in LANGUAGES:
            return code
    return SOURCE_LANGUAGE


class language:
    """``with language("kk"): ...`` renders text in another language on this thread."""

    def __init__(self, code: str) -> None:
        if code not in LANGUAGES:
            raise UnknownLanguage(code)
        self.code = code

    def __enter__(self) -> str:
        self._previous = getattr(_state, "language", None)
        _state.language = self.code
        return self.code

    def __exit__(self, *exc: object) -> None:
        _state.language = self._previous


@cache
def _messages(code: str) -> tuple:  # tuple[babel.messages.catalog.Message, ...]
    """Every translated message of one language, from all its ``.po`` files."""
    found = []
    folder = locale_dir() / code
    if folder.is_dir():
        for po in sorted(folder.glob("*.po")):
            with po.open("rb") as fh:
                found.extend(m for m in read_po(fh, locale=code) if m.id and not m.fuzzy)
    return tuple(found)


@cache
def catalog(code: str) -> Mapping[str, str]:
    """All translated messages of one language, merged from its ``.po`` files."""
    return {m.id: m.string for m in _messages(code)
            if isinstance(m.id, str) and isinstance(m.string, str) and m.string}


def translate(message: str, code: str | None = None) -> str:
    code = code or current_language()
    if code == SOURCE_LANGUAGE:
        return message
    return catalog(code).get(message, message)


def _(message: str) -> str:
    """Translate ``message`` into the current language (English if no translation)."""
    return translate(message)


@cache
def plural_catalog(code: str) -> Mapping[str, tuple[str, ...]]:
    """Plural messages of one language: singular msgid -> its translated forms."""
    return {m.id[0]: tuple(m.string) for m in _messages(code)
            if isinstance(m.id, tuple) and all(m.string)}


@cache
def _plural_rule(code: str):  # type: ignore[no-untyped-def]
    """The gettext plural rule of a language (CLDR, through Babel): n -> form index."""
    from gettext import c2py

    from babel.messages.plurals import get_plural

    return c2py(get_plural(code).plural_expr)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for the number ``n`` in the current language ("1 attempt
    left", "2 attempts left"; Russian has three forms, Kazakh two), as gettext's
    ``ngettext``. A ``.po`` entry has ``msgid``/``msgid_plural`` and ``msgstr[i]``."""
    code = current_language()
    forms = () if code == SOURCE_LANGUAGE else plural_catalog(code).get(singular, ())
    if not forms:
        return singular if n == 1 else plural
    return forms[min(_plural_rule(code)(n), len(forms) - 1)]


def N_(message: str) -> str:
    """Mark ``message`` for translation where it is defined; translate it with ``_()`` later."""
    return message
