"""The desk trusts the office, not the first bundle it sees. Each test is an attack a
station holding its own key could make (or a fault of the office's records), and the
desk's answer: a refusal, and for what speaks against a station, a finding on it."""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from deskworld import NOW, OPERATOR, DeskWorld, StepClock, make_world
from signers import KeyOnly
from stations import drop_tail, enroll, record_sessions

from screeningroom.registry import SessionEnd
from takedown.desk import Desk
from takedown.errors import BundleRefused, DeskNotReady
from takedown.findings import FindingKind
from takedown.recording import ScanResult

VICTIM_SESSION = 0x5EC0_0000_0000_0042  # the world's review session


@pytest.fixture
def world(tmp_path: Path, sample_clip: Path) -> DeskWorld:
    # a fresh office per test: revocations and stations added here must not leak out
    return make_world(tmp_path / "world", sample_clip)


def _desk(world: DeskWorld, folder: Path) -> Desk:
    return Desk.open(folder, station=lambda: world.desk_station,
                     station_folder=world.desk_folder, actor=OPERATOR,
                     clock=StepClock(NOW + timedelta(days=2)))


def _license_key(world: DeskWorld, license_id: str) -> bytes:
    from screeningroom.vault import read_manifest

    return world.authority.forensic_keys(
        world.film_id, read_manifest(world.screener).manifest_hash).for_license(license_id)


def _leak(world: DeskWorld, folder: Path, name: str, key: bytes, session_id: int) -> Path:
    """The film as a station's screen showed it, marked under ``key`` with ``session_id``,
    then cropped, scaled to 360 lines and re-encoded: 6.5 s of it. A copy these tests read
    with a wide margin under any key (log10 p about -27): they are about whom a mark names,
    not how much of it an attack leaves (at 240 lines and CRF 28 one key in about fifteen
    read only just, and now and then not at all)."""
    from clipmaker import Attack, attacked_copy, read_frames, write_clip
    from deskworld import marked_frames

    screen = write_clip(folder / f"{name}-screen.mp4", marked_frames(
        read_frames(world.root / "film-source.mp4"), key, session_id), crf=16)
    return attacked_copy(screen, folder / f"{name}.mp4", Attack(height=360, crop=0.04, crf=23),
                         start=1.0, end=7.5)


def test_without_the_office_revocation_list_no_bundle_is_imported(world: DeskWorld,
                                                                  tmp_path: Path) -> None:
    (world.desk_folder / "revocations.srr").unlink()
    with _desk(world, tmp_path / "d") as desk, pytest.raises(DeskNotReady,
                                                             match="revocation list"):
        desk.import_audit(world.bundle)


def test_a_bundle_from_a_revoked_station_is_refused_and_recorded(world: DeskWorld,
                                                                 tmp_path: Path) -> None:
    thief, cert = enroll(world, "thief", now=NOW)
    bundle = record_sessions(thief, cert, tmp_path / "thief.sqlite3", tmp_path / "t.srbundle",
                             [(VICTIM_SESSION, NOW + timedelta(hours=1), NOW + timedelta(
                                 hours=2))], film_id=world.film_id, license_id="lic-t",
                             export_at=NOW + timedelta(hours=3))
    revoked = tmp_path / "revoked.srr"
    revoked.write_bytes(world.authority.revoke(stations=(thief.station_id,), now=NOW))
    with _desk(world, tmp_path / "d") as desk:
        desk.install_trust(revoked)
        with pytest.raises(BundleRefused, match="revoked"):
            desk.import_audit(bundle)
        assert desk.sessions_of_film(world.film_id) == ()
        [finding] = desk.findings(thief.station_id)
        assert finding.kind is FindingKind.REVOKED_STATION
        # the genuine station's bundle claiming the same session id is imported and holds it
        desk.import_audit(world.bundle)
        [s] = [s for s in desk.sessions_of_film(world.film_id)
               if s.session_id == VICTIM_SESSION]
        assert s.station_id == world.review_station.station_id
        view = next(v for v in desk.stations() if v.station.station_id == thief.station_id)
        assert view.revoked and view.findings == (finding,)


