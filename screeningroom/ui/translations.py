"""Qt's translation system for the windows of the station and the takedown desk.

Widgets mark text with ``self.tr("...")`` (or ``QCoreApplication.translate(context, ...)``).
The ``.ts`` sources live in ``resources/locale/qt/ui_<lang>.ts`` and are compiled to
``.qm`` at install time (the bootstrap runs ``compile``) and, where a ``.qm`` is missing or
older than its source, when the app starts. Messages that come from the layers below Qt
(errors, refusals) are translated by ``screeningroom_resources.i18n``; :func:`apply_language`
switches both at once.

Maintenance, from the checkout::

    python -m screeningroom.ui.translations update      # collect new texts from */ui/*.py
    python -m screeningroom.ui.translations fill kk F   # F: JSON {"source": "translation"}
    python -m screeningroom.ui.translations check       # list what is not translated
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from screeningroom_resources import i18n, path

UI_PACKAGES = ("screeningroom/ui", "takedown/ui")
TRANSLATED = tuple(code for code in i18n.LANGUAGES if code != i18n.SOURCE_LANGUAGE)
QT_LOCALES = {"kk": "kk_KZ", "ru": "ru_RU", "en": "en_US"}

_installed: list[QTranslator] = []


def ts_file(code: str) -> Path:
    return path("locale", "qt", f"ui_{code}.ts")


def _tool(name: str) -> str:
    exe = Path(sys.executable).with_name(f"pyside6-{name}")
    return str(exe) if exe.exists() else f"pyside6-{name}"


def compile_all(force: bool = False) -> list[Path]:
    """Compile every ``.ts`` whose ``.qm`` is missing or older; returns the ``.qm`` files."""
    out = []
    for code in TRANSLATED:
        ts = ts_file(code)
        qm = ts.with_suffix(".qm")
        if ts.exists() and (force or not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime):
            subprocess.run(
                [_tool("lrelease"), "-silent", str(ts), "-qm", str(qm)],
                check=True, capture_output=True,
            )
        if qm.exists():
            out.append(qm)
    return out


def apply_language(app: QCoreApplication, code: str) -> None:
    """Switch the app (widgets, Qt's own dialogs) and the layers below to ``code``.

    Widgets retranslate on ``QEvent.LanguageChange``, which Qt sends when a translator is
    installed or removed.
    """
    if code not in i18n.LANGUAGES:
        raise i18n.UnknownLanguage(code)
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    i18n.set_language(code)
    QLocale.setDefault(QLocale(QT_LOCALES[code]))
    if code == i18n.SOURCE_LANGUAGE:
        return
    compile_all()
    ours = QTranslator(app)
    if ours.load(str(ts_file(code).with_suffix(".qm"))):
        app.installTranslator(ours)
        _installed.append(ours)
    qt_own = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_own.load(f"qtbase_{code}", qt_dir):
        app.installTranslator(qt_own)
        _installed.append(qt_own)


# --- maintenance --------------------------------------------------------------------------


def _sources(root: Path) -> list[str]:
    files: list[str] = []
    for package in UI_PACKAGES:
        files += sorted(str(p) for p in (root / package).rglob("*.py"))
    return files


def update(root: Path) -> None:
    """Collect the texts of every widget into the ``.ts`` files, keeping translations."""
    targets = [str(ts_file(code)) for code in TRANSLATED]
    subprocess.run(
        [_tool("lupdate"), "-silent", "-no-obsolete", "-locations", "none",
         *_sources(root), "-ts", *targets],
        check=True,
    )


def messages(code: str) -> Iterable[tuple[str, str, ET.Element]]:
    """(context, source, <translation> element) for every message of one ``.ts``."""
    tree = ET.parse(ts_file(code))
    for context in tree.getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            yield name, message.findtext("source", ""), message.find("translation")


def untranslated(code: str) -> list[str]:
    return [
        f"{context}: {source!r}"
        for context, source, tr in messages(code)
        if tr is None or tr.get("type") in {"unfinished", "obsolete", "vanished"}
        or not (tr.text or "").strip()
    ]


def fill(code: str, table: dict[str, str]) -> int:
    """Set translations from ``{source: translation}``; returns how many were set."""
    ts = ts_file(code)
    tree = ET.parse(ts)
    count = 0
    for message in tree.getroot().iter("message"):
        source = message.findtext("source", "")
        tr = message.find("translation")
        if source in table and tr is not None:
            tr.text = table[source]
            tr.attrib.pop("type", None)
            count += 1
    ET.indent(tree)
    with ts.open("wb") as fh:
        fh.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(fh, encoding="utf-8", xml_declaration=False)
        fh.write(b"\n")
    return count


def _main(argv: list[str]) -> int:
    root = Path(__file__).resolve().parents[2]
    if argv[:1] == ["update"]:
        update(root)
    elif argv[:1] == ["compile"]:
        for qm in compile_all(force=True):
            print(qm)
    elif argv[:1] == ["fill"] and len(argv) == 3:
        table = json.loads(Path(argv[2]).read_text(encoding="utf-8"))
        print(fill(argv[1], table))
    elif argv[:1] == ["check"]:
        missing = {code: untranslated(code) for code in TRANSLATED}
        for code, items in missing.items():
            for item in items:
                print(f"{code}: {item}")
        return 1 if any(missing.values()) else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
