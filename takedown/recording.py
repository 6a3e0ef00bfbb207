"""Recording a scan's outcome: in one transaction, the opening of the master, the case (a
new one, or the case that already holds this clip), the clip's analysis, the sighting,
findings, the custody entries and the signed evidence bundle of the sighting (its file
removed again if anything fails)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from screeningroom_resources.i18n import _
from takedown import audit, custody
from takedown.cases import (
    TAKEN_DOWN,
    TRANSITIONS,
    Case,
    CaseStatus,
    Sighting,
    deadline_after,
)
from takedown.errors import CaseNotFound, TakedownInputError
from takedown.evidence import EvidenceInput, SignedEvidence, build_members, write_evidence_bundle
from takedown.evidence.report import render_report
from takedown.findings import FindingKind
from takedown.scan import AlreadyScanned, ScanOutcome, clip_record
from takedown.store import DeskStore
from takedown.trace import TraceVerdict


@dataclass(frozen=True)
class ScanResult:
    case_id: str
    status: CaseStatus
    outcome: ScanOutcome
    evidence: SignedEvidence
    sighting_id: int
    new_case: bool
    reupload_of: str | None
    report_note: str | None  # why report.pdf is missing, when it is

    @property
    def intake(self) -> Any:
        return self.outcome.intake

    @property
    def identification(self) -> Any:
        return self.outcome.identification

    @property
    def trace(self) -> Any:
        return self.outcome.trace


def open_case(store: DeskStore, *, title: str, now: datetime, note: str = "") -> str:
    """A case opened before its clip is scanned (status found): returns its id."""
    case_id = new_case_id(store, now)
    with store.atomic():
        store.cases.insert(Case(case_id=case_id, film_id=None, title=title,
                                status=CaseStatus.FOUND, station_id=None, session_id=None,
                                reupload_of=None, opened_at=now, updated_at=now,
                                deadline=deadline_after(CaseStatus.FOUND, now)))
        store.cases.add_event(case_id, now, CaseStatus.FOUND, note)
    return case_id


def new_case_id(store: DeskStore, now: datetime) -> str:
    prefix = f"TD-{now.year}-"
    last = store.cases.last_id_with_prefix(prefix)
    number = int(last[len(prefix):]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def status_of(outcome: ScanOutcome) -> CaseStatus:
    tr = outcome.trace
    if tr is not None and tr.session is not None:
        return CaseStatus.TRACED
    return CaseStatus.IDENTIFIED if outcome.identification.found else CaseStatus.FOUND


def move(store: DeskStore, case: Case, status: CaseStatus, now: datetime, note: str) -> Case:
    """Move ``case`` to ``status`` (the caller checked the transition), with its history."""
    moved = replace(case, status=status, updated_at=now, deadline=deadline_after(status, now))
    store.cases.update(moved)
    store.cases.add_event(case.case_id, now, status, note)
    return moved


def _taken_down(store: DeskStore, film_id: str, station_id: str | None,
                session_id: int | None, exclude: str | None) -> str | None:
    for case in store.cases.taken_down_of_film(film_id, TAKEN_DOWN):
        if case.case_id == exclude:
            continue
        if session_id is None or (case.session_id in (None, session_id) and (
                case.station_id in (None, station_id))):
            return case.case_id
    return None


def _reappeared(store: DeskStore, old_id: str, case_id: str, now: datetime) -> None:
    old = store.cases.get(old_id, full=False)
    if old is not None and CaseStatus.REAPPEARED in TRANSITIONS[old.status]:
        move(store, old, CaseStatus.REAPPEARED, now,
             _("re-uploaded: case {case}").format(case=case_id))


def record_scan(store: DeskStore, outcome: ScanOutcome, *, signer: Any, actor: str,
                now: datetime, case_id: str | None = None) -> ScanResult:
    """``case_id``: record into this case, one opened before its clip was scanned (status
    found, no clip yet: the watch list opens such cases when it downloads a copy)."""
    intake = outcome.intake
    link = intake.sighting.link
    known = store.cases.clip(intake.sha256)
    waiting = None
    if case_id is not None and (known is None or known.case_id != case_id):
        waiting = store.cases.get(case_id, full=False)
        if waiting is None:
            raise CaseNotFound(_("No case {case} on this desk; 'takedown cases' lists them.")
                               .format(case=case_id))
        if waiting.status is not CaseStatus.FOUND or store.cases.clip_of_case(case_id):
            raise TakedownInputError(
                _("Case {case} is {status}: a scan is recorded only into a case still waiting "
                  "for its clip.").format(case=case_id, status=waiting.status.label))
        if known is not None:
            raise TakedownInputError(
                _("This clip (SHA-256 {sha}) belongs to case {case} already.").format(
                    sha=intake.sha256[:16], case=known.case_id))
    if known is not None and store.cases.sighting_of(intake.sha256, link.url) is not None:
        raise AlreadyScanned(
            _("This clip (SHA-256 {sha}) is already recorded as seen at {link}: case {case}.")
            .format(sha=intake.sha256[:16], link=link.url, case=known.case_id))
    ident, tr = outcome.identification, outcome.trace
    status = status_of(outcome)
    session = tr.session if tr is not None else None
    film_id = ident.film.film_id if ident.found else None
    evidence_path: Path | None = None
    try:
        with store.atomic():
            if outcome.opened_license is not None:
                store.openings.add(outcome.opened_license, now, "trace")
            reupload_of = None
            if known is None and waiting is not None:
                if film_id is not None:
                    reupload_of = _taken_down(store, film_id,
                                              session.station_id if session else None,
                                              session.session_id if session else None, None)
                case = replace(waiting, film_id=film_id,
                               title=ident.film.title if ident.found else waiting.title,
                               station_id=session.station_id if session else None,
                               session_id=session.session_id if session else None)
                store.cases.update(case)
                if status is not CaseStatus.FOUND:
                    case = move(store, case, status, now, _(
                        "re-upload of case {case}").format(case=reupload_of)
                        if reupload_of else "")
                if reupload_of:
                    _reappeared(store, reupload_of, case_id, now)
            elif known is None:
                case_id = new_case_id(store, now)
                if film_id is not None:
                    reupload_of = _taken_down(store, film_id,
                                              session.station_id if session else None,
                                              session.session_id if session else None, None)
                case = Case(case_id=case_id, film_id=film_id,
                            title=ident.film.title if ident.found else intake.path.name,
                            status=status, station_id=session.station_id if session else None,
                            session_id=session.session_id if session else None,
                            reupload_of=reupload_of, opened_at=now, updated_at=now,
                            deadline=deadline_after(status, now))
                store.cases.insert(case)
                store.cases.add_event(case_id, now, status, _(
                    "re-upload of case {case}").format(case=reupload_of) if reupload_of else "")
                if reupload_of:
                    _reappeared(store, reupload_of, case_id, now)
            else:
                case_id = known.case_id
                case = store.cases.get(case_id, full=False)
                assert case is not None  # a clip row always has its case
                better = (status is not case.status and status in TRANSITIONS[case.status]
                          and status in (CaseStatus.IDENTIFIED, CaseStatus.TRACED))
                if better or (film_id and case.film_id is None):
                    case = replace(case, film_id=film_id or case.film_id,
                                   title=ident.film.title if ident.found else case.title,
                                   station_id=session.station_id if session else case.station_id,
                                   session_id=session.session_id if session else case.session_id)
                    store.cases.update(case)
                if better:
                    case = move(store, case, status, now, _("seen again at {link}").format(
                        link=link.url))
            _custody_steps(store, actor, case_id, outcome, now)
            if tr is not None and tr.verdict is TraceVerdict.UNRECORDED_MARK and tr.key_station_id:
                store.findings.add(
                    FindingKind.UNRECORDED_MARK, tr.key_station_id, at=now,
                    session_id=tr.payload, case_id=case_id,
                    detail=_("The copy of case {case} is marked under the key of license "
                             "{license}, issued to station {station}, with session {session}, "
                             "which that station never recorded under it (p = {p:.1e}). The "
                             "mark was made at station {station}; it is not a leak from "
                             "session {session}.").format(
                        case=case_id, license=tr.license_id, station=tr.key_station_id,
                        session=f"{tr.payload:016x}", p=tr.p_value))
            store.cases.save_clip(clip_record(outcome, case_id))
            sighting_id = store.cases.add_sighting(Sighting(
                sighting_id=0, case_id=case_id, clip_sha256=intake.sha256, link=link.url,
                link_kind=link.kind.value, channel=intake.sighting.channel,
                message_id=link.message_id, views=intake.sighting.views,
                seen_at=intake.sighting.seen_time, received_at=intake.received_at,
                evidence=None))
            count = len(store.cases.sightings(case_id))
            evidence_path = (store.private_dir(store.evidence_dir / case_id)
                             / f"{intake.sha256[:16]}-{count}.zip")
            proof = audit.session_proof(store, session) if session is not None else None
            group = (store.cases.group(session.station_id, session.session_id).case_ids
                     if session is not None else ())
            data = EvidenceInput(case_id=case_id, intake=intake, identification=ident,
                                 trace=tr, pairs=outcome.pairs, proof=proof,
                                 custody=custody.entries(store, case_id),
                                 reupload_of=reupload_of,
                                 sightings=store.cases.sightings(case_id), group=group)
            members = build_members(data)
            pdf, note = render_report(data, members.get("score.png"))
            if pdf is not None:
                members["report.pdf"] = pdf
            else:
                custody.record(store, actor=actor, action="report",
                               detail=f"no PDF report: {note}", case_id=case_id, now=now)
            evidence = write_evidence_bundle(evidence_path, members, case_id=case_id,
                                             signer=signer, now=now)
            store.cases.set_sighting_evidence(sighting_id, str(evidence.path))
            custody.record(store, actor=actor, action="evidence",
                           detail=f"bundle {evidence.sha256} signed by {evidence.signed_by}",
                           case_id=case_id, now=now)
            final = store.cases.get(case_id, full=False)
    except BaseException:
        if evidence_path is not None:
            evidence_path.unlink(missing_ok=True)
        raise
    return ScanResult(case_id=case_id, status=final.status if final else status,
                      outcome=outcome, evidence=evidence, sighting_id=sighting_id,
                      new_case=known is None and waiting is None, reupload_of=reupload_of,
                      report_note=note)


def _custody_steps(store: DeskStore, actor: str, case_id: str, outcome: ScanOutcome,
                   now: datetime) -> None:
    intake, ident, tr = outcome.intake, outcome.identification, outcome.trace
    custody.record(store, actor=actor, action="intake",
                   detail=f"clip {intake.path.name} sha256 {intake.sha256} ({intake.size} "
                          f"bytes) seen at {intake.sighting.link.url}", case_id=case_id,
                   now=intake.received_at)
    if ident.found:
        detail = (f"film {ident.film.film_id}: clip {ident.match_start:.2f}-"
                  f"{ident.match_end:.2f} s matches the film from {ident.film_start:.2f} s, "
                  f"score {ident.score:.3f} >= {ident.threshold}")
        if ident.mirrored:
            detail += ", mirrored left to right"
    else:
        detail = f"no registered film (best score {ident.score:.3f} < {ident.threshold})"
    custody.record(store, actor=actor, action="identify", detail=detail, case_id=case_id,
                   now=now)
    if tr is not None:
        who = tr.session.short_id if tr.session else (
            f"{tr.payload:016x}" if tr.payload is not None else "-")
        key = tr.license_id or "office key"
        custody.record(store, actor=actor, action="trace",
                       detail=f"{tr.verdict.value}: session {who}, key of {key}, log10 p "
                              f"{tr.log10_p:.2f} over {tr.keys} keys, threshold p "
                              f"{tr.threshold:g}", case_id=case_id, now=now)