def test_an_older_revocation_list_is_not_installed(world: DeskWorld, tmp_path: Path) -> None:
    newer = tmp_path / "newer.srr"
    newer.write_bytes(world.authority.revoke(now=NOW))
    with _desk(world, tmp_path / "d") as desk:
        desk.install_trust(newer)
        from screeningroom.vault.errors import StaleRevocations

        with pytest.raises(StaleRevocations):
            desk.install_trust(world.revocations)
        assert desk.revocations().sequence == 2


@pytest.mark.parametrize("when", ["after", "before"])  # its end; its start (back-dated)
def test_a_bundle_whose_certificate_did_not_cover_its_records_is_refused(
        world: DeskWorld, tmp_path: Path, when: str) -> None:
    station, cert = enroll(world, "short", now=NOW, days=2, valid_from=NOW - timedelta(days=1))
    at = NOW + timedelta(days=5) if when == "after" else NOW - timedelta(days=6)
    bundle = record_sessions(station, cert, tmp_path / "s.sqlite3", tmp_path / "s.srbundle",
                             [(0x1234, at, at + timedelta(hours=1))],
                             film_id=world.film_id, license_id="lic-s",
                             export_at=max(at, NOW) + timedelta(hours=2))
    with _desk(world, tmp_path / "d") as desk:
        with pytest.raises(BundleRefused, match="did not cover"):
            desk.import_audit(bundle)
        assert [f.kind for f in desk.findings(station.station_id)] == [
            FindingKind.CERTIFICATE_NOT_VALID]
        assert desk.sessions_of_film(world.film_id) == ()


def test_sessions_are_keyed_by_station_and_a_shared_id_is_a_finding_on_both(
        world: DeskWorld, tmp_path: Path) -> None:
    other, cert = enroll(world, "other", now=NOW)
    # the other station imports first, claiming the world's session id for itself
    claim = record_sessions(other, cert, tmp_path / "o.sqlite3", tmp_path / "o.srbundle",
                            [(VICTIM_SESSION, NOW + timedelta(minutes=30),
                              NOW + timedelta(hours=2))], film_id=world.film_id,
                            license_id="lic-o", export_at=NOW + timedelta(hours=3))
    with _desk(world, tmp_path / "d") as desk:
        desk.import_audit(claim)
        got = desk.import_audit(world.bundle)
        assert got.sessions_added == 2 and got.findings == (f"{VICTIM_SESSION:016x}",)
        both = desk.store.stations.sessions_with_id(VICTIM_SESSION)
        assert {s.station_id for s in both} == {other.station_id,
                                                world.review_station.station_id}
        for station in (other.station_id, world.review_station.station_id):
            [finding] = desk.findings(station)
            assert finding.kind is FindingKind.SESSION_CLAIMED_TWICE
            assert finding.session_id == VICTIM_SESSION
        desk.import_audit(world.bundle)  # again: no second finding
        assert len(desk.findings()) == 2


@pytest.mark.parametrize("incremental", [False, True])
def test_a_later_bundle_gives_an_open_session_its_end(world: DeskWorld, tmp_path: Path,
                                                      incremental: bool) -> None:
    """The later bundle is the whole log again, or (``audit export --since N``) only the
    records after the first: it holds the session's end but not its start."""
    from deskworld import FAST, MEMBER

    from screeningroom.registry import Registry

    station, cert = enroll(world, "open", now=NOW)
    start = NOW + timedelta(hours=1)
    with Registry.open(tmp_path / "r.sqlite3", station, settings=FAST, now=start) as reg:
        reg.add_member(MEMBER, "A", "member-password", now=start)
        reg.start_session(MEMBER, world.film_id, "lic-x", "sr-lf/1", room="Room 7",
                          now=start, session_id=0xABC)
        first = reg.export_bundle(tmp_path / "first.srbundle", cert,
                                  now=start + timedelta(minutes=5))
        held = len(list(reg.records()))
        reg.end_session(0xABC, now=start + timedelta(hours=2))
        later = reg.export_bundle(tmp_path / "later.srbundle", cert,
                                  since_seq=held + 1 if incremental else None,
                                  now=start + timedelta(hours=3))
    with _desk(world, tmp_path / "d") as desk:
        desk.import_audit(first)
        assert desk.store.stations.session(station.station_id, 0xABC).end is SessionEnd.OPEN
        got = desk.import_audit(later)
        assert (got.sessions_ended, got.sessions_added) == (1, 0)
        ended = desk.store.stations.session(station.station_id, 0xABC)
        assert ended.end is SessionEnd.CLEAN and ended.ended_at == start + timedelta(hours=2)


