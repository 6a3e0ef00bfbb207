"""Found: one watermark key for the whole office, and decryption without any session."""

from __future__ import annotations

from datetime import timedelta

import pytest
from secworld import Site
from vaultworld import NOW, ticket

from screeningroom.vault import LicensePurpose, open_screener, read_license
from screeningroom.vault import errors as e


def _licenses(site: Site) -> tuple[bytes, bytes, bytes]:
    w = site.world
    a = w.license(members=("m1",))
    b = w.license(members=("m1",), certificate=site.other_certificate)
    desk = w.license(purpose=LicensePurpose.FORENSIC, members=("desk",), max_sessions=100)
    return a, b, desk


def _open(site: Site, lic: bytes, member: str = "m1", station=None, **kw):  # type: ignore[no-untyped-def]
    station = station or site.station
    kw.setdefault("session", ticket(station, lic, member))
    return open_screener(site.world.screener, lic, station, member, clock_floor=None,
                         now=NOW, **kw)


def test_station_marking_frames_under_another_stations_key_is_refused(site: Site) -> None:
    """A station gets only its own license's key: a mark it makes, whatever session id it
    carries, is found under its key and so names it, never station B."""
    a, b, desk = _licenses(site)
    with _open(site, a) as at_a, _open(site, b, station=site.other) as at_b, \
            _open(site, desk, member="desk") as at_desk:
        assert at_a.watermark_key != at_b.watermark_key
        keys = at_desk.forensic_keys
        assert keys.for_license(read_license(a).license_id) == at_a.watermark_key
        assert keys.for_license(read_license(b).license_id) == at_b.watermark_key
        # nothing station A holds is B's key, nor the office's master
        assert at_a.forensic_keys is None
        assert at_b.watermark_key not in (at_a.watermark_key, keys.secret)


def test_decrypting_without_a_recorded_session_is_refused(site: Site) -> None:
    a, b, _desk = _licenses(site)
    refused = (
        b"",                                                   # no ticket at all
        ticket(site.other, a),                                 # signed by another station
        ticket(site.station, a, "m2"),                         # another member's session
        ticket(site.station, b),                               # another license's session
        ticket(site.station, a, at=NOW - timedelta(hours=2)),  # a session of long ago
    )
    for session in refused:
        with pytest.raises(e.SessionNotStarted) as info:
            _open(site, a, session=session)
        assert info.value.reason is e.Reason.SESSION_NOT_STARTED
    with pytest.raises(e.SessionsUsedUp):
        _open(site, a, session=ticket(site.station, a, number=4))  # license allows 3
    with _open(site, a) as reader:  # the genuine ticket opens it
        assert reader.read(16) == site.world.film_bytes[:16]
