"""Signed review reports pushed by stations (the ``.sig`` file of docs/formats/
review-signature.md; the PDF stays at the station, its SHA-256 is signed).

The service checks the signature file with the review's own check
(:func:`screeningroom.review.verify.verify_signature`: format, the station's and the
member's signatures, the facts), that the station signing is the one sending with the key
the office holds for it; it then compares the signed facts with the sessions and ``report_signed``
records it holds (the review module's own comparison): a disagreement is kept as a
``report_mismatch`` finding, the report is kept as signed.
"""

from __future__ import annotations

import hashlib

from screeningroom.office.errors import RequestRefused
from screeningroom.office.model import AnomalyKind, ReportReceipt
from screeningroom.office.queries import records as records_of
from screeningroom.office.queries import sessions as central_sessions
from screeningroom.office.store import OfficeStore
from screeningroom.registry.model import AuditEvent
from screeningroom_resources.i18n import _

MAX_REPORT_BYTES = 1 << 20
REPORT_SIGNED = AuditEvent.REPORT_SIGNED.value


def _view(store: OfficeStore, station_id: str):  # type: ignore[no-untyped-def]
    """The review check's view of one station's log, as the office holds it."""
    from screeningroom.registry.chain import to_audit_record
    from screeningroom.review.audit import from_registry

    class _Held:
        location = f"central registry, station {station_id}"

        def __init__(self) -> None:
            self.station_id = station_id

        def sessions(self):  # type: ignore[no-untyped-def]
            return central_sessions(store, station_id=station_id)

        def records(self):  # type: ignore[no-untyped-def]
            signed = [r for r in records_of(store, station_id, event=REPORT_SIGNED)]
            head = records_of(store, station_id, newest=True)
            return [to_audit_record(r) for r in [*signed, *head]]

    return from_registry(_Held())


def accept(store: OfficeStore, station_id: str, signing_key: bytes, data: bytes,
           now_us: int) -> ReportReceipt:
    from screeningroom.review.audit import audit_problems
    from screeningroom.review.errors import ReportTampered
    from screeningroom.review.report import read_signature
    from screeningroom.review.verify import verify_signature

    if len(data) > MAX_REPORT_BYTES:
        raise RequestRefused(413, "oversized", _("A review report signature is at most 1 MiB."))
    try:
        read_signature(data)
    except (ValueError, UnicodeDecodeError):
        raise RequestRefused(400, "malformed", _(
            "This is not a review report signature file.")) from None
    try:  # the review's own check: format, station and member signatures, the facts
        signed = verify_signature(data, "report")
    except ReportTampered as exc:
        raise RequestRefused(400, "bad_signature", str(exc)) from None
    if signed.station_id != station_id or signed.station_key != signing_key:
        raise RequestRefused(403, "wrong_station", _(
            "The report is signed by another station than the one sending it."))
    facts, pdf_sha, member_key = signed.facts, signed.pdf_sha256, signed.member_key
    problems = audit_problems(facts, _view(store, station_id), pdf_sha256=pdf_sha,
                              member_key=member_key)
    session_ids = tuple(f"{s.session_id:016x}" for s in facts.sessions)
    digest = hashlib.sha256(data).hexdigest()
    with store.transaction() as conn:
        cur = conn.execute(
            "INSERT INTO reports (station_id, sha256, film_id, member_id, session_ids, "
            "pdf_sha256, data, received_us) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) "
            "ON CONFLICT DO NOTHING",
            (station_id, digest, facts.film.film_id, facts.member_id, ",".join(session_ids),
             pdf_sha, data, now_us))
        for problem in problems if cur.rowcount else ():
            store.record_anomaly(AnomalyKind.REPORT_MISMATCH, station_id,
                                 f"report {digest[:16]}: {problem}", now_us, conn=conn)
        store.touch(station_id, now_us, conn)
    return ReportReceipt(digest, facts.film.film_id, facts.member_id, session_ids,
                         tuple(problems))