def test_a_forked_log_is_refused_as_tampering(world: DeskWorld, tmp_path: Path) -> None:
    # a fresh registry under the same station key, back-dated, with a chosen session id
    fork = record_sessions(KeyOnly(world.review_station), world.review_cert,
                           tmp_path / "fork.sqlite3",
                           tmp_path / "fork.srbundle",
                           [(0x0BAD, NOW + timedelta(minutes=10), NOW + timedelta(hours=1))],
                           film_id=world.film_id, license_id="lic-review-1",
                           export_at=NOW + timedelta(hours=7))
    with _desk(world, tmp_path / "d") as desk:
        desk.import_audit(world.bundle)
        with pytest.raises(BundleRefused, match="forked log"):
            desk.import_audit(fork)
        [finding] = desk.findings(world.review_station.station_id)
        assert finding.kind is FindingKind.FORKED_LOG and finding.kind.tampering
        assert desk.store.stations.session(world.review_station.station_id, 0x0BAD) is None
        assert (desk.store.bundles_dir / "refused" / f"{finding.bundle_sha256}.json").is_file()


def test_dropping_the_tail_and_signing_again_is_refused_as_tampering(
        world: DeskWorld, tmp_path: Path) -> None:
    # the station drops its second session's records and signs the log again, later
    forged = drop_tail(world.bundle, world.review_station, tmp_path / "tail.srbundle",
                       keep_sessions=1, export_at=NOW + timedelta(hours=8))
    with _desk(world, tmp_path / "d") as desk:
        desk.import_audit(world.bundle)
        with pytest.raises(BundleRefused, match="dropped"):
            desk.import_audit(forged)
        [finding] = desk.findings(world.review_station.station_id)
        assert finding.kind is FindingKind.DROPPED_RECORDS


def test_an_older_export_of_the_same_log_is_not_tampering(world: DeskWorld,
                                                          tmp_path: Path) -> None:
    older = drop_tail(world.bundle, world.review_station, tmp_path / "older.srbundle",
                      keep_sessions=1, export_at=NOW + timedelta(hours=3))
    with _desk(world, tmp_path / "d") as desk:
        desk.import_audit(world.bundle)
        desk.import_audit(older)  # a consistent prefix, exported before: nothing lost
        assert desk.findings() == ()


def test_a_log_rewritten_without_its_first_records_is_refused_as_tampering(
        world: DeskWorld, tmp_path: Path) -> None:
    # the head dropped: a new log that holds only the second session, signed again
    headless = record_sessions(
        KeyOnly(world.review_station), world.review_cert, tmp_path / "head.sqlite3",
        tmp_path / "head.srbundle",
        [(world.other_session_id, NOW + timedelta(hours=4), NOW + timedelta(hours=5))],
        film_id=world.film_id, license_id="lic-review-1", export_at=NOW + timedelta(hours=9))
    with _desk(world, tmp_path / "d") as desk:
        desk.import_audit(world.bundle)
        with pytest.raises(BundleRefused, match="two histories"):
            desk.import_audit(headless)
        assert [f.kind for f in desk.findings()] == [FindingKind.FORKED_LOG]


def test_a_bundle_starting_after_a_gap_is_refused(world: DeskWorld, tmp_path: Path) -> None:
    from deskworld import FAST

    from screeningroom.registry import Registry

    with Registry.open(world.root / "review" / "registry.sqlite3", world.review_station,
                       settings=FAST, now=NOW + timedelta(hours=7)) as reg:
        tail = reg.export_bundle(tmp_path / "since3.srbundle", world.review_cert, since_seq=3,
                                 now=NOW + timedelta(hours=7))
    with _desk(world, tmp_path / "d") as desk:
        with pytest.raises(BundleRefused, match="from record 1 first"):
            desk.import_audit(tail)
        desk.import_audit(world.bundle)
        desk.import_audit(tail)  # an incremental export that continues the held records
        assert desk.findings() == ()


