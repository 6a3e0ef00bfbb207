"""The desk end to end with the real vault, registry and watermark: audit import (and the
refusal of a broken bundle), indexing a screener, scanning (case, evidence, custody), one
case holding many sightings, re-uploads, groups of copies of one leak, the status state
machine and deadlines, cancelling."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import stat
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from clipmaker import Attack, attacked_copy, read_frames, synthetic_frames, write_clip
from deskworld import NOW, OPERATOR, DeskWorld, StepClock

from takedown import custody
from takedown.cases import CaseStatus, StatusChangeRefused, check_transition
from takedown.desk import Desk
from takedown.errors import BundleRefused, CaseNotFound, TakedownInputError
from takedown.evidence import EvidenceInvalid, check_evidence_signature
from takedown.recording import ScanResult
from takedown.scan import RECORDING_SHARE, AlreadyScanned
from takedown.trace import TraceVerdict


def _desk(world: DeskWorld, folder: Path) -> Desk:
    return Desk.open(folder, station=lambda: world.desk_station, station_folder=world.desk_folder,
                     actor=OPERATOR, clock=StepClock(NOW))


def test_import_records_sessions_once(world: DeskWorld, tmp_path: Path) -> None:
    with _desk(world, tmp_path / "d") as desk:
        first = desk.import_audit(world.bundle)
        again = desk.import_audit(world.bundle)
    assert (first.sessions_added, first.sessions_known) == (2, 0)
    assert again.already_imported and again.sessions_known == 2
    assert first.room == "Room 3"


def test_a_tampered_bundle_is_refused_whole(world: DeskWorld, tmp_path: Path) -> None:
    doc = json.loads(world.bundle.read_text())
    doc["room"] = "Room 9"
    bad = tmp_path / "bad.srbundle"
    bad.write_text(json.dumps(doc))
    with _desk(world, tmp_path / "d") as desk, pytest.raises(BundleRefused):
        desk.import_audit(bad)
    with _desk(world, tmp_path / "d") as desk:
        assert desk.store.stations.all_stations() == ()
        assert desk.store.stations.sessions_of_film(world.film_id) == ()


@dataclass(frozen=True)
class _Traced:
    folder: Path  # the desk after the scan (read only: tests work on copies)
    result: ScanResult
    seen: list[float]  # the scan's progress


@pytest.fixture(scope="module")
def traced(world: DeskWorld, prepared_desk: Path, leak: Path, tmp_path_factory) -> _Traced:
    """The prepared desk after scanning the leak once, seen at kino_leaks/77 with 500 views:
    the one trace of the leak the tests about that scan and about what comes after it
    (a new link, a re-upload) share; each works on a copy of the desk (``traced_desk``)."""
    folder = tmp_path_factory.mktemp("traced") / "desk"
    shutil.copytree(prepared_desk, folder)
    seen: list[float] = []
    with Desk.open(folder, station=lambda: world.desk_station,
                   station_folder=world.desk_folder, actor=OPERATOR,
                   clock=StepClock(NOW + timedelta(hours=1))) as desk:
        result = desk.scan(leak, "https://t.me/kino_leaks/77", views=500,
                           progress=lambda d, t: seen.append(d / t))
    return _Traced(folder, result, seen)


@pytest.fixture
def traced_desk(world: DeskWorld, traced: _Traced, tmp_path: Path) -> Iterator[Desk]:
    """A fresh copy of the desk that scanned the leak, its clock after the scan's."""
    folder = tmp_path / "desk"
    shutil.copytree(traced.folder, folder)
    with Desk.open(folder, station=lambda: world.desk_station,
                   station_folder=world.desk_folder, actor=OPERATOR,
                   clock=StepClock(NOW + timedelta(hours=2))) as d:
        yield d


