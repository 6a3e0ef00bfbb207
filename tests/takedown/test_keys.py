"""The trace tries every license key the desk knows of for a film, on key-independent clip
features computed once: a mark found under station A's license key that carries a session
id A never recorded under that license is tampering at A, never a leak from the session
it names. The office's single key of format-1 licenses is tried once for all sessions."""

from __future__ import annotations

import math
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from clipmaker import Attack, attacked_copy, read_frames, write_clip
from deskworld import marked_frames

from screeningroom.registry import Session, SessionEnd
from takedown.scan import key_candidates
from takedown.trace import KeyCandidate, TraceVerdict, trace
from watermark import DEFAULT_PROFILE
from watermark.features import clip_features

KEY_A, KEY_B = bytes(range(32)), bytes(range(100, 132))
SID_A, SID_B = 0xA000_0000_0000_00A1, 0xB000_0000_0000_00B2
T = datetime(2026, 5, 1, 10, tzinfo=UTC)


def _session(sid: int, station: str, license_id: str) -> Session:
    return Session(session_id=sid, station_id=station, room="Room", member_id="m",
                   film_id="F", license_id=license_id, profile="sr-lf/1", started_at=T,
                   ended_at=T, end=SessionEnd.CLEAN)


A = _session(SID_A, "st-a", "lic-a")
B = _session(SID_B, "st-b", "lic-b")
KEYS = (KeyCandidate("lic-a", "st-a", KEY_A, DEFAULT_PROFILE, (A,)),
        KeyCandidate("lic-b", "st-b", KEY_B, DEFAULT_PROFILE, (B,)))


@pytest.fixture(scope="module")
def features(sample_clip: Path, tmp_path_factory):
    """A copy of station A's screen marked, under A's own license key, with the session id
    station B recorded; its key-independent features, computed once for every test."""
    folder = tmp_path_factory.mktemp("keys")
    screen = write_clip(folder / "screen.mp4",
                        marked_frames(read_frames(sample_clip), KEY_A, SID_B), crf=16)
    copy = attacked_copy(screen, folder / "copy.mp4", Attack(height=240, crop=0.04, crf=28),
                         start=1.0, end=7.5)
    return {DEFAULT_PROFILE.ident: clip_features(copy, sample_clip, DEFAULT_PROFILE)}


def _claims(sid: int) -> tuple[str, ...]:
    return tuple(s.station_id for s in (A, B) if s.session_id == sid)


def test_a_mark_under_station_As_key_naming_a_session_A_never_recorded_is_tampering_at_A(
        features) -> None:
    got = trace(features, KEYS, clip_start=0.0, clip_end=6.5, claimed_by=_claims)
    assert got.verdict is TraceVerdict.UNRECORDED_MARK
    assert got.session is None and got.payload == SID_B
    assert (got.license_id, got.key_station_id) == ("lic-a", "st-a")
    assert got.p_value <= 1e-9


def test_a_mark_under_the_key_of_the_license_that_recorded_it_is_attributed(features) -> None:
    # had station A recorded that session id under its license, the mark would be its leak
    a_has_it = _session(SID_B, "st-a", "lic-a")
    keys = (KeyCandidate("lic-a", "st-a", KEY_A, DEFAULT_PROFILE, (a_has_it,)), KEYS[1])
    both = trace(features, keys, clip_start=0.0, clip_end=6.5,
                 claimed_by=lambda sid: ("st-a",) if sid == SID_B else ())
    assert both.verdict is TraceVerdict.ATTRIBUTED and both.session == a_has_it
    assert both.license_id == "lic-a" and both.keys == 2
    alone = trace(features, keys[:1], clip_start=0.0, clip_end=6.5,
                  claimed_by=lambda sid: ("st-a",))
    # two keys tried are two hypotheses: the reported p is twice the one-key p
    assert both.log10_p == pytest.approx(alone.log10_p + math.log10(2))
    assert both.timeline and all(p.log10_p < 0 for p in both.timeline)


def test_the_offices_single_key_is_tried_once_for_every_session() -> None:
    office = bytes(32)
    one = key_candidates((A, B), office_key=office, license_key=None)
    assert len(one) == 1 and one[0].license_id is None and set(one[0].sessions) == {A, B}
    per_license = key_candidates((A, B), office_key=None,
                                 license_key=lambda lic: KEY_A if lic == "lic-a" else KEY_B)
    assert {(k.license_id, k.station_id, k.sessions) for k in per_license} == {
        ("lic-a", "st-a", (A,)), ("lic-b", "st-b", (B,))}
    # format-1 licenses: every license id gives the office's one key, so it is tried once
    shared = key_candidates((A, B), office_key=None, license_key=lambda _lic: office)
    assert len(shared) == 1 and shared[0].license_id is None


def test_refused_bundles_add_keys_but_cannot_stop_or_flood_a_scan() -> None:
    """A license only refused bundles record adds its key (its sessions as candidates of the
    refused verdict); one already in accepted records is not tried twice; a profile this
    desk does not know is passed over instead of stopping the scan; and one station's
    refused bundles add at most REFUSED_LICENSES_PER_STATION keys, its latest first."""
    from dataclasses import replace
    from datetime import timedelta

    from takedown.audit import RefusedSession
    from takedown.scan import REFUSED_LICENSES_PER_STATION

    def refused(sid: int, station: str, license_id: str, hours: int = 0,
                profile: str = "sr-lf/1") -> RefusedSession:
        s = replace(_session(sid, station, license_id), profile=profile,
                    started_at=T + timedelta(hours=hours))
        return RefusedSession(s, f"bundle-{station}")

    def key(license_id: str) -> bytes:
        return license_id.encode().ljust(32, b".")

    flood = [refused(0x100 + k, "st-flood", f"lic-f{k}", hours=k) for k in range(10)]
    got = key_candidates(
        (A,), office_key=None, license_key=key,
        refused=(refused(0x2, "st-r", "lic-a"),  # accepted already: not again
                 refused(0x3, "st-r", "lic-r"),
                 refused(0x4, "st-r", "lic-new", profile="sr-next/9"),  # unknown: passed over
                 *flood))
    tried = [(c.license_id, c.station_id, c.refused_bundle) for c in got]
    assert tried[0] == ("lic-a", "st-a", None)
    assert ("lic-r", "st-r", "bundle-st-r") in tried
    assert not any(lic in ("lic-new",) for lic, _s, _b in tried)
    assert [c.license_id for c in got if c.station_id == "st-flood"] == [
        f"lic-f{k}" for k in range(9, 9 - REFUSED_LICENSES_PER_STATION, -1)]
    assert len(got) == 2 + REFUSED_LICENSES_PER_STATION
