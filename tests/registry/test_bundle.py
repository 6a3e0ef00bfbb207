"""Export and import of the signed audit bundle, and every way a bundle can be broken."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from screeningroom.registry import (
    AuditEvent,
    Registry,
    SessionEnd,
    errors,
    load_bundle,
)
from screeningroom.registry.bundle import signed_bytes
from screeningroom.registry.canonical import canonical_json

CERT = b"opaque station certificate bytes"


@dataclass(frozen=True)
class Certified:
    station_id: str
    signing_public_key: bytes


@pytest.fixture
def bundle(registry: Registry, member: str, t0, tmp_path: Path) -> Path:
    registry.authenticate(member, "correct horse battery", now=t0)
    first = registry.start_session(member, "FILM-1", "LIC-1", "p1", room="Hall 1",
                                   now=t0 + timedelta(minutes=1), session_id=0xA1)
    registry.record(first.session_id, AuditEvent.PAUSE, {"position_ms": 5})
    registry.end_session(first.session_id)
    second = registry.start_session(member, "FILM-2", "LIC-2", "p1", room="Hall 1",
                                    session_id=0xB2)
    registry.record(second.session_id, AuditEvent.SEEK, {"to_ms": 100})
    return registry.export_bundle(tmp_path / "station.srab", CERT, now=t0 + timedelta(hours=1))


def _doc(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _write(path: Path, doc: dict, signer=None) -> Path:
    if signer is not None:
        body = {k: v for k, v in doc.items() if k != "signature"}
        doc = dict(body, signature=base64.b64encode(signer.sign(signed_bytes(body))).decode())
    path.write_bytes(canonical_json(doc))
    return path


def test_round_trip_resolves_a_payload(bundle: Path, signer, t0) -> None:
    loaded = load_bundle(bundle, verify_certificate=lambda data: Certified(
        "KZ-ALA-ST01", signer.signing_public_key))
    assert loaded.station_id == "KZ-ALA-ST01"
    assert loaded.room == "Hall 1"
    assert loaded.certificate_bytes == CERT
    assert loaded.exported_at == t0 + timedelta(hours=1)
    assert [r.seq for r in loaded.records] == list(range(1, 8))  # enrolment, login, ...
    first = loaded.session(0xA1)
    assert (first.member_id, first.film_id, first.license_id, first.started_at, first.end) == (
        "aigerim", "FILM-1", "LIC-1", t0 + timedelta(minutes=1), SessionEnd.CLEAN)
    assert loaded.session(0xB2).end is SessionEnd.OPEN
    assert loaded.session(0xC3) is None
    assert [r.event for r in loaded.events(0xA1)] == [
        AuditEvent.SESSION_START, AuditEvent.PAUSE, AuditEvent.END]


def test_export_is_deterministic_and_partial(registry: Registry, bundle: Path, tmp_path: Path,
                                             t0) -> None:
    again = registry.export_bundle(tmp_path / "again.srab", CERT, now=t0 + timedelta(hours=1))
    assert again.read_bytes() == bundle.read_bytes()
    part = load_bundle(registry.export_bundle(tmp_path / "part.srab", CERT, since_seq=5))
    assert [r.seq for r in part.records] == [5, 6, 7]
    assert [s.session_id for s in part.sessions] == [0xB2]


def test_export_refuses_bad_input(registry: Registry, tmp_path: Path) -> None:
    with pytest.raises(errors.RegistryBadInput, match="certificate"):
        registry.export_bundle(tmp_path / "x.srab", b"")
    with pytest.raises(errors.RegistryBadInput):
        registry.export_bundle(tmp_path / "x.srab", CERT, since_seq=0)
    assert not (tmp_path / "x.srab").exists()


def test_flipped_byte_is_refused(bundle: Path) -> None:
    doc = _doc(bundle)
    raw = bytearray(base64.b64decode(doc["records"][2]["bytes"]))
    raw[30] ^= 0x01
    doc["records"][2]["bytes"] = base64.b64encode(bytes(raw)).decode()
    with pytest.raises(errors.BundleSignatureInvalid):
        load_bundle(_write(bundle, doc))


@pytest.mark.parametrize("offset", [0.1, 0.5, 0.9])
def test_any_flipped_byte_is_a_broken_bundle(bundle: Path, offset: float) -> None:
    data = bytearray(bundle.read_bytes())
    data[int(len(data) * offset)] ^= 0x04
    bundle.write_bytes(bytes(data))
    with pytest.raises(errors.BrokenBundle):
        load_bundle(bundle)


def test_missing_record_is_refused(bundle: Path, signer) -> None:
    doc = _doc(bundle)
    del doc["records"][3]
    with pytest.raises(errors.BundleSignatureInvalid):
        load_bundle(_write(bundle, doc))
    # even re-signed with the station's own key, the gap shows
    with pytest.raises(errors.BundleRecordMissing, match="record 5 follows record 3"):
        load_bundle(_write(bundle, doc, signer))


def test_record_from_another_key_is_refused(bundle: Path, signer, make_signer) -> None:
    from screeningroom.registry import chain
    from screeningroom.registry.canonical import parse_record

    doc = _doc(bundle)
    fields = parse_record(base64.b64decode(doc["records"][1]["bytes"]))
    forged = chain.sign_record(fields, make_signer(bytes(32)))
    doc["records"][1]["signature"] = base64.b64encode(forged.signature).decode()
    with pytest.raises(errors.BundleRecordInvalid, match="record 2"):
        load_bundle(_write(bundle, doc, signer))


def test_wrong_bundle_signature_is_refused(bundle: Path, make_signer) -> None:
    with pytest.raises(errors.BundleSignatureInvalid):
        load_bundle(_write(bundle, _doc(bundle), make_signer(bytes(32))))


def test_certificate_checks(bundle: Path, signer, make_signer) -> None:
    def rejecting(data: bytes):
        raise ValueError("not signed by the review office")

    with pytest.raises(errors.BundleCertificateRejected, match="not signed by the review office"):
        load_bundle(bundle, verify_certificate=rejecting)
    with pytest.raises(errors.BundleCertificateRejected, match="KZ-AST-ST09"):
        load_bundle(bundle, verify_certificate=lambda d: Certified(
            "KZ-AST-ST09", signer.signing_public_key))
    other = make_signer(bytes(32))
    with pytest.raises(errors.BundleCertificateRejected, match="key"):
        load_bundle(bundle, verify_certificate=lambda d: Certified(
            "KZ-ALA-ST01", other.signing_public_key))


def test_whole_bundle_re_signed_with_another_key_fails_the_certificate(
        bundle: Path, signer, make_signer) -> None:
    """An intruder re-signs every record and the bundle with their own key: only the
    certificate check can tell, and it does."""
    from screeningroom.registry import chain
    from screeningroom.registry.canonical import parse_record

    intruder = make_signer(bytes(32))
    doc = _doc(bundle)
    for item in doc["records"]:
        forged = chain.sign_record(parse_record(base64.b64decode(item["bytes"])), intruder)
        item["signature"] = base64.b64encode(forged.signature).decode()
    doc["signing_public_key"] = base64.b64encode(intruder.signing_public_key).decode()
    forged_path = _write(bundle, doc, intruder)
    load_bundle(forged_path)  # internally consistent ...
    with pytest.raises(errors.BundleCertificateRejected):  # ... but not the certified station
        load_bundle(forged_path, verify_certificate=lambda d: Certified(
            "KZ-ALA-ST01", signer.signing_public_key))


def test_sessions_must_match_the_records(bundle: Path, signer) -> None:
    doc = _doc(bundle)
    (entry,) = [s for s in doc["sessions"] if s["session_id"] == "00000000000000a1"]
    entry["member_id"] = "someone-else"
    with pytest.raises(errors.BundleSessionMismatch, match="00000000000000a1"):
        load_bundle(_write(bundle, doc, signer))


@pytest.mark.parametrize("content,match", [
    (b"", "JSON"),
    (b"\xff\xfe", "JSON"),
    (b"[]", "not a Screening Room audit bundle"),
    (b'{"format":"something-else"}', "not a Screening Room audit bundle"),
    (b'{"format":"screeningroom-audit-bundle","version":9}', "version 9"),
    (b'{"format":"screeningroom-audit-bundle","version":1}', "station_id"),
])
def test_unreadable_files(tmp_path: Path, content: bytes, match: str) -> None:
    path = tmp_path / "bad.srab"
    path.write_bytes(content)
    with pytest.raises(errors.BundleUnreadable, match=match):
        load_bundle(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(errors.BundleUnreadable, match="nothing-here"):
        load_bundle(tmp_path / "nothing-here.srab")
