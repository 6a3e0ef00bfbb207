"""The desk end to end with the real vault and registry and a stand-in detector: audit
import (and refusal of a broken bundle), indexing a screener, scanning (case, evidence,
custody), re-uploads, statuses and deadlines."""

from __future__ import annotations

import json
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import itertools

from clipmaker import Attack, attacked_copy, synthetic_frames, write_clip
from deskworld import NOW, OPERATOR, DeskWorld, StepClock, make_world

from takedown.cases import CaseStatus
from takedown.desk import Desk
from takedown.errors import BundleRefused, CaseNotFound, TakedownInputError
from takedown.evidence import EvidenceInvalid, verify_bundle
from takedown.scan import RECORDING_SHARE, AlreadyScanned
from takedown.trace import Verdict


@dataclass(frozen=True)
class FakeDetection:
    payload: int | None
    found: bool
    p_value: float
    log10_p: float
    z_score: float
    bit_errors: int | None = None
    seconds_used: float = 6.0
    mode: str = "informed"
    threshold: float = 1e-9


class FakeDetector:
    """Answers as the watermark would for a clip of session ``payload`` (or of nobody)."""

    def __init__(self, payload: int | None, log10_p: float = -14.0) -> None:
        self.payload, self.log10_p = payload, log10_p
        self.calls: list[tuple] = []

    def __call__(self, clip, key, master=None, candidates=None, progress=None):
        self.calls.append((key, tuple(candidates or ())))
        if self.payload is None:
            return FakeDetection(None, False, 0.3, -0.52, 0.5)
        return FakeDetection(self.payload, True, 10 ** self.log10_p, self.log10_p, 8.0, 2)


@pytest.fixture(scope="module")
def world(tmp_path_factory, sample_clip: Path) -> DeskWorld:
    return make_world(tmp_path_factory.mktemp("world"), sample_clip)


@pytest.fixture(scope="module")
def leak(tmp_path_factory, sample_clip: Path) -> Path:
    return attacked_copy(sample_clip, tmp_path_factory.mktemp("leak") / "leak.mp4",
                         Attack(height=240, crop=0.05, crf=30), start=1.0, end=7.0)


def _desk(world: DeskWorld, folder: Path, detector) -> Desk:
    return Desk.open(folder, station=lambda: world.desk_station, station_folder=world.desk_folder,
                     actor=OPERATOR, clock=StepClock(NOW), detector=detector)


@pytest.fixture
def desk(world: DeskWorld, tmp_path: Path):
    with _desk(world, tmp_path / "desk", FakeDetector(world.session_id)) as d:
        d.import_audit(world.bundle)
        d.index_film(world.screener)
        yield d


def test_import_records_sessions_once(world: DeskWorld, tmp_path: Path) -> None:
    with _desk(world, tmp_path / "d", None) as desk:
        first = desk.import_audit(world.bundle)
        again = desk.import_audit(world.bundle)
    assert (first.sessions_added, first.sessions_known) == (2, 0)
    assert (again.sessions_added, again.sessions_known) == (0, 2)
    assert first.room == "Room 3"


def test_a_tampered_bundle_is_refused_whole(world: DeskWorld, tmp_path: Path) -> None:
    doc = json.loads(world.bundle.read_text())
    doc["room"] = "Room 9"
    bad = tmp_path / "bad.srbundle"
    bad.write_text(json.dumps(doc))
    with _desk(world, tmp_path / "d", None) as desk, pytest.raises(BundleRefused):
        desk.import_audit(bad)
    with _desk(world, tmp_path / "d", None) as desk:
        assert desk.store.db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == 0
        assert desk.store.db.execute("SELECT COUNT(*) FROM bundles").fetchone()[0] == 0


def test_scan_traces_and_signs_the_evidence(desk: Desk, world: DeskWorld, leak: Path) -> None:
    result = desk.scan(leak, "https://t.me/kino_leaks/77", views=500)
    assert result.identification.film.film_id == world.film_id
    assert result.identification.offset == pytest.approx(1.0, abs=0.5)
    assert result.trace.verdict is Verdict.ATTRIBUTED
    assert result.trace.session.session_id == world.session_id
    assert result.trace.threshold == 1e-9 and result.trace.p_value < 1e-9
    # the detector got the film's sessions as candidates and the license's watermark key
    key, candidates = desk.detector.calls[0]
    assert key == world.watermark_key
    assert set(candidates) == {world.session_id, world.other_session_id}
    assert result.status is CaseStatus.TRACED
    check = verify_bundle(result.evidence.path)
    assert check.station_id == world.desk_station.station_id
    for name in ("clip.json", "identification.json", "trace.json", "score.png", "session.json",
                 "audit/proof.json", "audit/bundle.json", "custody.json", "frames/pair-01.png"):
        assert name in check.members
    with zipfile.ZipFile(result.evidence.path) as zf:
        clip = json.loads(zf.read("clip.json"))
        assert clip["sha256"] == result.intake.sha256
        assert clip["seen"]["link"]["url"] == "https://t.me/kino_leaks/77"
        proof = json.loads(zf.read("audit/proof.json"))
        assert proof["session_id"] == f"{world.session_id:016x}"
        assert [r["event"] for r in proof["records"]] == ["session_start", "end"]
        assert zf.read("audit/bundle.json") == world.bundle.read_bytes()
        assert zf.read("score.png")[:8] == b"\x89PNG\r\n\x1a\n"
    # the PDF report comes from the document renderer when its template is installed
    assert ("report.pdf" in check.members) != bool(result.report_note)
    case = desk.case(result.case_id)
    assert case.session_id == world.session_id and case.clips[0].views == 500
    assert [e.action for e in __import__("takedown.custody", fromlist=["x"]).entries(
        desk.store, result.case_id)][:3] == ["intake", "identify", "trace"]


