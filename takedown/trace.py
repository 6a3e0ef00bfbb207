"""Trace: which review session a clip leaked from. Informed detection against the master
(``watermark.detect``), the candidates being the sessions the imported audit bundles
record for the film; the decoded payload is resolved to its session. Below the decision
threshold (p <= 1e-9) the answer is "not attributable", never a guess.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from screeningroom.registry import Session
from screeningroom_resources.i18n import N_, _

DECISION_P = 1e-9


class Verdict(enum.Enum):
    ATTRIBUTED = "attributed"
    NOT_ATTRIBUTABLE = "not attributable"
    UNKNOWN_SESSION = "unknown session"  # a valid mark of a session no imported bundle holds

    @property
    def label(self) -> str:
        return _(_VERDICTS[self])


_VERDICTS = {
    Verdict.ATTRIBUTED: N_("attributed"),
    Verdict.NOT_ATTRIBUTABLE: N_("not attributable"),
    Verdict.UNKNOWN_SESSION: N_("marked by a session no imported audit bundle holds"),
}


class DetectionLike(Protocol):
    """What :func:`watermark.detect` returns (the fields the desk reads)."""

    payload: int | None
    found: bool
    p_value: float
    log10_p: float
    z_score: float
    bit_errors: int | None
    seconds_used: float
    mode: Any
    threshold: float


Detector = Callable[..., DetectionLike]


@dataclass(frozen=True)
class ScorePoint:
    """The detection score of the traced session in one window of the clip."""

    start: float  # seconds of clip time
    end: float
    z_score: float
    log10_p: float


@dataclass(frozen=True)
class TraceResult:
    verdict: Verdict
    session: Session | None  # only when attributed
    payload: int | None  # the decoded payload (also for an unknown session)
    p_value: float
    log10_p: float
    z_score: float
    threshold: float  # the decision threshold on p
    bit_errors: int | None
    candidates: int  # sessions tried
    seconds_used: float  # of clip content used by the detector
    mode: str
    elapsed: float  # wall seconds
    timeline: tuple[ScorePoint, ...] = ()

    @property
    def attributed(self) -> bool:
        return self.verdict is Verdict.ATTRIBUTED


def _default_detector() -> Detector:
    from watermark.detect import detect

    return detect


MARGIN = 4.0  # seconds of master kept on each side of the identified place
MAX_SECONDS = 60.0  # the detector reads at most this much of a clip


def master_excerpt(master: Any, start: float, end: float) -> Iterator[tuple[float, Any]]:
    """The master's frames from ``start`` to ``end`` seconds (grey, full size) after its
    first frame, so that times stay "seconds since the film's first frame" (the detector
    counts from the first frame it is given, and the mark's schedule runs on film time)."""
    from takedown.media import sample_frames

    start = max(0.0, start)
    first = next(iter(sample_frames(master, None, width=0, end=1.0)), None)
    if first is not None and start > first[0] + 0.5:
        yield first
    yield from sample_frames(master, None, width=0, start=start, end=end)


def decide(detection: DetectionLike, sessions: Sequence[Session],
           threshold: float = DECISION_P) -> tuple[Verdict, Session | None]:
    """The verdict from a detection: attributed only past the threshold, to a known session."""
    if not detection.found or detection.payload is None or detection.p_value > threshold:
        return Verdict.NOT_ATTRIBUTABLE, None
    for s in sessions:
        if s.session_id == detection.payload:
            return Verdict.ATTRIBUTED, s
    return Verdict.UNKNOWN_SESSION, None


def trace(
    clip: Any,
    master: Any,
    key: bytes,
    sessions: Sequence[Session],
    *,
    film_offset: float,
    clip_duration: float,
    detector: Detector | None = None,
    threshold: float = DECISION_P,
    progress: Callable[[float, float], None] | None = None,
    clock: Callable[[], float] = time.perf_counter,
) -> TraceResult:
    """Informed detection of ``clip`` against the part of ``master`` (a file-like reader)
    around ``film_offset`` where identification placed it, under ``key``, the candidates
    being ``sessions`` (the film's sessions from the imported audit bundles)."""
    detect = detector or _default_detector()
    started = clock()
    candidates = [s.session_id for s in sessions] or None
    span = min(clip_duration, MAX_SECONDS)
    margin = MARGIN + 0.05 * span
    excerpt = master_excerpt(master, film_offset - margin, film_offset + span + margin)
    detection = detect(clip, key, master=excerpt, candidates=candidates, progress=progress)
    verdict, session = decide(detection, sessions, threshold)
    mode = getattr(detection.mode, "value", detection.mode)
    return TraceResult(
        verdict=verdict, session=session, payload=detection.payload,
        p_value=float(detection.p_value), log10_p=float(detection.log10_p),
        z_score=float(detection.z_score), threshold=threshold,
        bit_errors=detection.bit_errors, candidates=len(sessions),
        seconds_used=float(detection.seconds_used), mode=str(mode),
        elapsed=round(clock() - started, 3),
    )


def windows(duration: float, count: int = 6, minimum: float = 2.0) -> list[tuple[float, float]]:
    """Consecutive windows covering ``duration`` seconds: ``count`` of them, each at least
    ``minimum`` seconds long (fewer for a short clip)."""
    if duration <= 0:
        return []
    n = max(1, min(count, int(duration // minimum)))
    step = duration / n
    return [(round(k * step, 3), round((k + 1) * step, 3)) for k in range(n)]


def timeline(
    clip: Any,
    duration: float,
    master: Any,
    key: bytes,
    payload: int,
    *,
    film_offset: float,
    detector: Detector | None = None,
    progress: Callable[[float, float], None] | None = None,
) -> tuple[ScorePoint, ...]:
    """The score of ``payload`` in each window of the clip (for the evidence plot)."""
    from takedown.media import sample_frames

    detect = detector or _default_detector()
    spans = windows(min(duration, MAX_SECONDS))
    points = []
    for k, (start, end) in enumerate(spans):
        clip_frames = sample_frames(clip, None, width=0, start=start, end=end)
        margin = MARGIN + 0.05 * end
        excerpt = master_excerpt(master, film_offset + start - margin, film_offset + end + margin)
        detection = detect(clip_frames, key, master=excerpt, candidates=[payload])
        points.append(ScorePoint(start=start, end=end, z_score=float(detection.z_score),
                                 log10_p=float(detection.log10_p)))
        if progress is not None:
            progress(k + 1, len(spans))
    return tuple(points)
