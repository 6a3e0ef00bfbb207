"""Signed audit bundles pushed by stations, kept for the takedown desks.

A station's records reach the office one by one (verified, in order); every so often (when
no session of its is open) the station also signs an audit bundle of the records it has
not bundled yet (docs/formats/audit-bundle.md, ``first_seq`` = the office's bundle head +
1). The office keeps the bundles of a station contiguous and only when every record in
them is the record it already holds. A desk imports them in order exactly as it imports a
carried bundle: its own checks (certificate, revocations, forks, dropped records) and its
evidence (the station-signed bundle as the audit proof) work unchanged.
"""

from __future__ import annotations

import hashlib

from screeningroom.office.errors import RequestRefused
from screeningroom.office.store import OfficeStore
from screeningroom_resources.i18n import _

MAX_BUNDLE_BYTES = 24 << 20
PAGE = 20


def bundle_head(store: OfficeStore, station_id: str) -> int:
    """The last record number covered by the station's bundles (0: none yet)."""
    with store.transaction() as conn:
        row = conn.execute("SELECT COALESCE(MAX(last_seq), 0) AS s FROM bundles WHERE "
                           "station_id = %s", (station_id,)).fetchone()
    return int(row["s"])


def accept(store: OfficeStore, station_id: str, anchor: object, data: bytes,
           now_us: int) -> tuple[int, int]:
    """Keep a station's signed bundle; (first, last) record numbers it covers."""
    from screeningroom.registry.bundle import parse_bundle
    from screeningroom.registry.errors import BrokenBundle
    from screeningroom.vault.checks import load_certificate_checked

    if len(data) > MAX_BUNDLE_BYTES:
        raise RequestRefused(413, "oversized", _("A bundle is at most {size} bytes.").format(
            size=MAX_BUNDLE_BYTES))
    try:
        bundle = parse_bundle(data, "bundle", verify_certificate=lambda cert: (
            load_certificate_checked(cert, anchor)))
    except BrokenBundle as exc:
        raise RequestRefused(400, "bad_bundle", str(exc)) from None
    if bundle.station_id != station_id or not bundle.records:
        raise RequestRefused(403, "wrong_station", _(
            "The bundle is another station's, or holds no record."))
    first, last = bundle.records[0].seq, bundle.records[-1].seq
    digest = hashlib.sha256(data).hexdigest()
    with store.transaction() as conn:
        station = store.station(station_id, conn, lock=True)
        if station is None or station.signing_public_key != bundle.signing_public_key:
            raise RequestRefused(403, "wrong_station", _(
                "The bundle is signed with a key the office does not hold for this station."))
        held = conn.execute("SELECT sha256 FROM bundles WHERE station_id = %s AND "
                            "first_seq = %s", (station_id, first)).fetchone()
        if held is not None and held["sha256"] == digest:
            return first, last                       # sent again after a lost answer
        head = conn.execute("SELECT COALESCE(MAX(last_seq), 0) AS s FROM bundles WHERE "
                            "station_id = %s", (station_id,)).fetchone()["s"]
        if first != head + 1:
            raise RequestRefused(409, "bundle_gap", _(
                "The bundle starts at record {first}; the office's bundles of this station "
                "end at record {head}.").format(first=first, head=head), expected_seq=head + 1)
        rows = conn.execute("SELECT seq, hash FROM records WHERE station_id = %s AND seq "
                            "BETWEEN %s AND %s ORDER BY seq", (station_id, first, last)
                            ).fetchall()
        held_hashes = {r["seq"]: bytes(r["hash"]) for r in rows}
        for record in bundle.records:
            if held_hashes.get(record.seq) != record.hash:
                raise RequestRefused(409, "fork" if record.seq in held_hashes else
                                     "bundle_ahead", _(
                    "Record {seq} of the bundle is not the record the office holds (push the "
                    "records first).").format(seq=record.seq), seq=record.seq)
        conn.execute("INSERT INTO bundles (station_id, first_seq, last_seq, sha256, data, "
                     "received_us) VALUES (%s, %s, %s, %s, %s, %s)",
                     (station_id, first, last, digest, data, now_us))
        store.touch(station_id, now_us, conn)
    return first, last


def after(store: OfficeStore, station_id: str, after_seq: int) -> tuple[bytes, ...]:
    """The station's bundles that hold records after ``after_seq``, in order (a page)."""
    with store.transaction() as conn:
        rows = conn.execute("SELECT data FROM bundles WHERE station_id = %s AND last_seq > "
                            "%s ORDER BY first_seq LIMIT %s", (station_id, after_seq, PAGE)
                            ).fetchall()
    return tuple(bytes(r["data"]) for r in rows)

