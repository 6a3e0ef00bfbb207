"""Detection: is this clip marked under ``key``, and with which payload?

Three steps: :func:`watermark.features.clip_features` (one pass over clip and master, no
key), :func:`evidence` (soft symbols under a key: coherent along the keyed schedule, which
is known from the master time in informed mode and searched for in blind mode) and
:func:`decide` (candidates and the decoded payload tested against the false-positive bound
of :mod:`watermark.stats`, counting every hypothesis tried).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

import numpy as np

from screeningroom_resources.console import Progress
from watermark import align
from watermark.code import check_payload, codeword, codewords, decode
from watermark.errors import N_, WatermarkInputError
from watermark.features import Features, clip_features
from watermark.index import MasterIndex
from watermark.keys import check_key
from watermark.patterns import Schedule, bank_matrices
from watermark.profile import DEFAULT_PROFILE, WatermarkProfile
from watermark.search import offset_search
from watermark.selfsync import TileFeatures, TileGeometry, geometries, tile_features
from watermark.stats import log10_p, z_score
from watermark.threads import single_blas
from watermark.video import Source

PAYLOAD_SPACE = 2.0**64


class DetectionMode(Enum):
    INFORMED = "informed"
    BLIND = "blind"
    SELF_SYNC = "self-sync"  # the tile layer read without the master


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
    geometry: TileGeometry | None = None  # self-sync: where the tile was found
    mirrored: bool = False  # informed: the copy is the master mirrored left to right


@dataclass(frozen=True)
class Evidence:
    """Soft-symbol vectors gathered from a clip, before any decision."""

    vectors: tuple[np.ndarray, ...]  # the soft-symbol vectors that are decoded and tested
    multiplicity: int  # schedule hypotheses the vectors were chosen from
    mode: DetectionMode
    seconds_used: float
    frames_used: int
    alignment: align.Alignment | None = None
    geometries: tuple[TileGeometry, ...] = ()  # self-sync: one per vector
    mirrored: bool = False  # informed: the copy is the master mirrored left to right


@single_blas
def detect(
    frames_or_path: Source | Iterable[tuple[float, np.ndarray]],
    key: bytes,
    master: MasterIndex | Source | Iterable[tuple[float, np.ndarray]] | None = None,
    candidates: Iterable[int] | None = None,
    progress: Progress | None = None,
    profile: WatermarkProfile | None = None,
    max_seconds: float = 60.0,
    film_seconds: float = 4 * 3600.0,
    near: tuple[float, float] | None = None,
) -> Detection:
    """Detect the mark of ``key`` in a clip (path, binary file object, or (t, BGR) pairs).

    ``master``: for informed detection, the film's :class:`~watermark.index.MasterIndex`
    (only the frames around the clip are decoded; an ``index.excerpt(start, end)`` around
    a known place skips the search), or the unmarked original itself (same kinds of
    input as the clip; decoded up to the clip's place).
    ``candidates``: session ids known for this film; they are tested first (a far lower
    bar than an unknown 64-bit payload), the decoded payload is tested too.
    Only the first ``max_seconds`` of the clip are used. Blind mode searches the clip's
    place in a film of up to ``film_seconds``, or within ``near = (lo, hi)`` film seconds
    when identification has placed it (every place tried counts in the p-value).
    Blind, under a profile with a tile layer (``sr-lf-tile/1``): the tile is read instead
    (:mod:`watermark.selfsync`: scale, crop and shift found from the clip itself; no
    place in the film to search, so ``film_seconds`` and ``near`` do not apply).
    """
    key = check_key(key)
    profile = profile or DEFAULT_PROFILE
    cands = _check_candidates(candidates)
    if master is None and profile.tile is not None:
        tiles = tile_features(frames_or_path, progress, max_seconds)
        return decide(tile_evidence(tiles, key, profile), key, profile, cands)
    feats = clip_features(frames_or_path, master, profile, progress, max_seconds)
    return decide(evidence(feats, key, profile, film_seconds, near, cands), key, profile, cands)


def _check_candidates(candidates: Iterable[int] | None) -> tuple[int, ...]:
    if candidates is None:
        return ()
    if isinstance(candidates, str | bytes):
        raise WatermarkInputError(N_("Candidates must be a list of 64-bit session ids."))
    return tuple(dict.fromkeys(check_payload(c) for c in candidates))


@single_blas
def evidence(
    features: Features,
    key: bytes,
    profile: WatermarkProfile,
    film_seconds: float = 4 * 3600.0,
    near: tuple[float, float] | None = None,
    candidates: tuple[int, ...] = (),
) -> Evidence:
    """Soft symbols of ``key`` from a clip's features: coherent under the schedule at the
    aligned master time (plus a search 3 s around it), or, blind, a search of the clip's
    place over ``film_seconds`` (or only over ``near = (lo, hi)``: film seconds where the
    clip's first frame may be, e.g. from identification; fewer places tried, a lower bar).
    Blind, with ``candidates``: the places are ranked by the candidates' best score (the
    film's sessions are few; ranking by the picture's agreement across slots misses the
    place on real footage). Milliseconds per key (informed): the frames are summed per slot
    before the key's patterns are applied (those sums are kept with the features)."""
    banks = bank_matrices(key, profile)
    schedule = Schedule(key, profile)
    if features.master_times is None:
        span = near if near is not None else (0.0, film_seconds)
        # near a known place every offset tried is kept (few); over a film, the best few
        keep = 64 if near is not None and span[1] - span[0] <= 8 * profile.slot_seconds else 6
        codes = codewords(candidates, key, profile).astype(np.float64) if candidates else None
        found = offset_search(features.coeffs, features.clip_times, banks, schedule, profile,
                              span, keep=keep, cache=features.cache, rank_codes=codes)
        return Evidence(vectors=found.vectors, multiplicity=found.hypotheses,
                        mode=DetectionMode.BLIND, seconds_used=features.seconds_used,
                        frames_used=features.frames)
    s_coh = coherent_sum(features.coeffs, features.master_times, schedule, banks)
    offset = float(features.master_times[0] - features.clip_times[0])
    found = offset_search(features.coeffs, features.clip_times, banks, schedule, profile,
                          (offset - 3.0, offset + 3.0), keep=2, cache=features.cache)
    return Evidence(vectors=(s_coh, *found.vectors), multiplicity=1 + found.hypotheses,
                    mode=DetectionMode.INFORMED, seconds_used=features.seconds_used,
                    frames_used=features.frames, alignment=features.alignment,
                    mirrored=features.mirrored)


def tile_evidence(features: TileFeatures, key: bytes, profile: WatermarkProfile,
                  geometries_kept: int = 4) -> Evidence:
    """Soft symbols of the tile layer at the ``geometries_kept`` geometries with the
    strongest sync (each counts as a hypothesis); seconds per key."""
    found = geometries(features, key, profile, geometries_kept)
    return Evidence(vectors=tuple(s for _, s in found), multiplicity=max(1, len(found)),
                    mode=DetectionMode.SELF_SYNC, seconds_used=features.seconds_used,
                    frames_used=features.frames, geometries=tuple(g for g, _ in found))


def _geometry(evidence: Evidence, soft: np.ndarray) -> TileGeometry | None:
    for g, v in zip(evidence.geometries, evidence.vectors, strict=False):
        if v is soft:
            return g
    return None


def coherent_sum(coeffs: np.ndarray, master_times: np.ndarray, schedule: Schedule,
                 banks: np.ndarray) -> np.ndarray:
    """Soft symbols ``(bits,)``: frames weighted by the signed bank weights of their
    master time, summed per bank, then correlated with that bank's patterns."""
    weights = np.stack([schedule.weights(float(t)) for t in master_times])  # (f, b)
    per_bank = weights.T @ coeffs  # (b, atoms)
    return np.einsum("ba,bac->c", per_bank, banks)


@single_blas
def decide(
    evidence: Evidence,
    key: bytes,
    profile: WatermarkProfile,
    candidates: tuple[int, ...] = (),
) -> Detection:
    """Test candidates and the decoded payload of every soft vector; accuse only below
    ``profile.threshold_p``, counting every hypothesis tried."""
    n_vec = evidence.multiplicity
    codes = dict(zip(candidates, codewords(candidates, key, profile), strict=True))
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
        mirrored=evidence.mirrored,
    )
    if best is None:
        if not evidence.vectors:  # nothing to read (a copy too small for the tile)
            return Detection(payload=None, found=False, bit_errors=0, z_score=0.0,
                             p_value=1.0, log10_p=0.0, **common)
        soft, errors = decoded_any if decoded_any is not None else (evidence.vectors[0], 0.0)
        return Detection(
            payload=None, found=False, bit_errors=int(errors), z_score=0.0,
            p_value=1.0, log10_p=0.0, geometry=_geometry(evidence, soft), **common,
        )
    lp, payload, soft, z = best
    common["geometry"] = _geometry(evidence, soft)
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
