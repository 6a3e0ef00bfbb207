"""Review reports: PDF in Kazakh and Russian, long notes across pages, signed by the
member and the station, verified, tampering and audit mismatches refused."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from pdftext import pdf_text

from screeningroom.review.audit import from_registry
from screeningroom.review.errors import (
    NotMembersSession,
    NotWatched,
    ReportMismatch,
    ReportTampered,
    SignatureMissing,
)
from screeningroom.review.law import AgeCategory, FormerIndex, RefusalGround
from screeningroom.review.model import (
    KazakhVersion,
    LanguageFindings,
    NoteCategory,
    Recommendation,
    ReleaseLanguage,
    ReviewForm,
    Severity,
)
from screeningroom.review.store import MAX_NOTE_CHARS
from screeningroom.review.verify import Origin, verify_report

from .conftest import SID, SID2, T0

pypdf = pytest.importorskip("pypdf")

LANGS = LanguageFindings((ReleaseLanguage.RUSSIAN, ReleaseLanguage.KAZAKH),
                         KazakhVersion.SUBTITLED)


def fill(store, member: str = "m1", sid: int = SID, *, age=AgeCategory.AGE_21,
         recommendation=Recommendation.REFUSE, text: str | None = None) -> None:
    n1 = store.add_note(session_id=sid, member_id=member, film_id="F-001", time_ms=754_000,
                        category=NoteCategory.VIOLENCE, severity=Severity.HIGH,
                        text=text or "Қатыгездік көрінісі — сцена жестокости")
    store.add_note(session_id=sid, member_id=member, film_id="F-001", time_ms=1_200_000,
                   category=NoteCategory.COARSE_LANGUAGE, severity=Severity.LOW,
                   text="Бейәдеп сөз дыбыстық сигналмен жабылмаған")
    form = ReviewForm("F-001", member, age, FormerIndex.NA, LANGS,
                      recommendation=recommendation, conclusion="Фильм қайтарылсын / Отказать")
    if recommendation is Recommendation.REFUSE:
        form = form.with_ground(RefusalGround.CRUELTY_AND_VIOLENCE, (n1.note_id,))
    store.save_form(form)


def audit(world):
    return (from_registry(world.registry),)


@pytest.mark.parametrize("lang, heading", [("kk", "Қарау есебі"), ("ru", "Отчёт о просмотре")])
def test_report_renders_kazakh_and_russian_text(world, tmp_path, lang, heading) -> None:
    fill(world.store)
    done = world.export(tmp_path / f"report-{lang}.pdf", lang=lang)
    text = pdf_text(done.pdf)
    assert heading in text
    assert "Дала жұлдызы" in text and "KZ-2026-0042" in text
    assert "Қатыгездік көрінісі" in text and "0:12:34" in text
    assert "123456789abcdef0" in text
    assert "21+" in text
    check = verify_report(done.pdf, anchors=[world.station.anchor], audit=audit(world))
    assert check.session_ids == ("123456789abcdef0",)
    assert check.origin is Origin.ANCHOR and check.member_signed and check.audit_checked


def test_a_note_of_ten_thousand_characters_flows_across_pages(world, tmp_path) -> None:
    """3,000-4,000 characters used to crash the export ("row ... too high")."""
    words = ("Сахнада ұзақ зорлық-зомбылық көрсетіледі, кадр жақын планмен түсірілген. " * 200)
    fill(world.store, text=words[:MAX_NOTE_CHARS])
    world.store.add_note(session_id=SID, member_id="m1", film_id="F-001", time_ms=2_000_000,
                         text="Ж" * MAX_NOTE_CHARS)           # one word, no space to break at
    form = world.store.form("F-001", "m1")
    world.store.save_form(ReviewForm(form.film_id, form.member_id, form.age_category,
                                     form.former_index, form.language, form.grounds,
                                     form.recommendation, "Қорытынды " * 999))
    done = world.export(tmp_path / "long.pdf")
    reader = pypdf.PdfReader(io.BytesIO(done.pdf.read_bytes()))
    assert len(reader.pages) >= 4
    text = pdf_text(done.pdf).replace(" ", "")
    assert text.count("Ж") >= MAX_NOTE_CHARS          # every letter of the long word is there
    assert verify_report(done.pdf, anchors=[world.station.anchor], audit=audit(world))


def test_tampered_pdf_is_refused(world, tmp_path) -> None:
    fill(world.store)
    done = world.export(tmp_path / "r.pdf")
    data = bytearray(done.pdf.read_bytes())
    data[len(data) // 2] ^= 0x01
    done.pdf.write_bytes(bytes(data))
    with pytest.raises(ReportTampered, match="changed after signing"):
        verify_report(done.pdf)


def test_tampered_facts_and_foreign_key_are_refused(world, tmp_path) -> None:
    fill(world.store)
    done = world.export(tmp_path / "r.pdf")
    original = done.signature.read_bytes()
    doc = json.loads(original)
    doc["facts"]["form"]["recommendation"] = "issue"
    done.signature.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ReportTampered, match="does not verify"):
        verify_report(done.pdf)
    done.signature.write_bytes(original)
    other = bytes(32)
    with pytest.raises(ReportTampered, match="another station"):
        verify_report(done.pdf, expected_public_key=other)
    done.signature.write_bytes(b"{not json")
    with pytest.raises(ReportTampered, match="damaged"):
        verify_report(done.pdf)
    done.signature.unlink()
    with pytest.raises(SignatureMissing):
        verify_report(done.pdf)


def test_a_station_signed_but_malformed_file_is_refused_by_field(world, tmp_path) -> None:
    """A self-consistent signature over facts the review cannot read: a clear refusal
    naming the field, never a KeyError."""
    from screeningroom.registry.canonical import canonical_json
    from screeningroom.review.report import member_signed_bytes, station_signed_bytes

    fill(world.store)
    done = world.export(tmp_path / "r.pdf")
    key = world.keys.open_key("m1", "aigerim password")
    for damage in ({"notes": [{"note_id": 1}]}, {"sessions": "x"},
                   {"form": {"film_id": "F-001"}}, {"film": None}):
        doc = json.loads(done.signature.read_bytes())
        doc["facts"].update(damage)
        doc["member_signature"] = key.sign(member_signed_bytes(doc)).hex()
        doc["signature"] = world.station.sign(station_signed_bytes(doc, 2)).hex()
        done.signature.write_bytes(canonical_json(doc))
        with pytest.raises(ReportTampered, match=r"malformed at facts\."):
            verify_report(done.pdf, anchors=[world.station.anchor])


def test_the_member_signature_is_checked(world, tmp_path) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from screeningroom.registry.canonical import canonical_json
    from screeningroom.review.report import member_signed_bytes, station_signed_bytes

    fill(world.store)
    done = world.export(tmp_path / "r.pdf")
    doc = json.loads(done.signature.read_bytes())
    # the station re-signs a report whose member signature is someone else's
    forger = Ed25519PrivateKey.generate()
    doc["member_signature"] = forger.sign(member_signed_bytes(doc)).hex()
    doc["signature"] = world.station.sign(station_signed_bytes(doc, 2)).hex()
    done.signature.write_bytes(canonical_json(doc))
    with pytest.raises(ReportTampered, match="member's signature does not verify"):
        verify_report(done.pdf, anchors=[world.station.anchor])
    # ... or swaps in a key of its own making for the member's: the audit log says no
    doc["member_public_key"] = forger.public_key().public_bytes_raw().hex()
    doc["member_signature"] = forger.sign(member_signed_bytes(doc)).hex()
    doc["signature"] = world.station.sign(station_signed_bytes(doc, 2)).hex()
    done.signature.write_bytes(canonical_json(doc))
    assert verify_report(done.pdf, anchors=[world.station.anchor]).member_signed
    with pytest.raises(ReportMismatch, match="no record of member m1 signing"):
        verify_report(done.pdf, anchors=[world.station.anchor], audit=audit(world))


def test_report_must_match_the_audit_log(world, tmp_path) -> None:
    from dataclasses import replace

    fill(world.store)
    done = world.export(tmp_path / "r.pdf")
    view = audit(world)[0]
    moved = tuple(replace(s, started_at=s.started_at + timedelta(minutes=5))
                  if s.session_id == SID else s for s in view.sessions)
    with pytest.raises(ReportMismatch, match="started at"):
        verify_report(done.pdf, audit=[replace(view, sessions=moved)])
    with pytest.raises(ReportMismatch, match="not in the audit log"):
        verify_report(done.pdf, audit=[replace(view, sessions=())])


def test_no_report_for_a_film_never_watched_or_a_foreign_session(world, tmp_path) -> None:
    fill(world.store, member="m3", sid=SID)     # notes on m1's session
    with pytest.raises(NotMembersSession):
        world.export(tmp_path / "m3.pdf", member="m3")
    world.store.withdraw_note(world.store.notes(member_id="m3")[0].note_id)
    world.store.withdraw_note(world.store.notes(member_id="m3")[0].note_id)
    form = world.store.form("F-001", "m3")
    world.store.save_form(form.without_ground(RefusalGround.CRUELTY_AND_VIOLENCE))
    with pytest.raises(NotWatched, match="no session of"):
        world.export(tmp_path / "m3.pdf", member="m3")
    assert not (tmp_path / "m3.pdf").exists()


def test_export_needs_the_members_password_and_is_recorded(world, tmp_path) -> None:
    from screeningroom.registry import AccountLocked, AuditEvent, WrongPassword

    fill(world.store, member="m2", sid=SID2, recommendation=Recommendation.ISSUE,
         age=AgeCategory.AGE_16)
    with pytest.raises(WrongPassword):
        world.export(tmp_path / "r.pdf", member="m2", password="aigerim password")
    assert not (tmp_path / "r.pdf").exists() and world.keys.public_keys("m2") == ()
    done = world.export(tmp_path / "r.pdf", member="m2")
    record = [r for r in world.registry.records() if r.event is AuditEvent.REPORT_SIGNED][-1]
    assert record.member_id == "m2" and record.film_id == "F-001"
    assert record.detail["pdf_sha256"] == done.pdf_sha256
    assert record.detail["member_key"] == world.keys.public_keys("m2")[0].hex()
    # the same key signs the next report
    again = world.export(tmp_path / "r2.pdf", member="m2", lang="ru")
    assert json.loads(again.signature.read_bytes())["member_public_key"] == \
        record.detail["member_key"]
    for _ in range(3):
        with pytest.raises((WrongPassword, AccountLocked)):
            world.export(tmp_path / "r3.pdf", member="m2", password="guess")
    with pytest.raises(AccountLocked):
        world.export(tmp_path / "r3.pdf", member="m2")


def test_withdrawn_notes_are_counted_in_the_report(world, tmp_path) -> None:
    fill(world.store)
    extra = world.store.add_note(session_id=SID, member_id="m1", film_id="F-001",
                                 time_ms=5_000, text="accidental")
    world.store.withdraw_note(extra.note_id)
    done = world.export(tmp_path / "r.pdf", lang="en")
    assert "Notes withdrawn by the member before this report: 1." in pdf_text(done.pdf)
    assert "accidental" not in pdf_text(done.pdf)
    facts = verify_report(done.pdf, anchors=[world.station.anchor], audit=audit(world)).facts
    assert [w.note_id for w in facts.withdrawn] == [extra.note_id]


def test_screeningroom_verify_checks_a_report(world, tmp_path, monkeypatch, capsys) -> None:
    from screeningroom.cli import main

    monkeypatch.setenv("SCREENINGROOM_HOME", str(tmp_path / "elsewhere"))
    fill(world.store)
    done = world.export(tmp_path / "r.pdf")
    assert main(["verify", str(done.pdf)]) == 2           # no trust anchor: refused
    assert "--anchor" in capsys.readouterr().err
    assert main(["verify", str(done.pdf), "--anchor", str(world.anchor_path)]) == 0
    out = capsys.readouterr().out
    assert "VALID" in out and "123456789abcdef0" in out and "No audit log" in out
    done.pdf.write_bytes(done.pdf.read_bytes() + b"%tampered\n")
    assert main(["review", "verify", str(done.pdf), "--anchor", str(world.anchor_path)]) == 1
    assert "changed after signing" in capsys.readouterr().err


def test_report_of_version_1_is_still_read(world, tmp_path) -> None:
    """A report signed before member signatures: read, and said to lack one."""
    import base64
    import hashlib

    from screeningroom.registry.canonical import canonical_json
    from screeningroom.review.facts import facts_json
    from screeningroom.review.report import build_report, render_pdf, station_signed_bytes

    fill(world.store)
    report = build_report(world.store, world.registry, world.film, "m1", member_name="A",
                          station_id=world.station.station_id, room="Hall 2",
                          now=T0 + timedelta(hours=3))
    pdf = render_pdf(report)
    body = {"format": "screeningroom-review-signature", "version": 1,
            "pdf_sha256": hashlib.sha256(pdf).hexdigest(), "facts": facts_json(report),
            "station_id": world.station.station_id,
            "signing_public_key": world.station.signing_public_key.hex(),
            "certificate": base64.b64encode(world.station.certificate_bytes).decode()}
    del body["facts"]["withdrawn_notes"]
    body["signature"] = world.station.sign(station_signed_bytes(body, 1)).hex()
    out = tmp_path / "old.pdf"
    out.write_bytes(pdf)
    Path(str(out) + ".sig").write_bytes(canonical_json(body))
    check = verify_report(out, anchors=[world.station.anchor])
    assert check.version == 1 and not check.member_signed and check.origin is Origin.ANCHOR