def test_below_threshold_is_not_attributable(world: DeskWorld, tmp_path: Path,
                                             leak: Path) -> None:
    with _desk(world, tmp_path / "d", FakeDetector(world.session_id, log10_p=-6.0)) as desk:
        desk.import_audit(world.bundle)
        desk.index_film(world.screener)
        result = desk.scan(leak, "https://pirate.example.kz/watch/1")
    assert result.trace.verdict is Verdict.NOT_ATTRIBUTABLE and result.trace.session is None
    assert result.status is CaseStatus.IDENTIFIED
    assert "session.json" not in verify_bundle(result.evidence.path).members


def test_unrelated_clip_opens_a_found_case(desk: Desk, tmp_path: Path) -> None:
    other = write_clip(tmp_path / "other.mp4", synthetic_frames(77, 8.0, fps=12), fps=12)
    result = desk.scan(other, "t.me/s/kino_leaks/80")
    assert not result.identification.found and result.trace is None
    assert result.status is CaseStatus.FOUND
    assert desk.detector.calls == []
    verify_bundle(result.evidence.path)


def test_same_clip_twice_and_reupload(desk: Desk, leak: Path, tmp_path: Path,
                                      sample_clip: Path) -> None:
    first = desk.scan(leak, "https://t.me/kino_leaks/77")
    with pytest.raises(AlreadyScanned, match=first.case_id):
        desk.scan(leak, "https://t.me/kino_leaks/78")
    desk.set_status(first.case_id, CaseStatus.SENT, "to Telegram")
    desk.set_status(first.case_id, CaseStatus.REMOVED)
    again = attacked_copy(sample_clip, tmp_path / "again.mp4", Attack(height=200, crf=33),
                          start=2.0, end=8.0)
    second = desk.scan(again, "https://t.me/kino_leaks2/5")
    assert second.reupload_of == first.case_id
    assert desk.case(first.case_id).status is CaseStatus.REAPPEARED
    assert desk.case(second.case_id).reupload_of == first.case_id
    history = [e.status for e in desk.case(first.case_id).events]
    assert history == [CaseStatus.TRACED, CaseStatus.SENT, CaseStatus.REMOVED,
                       CaseStatus.REAPPEARED]


def test_deadlines_follow_the_status(desk: Desk, leak: Path) -> None:
    result = desk.scan(leak, "https://t.me/kino_leaks/77")
    case = desk.set_status(result.case_id, CaseStatus.SENT)
    assert (case.deadline - case.updated_at).total_seconds() == 48 * 3600
    case = desk.set_status(result.case_id, CaseStatus.REMOVED)
    assert case.deadline is None
    assert [c.case_id for c in desk.cases(CaseStatus.REMOVED)] == [result.case_id]


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


def test_evidence_tampering_is_detected(desk: Desk, leak: Path, tmp_path: Path) -> None:
    result = desk.scan(leak, "https://t.me/kino_leaks/77")
    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(result.evidence.path) as src, zipfile.ZipFile(forged, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "clip.json":
                data = data.replace(b"kino_leaks", b"other_chan")
            dst.writestr(item, data)
    with pytest.raises(EvidenceInvalid, match=r"clip\.json"):
        verify_bundle(forged)


def test_cancel_from_progress_writes_nothing(desk: Desk, leak: Path) -> None:
    class Cancelled(Exception):
        pass

    seen: list[float] = []

    def progress(done: float, total: float) -> None:
        seen.append(done / total)
        if done / total > 0.1:
            raise Cancelled

    with pytest.raises(Cancelled):
        desk.scan(leak, "https://t.me/kino_leaks/77", progress=progress)
    assert desk.cases() == ()
    assert not desk.store.evidence_dir.exists() or not any(desk.store.evidence_dir.rglob("*"))
    assert max(seen) < RECORDING_SHARE


def test_progress_reaches_the_end(desk: Desk, leak: Path) -> None:
    seen: list[float] = []
    desk.scan(leak, "https://t.me/kino_leaks/77", progress=lambda d, t: seen.append(d / t))
    assert seen[-1] == 1.0 and RECORDING_SHARE in seen
    assert all(b >= a - 1e-9 for a, b in itertools.pairwise(seen))
