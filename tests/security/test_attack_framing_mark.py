"""Found: a station that opens its own license could mark frames with another station's
session id and the desk attributed the copy to the victim. Now the key a station gets marks
only under its own license: the desk finds the mark under that key (naming that station's
license), never under the victim's."""

from __future__ import annotations

import av
import cv2
import numpy as np
from secworld import Site, licenses, open_at

from screeningroom.vault import read_license
from watermark import Embedder, detect

VICTIM_SESSION = 0x0B0B_0000_0000_0042  # a session station B really recorded


def _frames(path, seconds: float = 4.0):  # type: ignore[no-untyped-def]
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        for frame in container.decode(stream):
            t = float(frame.pts * stream.time_base)
            if t >= seconds:
                break
            yield t, cv2.resize(frame.to_ndarray(format="bgr24"), (320, 180))


def test_a_station_marking_copies_with_a_victims_session_id_is_refused(site: Site,
                                                                        sample_clip) -> None:
    a, b, desk = licenses(site)
    with open_at(site, a) as at_a, open_at(site, desk, member="desk") as at_desk:
        key_a = at_a.watermark_key
        keys = at_desk.forensic_keys
    key_b = keys.for_license(read_license(b).license_id)
    master = list(_frames(sample_clip))
    embedder = Embedder(key_a, VICTIM_SESSION)
    forged = []
    for t, bgr in master:
        bgra = np.ascontiguousarray(cv2.cvtColor(bgr, cv2.COLOR_BGR2BGRA))
        embedder.apply_bgra(bgra, t)
        forged.append((t, cv2.cvtColor(bgra, cv2.COLOR_BGRA2BGR)))
    under_victim = detect(forged, key_b, master=master, candidates=[VICTIM_SESSION])
    assert not under_victim.found  # the victim's key does not see it: no leak from B
    under_own = detect(forged, key_a, master=master, candidates=[VICTIM_SESSION])
    assert under_own.found and under_own.payload == VICTIM_SESSION  # made with A's key