def test_the_kept_bundle_is_the_verified_bytes_under_their_digest(world: DeskWorld,
                                                                  tmp_path: Path) -> None:
    import hashlib

    with _desk(world, tmp_path / "d") as desk:
        got = desk.import_audit(world.bundle)
        kept = desk.store.bundles_dir / f"{got.bundle_sha256}.json"
        assert kept.read_bytes() == world.bundle.read_bytes()
        assert hashlib.sha256(kept.read_bytes()).hexdigest() == got.bundle_sha256


def test_stations_and_findings_commands_list_the_tampering(world: DeskWorld, tmp_path: Path,
                                                           monkeypatch, capsys) -> None:
    from takedown.cli import main

    home = tmp_path / "home"
    monkeypatch.setenv("SCREENINGROOM_HOME", str(home))
    import shutil

    shutil.copytree(world.desk_folder, home / "station")
    forged = drop_tail(world.bundle, world.review_station, tmp_path / "tail.srbundle",
                       keep_sessions=1, export_at=NOW + timedelta(hours=8))
    assert main(["import-audit", str(world.bundle)]) == 0
    assert main(["import-audit", str(forged)]) == 1
    capsys.readouterr()
    assert main(["stations"]) == 0
    out = capsys.readouterr().out
    assert world.review_station.station_id in out and "tampering found" in out
    assert main(["findings"]) == 0
    out = capsys.readouterr().out
    assert "records the desk holds were dropped" in out


def test_an_import_refusal_names_the_file_not_a_temporary_copy(world: DeskWorld,
                                                               tmp_path: Path) -> None:
    doc = json.loads(world.bundle.read_text())
    doc["room"] = "Room 9"
    bad = tmp_path / "bad.srbundle"
    bad.write_text(json.dumps(doc))
    with _desk(world, tmp_path / "d") as desk, pytest.raises(BundleRefused) as caught:
        desk.import_audit(bad)
    assert "bad.srbundle" in str(caught.value) and ".staged" not in str(caught.value)


def test_a_copy_marked_under_a_stations_key_with_another_stations_session_is_tampering_there(
        world: DeskWorld, tmp_path: Path) -> None:

    from takedown.trace import TraceVerdict

    thief, cert = enroll(world, "thief", now=NOW)
    own = record_sessions(thief, cert, tmp_path / "t.sqlite3", tmp_path / "t.srbundle",
                          [(0x7777, NOW + timedelta(hours=1), NOW + timedelta(hours=2))],
                          film_id=world.film_id, license_id="lic-thief",
                          export_at=NOW + timedelta(hours=3))
    # the thief's station can mark only under its own license key: it stamps the victim's id
    copy = _leak(world, tmp_path, "copy", _license_key(world, "lic-thief"), VICTIM_SESSION)
    with _desk(world, tmp_path / "d") as desk:
        desk.import_audit(world.bundle)
        desk.import_audit(own)
        desk.index_film(world.screener)
        result = desk.scan(copy, "https://t.me/kino_leaks/99")
        tr = result.trace
        assert tr.verdict is TraceVerdict.UNRECORDED_MARK and tr.session is None
        assert tr.payload == VICTIM_SESSION and tr.keys == 2
        assert (tr.license_id, tr.key_station_id) == ("lic-thief", thief.station_id)
        case = desk.case(result.case_id)
        assert case.session_id is None and case.status.value == "identified"
        [finding] = desk.findings(thief.station_id)
        assert finding.kind is FindingKind.UNRECORDED_MARK and finding.case_id == case.case_id
        assert desk.findings(world.review_station.station_id) == ()  # the victim is not accused


