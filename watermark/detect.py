"""Detection: is this clip marked under ``key``, and with which payload?

Informed mode (``master`` given): the clip is placed in the master's time line
(:mod:`watermark.align`), registered in space (:mod:`watermark.register`), tone-matched,
and the residual ``clip - master`` is correlated with the keyed patterns of the bank each
frame carried (the schedule is known from the master time): coherent accumulation. Blind
mode: each frame's own picture, with its slow content removed, is correlated with every
bank, and the per-window rows are combined without knowing the schedule (top singular
vector). Every reported payload carries the false-positive bound of :mod:`watermark.stats`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum

import cv2
import numpy as np

from watermark import align
from watermark.code import check_payload, codeword, decode
from watermark.errors import N_, WatermarkInputError
from watermark.evidence import (
    WORK_PIXELS,
    BlindFrontEnd,
    InformedFrontEnd,
    area_shape,
    coherent,
    detection_shape,
)
from watermark.keys import check_key
from watermark.patterns import AtomTransform, Schedule, bank_matrices
from watermark.profile import DEFAULT_PROFILE, WatermarkProfile
from watermark.register import estimate_homography
from watermark.search import offset_search
from watermark.stats import log10_p, z_score
from watermark.video import Source, container_frames, iter_luma

Progress = Callable[[float, float], None]
PAYLOAD_SPACE = 2.0**64


class DetectionMode(Enum):
    INFORMED = "informed"
    BLIND = "blind"


@dataclass(frozen=True)
class Detection:
    """The outcome of :func:`detect`. ``p_value`` bounds the chance that unmarked or
    differently keyed (or differently marked) content scores this high; ``found`` means
    ``p_value <= threshold``."""

    payload: int | None
    found: bool
    bit_errors: int
    z_score: float
    p_value: float
    log10_p: float
    seconds_used: float
    mode: DetectionMode
    threshold: float
    frames_used: int = 0
    profile: str = DEFAULT_PROFILE.ident
    alignment: align.Alignment | None = None


@dataclass(frozen=True)
class Evidence:
    """Soft-symbol vectors gathered from a clip, before any decision."""

    vectors: tuple[np.ndarray, ...]  # the soft-symbol vectors that are decoded and tested
    multiplicity: int  # schedule hypotheses the vectors were chosen from
    mode: DetectionMode
    seconds_used: float
    frames_used: int
    alignment: align.Alignment | None = None


def detect(
    frames_or_path: Source | Iterable[tuple[float, np.ndarray]],
    key: bytes,
    master: Source | Iterable[tuple[float, np.ndarray]] | None = None,
    candidates: Iterable[int] | None = None,
    progress: Progress | None = None,
    profile: WatermarkProfile | None = None,
    max_seconds: float = 60.0,
    film_seconds: float = 4 * 3600.0,
) -> Detection:
    """Detect the mark of ``key`` in a clip (path, binary file object, or (t, BGR) pairs).

    ``master``: the unmarked original (same kinds of input) for informed detection.
    ``candidates``: session ids known for this film; they are tested first (a far lower
    bar than an unknown 64-bit payload), the decoded payload is tested too.
    Only the first ``max_seconds`` of the clip are used. Blind mode searches the clip's
    place in a film of up to ``film_seconds`` (every place tried counts in the p-value).
    """
    key = check_key(key)
    profile = profile or DEFAULT_PROFILE
    cands = _check_candidates(candidates)
    evidence = gather(frames_or_path, key, master, profile, progress, max_seconds, film_seconds)
    return decide(evidence, key, profile, cands)


def _check_candidates(candidates: Iterable[int] | None) -> tuple[int, ...]:
    if candidates is None:
        return ()
    if isinstance(candidates, str | bytes):
        raise WatermarkInputError(N_("Candidates must be a list of 64-bit session ids."))
    return tuple(dict.fromkeys(check_payload(c) for c in candidates))


def gather(
    clip: Source,
    key: bytes,
    master: Source | None,
    profile: WatermarkProfile,
    progress: Progress | None = None,
    max_seconds: float = 60.0,
    film_seconds: float = 4 * 3600.0,
) -> Evidence:
    banks = bank_matrices(key, profile)
    if master is None:
        return _gather_blind(clip, key, banks, profile, progress, max_seconds, film_seconds)
    return _gather_informed(clip, master, key, banks, profile, progress, max_seconds)


def _tick(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None and (done % 10 == 0):
        progress(done, max(total, done))


def _gather_blind(clip, key, banks, profile, progress, max_seconds, film_seconds) -> Evidence:
    front = BlindFrontEnd(profile)
    total = container_frames(clip)
    last_t = 0.0
    for i, (t, y) in enumerate(iter_luma(clip, "clip")):
        if t > max_seconds:
            break
        front.add(t, y)
        last_t = t
        _tick(progress, i + 1, total)
    times = np.asarray(front.times)
    if len(times) < 2:
        raise WatermarkInputError(N_("The clip is too short: it needs at least two frames."))
    frames = front.frames(banks)
    found = offset_search(frames, times, Schedule(key, profile), profile, (0.0, film_seconds))
    return Evidence(
        vectors=found.vectors,
        multiplicity=found.hypotheses,
        mode=DetectionMode.BLIND,
        seconds_used=_span(times, last_t),
        frames_used=len(times),
    )


def _span(times: np.ndarray, last: float) -> float:
    if len(times) < 2:
        return 0.0
    step = float(np.median(np.diff(times)))
    return float(last - times[0] + step)


def _gather_informed(clip, master, key, banks, profile, progress, max_seconds) -> Evidence:
    clip_total = container_frames(clip)
    master_total = container_frames(master)
    total = clip_total + master_total
    # 1. the clip: thumbnails for alignment, reduced frames for registration
    times: list[float] = []
    thumbs: list[np.ndarray] = []
    works: list[np.ndarray] = []
    for i, (t, y) in enumerate(iter_luma(clip, "clip")):
        if t > max_seconds:
            break
        times.append(t)
        h, w = area_shape(*y.shape, WORK_PIXELS)
        works.append(cv2.resize(y, (w, h), interpolation=cv2.INTER_AREA))
        thumbs.append(align.thumbnail(works[-1]))
        _tick(progress, i + 1, total)
    if len(times) < 2:
        raise WatermarkInputError(N_("The clip is too short: it needs at least two frames."))
    ct = np.asarray(times)
    box = align.content_box(thumbs[:: max(1, len(thumbs) // 30)])
    cdesc = np.stack([align.frame_descriptor(th, box) for th in thumbs])
    del thumbs
    # 2. the master, streamed: align while it passes, keep only the frames around the clip
    aligner = align.StreamAligner(ct, cdesc)
    pre: list[tuple[float, np.ndarray, np.ndarray]] = []
    mbox: align.ContentBox | None = None
    dshape: tuple[int, int] | None = None
    native: tuple[int, int] = (0, 0)
    n_master = 0
    for j, (t, y) in enumerate(iter_luma(master, "master")):
        n_master += 1
        if dshape is None:
            mh, mw = area_shape(*y.shape, WORK_PIXELS)
            dshape = detection_shape(*y.shape, profile)
            native = y.shape
        work = cv2.resize(y, (mw, mh), interpolation=cv2.INTER_AREA)
        item = work
        thumb = align.thumbnail(work)
        if mbox is None:
            pre.append((t, thumb, item))
            if len(pre) < 30:
                continue
            mbox = align.content_box([p[1] for p in pre])
            for pt, pth, pitem in pre:
                aligner.push(pt, align.frame_descriptor(pth, mbox), pitem)
            pre = []
            continue
        aligner.push(t, align.frame_descriptor(thumb, mbox), item)
        _tick(progress, len(times) + j + 1, total)
    if mbox is None:
        mbox = align.content_box([p[1] for p in pre])
        for pt, pth, pitem in pre:
            aligner.push(pt, align.frame_descriptor(pth, mbox), pitem)
    alignment = aligner.result()
    window = aligner.window()
    if not window or dshape is None:
        raise WatermarkInputError(N_("The master has no usable frames."))
    wt = np.asarray([w[0] for w in window])

    def nearest(tm: float) -> int:
        return int(np.argmin(np.abs(wt - tm)))

    def master_at(tm: float) -> np.ndarray:
        return window[nearest(tm)][1]  # type: ignore[return-value]

    # 3. one geometry for the excerpt, from several frame pairs
    picks = np.linspace(0, len(times) - 1, num=min(8, len(times))).astype(int)
    pairs = [(works[i], master_at(alignment.master_time(ct[i]))) for i in picks]
    reg = estimate_homography(pairs)
    # 4. residual correlations, frame by frame
    tr = AtomTransform(*dshape, profile)
    picture = np.zeros(works[0].shape, np.uint8)  # the clip's picture inside its bars
    ph, pw = picture.shape
    picture[round(box.y0 * ph) : round(box.y1 * ph), round(box.x0 * pw) : round(box.x1 * pw)] = 255
    front = InformedFrontEnd(reg.homography, picture, window[0][1].shape, tr, native, profile)
    schedule = Schedule(key, profile)
    per_frame = np.zeros((len(times), profile.banks, profile.coded_bits))
    weights = np.zeros((len(times), profile.banks))
    for i, tc in enumerate(ct):
        tm = alignment.master_time(float(tc))
        j = nearest(tm)
        coeffs, var = front.frame(works[i], j, window[j][1])  # type: ignore[arg-type]
        if math.isfinite(var) and var > 0:
            per_frame[i] = np.einsum("a,bac->bc", coeffs, banks) / var
        weights[i] = schedule.weights(tm)
    if progress is not None:
        progress(total, total)
    s_coh = coherent(per_frame, weights)
    # in case the placement is off (static shots): search the schedule near it
    near = (alignment.offset - 3.0, alignment.offset + 3.0)
    found = offset_search(per_frame, ct, schedule, profile, near, keep=2)
    return Evidence(
        vectors=(s_coh, *found.vectors),
        multiplicity=1 + found.hypotheses,
        mode=DetectionMode.INFORMED,
        seconds_used=_span(ct, float(ct[-1])),
        frames_used=len(times),
        alignment=alignment,
    )


def decide(
    evidence: Evidence,
    key: bytes,
    profile: WatermarkProfile,
    candidates: tuple[int, ...] = (),
) -> Detection:
    """Test candidates and the decoded payload of every soft vector; accuse only below
    ``profile.threshold_p``, counting every hypothesis tried."""
    n_vec = evidence.multiplicity
    codes = {c: codeword(c, key, profile) for c in candidates}
    best: tuple[float, int | None, np.ndarray, float] | None = None  # log10p, payload, S, z

    def consider(lp: float, payload: int | None, soft: np.ndarray, z: float) -> None:
        nonlocal best
        if best is None or lp < best[0] or (lp == best[0] and z > best[3]):
            best = (lp, payload, soft, z)

    decoded_any: tuple[np.ndarray, float] | None = None
    for soft in evidence.vectors:
        for c, code in codes.items():
            z = z_score(code, soft)
            consider(log10_p(z, len(codes) * n_vec), c, soft, z)
        d = decode(soft, key, profile)
        if d.payload is not None:
            z = z_score(codeword(d.payload, key, profile), soft)
            consider(log10_p(z, PAYLOAD_SPACE * n_vec), d.payload, soft, z)
        elif decoded_any is None:
            decoded_any = (soft, float(d.bit_errors))
    threshold = profile.threshold_p
    common = dict(
        seconds_used=evidence.seconds_used,
        mode=evidence.mode,
        threshold=threshold,
        frames_used=evidence.frames_used,
        profile=profile.ident,
        alignment=evidence.alignment,
    )
    if best is None:
        soft, errors = decoded_any if decoded_any is not None else (evidence.vectors[0], 0.0)
        return Detection(
            payload=None, found=False, bit_errors=int(errors), z_score=0.0,
            p_value=1.0, log10_p=0.0, **common,
        )
    lp, payload, soft, z = best
    errors = int(np.count_nonzero(np.sign(soft) != codeword(payload, key, profile)))
    found = lp <= math.log10(threshold)
    return Detection(
        payload=payload if found else None,
        found=found,
        bit_errors=errors,
        z_score=z,
        p_value=10.0**lp,
        log10_p=lp,
        **common,
    )
