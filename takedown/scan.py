"""The scan pipeline: intake -> one decoded pass over the clip -> identification -> trace
-> evidence pictures, returning a :class:`ScanOutcome`. It writes nothing: the desk records
the outcome in one transaction (:meth:`takedown.desk.Desk.scan`).

The clip is decoded once (:func:`takedown.media.read_clip`); what that pass keeps serves
every step: the fingerprint thumbnails identify the film, the reduced luma of the frames
that match it is what the trace and the score timeline read, the colour stills are the
clip's half of the evidence pictures. The trace reads the part of the clip that matches
the film, wherever it starts (a pirate's intro, outro or ads around it do not count), and
the same stretch of the master, once. Progress runs over the whole path; an exception
raised from the progress callback (a cancel) stops it with nothing written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from screeningroom.registry import Session
from screeningroom_resources.console import Progress
from screeningroom_resources.i18n import _
from takedown.audit import RefusedSession
from takedown.cases import ClipRecord
from takedown.errors import TakedownError, TakedownInputError
from takedown.evidence.contents import FramePair
from takedown.evidence.images import frame_pair
from takedown.identify import FilmIndex, Identification, search
from takedown.intake import Intake
from takedown.media import ClipPass, frames, luma, read_clip, reduce, still_at
from takedown.trace import MARGIN, KeyCandidate, TraceResult, stretch, trace
from takedown.zone import hms
from watermark import MasterIndex, WatermarkError, profile_by_name
from watermark.align import clip_views
from watermark.features import clip_features

PAIRS = 4
# shares of the progress bar per step
_W_DECODE, _W_IDENTIFY, _W_TRACE = 0.45, 0.05, 0.45
#: progress reaches this share just before the results are recorded: an exception raised
#: from the progress callback before it (a cancel) leaves nothing written
RECORDING_SHARE = _W_DECODE + _W_IDENTIFY + _W_TRACE


class TraceFailed(TakedownError):
    """The watermark reader could not use the clip or the master (its reason is given)."""


class AlreadyScanned(TakedownInputError):
    """The same clip was already recorded as seen at the same link."""


@dataclass(frozen=True)
class MasterAccess:
    """An opened master: its decrypting reader and the keys the desk may try on a copy.
    ``license_id``: the forensic license opened (the desk records the opening)."""

    reader: Any
    license_id: str
    keys: Callable[[Sequence[Session]], tuple[KeyCandidate, ...]]
    index: MasterIndex  # the film's master index: the trace reads it, never the master


@dataclass(frozen=True)
class ScanContext:
    """What the pipeline needs from the desk, as values and callables (no desk object)."""

    films: Sequence[FilmIndex]
    sessions_of_film: Callable[[str], tuple[Session, ...]]
    claimed_by: Callable[[int], tuple[str, ...]]
    open_master: Callable[[str], AbstractContextManager[MasterAccess]]


@dataclass(frozen=True)
class ScanOutcome:
    intake: Intake
    identification: Identification
    trace: TraceResult | None
    pairs: tuple[FramePair, ...]
    opened_license: str | None  # the forensic license whose master was opened
    analysed_at: datetime


def _stage(progress: Progress | None, base: float, share: float) -> Progress | None:
    if progress is None:
        return None
    return lambda done, total: progress(base + share * (min(done / total, 1.0) if total
                                                        else 1.0), 1.0)


def run_scan(intake: Intake, context: ScanContext, *, now: datetime,
             progress: Progress | None = None) -> ScanOutcome:
    """Identify and trace ``intake``'s clip (see the module docstring). Writes nothing."""
    if progress is not None:
        progress(0.0, 1.0)
    clip = read_clip(intake.path, progress=_stage(progress, 0.0, _W_DECODE))
    identification = search(clip_views(clip.thumbs), context.films)
    if progress is not None:
        progress(_W_DECODE + _W_IDENTIFY, 1.0)
    result: TraceResult | None = None
    pairs: tuple[FramePair, ...] = ()
    opened: str | None = None
    if identification.found:
        film_id = identification.film.film_id
        sessions = context.sessions_of_film(film_id)
        with context.open_master(film_id) as master:
            opened = master.license_id
            result, pairs = _trace(intake, clip, identification, master, sessions, context,
                                   _stage(progress, _W_DECODE + _W_IDENTIFY, _W_TRACE))
    if progress is not None:
        progress(RECORDING_SHARE, 1.0)
    return ScanOutcome(intake=intake, identification=identification, trace=result,
                       pairs=pairs, opened_license=opened, analysed_at=now)