def test_a_station_put_back_from_its_backup_after_an_export_is_a_forked_log(
        world: DeskWorld, tmp_path: Path) -> None:
    """The whole station folder and registry restored from a backup (the station cannot
    tell), sessions played again, exported: the desk holds the records the backup lost."""
    import shutil

    from deskworld import FAST, MEMBER

    from screeningroom.registry import Registry

    station, cert = enroll(world, "restored", now=NOW)
    db = tmp_path / "r.sqlite3"
    t = NOW + timedelta(hours=1)

    def play(sid: int, at: datetime) -> None:
        with Registry.open(db, station, settings=FAST, now=at) as reg:
            if not reg.members():
                reg.add_member(MEMBER, "A", "member-password", now=at)
            reg.start_session(MEMBER, world.film_id, "lic-r", "sr-lf/1", room="Room 7",
                              now=at, session_id=sid)
            reg.end_session(sid, now=at + timedelta(minutes=30))

    def export(name: str, at: datetime) -> Path:
        with Registry.open(db, station, settings=FAST, now=at) as reg:
            return reg.export_bundle(tmp_path / name, cert, now=at)

    play(0x1001, t)
    backup = tmp_path / "backup"
    backup.mkdir()
    for file in (db, station.audit_head_path):
        shutil.copy2(file, backup / file.name)
    play(0x1002, t + timedelta(hours=1))
    first = export("first.srbundle", t + timedelta(hours=2))
    for file in (db, station.audit_head_path):
        shutil.copy2(backup / file.name, file)
    play(0x1003, t + timedelta(hours=3))  # the quota of the lost session played again
    second = export("second.srbundle", t + timedelta(hours=4))
    with _desk(world, tmp_path / "d") as desk:
        desk.import_audit(first)
        with pytest.raises(BundleRefused, match="forked log"):
            desk.import_audit(second)
        assert [f.kind for f in desk.findings(station.station_id)] == [FindingKind.FORKED_LOG]
        assert desk.store.stations.session(station.station_id, 0x1003) is None


def test_a_leak_marked_under_a_revoked_stations_license_is_found_and_not_attributed(
        world: DeskWorld, tmp_path: Path) -> None:
    """The desk refuses a revoked station's bundles, but a copy marked under the key of a
    license that only such a refused bundle records is still found: the desk tries that
    license's key (counted in p), names the license, the station and the refused bundle,
    and accuses no session (the records it would take the session from are not accepted)."""

    from takedown.commands import trace_lines
    from takedown.trace import TraceVerdict

    stolen, cert = enroll(world, "stolen", now=NOW)
    sid = 0x0BAD_0000_0000_0013
    bundle = record_sessions(stolen, cert, tmp_path / "s.sqlite3", tmp_path / "s.srbundle",
                             [(sid, NOW + timedelta(hours=1), NOW + timedelta(hours=2))],
                             film_id=world.film_id, license_id="lic-stolen",
                             export_at=NOW + timedelta(hours=3))
    copy = _leak(world, tmp_path, "copy", _license_key(world, "lic-stolen"), sid)
    revoked = tmp_path / "revoked.srr"
    revoked.write_bytes(world.authority.revoke(stations=(stolen.station_id,), now=NOW))
    with _desk(world, tmp_path / "d") as desk:
        desk.install_trust(revoked)
        desk.import_audit(world.bundle)
        with pytest.raises(BundleRefused, match="revoked"):
            desk.import_audit(bundle)
        desk.index_film(world.screener)
        result = desk.scan(copy, "https://t.me/kino_leaks/13")
        tr = result.trace
        assert tr.verdict is TraceVerdict.REFUSED_RECORDS and tr.session is None
        assert tr.payload == sid and tr.keys == 2 and tr.p_value <= tr.threshold
        assert (tr.license_id, tr.key_station_id) == ("lic-stolen", stolen.station_id)
        [finding] = desk.findings(stolen.station_id)
        assert tr.refused_bundle == finding.bundle_sha256 and tr.refused_recorded
        case = desk.case(result.case_id)
        assert case.session_id is None and case.status.value == "identified"
        said = " ".join(trace_lines(tr))
        assert "lic-stolen" in said and stolen.station_id in said and finding.bundle_sha256 in said
        assert "No session is accused" in said and f"records session {sid:016x}" in said
        with zipfile.ZipFile(result.evidence.path) as zf:
            kept = json.loads(zf.read("trace.json"))
            assert "report.pdf" in zf.namelist()
        assert kept["verdict"] == "refused records" and kept["session"] is None
        assert kept["refused_bundle"] == finding.bundle_sha256
        # the genuine station's copy is still attributed, with the refused key counted in p
        leak = _leak(world, tmp_path, "leak", world.watermark_key, VICTIM_SESSION)
        tr = desk.scan(leak, "https://t.me/kino_leaks/14").trace
        assert tr.verdict is TraceVerdict.ATTRIBUTED and tr.keys == 2
        assert tr.session.session_id == VICTIM_SESSION


