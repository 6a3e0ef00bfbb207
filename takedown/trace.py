"""Trace: which review session a clip leaked from, and under whose key it was marked.

Informed detection against the master, in two steps (:mod:`watermark.detect`): the
key-independent features of the part of the clip that matches the film are computed
once (:func:`watermark.features.clip_features`), then every license key the desk knows
of for the film is tried on them (:func:`watermark.detect.evidence` and
:func:`watermark.detect.decide`, milliseconds each). The candidates for a key are the
sessions recorded under that license. Trying several keys is several hypotheses: the
false-positive probability reported is multiplied by the number of keys tried.

Verdicts (:class:`TraceVerdict`): attributed (a session recorded under the key that found
the mark); an unrecorded mark (the mark was found under license X's key, issued to station
A, but carries a session id A never recorded under X: tampering at station A, never a leak
from the session it names); a session claimed by two stations (not attributed to either);
a mark of a session no imported bundle holds (the office's single key of format-1
licenses); a mark under the key of a license that only a refused bundle records (a revoked
or tampering station's: the license and station are named, no session is accused, since the
records that would name it were not accepted); not attributable (p above
:data:`DECISION_P`, never a guess).
"""

from __future__ import annotations

import enum
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from screeningroom.registry import Session
from screeningroom_resources.i18n import N_, _
from watermark import DetectionMode, WatermarkProfile
from watermark.detect import decide, evidence
from watermark.features import Features

DECISION_P = 1e-9
MAX_SECONDS = 60.0  # the detector reads at most this much of a clip
MARGIN = 4.0  # seconds of master kept on each side of the matching part


class TraceVerdict(enum.Enum):
    ATTRIBUTED = "attributed"
    NOT_ATTRIBUTABLE = "not attributable"
    UNKNOWN_SESSION = "unknown session"  # a mark of a session no imported bundle holds
    UNRECORDED_MARK = "unrecorded mark"  # tampering at the station whose key made the mark
    CLAIMED_TWICE = "claimed twice"  # the session id is claimed by two stations
    REFUSED_RECORDS = "refused records"  # the key's license only a refused bundle records

    @property
    def label(self) -> str:
        return _(_VERDICTS[self])


_VERDICTS = {
    TraceVerdict.ATTRIBUTED: N_("attributed"),
    TraceVerdict.NOT_ATTRIBUTABLE: N_("not attributable"),
    TraceVerdict.UNKNOWN_SESSION: N_("marked by a session no imported audit bundle holds"),
    TraceVerdict.UNRECORDED_MARK: N_("tampering at the station whose key made the mark: a "
                                     "session it never recorded"),
    TraceVerdict.CLAIMED_TWICE: N_("marked with a session id two stations claim"),
    TraceVerdict.REFUSED_RECORDS: N_("marked under the key of a license only a refused audit "
                                     "bundle records"),
}


@dataclass(frozen=True)
class KeyCandidate:
    """One license key to try: the office's single key (``license_id`` None: licenses of
    format 1, every session of the film a candidate) or one license's own key (the
    sessions recorded under that license by ``station_id``). ``refused_bundle``: the
    license appears only in that bundle, which the desk refused (its sessions are tried as
    candidates, never accused)."""

    license_id: str | None
    station_id: str | None
    key: bytes
    profile: WatermarkProfile
    sessions: tuple[Session, ...]
    refused_bundle: str | None = None


@dataclass(frozen=True)
class ScorePoint:
    """The detection score of the traced payload in one window of the clip."""

    start: float  # seconds of clip time
    end: float
    z_score: float
    log10_p: float


@dataclass(frozen=True)
class TraceResult:
    verdict: TraceVerdict
    session: Session | None  # only when attributed
    payload: int | None  # the decoded payload (also for an unknown or unrecorded session)
    p_value: float  # corrected for every key tried
    log10_p: float
    z_score: float
    threshold: float  # the decision threshold on p
    bit_errors: int | None
    candidates: int  # sessions tried
    keys: int  # license keys tried
    license_id: str | None  # the license whose key gave the best evidence
    key_station_id: str | None  # the station that license was issued to
    clip_start: float  # the part of the clip read (clip seconds)
    clip_end: float
    seconds_used: float  # of clip content used by the detector
    mode: DetectionMode
    elapsed: float  # wall seconds
    timeline: tuple[ScorePoint, ...] = ()
    claimed_by: tuple[str, ...] = ()  # stations recording the payload's session id
    refused_bundle: str | None = None  # REFUSED_RECORDS: the refused bundle (SHA-256)
    refused_recorded: bool = False  # ... and whether it records the payload's session id

    @property
    def attributed(self) -> bool:
        return self.verdict is TraceVerdict.ATTRIBUTED


