"""Test vectors of the review report signature (docs/formats/review-signature.md).

The vectors in tests/vectors/review/ were written by running this file as a script
(``python tests/review/test_vectors.py``); the tests check that the code still produces
them byte for byte (Ed25519 signatures are deterministic), that they verify, and that
each listed change is refused.
"""

from __future__ import annotations

import hashlib
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from signers import SeedMember, SeedSigner

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors" / "review"
STATION_SEED = bytes(range(100, 132))
MEMBER_SEED = bytes(range(200, 232))
PDF = b"%PDF-1.4\n% a review report stands here; only its SHA-256 is signed\n%%EOF\n"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def make_report():  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from screeningroom.review.law import AgeCategory, RefusalGround
    from screeningroom.review.model import (
        Film,
        KazakhVersion,
        LanguageFindings,
        Note,
        NoteCategory,
        Recommendation,
        ReleaseLanguage,
        ReviewForm,
        SessionSpan,
        Severity,
    )
    from screeningroom.review.report import ReviewReport

    sid = 0x8000_0000_0000_0001
    note = Note(1, sid, "m1", "F-001", 754_000, NoteCategory.VIOLENCE, Severity.HIGH,
                "Қатыгездік көрінісі", T0, T0)
    withdrawn = Note(2, sid, "m1", "F-001", 5_000, NoteCategory.OTHER, Severity.LOW,
                     "accidental", T0, T0, withdrawn_at=T0 + timedelta(minutes=1))
    form = ReviewForm("F-001", "m1", AgeCategory.AGE_18,
                      language=LanguageFindings((ReleaseLanguage.RUSSIAN,),
                                                KazakhVersion.SUBTITLED),
                      recommendation=Recommendation.REFUSE, conclusion="Отказать"
                      ).with_ground(RefusalGround.CRUELTY_AND_VIOLENCE, (1,))
    return ReviewReport(
        film=Film("F-001", "Дала жұлдызы", "KZ-2026-0042", 5700.0, AgeCategory.AGE_12),
        member_id="m1", member_name="Әйгерім Сәрсенова", station_id="st-vector",
        room="Hall 2",
        sessions=(SessionSpan(sid, T0, T0 + timedelta(minutes=96)),),
        notes=(note,), withdrawn=(withdrawn,), form=form,
        created_at=T0 + timedelta(hours=3), language="kk")


def make_vectors() -> dict[str, bytes]:
    from screeningroom.review.report import member_signed_bytes, sign, station_signed_bytes

    station, member = SeedSigner(STATION_SEED, "st-vector", "Hall 2"), SeedMember(MEMBER_SEED)
    sig = sign(make_report(), PDF, station, member, b"certificate of st-vector")
    doc = json.loads(sig)
    described = {
        "station_seed": STATION_SEED.hex(),
        "station_public_key": station.signing_public_key.hex(),
        "member_seed": MEMBER_SEED.hex(),
        "member_public_key": member.public_key.hex(),
        "pdf_sha256": hashlib.sha256(PDF).hexdigest(),
        "member_signed_bytes": member_signed_bytes(doc).hex(),
        "station_signed_bytes": station_signed_bytes(doc, 2).hex(),
    }
    return {"report.pdf": PDF, "report.pdf.sig": sig,
            "vectors.json": (json.dumps(described, indent=1) + "\n").encode()}


def test_vectors_are_reproduced() -> None:
    for name, data in make_vectors().items():
        assert (VECTORS / name).read_bytes() == data, name


def test_vectors_verify(tmp_path: Path) -> None:
    from screeningroom.review.verify import Origin, verify_report

    described = json.loads((VECTORS / "vectors.json").read_text(encoding="utf-8"))
    check = verify_report(VECTORS / "report.pdf",
                          expected_public_key=bytes.fromhex(described["station_public_key"]))
    assert check.origin is Origin.EXPECTED_KEY and check.version == 2
    assert check.member_key.hex() == described["member_public_key"]
    assert check.session_ids == ("8000000000000001",)
    assert [w.note_id for w in check.facts.withdrawn] == [2]


def test_a_signature_is_checked_from_its_bytes_alone() -> None:
    """What the office does with a pushed ``.sig`` (the PDF stays at the station)."""
    from screeningroom.review.errors import ReportTampered
    from screeningroom.review.verify import verify_signature

    described = json.loads((VECTORS / "vectors.json").read_text(encoding="utf-8"))
    data = (VECTORS / "report.pdf.sig").read_bytes()
    key = bytes.fromhex(described["station_public_key"])
    signed = verify_signature(data, "pushed", expected_public_key=key)
    assert signed.pdf_sha256 == described["pdf_sha256"] and signed.facts.member_id == "m1"
    with pytest.raises(ReportTampered, match="pushed"):
        verify_signature(data.replace(b'"m1"', b'"m9"'), "pushed", expected_public_key=key)


INVALID = {
    "pdf changed": ("pdf", lambda b: b + b"%"),
    "facts changed": ("sig", lambda b: b.replace(b'"18+"', b'"16+"')),
    "member signature changed": ("sig", lambda b: b.replace(b'"member_signature":"',
                                                           b'"member_signature":"00', 1)),
    "version 3": ("sig", lambda b: b.replace(b'"version":2', b'"version":3')),
    "not json": ("sig", lambda b: b[:-5]),
}


@pytest.mark.parametrize("name", sorted(INVALID))
def test_changed_vectors_are_refused(tmp_path: Path, name: str) -> None:
    from screeningroom.review.errors import ReportTampered
    from screeningroom.review.verify import verify_report

    which, change = INVALID[name]
    pdf, sig = (VECTORS / "report.pdf").read_bytes(), (VECTORS / "report.pdf.sig").read_bytes()
    if which == "pdf":
        pdf = change(pdf)
    else:
        sig = change(sig)
    (tmp_path / "report.pdf").write_bytes(pdf)
    (tmp_path / "report.pdf.sig").write_bytes(sig)
    with pytest.raises(ReportTampered):
        verify_report(tmp_path / "report.pdf")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    VECTORS.mkdir(parents=True, exist_ok=True)
    for file_name, content in make_vectors().items():
        (VECTORS / file_name).write_bytes(content)
    print(f"wrote {len(make_vectors())} files to {VECTORS}")