LATE_SESSION = 0xABC0_0000_0000_0001


@pytest.fixture(scope="module")
def late(tmp_path_factory, sample_clip: Path) -> tuple[DeskWorld, Path]:
    """The world of the two cases below and the copy they scan, made once for both: marked
    under the key of license lic-late (a key of the office's, whichever station records the
    license) with LATE_SESSION. Each case enrolls a station of its own and reads its log
    with a desk of its own; neither revokes anything."""
    root = tmp_path_factory.mktemp("late")
    world = make_world(root / "world", sample_clip)
    copy = _leak(world, root, "copy", _license_key(world, "lic-late"), LATE_SESSION)
    return world, copy


@pytest.mark.parametrize("incremental", [True, False], ids=["since", "whole-log"])
def test_the_evidence_of_a_session_ended_in_a_later_bundle_carries_its_end(
        late: tuple[DeskWorld, Path], tmp_path: Path, incremental: bool) -> None:
    """A session started in one bundle and ended in a later one: an incremental (``--since``)
    bundle is added to the evidence beside the first; a whole-log export (the default) holds
    the start too and is the proof alone. Either way session.json has the end the signed
    end record gives, and the evidence verifies. (The world and the marked copy are made
    once for both cases: ``late``.)"""
    from deskworld import FAST, MEMBER

    from screeningroom.registry import Registry
    from takedown.evidence.verify import verify_evidence

    world, copy = late
    station, cert = enroll(world, "late-since" if incremental else "late-whole", now=NOW)
    start, sid = NOW + timedelta(hours=1), LATE_SESSION
    with Registry.open(tmp_path / "r.sqlite3", station, settings=FAST, now=start) as reg:
        reg.add_member(MEMBER, "A", "member-password", now=start)
        reg.start_session(MEMBER, world.film_id, "lic-late", "sr-lf/1", room="Room 7",
                          now=start, session_id=sid)
        first = reg.export_bundle(tmp_path / "first.srbundle", cert,
                                  now=start + timedelta(minutes=5))
        held = len(list(reg.records()))
        reg.end_session(sid, now=start + timedelta(hours=2))
        later = reg.export_bundle(tmp_path / "later.srbundle", cert,
                                  since_seq=held + 1 if incremental else None,
                                  now=start + timedelta(hours=3))
    with _desk(world, tmp_path / "d") as desk:
        desk.import_audit(first)
        desk.import_audit(later)
        desk.index_film(world.screener)
        result = desk.scan(copy, "https://t.me/kino_leaks/21")
        assert result.trace.session.session_id == sid
        verdict = verify_evidence(result.evidence.path, desk.trust_anchor())
    with zipfile.ZipFile(result.evidence.path) as zf:
        session = json.loads(zf.read("session.json"))
        proof = json.loads(zf.read("audit/proof.json"))
        assert ("audit/end-bundle.json" in zf.namelist()) is incremental
        kept = zf.read("audit/bundle.json")
    assert session["end"] == "clean" and session["ended_at"].startswith(
        (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    assert [r["event"] for r in proof["records"]] == ["session_start", "end"]
    assert bool(proof["end_bundle_sha256"]) is incremental
    assert kept == (first if incremental else later).read_bytes()
    assert all(c.ok for c in verdict.checks), [c for c in verdict.checks if not c.ok]


def _session_over_three_bundles(world: DeskWorld, tmp_path: Path, folder: str
                                ) -> tuple[Path, Path, Path, int, object, bytes]:
    """A station's session started in its first bundle, records of another kind in a second
    (``--since``) and the end in a third (``--since``); with a twin of the station (its
    folder copied before it wrote anything: the same key, a log of its own) and the
    certificate."""
    import shutil

    from deskworld import FAST, MEMBER
    from stations import PASS

    from screeningroom.registry import Registry
    from screeningroom.vault import load_station

    station, cert = enroll(world, folder, now=NOW)
    shutil.copytree(world.root / folder, world.root / f"{folder}-twin")
    twin = load_station(PASS, folder=world.root / f"{folder}-twin")
    start, sid = NOW + timedelta(hours=1), 0xABC0_0000_0000_0002
    out = tmp_path / folder
    with Registry.open(tmp_path / f"{folder}.sqlite3", station, settings=FAST,
                       now=start) as reg:
        reg.add_member(MEMBER, "A", "member-password", now=start)
        reg.start_session(MEMBER, world.film_id, f"lic-{folder}", "sr-lf/1", room="Room 7",
                          now=start, session_id=sid)
        first = reg.export_bundle(out / "first.srbundle", cert, now=start + timedelta(minutes=5))
        held = len(list(reg.records()))
        reg.add_member("second.member", "B", "member-password",
                       now=start + timedelta(minutes=30))
        middle = reg.export_bundle(out / "middle.srbundle", cert, since_seq=held + 1,
                                   now=start + timedelta(minutes=40))
        held = len(list(reg.records()))
        reg.end_session(sid, now=start + timedelta(hours=2))
        last = reg.export_bundle(out / "last.srbundle", cert, since_seq=held + 1,
                                 now=start + timedelta(hours=3))
    return first, middle, last, sid, twin, cert


def _scanned(desk: Desk, world: DeskWorld, tmp_path: Path, bundles: tuple[Path, ...],
             license_id: str, sid: int) -> ScanResult:
    """The desk after importing ``bundles``, scanning a copy marked for session ``sid``
    under the key of ``license_id``: the scan's result."""
    copy = _leak(world, tmp_path, "copy", _license_key(world, license_id), sid)
    for bundle in bundles:
        desk.import_audit(bundle)
    desk.index_film(world.screener)
    return desk.scan(copy, "https://t.me/kino_leaks/22")


@dataclass(frozen=True)
class _Chain:
    world: DeskWorld
    first: Path
    middle: Path
    last: Path
    sid: int
    twin: object
    cert: bytes
    desk: Path  # the desk after the scan (read only: the tests open copies)
    result: ScanResult


@pytest.fixture(scope="module")
def chain(tmp_path_factory, sample_clip: Path) -> _Chain:
    """A session over three bundles (``_session_over_three_bundles``) and the desk's scan of
    a copy marked for it: made and scanned once for the two tests of the chain (the one
    reads the evidence, the other forges from it); neither changes the world."""
    root = tmp_path_factory.mktemp("chain")
    world = make_world(root / "world", sample_clip)
    first, middle, last, sid, twin, cert = _session_over_three_bundles(world, root, "chain")
    with _desk(world, root / "d") as desk:
        result = _scanned(desk, world, root, (first, middle, last), "lic-chain", sid)
    return _Chain(world, first, middle, last, sid, twin, cert, root / "d", result)


def _chain_desk(chain: _Chain, tmp_path: Path) -> Desk:
    folder = tmp_path / "d"
    shutil.copytree(chain.desk, folder)
    return _desk(chain.world, folder)


def test_the_evidence_follows_the_chain_from_start_to_end_through_the_bundles_between(
        chain: _Chain, tmp_path: Path) -> None:
    """The end came two bundles after the start: the one between goes into the evidence,
    named in the proof, and the evidence verifies without the desk. (The scan is the one
    ``chain`` shares.)"""
    from pdftext import pdf_text

    from takedown.evidence.verify import verify_evidence

    middle, last, sid, result = chain.middle, chain.last, chain.sid, chain.result
    with _chain_desk(chain, tmp_path) as desk:
        assert result.trace.session.session_id == sid
        verdict = verify_evidence(result.evidence.path, desk.trust_anchor())
    with zipfile.ZipFile(result.evidence.path) as zf:
        proof = json.loads(zf.read("audit/proof.json"))
        assert zf.read("audit/between-01.json") == middle.read_bytes()
        assert zf.read("audit/end-bundle.json") == last.read_bytes()
        assert json.loads(zf.read("session.json"))["end"] == "clean"
        report = " ".join(pdf_text(zf.read("report.pdf")).split())
    shas = [hashlib.sha256(b.read_bytes()).hexdigest() for b in (middle, last)]
    assert proof["between_bundle_sha256"] == shas[:1]
    assert "in a later bundle of the same station" in report
    assert all(sha[:12] in report.replace(" ", "") for sha in shas)
    assert all(c.ok for c in verdict.checks), [c for c in verdict.checks if not c.ok]


def test_an_evidence_bundle_whose_end_does_not_follow_on_its_start_is_invalid(
        chain: _Chain, tmp_path: Path) -> None:
    """A desk that signs evidence whose end bundle is not shown to continue the start
    bundle's chain: the records between left out, an end bundle from another log of the
    same station key (a re-installed station's new log), or another bundle in the place
    of the one the proof names. The offline check says which file breaks the chain. (One
    scan, the one ``chain`` shares; each forgery made from its evidence.)"""
    from deskworld import FAST, MEMBER

    from screeningroom.registry import Registry
    from takedown.evidence.bundle import MANIFEST, SIGNATURE, write_evidence_bundle
    from takedown.evidence.verify import verify_evidence

    world, sid, twin, cert = chain.world, chain.sid, chain.twin, chain.cert
    # the same station's key writing a second log from the start: it ends the session
    start = NOW + timedelta(hours=1)
    with Registry.open(tmp_path / "other.sqlite3", twin, settings=FAST, now=start) as reg:
        reg.add_member(MEMBER, "A", "member-password", now=start)
        reg.start_session(MEMBER, world.film_id, "lic-chain", "sr-lf/1", room="Room 7",
                          now=start, session_id=sid)
        reg.end_session(sid, now=start + timedelta(hours=2))
        other = reg.export_bundle(tmp_path / "other.srbundle", cert,
                                  now=start + timedelta(hours=3)).read_bytes()
    with _chain_desk(chain, tmp_path) as desk:
        result = chain.result
        with zipfile.ZipFile(result.evidence.path) as zf:
            signed = {n: zf.read(n) for n in zf.namelist() if n not in (MANIFEST, SIGNATURE)}
        for attack in ("bundle-between-left-out", "end-from-another-log",
                       "bundle-between-swapped"):
            members = dict(signed)
            proof = json.loads(members["audit/proof.json"])
            if attack == "bundle-between-left-out":
                del members["audit/between-01.json"]
                proof["between_bundle_sha256"] = []
            elif attack == "end-from-another-log":
                members["audit/end-bundle.json"] = other
                proof["end_bundle_sha256"] = hashlib.sha256(other).hexdigest()
                del members["audit/between-01.json"]
                proof["between_bundle_sha256"] = []
            else:
                members["audit/between-01.json"] = members["audit/end-bundle.json"]
            members["audit/proof.json"] = json.dumps(proof).encode()
            forged = write_evidence_bundle(tmp_path / f"forged-{attack}.zip", members,
                                           case_id=result.case_id, signer=desk.station(),
                                           now=NOW + timedelta(hours=5))
            verdict = verify_evidence(forged.path, desk.trust_anchor())
            failed = [c for c in verdict.checks if not c.ok]
            assert not verdict.valid and [c.name for c in failed] == ["audit proof"], attack
            if attack == "bundle-between-swapped":
                assert "audit/between-01.json is not the bundle the proof names" in (
                    failed[0].detail)
            else:
                assert "audit/end-bundle.json does not continue" in failed[0].detail, attack