def stretch(match_start: float, match_end: float) -> tuple[float, float]:
    """The part of the clip the trace reads: the matching part, at most :data:`MAX_SECONDS`
    of it, centred."""
    length = match_end - match_start
    if length <= MAX_SECONDS:
        return match_start, match_end
    middle = (match_start + match_end) / 2
    return middle - MAX_SECONDS / 2, middle + MAX_SECONDS / 2


def _hypotheses_log10(keys: int) -> float:
    return math.log10(max(1, keys))


def trace(
    features: dict[str, Features],
    keys: Sequence[KeyCandidate],
    *,
    clip_start: float,
    clip_end: float,
    threshold: float = DECISION_P,
    claimed_by: Callable[[int], tuple[str, ...]] = lambda _sid: (),
    clock: Callable[[], float] = time.perf_counter,
) -> TraceResult:
    """Try every key of ``keys`` on ``features`` (profile ident -> the clip's features
    under that profile, computed once). ``claimed_by(session_id)``: the stations that
    recorded a session id (from the desk's sessions)."""
    started = clock()
    best = None
    for cand in keys:
        feats = features[cand.profile.ident]
        ev = evidence(feats, cand.key, cand.profile)
        det = decide(ev, cand.key, cand.profile, tuple(s.session_id for s in cand.sessions))
        if best is None or det.log10_p < best[1].log10_p:
            best = (cand, det, feats)
    if best is None:
        raise ValueError("no key to try")
    cand, det, feats = best
    lp = min(0.0, float(det.log10_p) + _hypotheses_log10(len(keys)))
    p = 10.0 ** lp
    verdict, session, stations = TraceVerdict.NOT_ATTRIBUTABLE, None, ()
    if det.payload is not None and p <= threshold:
        stations = claimed_by(det.payload)
        mine = [s for s in cand.sessions if s.session_id == det.payload]
        if cand.refused_bundle is not None:
            verdict = TraceVerdict.REFUSED_RECORDS
        elif len(stations) > 1:
            verdict = TraceVerdict.CLAIMED_TWICE
        elif mine:
            verdict, session = TraceVerdict.ATTRIBUTED, mine[0]
        elif cand.license_id is not None:
            verdict = TraceVerdict.UNRECORDED_MARK
        else:
            verdict = TraceVerdict.UNKNOWN_SESSION
    result = TraceResult(
        verdict=verdict, session=session, payload=det.payload, p_value=p, log10_p=lp,
        z_score=float(det.z_score), threshold=threshold, bit_errors=det.bit_errors,
        candidates=len({(s.station_id, s.session_id) for k in keys for s in k.sessions}),
        keys=len(keys), license_id=cand.license_id, key_station_id=cand.station_id,
        clip_start=round(clip_start, 3), clip_end=round(clip_end, 3),
        seconds_used=float(det.seconds_used), mode=det.mode,
        elapsed=round(clock() - started, 3), claimed_by=tuple(stations),
    )
    if verdict is TraceVerdict.REFUSED_RECORDS:
        result = replace(result, refused_bundle=cand.refused_bundle,
                         refused_recorded=bool(mine))
    if det.payload is not None:
        result = replace(result, timeline=timeline(feats, cand, det.payload, clip_start))
    return result


def windows(duration: float, count: int = 6, minimum: float = 2.0) -> list[tuple[float, float]]:
    """Consecutive windows covering ``duration`` seconds: ``count`` of them, each at least
    ``minimum`` seconds long (fewer for a short clip)."""
    if duration <= 0:
        return []
    n = max(1, min(count, int(duration // minimum)))
    step = duration / n
    return [(round(k * step, 3), round((k + 1) * step, 3)) for k in range(n)]


def _part(feats: Features, mask: np.ndarray) -> Features:
    times = feats.clip_times[mask]
    span = float(times[-1] - times[0]) if len(times) > 1 else 0.0
    return replace(feats, coeffs=feats.coeffs[mask], clip_times=times,
                   master_times=feats.master_times[mask] if feats.master_times is not None
                   else None, seconds_used=span)


def timeline(feats: Features, cand: KeyCandidate, payload: int,
             clip_start: float) -> tuple[ScorePoint, ...]:
    """The score of ``payload`` in each window of the features (for the evidence plot):
    the same features, cut in time; no frame is read again."""
    points = []
    t = feats.clip_times
    if len(t) < 2:
        return ()
    for start, end in windows(float(t[-1] - t[0])):
        mask = (t >= t[0] + start) & (t < t[0] + end)
        if mask.sum() < 2:
            continue
        part = _part(feats, mask)
        det = decide(evidence(part, cand.key, cand.profile), cand.key, cand.profile,
                     (payload,))
        points.append(ScorePoint(start=round(clip_start + start, 3),
                                 end=round(clip_start + end, 3),
                                 z_score=float(det.z_score), log10_p=float(det.log10_p)))
    return tuple(points)
