"""Signed review reports pushed by stations (the ``.sig`` file of docs/formats/
review-signature.md; the PDF stays at the station, its SHA-256 is signed).

The service checks the signature with the station's certified key and that the station
signing is the one sending; it then compares the signed facts with the sessions it holds
(the review module's own comparison): a disagreement is kept as a ``report_mismatch``
finding, the report is kept as signed.
"""

from __future__ import annotations

import hashlib

from screeningroom.office.errors import RequestRefused
from screeningroom.office.model import AnomalyKind, ReportReceipt
from screeningroom.office.queries import sessions as central_sessions
from screeningroom.office.store import OfficeStore
from screeningroom.registry.chain import public_key, verifies
from screeningroom.registry.errors import UnknownSession
from screeningroom_resources.i18n import _

MAX_REPORT_BYTES = 1 << 20


class _StationSessions:
    """The review check's SessionSource over one station's central sessions."""

    def __init__(self, store: OfficeStore, station_id: str) -> None:
        self._rows = {s.session_id: s for s in central_sessions(store, station_id=station_id)}

    def sessions(self):  # type: ignore[no-untyped-def]
        return list(self._rows.values())

    def session(self, session_id: int):  # type: ignore[no-untyped-def]
        if session_id not in self._rows:
            raise UnknownSession(session_id)
        return self._rows[session_id]


def accept(store: OfficeStore, station_id: str, signing_key: bytes, data: bytes,
           now_us: int) -> ReportReceipt:
    from screeningroom.review.report import read_signature, signed_bytes
    from screeningroom.review.verify import audit_problems

    if len(data) > MAX_REPORT_BYTES:
        raise RequestRefused(413, "oversized", _("A review report signature is at most 1 MiB."))
    try:
        doc = read_signature(data)
        signature = bytes.fromhex(str(doc["signature"]))
        key = bytes.fromhex(str(doc["signing_public_key"]))
        facts = doc["facts"]
        film_id = str(facts["film"]["film_id"])
        member_id = str(facts["member_id"])
        session_ids = tuple(str(s["session_id"]) for s in facts["sessions"])
        pdf_sha = str(doc["pdf_sha256"])
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise RequestRefused(400, "malformed", _(
            "This is not a review report signature file.")) from None
    if doc.get("station_id") != station_id or key != signing_key:
        raise RequestRefused(403, "wrong_station", _(
            "The report is signed by another station than the one sending it."))
    body = {k: v for k, v in doc.items() if k != "signature"}
    if not verifies(public_key(key), signature, signed_bytes(body)):
        raise RequestRefused(400, "bad_signature", _(
            "The report's signature does not verify: its facts or signature were changed."))
    try:
        problems = audit_problems(facts, _StationSessions(store, station_id))
    except (KeyError, TypeError, ValueError):
        raise RequestRefused(400, "malformed", _("The report's signed facts are incomplete.")
                             ) from None
    digest = hashlib.sha256(data).hexdigest()
    with store.transaction() as conn:
        cur = conn.execute(
            "INSERT INTO reports (station_id, sha256, film_id, member_id, session_ids, "
            "pdf_sha256, data, received_us) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) "
            "ON CONFLICT DO NOTHING",
            (station_id, digest, film_id, member_id, ",".join(session_ids), pdf_sha, data,
             now_us))
        for problem in problems if cur.rowcount else ():
            store.record_anomaly(AnomalyKind.REPORT_MISMATCH, station_id,
                                 f"report {digest[:16]}: {problem}", now_us, conn=conn)
        store.touch(station_id, now_us, conn)
    return ReportReceipt(digest, film_id, member_id, session_ids, tuple(problems))
