"""Found: one watermark key for the whole office, and decryption without any session."""

from __future__ import annotations

from datetime import timedelta

import pytest
from secworld import Site, licenses, open_at
from vaultworld import NOW, ticket

from screeningroom.vault import errors as e
from screeningroom.vault import read_license


def test_station_marking_frames_under_another_stations_key_is_refused(site: Site) -> None:
    """A station gets only its own license's key: a mark it makes, whatever session id it
    carries, is found under its key and so names it, never station B."""
    a, b, desk = licenses(site)
    with open_at(site, a) as at_a, open_at(site, b, station=site.other) as at_b, \
            open_at(site, desk, member="desk") as at_desk:
        assert at_a.watermark_key != at_b.watermark_key
        keys = at_desk.forensic_keys
        assert keys.for_license(read_license(a).license_id) == at_a.watermark_key
        assert keys.for_license(read_license(b).license_id) == at_b.watermark_key
        # nothing station A holds is B's key, nor the office's master
        assert at_a.forensic_keys is None
        assert at_b.watermark_key not in (at_a.watermark_key, keys.secret)


def test_decrypting_without_a_recorded_session_is_refused(site: Site) -> None:
    a, b, _desk = licenses(site)
    refused = (
        b"",                                                   # no ticket at all
        ticket(site.other, a),                                 # signed by another station
        ticket(site.station, a, "m2"),                         # another member's session
        ticket(site.station, b),                               # another license's session
        ticket(site.station, a, at=NOW - timedelta(hours=2)),  # a session of long ago
    )
    for session in refused:
        with pytest.raises(e.SessionNotStarted) as info:
            open_at(site, a, session=session)
        assert info.value.reason is e.Reason.SESSION_NOT_STARTED
    with pytest.raises(e.SessionsUsedUp):
        open_at(site, a, session=ticket(site.station, a, number=4))  # license allows 3
    with open_at(site, a) as reader:  # the genuine ticket opens it
        assert reader.read(16) == site.world.film_bytes[:16]
