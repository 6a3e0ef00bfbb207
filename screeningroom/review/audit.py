"""What the review checks a report against: a station's audit log, as a frozen value.

An :class:`AuditView` holds the sessions and the ``report_signed`` records of one
station's signed audit log, from the station's own registry (:func:`from_registry`, or
:func:`from_registry_file` to read it without the station's key) or from signed audit
bundles the station exported (:func:`from_bundle`, checked against the office's trust
anchors). :func:`audit_problems` says how a report's signed facts disagree with it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from screeningroom.errors import ScreeningRoomError
from screeningroom.registry.canonical import iso
from screeningroom.registry.model import AuditEvent
from screeningroom.review.facts import ReportFacts
from screeningroom.review.ids import session_hex
from screeningroom_resources.i18n import _


class SessionLike(Protocol):
    session_id: int
    member_id: str
    film_id: str
    started_at: datetime
    ended_at: datetime | None


@dataclass(frozen=True)
class SignedReportRecord:
    """One ``report_signed`` record of the audit log."""

    seq: int
    time: datetime
    member_id: str
    film_id: str
    pdf_sha256: str
    member_key: str                 # hex of the member's Ed25519 public key


@dataclass(frozen=True)
class AuditView:
    source: str                     # where the log was read (shown in results)
    station_id: str | None          # None: any station (a log without a station id)
    sessions: tuple[SessionLike, ...]
    signed_reports: tuple[SignedReportRecord, ...]
    newest: datetime | None         # time of the newest record read

    def session(self, session_id: int) -> SessionLike | None:
        return next((s for s in self.sessions if s.session_id == session_id), None)

    def covers(self, station_id: str) -> bool:
        return self.station_id is None or self.station_id == station_id


def _signed(records: Iterable[object]) -> tuple[tuple[SignedReportRecord, ...], datetime | None]:
    found: list[SignedReportRecord] = []
    newest = None
    for record in records:
        newest = record.time  # type: ignore[attr-defined]
        if record.event is not AuditEvent.REPORT_SIGNED:  # type: ignore[attr-defined]
            continue
        try:
            detail = json.loads(record.detail_json)  # type: ignore[attr-defined]
            found.append(SignedReportRecord(
                record.seq, record.time, record.member_id,  # type: ignore[attr-defined]
                record.film_id, str(detail["pdf_sha256"]),  # type: ignore[attr-defined]
                str(detail["member_key"])))
        except (ValueError, KeyError, TypeError):
            continue                # a record the chain check vouches for, but not ours
    return tuple(found), newest


def from_registry(registry: object, source: str = "") -> AuditView:
    """The view of an open :class:`~screeningroom.registry.Registry` (or anything with
    ``sessions()``, ``records()`` and ``station_id``)."""
    records = registry.records() if hasattr(registry, "records") else ()  # type: ignore[attr-defined]
    signed, newest = _signed(records)
    return AuditView(source or str(getattr(registry, "location", "registry")),
                     getattr(registry, "station_id", None),
                     tuple(registry.sessions()), signed, newest)  # type: ignore[attr-defined]


def from_registry_file(path: Path) -> AuditView:
    """The station's registry read without its key (no record is written)."""
    from screeningroom.registry import chain
    from screeningroom.registry.storage import open_storage

    storage = open_storage(path)
    try:
        sessions = tuple(storage.list_sessions())
        records = [chain.to_audit_record(r) for r in storage.records()]
        station = storage.get_meta("station_id")
    finally:
        storage.close()
    signed, newest = _signed(records)
    return AuditView(str(path), station, sessions, signed, newest)


def from_bundle(path: Path, anchors: Iterable[object]) -> AuditView:
    """A signed audit bundle, its station certificate checked against ``anchors``."""
    from screeningroom.registry.bundle import load_bundle
    from screeningroom.registry.errors import BrokenBundle
    from screeningroom.vault.checks import load_certificate_checked

    anchors = tuple(anchors)

    def verify(certificate: bytes):  # type: ignore[no-untyped-def]
        last: ScreeningRoomError | None = None
        for anchor in anchors:
            try:
                return load_certificate_checked(certificate, anchor)
            except ScreeningRoomError as exc:       # the next anchor may vouch for it
                last = exc
        raise last or BrokenBundle(str(path), _("no trust anchor was given."))

    bundle = load_bundle(path, verify_certificate=verify)
    signed, newest = _signed(bundle.records)
    return AuditView(str(path), bundle.station_id, bundle.sessions, signed, newest)


def audit_problems(facts: ReportFacts, view: AuditView, *, pdf_sha256: str,
                   member_key: bytes | None) -> tuple[str, ...]:
    """How the signed facts disagree with the audit log (empty: they agree)."""
    found: list[str] = []
    member, film = facts.member_id, facts.film.film_id
    if not facts.sessions:
        found.append(_("The report names no session."))
    for entry in facts.sessions:
        sid = session_hex(entry.session_id)
        session = view.session(entry.session_id)
        if session is None:
            found.append(_("Session {session} is not in the audit log.").format(session=sid))
            continue
        if session.member_id != member or session.film_id != film:
            found.append(_("Session {session} belongs to member {member} and film {film} in "
                           "the audit log.").format(session=sid, member=session.member_id,
                                                    film=session.film_id))
        if iso(session.started_at) != iso(entry.started_at):
            found.append(_("Session {session} started at {logged} by the audit log, not at "
                           "{reported}.").format(session=sid, logged=iso(session.started_at),
                                                 reported=iso(entry.started_at)))
        logged_end = iso(session.ended_at) if session.ended_at else None
        reported_end = iso(entry.ended_at) if entry.ended_at else None
        if reported_end is not None and logged_end != reported_end:
            found.append(_("Session {session} ended at {logged} by the audit log, not at "
                           "{reported}.").format(session=sid, logged=logged_end or "-",
                                                 reported=reported_end))
        if session.started_at > facts.created_at:
            found.append(_("The report is dated before session {session} started.").format(
                session=sid))
    if member_key is not None and not any(
        r.pdf_sha256 == pdf_sha256 and r.member_id == member and r.film_id == film
        and r.member_key == member_key.hex() for r in view.signed_reports
    ):
        found.append(_("The audit log has no record of member {member} signing this report "
                       "(records up to {newest}).").format(
            member=member, newest=iso(view.newest) if view.newest else "-"))
    return tuple(found)
