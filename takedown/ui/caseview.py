"""What the desk window shows of one case, read from the desk store and the case's signed
evidence bundle (no Qt here). A freshly scanned clip and a case opened from the list are
shown the same way: both are read back from what was recorded."""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from takedown.cases import Case, ClipRecord
from takedown.custody import CustodyEntry
from takedown.evidence import EvidenceInvalid, verify_bundle
from takedown.trace import ScorePoint, Verdict


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
    clip: ClipRecord | None  # the newest clip of the case
    identified: bool
    film_id: str | None
    film_title: str | None
    register_number: str | None
    offset: float | None
    match_score: float | None
    match_threshold: float | None
    verdict: Verdict | None  # None: no trace was run (no film identified)
    p_value: float | None
    threshold: float | None
    z_score: float | None
    payload_hex: str | None
    session: SessionView | None
    timeline: tuple[ScorePoint, ...]
    evidence: EvidenceView | None
    custody: tuple[CustodyEntry, ...]


def _json(zf: zipfile.ZipFile, name: str) -> Any:
    try:
        return json.loads(zf.read(name))
    except (KeyError, ValueError):
        return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_bundle(path: Path) -> tuple[EvidenceView, dict[str, Any]]:
    try:
        check = verify_bundle(path)
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
    view = EvidenceView(path=path, sha256=_sha256(path) if path.is_file() else "", valid=valid,
                        problem=problem, signed_by=signed_by, members=tuple(members),
                        pairs=tuple(pairs), score_png=score, report_pdf="report.pdf" in members)
    return view, docs


def _session(doc: Any) -> SessionView | None:
    if not isinstance(doc, dict) or "session_id" not in doc:
        return None
    return SessionView(session_hex=f"{int(doc['session_id']):016x}",
                       station_id=str(doc.get("station_id", "")), room=str(doc.get("room", "")),
                       member_id=str(doc.get("member_id", "")),
                       film_id=str(doc.get("film_id", "")),
                       started_at=str(doc.get("started_at", "")))


def build(case: Case, custody: tuple[CustodyEntry, ...],
          register_number: str | None = None) -> CaseView:
    """The view of ``case`` (a full case, with its clips) and its evidence."""
    clip = case.clips[-1] if case.clips else None
    evidence, docs = (None, {})
    if clip is not None and clip.evidence and Path(clip.evidence).is_file():
        evidence, docs = _read_bundle(Path(clip.evidence))
    ident = docs.get("identification.json") or {}
    film = ident.get("film") if isinstance(ident, dict) else None
    trace = docs.get("trace.json") if isinstance(docs.get("trace.json"), dict) else None
    timeline: tuple[ScorePoint, ...] = ()
    verdict = p_value = threshold = z_score = payload = None
    session = None
    if trace is not None:
        verdict = Verdict(trace.get("verdict"))
        p_value, threshold = trace.get("p_value"), trace.get("threshold")
        z_score = trace.get("z_score")
        payload = f"{trace['payload']:016x}" if trace.get("payload") is not None else None
        session = _session(trace.get("session"))
        timeline = tuple(ScorePoint(start=float(p["start"]), end=float(p["end"]),
                                    z_score=float(p.get("z_score") or 0.0),
                                    log10_p=float(p.get("log10_p") or 0.0))
                         for p in trace.get("timeline") or ())
    elif clip is not None and clip.verdict:
        verdict = Verdict(clip.verdict)
        p_value = 10.0 ** clip.log10_p if clip.log10_p is not None else None
    return CaseView(
        case=case, clip=clip,
        identified=case.film_id is not None,
        film_id=case.film_id,
        film_title=(film or {}).get("title") if film else (case.title if case.film_id else None),
        register_number=(film or {}).get("register_number") if film else register_number,
        offset=ident.get("offset") if ident else (clip.film_offset if clip else None),
        match_score=ident.get("score") if ident else (clip.film_score if clip else None),
        match_threshold=ident.get("threshold") if ident else None,
        verdict=verdict, p_value=p_value, threshold=threshold, z_score=z_score,
        payload_hex=payload, session=session, timeline=timeline, evidence=evidence,
        custody=custody,
    )


def when(value: datetime | str | None) -> str:
    """A time as the window shows it: ``2026-05-01 10:02 UTC``."""
    if value is None or value == "":
        return "-"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%d %H:%M UTC")


def short(value: datetime | None) -> str:
    """A time in a table column (UTC, the column says so): ``2026-05-01 10:02``."""
    return "-" if value is None else value.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