def _clip_span(intake: Intake, clip: ClipPass, start: float,
               end: float) -> list[tuple[float, Any]]:
    kept = clip.span(start, end)
    if kept or clip.works is not None:
        return kept
    # a clip too long to keep in memory: its matching stretch is decoded once more
    return [(t, reduce(luma(f))) for t, f in frames(intake.path, start=start, end=end)]


def _trace(intake: Intake, clip: ClipPass, ident: Identification, master: MasterAccess,
           sessions: tuple[Session, ...], context: ScanContext,
           progress: Progress | None) -> tuple[TraceResult | None, tuple[FramePair, ...]]:
    offset = float(ident.offset or 0.0)
    c0, c1 = stretch(float(ident.match_start or 0.0), float(ident.match_end or
                                                            intake.info.duration))
    picks = _pick_stills(clip.stills, c0, c1)
    margin = MARGIN + 0.05 * (c1 - c0)
    clip_frames = _clip_span(intake, clip, c0, c1)
    result: TraceResult | None = None
    try:
        keys = master.keys(sessions)  # a session's profile this desk does not know raises
        excerpt = master.index.excerpt(offset + c0 - margin, offset + c1 + margin)
        reading = (None if progress is None else
                   lambda done, total: progress(0.9 * (done / total if total else 1.0), 1.0))
        features = {k.profile.ident: clip_features(clip_frames, excerpt, k.profile,
                                                   progress=reading,
                                                   max_seconds=c1 - c0 + 1.0)
                    for k in {k.profile.ident: k for k in keys}.values()}
        if keys:
            result = trace(features, keys, clip_start=c0, clip_end=c1,
                           claimed_by=context.claimed_by)
    except WatermarkError as exc:
        raise TraceFailed(
            _("The trace could not be run, so nothing was recorded: {reason}").format(
                reason=exc.translated(_))) from exc
    pairs = []
    for k, (t, image) in enumerate(picks):
        other = still_at(master.reader, offset + t)
        if progress is not None:
            progress(0.9 + 0.1 * (k + 1) / len(picks), 1.0)
        if other is None:
            continue
        pairs.append(FramePair(clip_time=round(t, 2), master_time=round(offset + t, 2),
                               png=frame_pair(image, other, f"clip {t:.1f} s",
                                              f"master {hms(offset + t)}")))
    return result, tuple(pairs)


def _pick_stills(stills: Sequence[tuple[float, Any]], start: float, end: float,
                 count: int = PAIRS) -> list[tuple[float, Any]]:
    inside = [s for s in stills if start <= s[0] < end]
    if len(inside) <= count:
        return inside
    step = len(inside) / count
    return [inside[int(step * (k + 0.5))] for k in range(count)]



REFUSED_LICENSES_PER_STATION = 4  # a station holds few licenses of one film


