"""``scan``: intake -> identify -> trace -> evidence -> case, in that order.

Nothing is written until every step has run: then, in one transaction, the case, the clip
and the custody entries are recorded and the signed evidence bundle is written (its temp
file removed if anything fails). Progress is reported over the whole path.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from screeningroom_resources.i18n import _
from takedown import audit, cases, custody
from takedown.cases import CaseStatus
from takedown.errors import TakedownError
from takedown.evidence import Evidence, EvidenceInput, FramePair, build_members, write_bundle
from takedown.evidence.images import frame_pair
from takedown.evidence.report import render_report
from takedown.identify import Identification, fingerprint_source, search
from takedown.intake import Intake, take_in
from takedown.media import sample_frames
from takedown.trace import TraceResult, Verdict, timeline, trace

if TYPE_CHECKING:
    from takedown.desk import Desk

Progress = Callable[[float, float], None]
PAIRS = 4
# shares of the progress bar per step
_W_IDENTIFY, _W_TRACE, _W_EVIDENCE = 0.25, 0.6, 0.15
#: progress reaches this share just before the results are recorded: an exception raised
#: from the progress callback before it (a cancel) leaves nothing written
RECORDING_SHARE = _W_IDENTIFY + _W_TRACE


@dataclass(frozen=True)
class ScanResult:
    case_id: str
    status: CaseStatus
    intake: Intake
    identification: Identification
    trace: TraceResult | None
    evidence: Evidence
    reupload_of: str | None
    report_note: str | None  # why report.pdf is missing, when it is


class AlreadyScanned(TakedownError):
    """The same clip (same SHA-256) was scanned before."""


def _by_license(sessions: Sequence[Any]) -> list[tuple[str, tuple[Any, ...]]]:
    """The film's sessions grouped by the license they played under (each license marks
    under its own key); one empty group when no session is known."""
    groups: dict[str, list[Any]] = {}
    for session in sessions:
        groups.setdefault(session.license_id, []).append(session)
    return [(lid, tuple(group)) for lid, group in groups.items()] or [("", ())]


def _stage(progress: Progress | None, base: float, share: float) -> Progress | None:
    if progress is None:
        return None
    return lambda done, total: progress(base + share * (done / total if total else 1.0), 1.0)


def scan(
    desk: Desk,
    clip: Path,
    seen_at: str,
    *,
    seen_time: str | None = None,
    channel: str | None = None,
    views: int | None = None,
    progress: Progress | None = None,
    received: datetime | None = None,
    case_id: str | None = None,
) -> ScanResult:
    """``case_id``: record the outcome into this case, one the watch list opened (status
    "found") when it downloaded the clip, instead of opening a new one."""
    received = received or desk.clock()
    intake = take_in(Path(clip), seen_at, seen_time=seen_time, channel=channel, views=views,
                     now=received)
    known = cases.case_of_clip(desk.store, intake.sha256)
    if known is not None:
        raise AlreadyScanned(
            _("This clip (SHA-256 {sha}) was scanned before: case {case}.").format(
                sha=intake.sha256[:16], case=known))

    vectors, _box = fingerprint_source(intake.path, progress=_stage(progress, 0.0, _W_IDENTIFY))
    identification = search(vectors, desk.films())
    result: TraceResult | None = None
    pairs: tuple[FramePair, ...] = ()
    proof = None
    if identification.found:
        film_id = identification.film.film_id
        sessions = audit.sessions_of_film(desk.store, film_id)
        screener = desk.film_screener(film_id)
        with desk.open_master(screener, film_id, "trace") as master:
            tried = []
            for license_id, group in _by_license(sessions):
                key = master.forensic_keys.for_license(license_id)
                tried.append((trace(intake.path, master, key, group,
                                    film_offset=identification.offset,
                                    clip_duration=intake.info.duration, detector=desk.detector,
                                    progress=_stage(progress, _W_IDENTIFY, _W_TRACE * 0.7)),
                              key))
                if tried[-1][0].attributed:
                    break
            result, key = min(tried, key=lambda done: (not done[0].attributed,
                                                       done[0].log10_p))
            if result.payload is not None:
                points = timeline(intake.path, intake.info.duration, master,
                                  key, result.payload,
                                  film_offset=identification.offset, detector=desk.detector,
                                  progress=_stage(progress, _W_IDENTIFY + _W_TRACE * 0.7,
                                                  _W_TRACE * 0.3))
                result = _with_timeline(result, points)
            pairs = matched_pairs(intake, identification, master)
        if result.session is not None:
            proof = audit.session_proof(desk.store, result.session.session_id)
    if progress is not None:
        progress(RECORDING_SHARE, 1.0)

    film_id = identification.film.film_id if identification.found else None
    session = result.session if result is not None else None
    status = (CaseStatus.TRACED if session is not None
              else CaseStatus.IDENTIFIED if identification.found else CaseStatus.FOUND)
    title = identification.film.title if identification.found else intake.path.name
    now = desk.clock()
    store = desk.store
    evidence_path: Path | None = None
    try:
        with store.atomic():
            reupload_of = (cases.find_taken_down(store, film_id, session.session_id if session
                                                 else None) if film_id else None)
            opened = dict(
                film_id=film_id, session_id=session.session_id if session else None,
                status=status, reupload_of=reupload_of, now=now,
                note=_("re-upload of case {case}").format(case=reupload_of) if reupload_of
                else "")
            if case_id is None:
                case_id = cases.open_case(store, title=title, **opened)
            else:
                cases.record_scan_in(store, case_id,
                                     title=title if identification.found else None, **opened)
            if reupload_of:
                cases.set_status_in(store, reupload_of, CaseStatus.REAPPEARED, now=now,
                                    note=_("re-uploaded: case {case}").format(case=case_id))
            _custody_steps(desk, case_id, intake, identification, result, received, now)
            evidence_path = store.evidence_dir / case_id / f"{intake.sha256[:16]}.zip"
            data = EvidenceInput(case_id=case_id, intake=intake, identification=identification,
                                 trace=result, pairs=pairs, proof=proof,
                                 custody=custody.entries(store, case_id), reupload_of=reupload_of)
            members = build_members(data)
            pdf, note = render_report(data, members.get("score.png"))
            if pdf is not None:
                members["report.pdf"] = pdf
            else:
                custody.record(store, actor=desk.actor, action="report",
                               detail=f"no PDF report: {note}", case_id=case_id, now=now)
            evidence = write_bundle(evidence_path, members, case_id=case_id,
                                    signer=desk.station(), now=now)
            custody.record(store, actor=desk.actor, action="evidence",
                           detail=f"bundle {evidence.sha256} signed by {evidence.signed_by}",
                           case_id=case_id, now=now)
            _insert_clip(store, case_id, intake, identification, result, evidence)
    except BaseException:
        if evidence_path is not None:
            evidence_path.unlink(missing_ok=True)
        raise
    if progress is not None:
        progress(1.0, 1.0)
    return ScanResult(case_id=case_id, status=status, intake=intake,
                      identification=identification, trace=result, evidence=evidence,
                      reupload_of=reupload_of, report_note=note)


def _with_timeline(result: TraceResult, points: Any) -> TraceResult:
    from dataclasses import replace

    return replace(result, timeline=tuple(points))


def matched_pairs(intake: Intake, identification: Identification, master: Any,
                  count: int = PAIRS) -> tuple[FramePair, ...]:
    """A few clip frames beside the master frames the identification lines them up with."""
    duration = intake.info.duration
    offset = identification.offset or 0.0
    times = [duration * (k + 0.5) / count for k in range(count)]
    pairs = []
    for t in times:
        clip_frame = next(iter(sample_frames(intake.path, 1.0, width=480, start=t, end=t + 1.0,
                                             gray=False)), None)
        master_frame = next(iter(sample_frames(master, 1.0, width=480, start=offset + t,
                                               end=offset + t + 1.0, gray=False)), None)
        if clip_frame is None or master_frame is None:
            continue
        pairs.append(FramePair(clip_time=round(t, 2), master_time=round(offset + t, 2),
                               png=frame_pair(clip_frame[1], master_frame[1],
                                              f"clip {t:.1f} s",
                                              f"master {_hms(offset + t)}")))
    return tuple(pairs)


def _hms(seconds: float) -> str:
    h, rest = divmod(max(seconds, 0.0), 3600)
    m, s = divmod(rest, 60)
    return f"{int(h):02d}:{int(m):02d}:{s:04.1f}"


def _custody_steps(desk: Desk, case_id: str, intake: Intake, identification: Identification,
                   result: TraceResult | None, received: Any, now: Any) -> None:
    record = custody.record
    record(desk.store, actor=desk.actor, action="intake",
           detail=f"clip {intake.path.name} sha256 {intake.sha256} ({intake.size} bytes) seen at "
                  f"{intake.sighting.link.url}", case_id=case_id, now=received)
    if identification.found:
        detail = (f"film {identification.film.film_id} at {identification.offset:.2f} s, "
                  f"score {identification.score:.3f} >= {identification.threshold}")
    else:
        detail = (f"no registered film (best score {identification.score:.3f} < "
                  f"{identification.threshold})")
    record(desk.store, actor=desk.actor, action="identify", detail=detail, case_id=case_id,
           now=now)
    if result is not None:
        who = result.session.short_id if result.session else "-"
        record(desk.store, actor=desk.actor, action="trace",
               detail=f"{result.verdict.value}: session {who}, log10 p {result.log10_p:.2f}, "
                      f"threshold p {result.threshold:g}", case_id=case_id, now=now)


def _insert_clip(store: Any, case_id: str, intake: Intake, identification: Identification,
                 result: TraceResult | None, evidence: Evidence) -> None:
    link = intake.sighting.link
    session_hex = (result.session.short_id if result is not None and result.session else None)
    store.db.execute(
        "INSERT INTO clips(sha256, case_id, link, link_kind, channel, message_id, views, "
        "seen_at, received_at, file_name, size, duration, film_score, film_offset, "
        "session_hex, log10_p, verdict, evidence) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (intake.sha256, case_id, link.url, link.kind.value, intake.sighting.channel,
         link.message_id, intake.sighting.views, intake.sighting.seen_time.isoformat(),
         intake.received_at.isoformat(), intake.path.name, intake.size, intake.info.duration,
         identification.score, identification.offset, session_hex,
         result.log10_p if result is not None else None,
         result.verdict.value if result is not None else None,
         str(evidence.path)),
    )


__all__ = ["RECORDING_SHARE", "AlreadyScanned", "ScanResult", "Verdict", "matched_pairs", "scan"]
