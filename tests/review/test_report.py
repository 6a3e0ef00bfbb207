"""Review reports: PDF in Kazakh and Russian, signed, verified, tampering refused."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest

from screeningroom.review.errors import ReportMismatch, ReportTampered, SignatureMissing
from screeningroom.review.law import AgeCategory, FormerIndex, RefusalGround
from screeningroom.review.model import (
    KazakhVersion,
    LanguageFindings,
    NoteCategory,
    Recommendation,
    ReviewForm,
    Severity,
)
from screeningroom.review.report import build_report, export_report
from screeningroom.review.verify import verify_report

from .conftest import T0, FakeSession, FakeStation

pypdf = pytest.importorskip("pypdf")

SID = 0x1234_5678_9ABC_DEF0


def _fill(store) -> None:
    n1 = store.add_note(session_id=SID, member_id="m1", film_id="F-001", time_ms=754_000,
                        category=NoteCategory.VIOLENCE, severity=Severity.HIGH,
                        text="Қатыгездік көрінісі — сцена жестокости")
    store.add_note(session_id=SID, member_id="m1", film_id="F-001", time_ms=1_200_000,
                   category=NoteCategory.COARSE_LANGUAGE, severity=Severity.LOW,
                   text="Бейәдеп сөз дыбыстық сигналмен жабылмаған")
    form = ReviewForm(
        "F-001", "m1", AgeCategory.AGE_21, FormerIndex.NA,
        LanguageFindings(("ru", "kk"), KazakhVersion.SUBTITLED),
        recommendation=Recommendation.REFUSE, conclusion="Фильм қайтарылсын / Отказать",
    ).with_ground(RefusalGround.CRUELTY_AND_VIOLENCE, (n1.note_id,))
    store.save_form(form)


def _export(store, film, registry, station, out: Path, lang: str = "kk"):
    report = build_report(store, registry, film, "m1", member_name="Әйгерім Сәрсенова",
                          station_id=station.station_id, room=station.room, language=lang,
                          now=T0 + timedelta(hours=3))
    return export_report(report, out, station)


def _text(pdf: Path) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf.read_bytes()))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.mark.parametrize("lang, heading", [("kk", "Қарау есебі"), ("ru", "Отчёт о просмотре")])
def test_report_renders_kazakh_and_russian_text(store, film, registry, station, tmp_path,
                                                lang, heading) -> None:
    _fill(store)
    done = _export(store, film, registry, station, tmp_path / f"report-{lang}.pdf", lang)
    text = _text(done.pdf)
    assert heading in text
    assert "Дала жұлдызы" in text and "KZ-2026-0042" in text
    assert "Қатыгездік көрінісі" in text and "0:12:34" in text
    assert "123456789abcdef0" in text
    assert "21+" in text
    check = verify_report(done.pdf, expected_public_key=station.signing_public_key,
                          sessions=registry)
    assert check.session_ids == ("123456789abcdef0",) and check.origin_checked


def test_tampered_pdf_is_refused(store, film, registry, station, tmp_path) -> None:
    _fill(store)
    done = _export(store, film, registry, station, tmp_path / "r.pdf")
    data = bytearray(done.pdf.read_bytes())
    data[len(data) // 2] ^= 0x01
    done.pdf.write_bytes(bytes(data))
    with pytest.raises(ReportTampered, match="changed after signing"):
        verify_report(done.pdf)


def test_tampered_facts_and_foreign_key_are_refused(store, film, registry, station,
                                                    tmp_path) -> None:
    _fill(store)
    done = _export(store, film, registry, station, tmp_path / "r.pdf")
    original = done.signature.read_bytes()
    doc = json.loads(original)
    doc["facts"]["form"]["recommendation"] = "issue"
    done.signature.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ReportTampered, match="does not verify"):
        verify_report(done.pdf)
    done.signature.write_bytes(original)
    with pytest.raises(ReportTampered, match="another station"):
        verify_report(done.pdf, expected_public_key=FakeStation(b"\x09" * 32).signing_public_key)
    done.signature.write_bytes(b"{not json")
    with pytest.raises(ReportTampered, match="damaged"):
        verify_report(done.pdf)
    done.signature.unlink()
    with pytest.raises(SignatureMissing):
        verify_report(done.pdf)


def test_report_must_match_the_audit_log(store, film, registry, station, tmp_path) -> None:
    _fill(store)
    done = _export(store, film, registry, station, tmp_path / "r.pdf")
    changed = dict(registry.rows)
    changed[SID] = FakeSession(SID, "m1", "F-001", T0 + timedelta(minutes=5),
                               T0 + timedelta(minutes=97))
    registry.rows = changed
    with pytest.raises(ReportMismatch, match="started at"):
        verify_report(done.pdf, sessions=registry)
    registry.rows = {}
    with pytest.raises(ReportMismatch, match="not in the audit log"):
        verify_report(done.pdf, sessions=registry)


def test_screeningroom_verify_checks_a_report(store, film, registry, station, tmp_path,
                                              monkeypatch, capsys) -> None:
    from screeningroom.cli import main

    monkeypatch.setenv("SCREENINGROOM_HOME", str(tmp_path / "home"))
    _fill(store)
    done = _export(store, film, registry, station, tmp_path / "r.pdf")
    assert main(["verify", str(done.pdf)]) == 0
    out = capsys.readouterr().out
    assert "VALID" in out and "123456789abcdef0" in out
    done.pdf.write_bytes(done.pdf.read_bytes() + b"%tampered\n")
    assert main(["verify", str(done.pdf)]) == 1
    assert "changed after signing" in capsys.readouterr().err


def test_review_summary_command(store, film, registry, station, tmp_path, monkeypatch,
                                capsys) -> None:
    from screeningroom.cli import main

    monkeypatch.setenv("SCREENINGROOM_HOME", str(tmp_path / "home"))
    _fill(store)
    done = _export(store, film, registry, station, tmp_path / "r.pdf")
    out_pdf = tmp_path / "summary.pdf"
    code = main(["review", "summary", str(done.pdf), "--applied", "2026-03-02",
                 "--members", "1", "--out", str(out_pdf), "--report-lang", "ru"])
    assert code == 0
    printed = capsys.readouterr().out
    assert "21+" in printed and "2026-04-17" in printed
    assert "Сводка комиссии" in _text(out_pdf)
    assert main(["review", "summary", str(done.pdf), "--applied", "2 March"]) == 2