def key_candidates(sessions: Sequence[Session], *, office_key: bytes | None,
                   license_key: Callable[[str], bytes] | None,
                   station_of_license: Callable[[str], str | None] | None = None,
                   refused: Sequence[RefusedSession] = ()) -> tuple[KeyCandidate, ...]:
    """The keys to try on a copy of a film: with ``license_key`` (derived from the desk's
    forensic license), the key of every license the film's sessions were recorded under;
    licenses that share one key (format 1: the office's single key) are tried once, with all
    their sessions as candidates. Without it, ``office_key`` with every session. Then, with
    ``license_key``, the key of each license that only ``refused`` bundles record (once per
    license and profile; its sessions are candidates of the refused verdict only)."""
    groups: dict[tuple[bytes, str], list[Session]] = {}
    owners: dict[bytes, set[str]] = {}
    licenses: dict[bytes, set[str]] = {}
    for s in sessions:
        key = license_key(s.license_id) if license_key is not None else office_key
        if key is None:
            continue
        groups.setdefault((key, profile_by_name(s.profile).ident), []).append(s)
        owners.setdefault(key, set()).add(s.station_id)
        licenses.setdefault(key, set()).add(s.license_id)
    out = []
    for (key, profile), members in groups.items():
        single = len(licenses[key]) == 1 and len(owners[key]) == 1 and license_key is not None
        lic = next(iter(licenses[key])) if single else None
        station = next(iter(owners[key])) if single else None
        if single and station_of_license is not None:
            station = station_of_license(lic) or station
        out.append(KeyCandidate(license_id=lic, station_id=station, key=key,
                                profile=profile_by_name(profile), sessions=tuple(members)))
    if not out and office_key is not None:
        out.append(KeyCandidate(license_id=None, station_id=None, key=office_key,
                                profile=profile_by_name("sr-lf/1"), sessions=()))
    if license_key is not None:
        out += _refused_keys(sessions, refused, license_key)
    return tuple(out)


def _refused_keys(sessions: Sequence[Session], refused: Sequence[RefusedSession],
                  license_key: Callable[[str], bytes]) -> list[KeyCandidate]:
    """One key per license of the film that only refused bundles record, with its profile
    (the first bundle is named). A refused bundle is the word of a station the desk does not
    trust: it cannot stop a scan (a profile this desk does not know is passed over) nor
    flood it with keys (at most :data:`REFUSED_LICENSES_PER_STATION` licenses of one film
    per station, its most recent sessions first, each key counted in p)."""
    accepted = {s.license_id for s in sessions}
    unaccepted: dict[tuple[str, str], list[RefusedSession]] = {}
    per_station: dict[str, set[str]] = {}
    for r in sorted(refused, key=lambda r: r.session.started_at, reverse=True):
        s = r.session
        try:
            ident = profile_by_name(s.profile).ident
        except WatermarkError:
            continue
        held = per_station.setdefault(s.station_id, set())
        if s.license_id in accepted or (s.license_id not in held
                                        and len(held) >= REFUSED_LICENSES_PER_STATION):
            continue
        held.add(s.license_id)
        unaccepted.setdefault((s.license_id, ident), []).append(r)
    return [KeyCandidate(license_id=lic, station_id=found[0].session.station_id,
                         key=license_key(lic), profile=profile_by_name(ident),
                         sessions=tuple(r.session for r in found),
                         refused_bundle=found[0].bundle_sha256)
            for (lic, ident), found in unaccepted.items()]


def clip_record(outcome: ScanOutcome, case_id: str) -> ClipRecord:
    """What the desk keeps of the clip's analysis."""
    ident, tr = outcome.identification, outcome.trace
    session = tr.session if tr is not None else None
    return ClipRecord(
        sha256=outcome.intake.sha256, case_id=case_id, file_name=outcome.intake.path.name,
        size=outcome.intake.size, duration=outcome.intake.info.duration,
        film_id=ident.film.film_id if ident.found else None, film_score=ident.score,
        film_offset=ident.offset, match_start=ident.match_start, match_end=ident.match_end,
        verdict=tr.verdict.value if tr is not None else None,
        station_id=session.station_id if session else None,
        session_id=session.session_id if session else None,
        license_id=tr.license_id if tr is not None else None,
        log10_p=tr.log10_p if tr is not None else None, analysed_at=outcome.analysed_at)




__all__ = ["RECORDING_SHARE", "AlreadyScanned", "MasterAccess", "ScanContext", "ScanOutcome",
           "TraceFailed", "clip_record", "key_candidates", "run_scan"]