def test_scan_traces_the_leak_and_signs_the_evidence(traced_desk: Desk, world: DeskWorld,
                                                     traced: _Traced) -> None:
    """The leak's scan (``traced``: scanned once, shared with the tests after it)."""
    desk, result, seen = traced_desk, traced.result, traced.seen
    assert seen[-1] == 1.0 and RECORDING_SHARE in seen  # progress over the whole path
    assert all(b >= a - 1e-9 for a, b in itertools.pairwise(seen))
    ident, tr = result.identification, result.trace
    assert ident.film.film_id == world.film_id
    assert ident.film_start == pytest.approx(1.0, abs=0.5)
    assert tr.verdict is TraceVerdict.ATTRIBUTED and tr.p_value < tr.threshold == 1e-9
    assert tr.session.session_id == world.session_id
    assert tr.keys == 1 and tr.candidates == 2  # the film's two sessions, under one key
    # which key matched: the session's own license, issued to the station that recorded it
    assert (tr.license_id, tr.key_station_id) == ("lic-review-1",
                                                  world.review_station.station_id)
    assert result.status is CaseStatus.TRACED
    check = check_evidence_signature(result.evidence.path)
    assert check.station_id == world.desk_station.station_id
    for name in ("clip.json", "identification.json", "trace.json", "score.png", "session.json",
                 "audit/proof.json", "audit/bundle.json", "custody.json", "frames/pair-01.png",
                 "report.pdf"):
        assert name in check.members
    with zipfile.ZipFile(result.evidence.path) as zf:
        clip = json.loads(zf.read("clip.json"))
        assert clip["sha256"] == result.intake.sha256
        assert clip["seen"]["link"]["url"] == "https://t.me/kino_leaks/77"
        proof = json.loads(zf.read("audit/proof.json"))
        assert [r["event"] for r in proof["records"]] == ["session_start", "end"]
        assert zf.read("audit/bundle.json") == world.bundle.read_bytes()
        assert zf.read("report.pdf")[:5] == b"%PDF-"
    case = desk.case(result.case_id)
    assert case.session_id == world.session_id and case.station_id == tr.session.station_id
    assert case.clip is not None and case.clip.license_id == "lic-review-1"
    assert case.sightings[0].views == 500
    assert [e.action for e in custody.entries(desk.store, result.case_id)][:3] == [
        "intake", "identify", "trace"]
    # session ids are 16 hex digits in every evidence file
    hexid = f"{world.session_id:016x}"
    with zipfile.ZipFile(result.evidence.path) as zf:
        trace = json.loads(zf.read("trace.json"))
        session = json.loads(zf.read("session.json"))
        proof = json.loads(zf.read("audit/proof.json"))
        texts = {n: zf.read(n).decode() for n in zf.namelist() if n.endswith(".json")}
    assert trace["payload"] == hexid and trace["session"]["session_id"] == hexid
    assert session["session_id"] == hexid and proof["session_id"] == hexid
    decimal = str(world.session_id)
    assert not [n for n, text in texts.items() if decimal in text and n != "audit/bundle.json"]


def test_an_unmarked_copy_is_not_attributable(desk: Desk, unmarked: Path) -> None:
    result = desk.scan(unmarked, "https://pirate.example.kz/watch/1")
    assert result.trace.verdict is TraceVerdict.NOT_ATTRIBUTABLE and result.trace.session is None
    assert result.trace.p_value > 1e-9
    assert result.status is CaseStatus.IDENTIFIED
    assert "session.json" not in check_evidence_signature(result.evidence.path).members


def test_an_unrelated_clip_opens_a_found_case_and_opens_no_master(desk: Desk,
                                                                  tmp_path: Path) -> None:
    other = write_clip(tmp_path / "other.mp4", synthetic_frames(77, 8.0, fps=12), fps=12)
    before = desk.store.openings.count(desk.store.films.get(
        desk.films()[0].film_id).license_id)
    result = desk.scan(other, "t.me/s/kino_leaks/80")
    assert not result.identification.found and result.trace is None
    assert result.status is CaseStatus.FOUND
    assert desk.store.openings.count(desk.store.films.all()[0].license_id) == before
    check_evidence_signature(result.evidence.path)


