"""What the desk window shows of one case, read from the desk store and the case's signed
evidence bundle (no Qt here). A freshly scanned clip and a case opened from the list are
shown the same way: both are read back from what was recorded."""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from takedown import zone
from takedown.cases import Case, ClipRecord, LeakGroup, Sighting
from takedown.custody import CustodyEntry
from takedown.evidence import EvidenceInvalid, check_evidence_signature
from takedown.findings import Finding
from takedown.intake import sha256_file
from takedown.store import FilmRecord, NoticeRecord
from takedown.trace import ScorePoint, TraceVerdict
from takedown.zone import format_time


@dataclass(frozen=True)
class SessionView:
    session_hex: str
    station_id: str
    room: str
    member_id: str
    film_id: str
    started_at: str


@dataclass(frozen=True)
class PairImage:
    name: str  # frames/pair-NN.png
    png: bytes


@dataclass(frozen=True)
class EvidenceView:
    path: Path
    sha256: str
    valid: bool
    problem: str  # why it does not verify (empty when valid)
    signed_by: str
    members: tuple[str, ...]
    pairs: tuple[PairImage, ...]
    score_png: bytes | None
    report_pdf: bool


@dataclass(frozen=True)
class CaseView:
    case: Case
    clip: ClipRecord | None  # the case's clip (its analysis)
    sighting: Sighting | None  # the newest sighting (its evidence bundle is shown)
    identified: bool
    film_id: str | None
    film_title: str | None
    register_number: str | None
    offset: float | None  # seconds into the film where the clip's matching part starts
    match_score: float | None
    match_threshold: float | None
    verdict: TraceVerdict | None  # None: no trace was run (no film identified)
    p_value: float | None
    threshold: float | None
    z_score: float | None
    payload_hex: str | None
    session: SessionView | None
    timeline: tuple[ScorePoint, ...]
    evidence: EvidenceView | None
    custody: tuple[CustodyEntry, ...]
    sightings: tuple[Sighting, ...] = ()
    group: LeakGroup | None = None
    notices: tuple[NoticeRecord, ...] = ()
    findings: tuple[Finding, ...] = ()
    license_id: str | None = None  # the license whose key found the mark
    key_station: str | None = None
    keys_tried: int = 0
    match: tuple[float, float] | None = None  # clip seconds of the part matching the film
    rights_holder: str | None = None
    certificate: str | None = None


def _json(zf: zipfile.ZipFile, name: str) -> Any:
    try:
        return json.loads(zf.read(name))
    except (KeyError, ValueError):
        return None


def _read_bundle(path: Path) -> tuple[EvidenceView, dict[str, Any]]:
    try:
        check = check_evidence_signature(path)
        valid, problem, signed_by, members = True, "", check.station_id, check.members
    except EvidenceInvalid as exc:
        valid, problem, signed_by, members = False, str(exc), "", ()
    docs: dict[str, Any] = {}
    pairs: list[PairImage] = []
    score = None
    try:
        with zipfile.ZipFile(path) as zf:
            names = sorted(zf.namelist())
            for name in ("identification.json", "trace.json", "session.json"):
                if name in names:
                    docs[name] = _json(zf, name)
            pairs = [PairImage(n, zf.read(n)) for n in names
                     if n.startswith("frames/") and n.endswith(".png")]
            score = zf.read("score.png") if "score.png" in names else None
            members = members or tuple(names)
    except (OSError, zipfile.BadZipFile) as exc:
        valid, problem = False, problem or str(exc)
    view = EvidenceView(path=path, sha256=sha256_file(path) if path.is_file() else "", valid=valid,
                        problem=problem, signed_by=signed_by, members=tuple(members),
                        pairs=tuple(pairs), score_png=score, report_pdf="report.pdf" in members)
    return view, docs


def _session(doc: Any) -> SessionView | None:
    if not isinstance(doc, dict) or not doc.get("session_id"):
        return None
    return SessionView(session_hex=str(doc["session_id"]),
                       station_id=str(doc.get("station_id", "")), room=str(doc.get("room", "")),
                       member_id=str(doc.get("member_id", "")),
                       film_id=str(doc.get("film_id", "")),
                       started_at=str(doc.get("started_at", "")))


def build(case: Case, custody: tuple[CustodyEntry, ...], *,
          notices: tuple[NoticeRecord, ...] = (), findings: tuple[Finding, ...] = (),
          film: FilmRecord | None = None) -> CaseView:
    """The view of ``case`` (a full case, with its clip and sightings) and its evidence."""
    clip = case.clip
    sighting = case.sightings[-1] if case.sightings else None
    newest = next((s for s in reversed(case.sightings) if s.evidence
                   and Path(s.evidence).is_file()), None)
    evidence, docs = (None, {})
    if newest is not None:
        evidence, docs = _read_bundle(Path(newest.evidence))
    ident = docs.get("identification.json") or {}
    film_doc = ident.get("film") if isinstance(ident, dict) else None
    trace = docs.get("trace.json") if isinstance(docs.get("trace.json"), dict) else None
    timeline: tuple[ScorePoint, ...] = ()
    verdict = p_value = threshold = z_score = payload = None
    session = None
    if trace is not None:
        verdict = TraceVerdict(trace.get("verdict"))
        p_value, threshold = trace.get("p_value"), trace.get("threshold")
        z_score = trace.get("z_score")
        payload = trace.get("payload")
        session = _session(trace.get("session"))
        timeline = tuple(ScorePoint(start=float(p["start"]), end=float(p["end"]),
                                    z_score=float(p.get("z_score") or 0.0),
                                    log10_p=float(p.get("log10_p") or 0.0))
                         for p in trace.get("timeline") or ())
    elif clip is not None and clip.verdict:
        verdict = TraceVerdict(clip.verdict)
        p_value = 10.0 ** clip.log10_p if clip.log10_p is not None else None
    match = None
    film_start = None
    if clip is not None and clip.match_start is not None and clip.match_end is not None:
        match = (clip.match_start, clip.match_end)
        if clip.film_offset is not None:
            film_start = clip.film_offset + clip.match_start
    return CaseView(
        case=case, clip=clip, sighting=sighting,
        identified=case.film_id is not None,
        film_id=case.film_id,
        film_title=film.title if film else (film_doc or {}).get("title") if film_doc else (
            case.title if case.film_id else None),
        register_number=film.register_number if film else (film_doc or {}).get(
            "register_number") if film_doc else None,
        offset=film_start, match_score=clip.film_score if clip else None,
        match_threshold=ident.get("threshold") if ident else None,
        verdict=verdict, p_value=p_value, threshold=threshold, z_score=z_score,
        payload_hex=payload, session=session, timeline=timeline, evidence=evidence,
        custody=custody, sightings=case.sightings, group=case.group, notices=notices,
        findings=findings, license_id=(trace or {}).get("license_id"),
        key_station=(trace or {}).get("key_station_id"), keys_tried=int((trace or {}).get(
            "keys") or 0), match=match,
        rights_holder=film.rights_holder if film else None,
        certificate=film.distribution_certificate if film else None,
    )


def when(value: datetime | str | None) -> str:
    """A time as the window shows it, in the desk's zone with the zone."""
    if value is None or value == "":
        return "-"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    return format_time(value)


def short(value: datetime | None) -> str:
    """A time in a table column (the column header names the zone)."""
    return "-" if value is None else value.astimezone(zone.current()).strftime(
        "%Y-%m-%d %H:%M")