def test_a_mirrored_copy_with_a_logo_is_traced_and_the_evidence_says_it_is_mirrored(
        desk: Desk, world: DeskWorld, screen: Path, tmp_path: Path) -> None:
    """A reposting channel mirrors the film and stamps its logo on it: the desk names the
    film, traces the session through the mirrored view, and says the copy is mirrored."""
    import cv2
    from pdftext import pdf_text

    frames = []
    for _t, image in read_frames(screen, 1.0, 7.5):
        image = np.ascontiguousarray(image[:, ::-1])
        h, w = image.shape[:2]
        cv2.rectangle(image, (w - w // 8, 6), (w - 6, 6 + h // 12), (235, 235, 235), -1)
        frames.append(image)
    raw = write_clip(tmp_path / "raw.mp4", frames, fps=25, crf=18)
    clip = attacked_copy(raw, tmp_path / "mirrored.mp4", Attack(height=240, crf=28))
    result = desk.scan(clip, "https://t.me/kino_leaks/93")
    assert result.identification.found and result.identification.mirrored
    assert result.trace.verdict is TraceVerdict.ATTRIBUTED, result.trace
    assert result.trace.session.session_id == world.session_id
    with zipfile.ZipFile(result.evidence.path) as zf:
        assert json.loads(zf.read("identification.json"))["mirrored"] is True
        assert "mirrored left to right" in pdf_text(zf.read("report.pdf"))
    steps = [e.detail for e in custody.entries(desk.store, result.case_id)
             if e.action == "identify"]
    assert steps and steps[-1].endswith("mirrored left to right")


def test_a_pirate_intro_in_front_of_the_film_does_not_hide_the_session(
        desk: Desk, world: DeskWorld, screen: Path, tmp_path: Path) -> None:
    # 3 s of another picture, then the marked film from its 1 s mark: the film sits at a
    # negative offset in the clip; the trace reads the part that matches it
    intro = list(synthetic_frames(4242, 3.0, fps=25, size=(240, 426)))
    film = [f for _t, f in read_frames(screen, 1.0, 7.5)]
    raw = write_clip(tmp_path / "raw.mp4", [*intro, *(_fit(f, 240, 426) for f in film)],
                     fps=25, crf=18)
    clip = attacked_copy(raw, tmp_path / "intro.mp4", Attack(height=240, crf=28))
    result = desk.scan(clip, "https://t.me/kino_leaks/91")
    ident = result.identification
    assert ident.offset == pytest.approx(-2.0, abs=1.0)
    assert ident.match_start == pytest.approx(3.0, abs=0.75)
    assert result.trace.verdict is TraceVerdict.ATTRIBUTED, result.trace
    assert result.trace.session.session_id == world.session_id
    assert result.trace.clip_start >= 2.5


def _fit(rgb, h: int, w: int):
    import cv2

    return cv2.resize(rgb, (w, h), interpolation=cv2.INTER_AREA)


def test_the_same_clip_seen_at_a_new_link_is_a_new_sighting_of_its_case(
        traced_desk: Desk, traced: _Traced, leak: Path) -> None:
    """The first sighting is the shared scan of the leak at kino_leaks/77 (``traced``)."""
    desk, first = traced_desk, traced.result
    second = desk.scan(leak, "https://t.me/kino_mirror/12", views=99)
    assert second.case_id == first.case_id and not second.new_case
    case = desk.case(first.case_id)
    assert [s.link for s in case.sightings] == ["https://t.me/kino_leaks/77",
                                                "https://t.me/kino_mirror/12"]
    assert case.sightings_count == 2 and len(desk.cases()) == 1
    assert all(Path(s.evidence).is_file() for s in case.sightings)
    assert case.sightings[0].evidence != case.sightings[1].evidence  # none overwritten
    # (the first sighting's file is the shared desk's; the copy holds both under its case)
    assert len({Path(s.evidence).name for s in case.sightings}) == 2
    assert len(list((desk.store.evidence_dir / first.case_id).glob("*.zip"))) == 2
    with zipfile.ZipFile(second.evidence.path) as zf:
        assert len(json.loads(zf.read("clip.json"))["sightings"]) == 2
    with pytest.raises(AlreadyScanned, match=first.case_id):
        desk.scan(leak, "https://t.me/kino_mirror/12")


def test_a_new_copy_of_a_removed_leak_is_a_reupload_and_in_its_group(
        traced_desk: Desk, traced: _Traced, world: DeskWorld, screen: Path,
        tmp_path: Path) -> None:
    """The first copy is the shared scan of the leak (``traced``)."""
    desk, first = traced_desk, traced.result
    desk.set_status(first.case_id, CaseStatus.SENT, "to Telegram")
    desk.set_status(first.case_id, CaseStatus.REMOVED)
    other = attacked_copy(screen, tmp_path / "other.mp4", Attack(height=240, crop=0.02,
                                                                 crf=27), start=0.5, end=7.0)
    second = desk.scan(other, "https://pirate.example.kz/film/1")
    assert second.case_id != first.case_id and second.reupload_of == first.case_id
    assert desk.case(first.case_id).status is CaseStatus.REAPPEARED
    history = [e.status for e in desk.case(first.case_id).events]
    assert history == [CaseStatus.TRACED, CaseStatus.SENT, CaseStatus.REMOVED,
                       CaseStatus.REAPPEARED]
    case = desk.case(second.case_id)
    assert case.group is not None and case.group.case_ids == (first.case_id, second.case_id)
    assert case.group.session_id == world.session_id
    assert [c.session_hex for c in desk.cases()] == [f"{world.session_id:016x}"] * 2


def test_status_changes_follow_the_state_machine(desk: Desk, tmp_path: Path) -> None:
    with pytest.raises(StatusChangeRefused, match="cannot become found"):
        check_transition("TD-1", CaseStatus.TRACED, CaseStatus.FOUND)  # no going back
    other = write_clip(tmp_path / "other.mp4", synthetic_frames(78, 8.0, fps=12), fps=12)
    result = desk.scan(other, "https://t.me/kino_leaks/81")
    assert result.status is CaseStatus.FOUND
    with pytest.raises(StatusChangeRefused, match="set by the desk itself"):
        desk.set_status(result.case_id, CaseStatus.TRACED)
    with pytest.raises(StatusChangeRefused, match="cannot become sent"):
        desk.set_status(result.case_id, CaseStatus.SENT)  # no film: nothing to send
    case = desk.set_status(result.case_id, CaseStatus.CLOSED, "not our film")
    assert case.deadline is None and case.status is CaseStatus.CLOSED
    with pytest.raises(StatusChangeRefused, match="none"):
        desk.set_status(result.case_id, CaseStatus.REMOVED)
    assert [c.case_id for c in desk.cases(CaseStatus.CLOSED)] == [result.case_id]


def test_deadlines_follow_the_status() -> None:
    from datetime import timedelta

    from takedown.cases import deadline_after

    assert deadline_after(CaseStatus.SENT, NOW) - NOW == timedelta(hours=48)
    assert deadline_after(CaseStatus.NOTICE_DRAFTED, NOW) - NOW == timedelta(hours=12)
    assert deadline_after(CaseStatus.REMOVED, NOW) is None


def test_unknown_case(desk: Desk) -> None:
    with pytest.raises(CaseNotFound):
        desk.case("TD-1999-0001")


def test_bad_clip_writes_nothing(desk: Desk, tmp_path: Path) -> None:
    clip = tmp_path / "empty.mp4"
    clip.write_bytes(b"")
    with pytest.raises(TakedownInputError):
        desk.scan(clip, "https://t.me/kino_leaks/77")
    assert desk.cases() == ()
    assert not desk.store.evidence_dir.exists() or not any(desk.store.evidence_dir.rglob("*"))


def test_evidence_tampering_is_detected(desk: Desk, tmp_path: Path) -> None:
    other = write_clip(tmp_path / "other.mp4", synthetic_frames(79, 8.0, fps=12), fps=12)
    result = desk.scan(other, "https://t.me/kino_leaks/77")
    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(result.evidence.path) as src, zipfile.ZipFile(forged, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "clip.json":
                data = data.replace(b"kino_leaks", b"other_chan")
            dst.writestr(item, data)
    with pytest.raises(EvidenceInvalid, match=r"clip\.json"):
        check_evidence_signature(forged)


def test_cancel_during_the_trace_writes_nothing_and_uses_no_session(desk: Desk,
                                                                    leak: Path) -> None:
    class Cancelled(Exception):
        pass

    license_id = desk.store.films.all()[0].license_id
    used = desk.store.openings.count(license_id)
    seen: list[float] = []

    def progress(done: float, total: float) -> None:
        seen.append(done / total)
        if done / total > 0.6:  # inside the trace: the master is open
            raise Cancelled

    with pytest.raises(Cancelled):
        desk.scan(leak, "https://t.me/kino_leaks/77", progress=progress)
    assert desk.cases() == ()
    assert desk.store.openings.count(license_id) == used
    assert not desk.store.evidence_dir.exists() or not any(desk.store.evidence_dir.rglob("*"))
    assert 0.6 < max(seen) < RECORDING_SHARE


def test_the_desk_database_is_private(world: DeskWorld, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        with _desk(world, tmp_path / "fresh") as desk:
            desk.import_audit(world.bundle)
            folder, db = desk.store.folder, desk.store.path
    finally:
        os.umask(old)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    for extra in folder.glob("desk.sqlite3-*"):
        assert stat.S_IMODE(extra.stat().st_mode) == 0o600
