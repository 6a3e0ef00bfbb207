"""Geometric registration of clip frames to master frames, and photometric matching.

:func:`estimate_homography` pools ORB matches from several (clip, master) frame pairs and
fits one homography with RANSAC (undoes crop, scale, letter/pillarbox, keystone, small
rotation); the excerpt is assumed to keep one geometry (a fixed camera or a re-encode).
Pictures without the structure features need (sky, grain, flat animation), or whose
features agree on a wrong map, are registered by intensity (:mod:`watermark.intensity`).
:func:`photometric_residual` fits the clip as a quadratic of the master (brightness,
contrast, gamma, exposure) and returns what is left.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import cv2
import numpy as np

from watermark.align import Alignment, ContentBox
from watermark.intensity import homography_cost, register_axis_aligned
from watermark.threads import threaded_map


@dataclass(frozen=True)
class Registration:
    homography: np.ndarray  # 3x3, clip work pixels -> master work pixels
    inliers: int
    matched: bool  # False: too few features, a plain rescale is assumed


def scale_homography(clip_shape: tuple[int, int], master_shape: tuple[int, int]) -> np.ndarray:
    (ch, cw), (mh, mw) = clip_shape, master_shape
    return np.array([[mw / cw, 0, 0], [0, mh / ch, 0], [0, 0, 1]], dtype=np.float64)


_ORB_FEATURES = 1500
_PLACE_FEATURES = 600  # enough to compare placements by their match counts
Orb = tuple[np.ndarray, np.ndarray | None]  # keypoint positions (n x 2), descriptors


def _orb(image: np.ndarray, features: int = _ORB_FEATURES) -> Orb:
    """ORB keypoint positions (n x 2 float32) and descriptors of a uint8 gray image."""
    orb = cv2.ORB_create(nfeatures=features, fastThreshold=10)
    kp, desc = orb.detectAndCompute(image, None)
    return np.float32([k.pt for k in kp]).reshape(-1, 2), desc


def _fit(
    feats: Sequence[tuple[Orb, Orb]], min_inliers: int
) -> tuple[np.ndarray | None, int]:
    """One homography (RANSAC) from ratio-tested ORB matches pooled over frame pairs."""
    matcher = cv2.BFMatcher(cv2.NORM_HAMMING)
    src: list[np.ndarray] = []
    dst: list[np.ndarray] = []
    for (pc, dc), (pm, dm) in feats:
        if dc is None or dm is None or len(pc) < 8 or len(pm) < 8:
            continue
        for m in matcher.knnMatch(dc, dm, k=2):
            if len(m) == 2 and m[0].distance < 0.8 * m[1].distance:
                src.append(pc[m[0].queryIdx])
                dst.append(pm[m[0].trainIdx])
    if len(src) < min_inliers:
        return None, 0
    h, inl = cv2.findHomography(
        np.float32(src), np.float32(dst), cv2.RANSAC, 2.5, maxIters=4000, confidence=0.999
    )
    if h is None:
        return None, 0
    return h, int(inl.sum())


def estimate_homography(
    pairs: Sequence[tuple[np.ndarray, np.ndarray]],
    min_inliers: int = 15,
    boxes: tuple[ContentBox, ContentBox] | None = None,
) -> Registration:
    """One homography from (clip, master) uint8 gray pairs of fixed sizes. Where the
    pictures have too little structure for feature matches, ``boxes`` (the clip's and
    the master's picture areas inside any bars) seed an intensity-based fit
    (:func:`register_by_intensity`) instead of assuming a plain rescale; where the
    features agree on a map that explains the pixels worse than the plain box mapping
    (:func:`watermark.intensity.homography_cost`), the intensity fit competes with it."""
    orbs = list(threaded_map(_orb, [image for pair in pairs for image in pair]))
    h, inliers = _fit(list(zip(orbs[0::2], orbs[1::2], strict=True)), min_inliers)
    plain = scale_homography(pairs[0][0].shape[:2], pairs[0][1].shape[:2])
    if h is None or inliers < min_inliers:
        if boxes is not None:
            found = register_by_intensity(pairs, *boxes)
            if found is not None:
                return Registration(found, 0, False)
        return Registration(plain, 0, False)
    few = pairs[:: max(1, len(pairs) // 4)]  # enough pairs to compare maps
    # ECC can drift far from a right feature fit (pulled by what the master lacks: a
    # logo, a soft or darkened part of the frame; measured: a skew of 0.26 from an
    # identity fit); the refinement is kept only where it explains the pixels no worse,
    # and where it drifted (explains them clearly worse), the fit (not sub-pixel) meets
    # the intensity fit below
    refined = refine_ecc(h, pairs)
    fitted_cost, cost = _costs(few, (h, refined))
    drifted = cost > _FEATURES_SLACK * fitted_cost
    if cost > fitted_cost:
        cost = fitted_cost
    else:
        h = refined
    if boxes is None:
        return Registration(h, inliers, True)
    # features can agree on a wrong map (a row of alike lights, repeated texture, what
    # moves): keep it only if it explains the pixels at least as well as a plain
    # rescale or the box mapping (bars found may be crushed shadows), else let the
    # intensity fit compete
    box = box_homography(pairs[0][0].shape[:2], pairs[0][1].shape[:2], *boxes)
    simple = min(_costs(few, (box, plain)))
    if not drifted and cost <= _FEATURES_SLACK * simple:
        return Registration(h, inliers, True)
    found = register_by_intensity(pairs, *boxes)
    if found is not None and homography_cost(few, found) < cost:
        return Registration(found, 0, False)
    return Registration(h, inliers, True)


def _costs(pairs: Sequence[tuple[np.ndarray, np.ndarray]], maps: Sequence[np.ndarray]
           ) -> list[float]:
    """:func:`homography_cost` of each map, on two threads."""
    return list(threaded_map(lambda h: homography_cost(pairs, h), maps))


_FEATURES_SLACK = 1.05  # a feature map may explain the pixels this much worse than the box
_REFINED_GAIN = 0.8  # a refined homography replaces the axis-aligned fit below this cost ratio
ZOOMS = (1.0, 0.95, 0.9, 0.85, 0.8, 0.75)  # centred crops the intensity fit starts from


def box_homography(clip_shape: tuple[int, int], master_shape: tuple[int, int],
                   cbox: ContentBox, mbox: ContentBox, zoom: float = 1.0) -> np.ndarray:
    """Clip pixels -> master pixels mapping the clip's picture area onto the centred
    ``zoom`` part of the master's (a letter/pillarbox undone, a centred crop assumed)."""
    (ch, cw), (mh, mw) = clip_shape, master_shape
    cx0, cy0, cx1, cy1 = cbox.x0 * cw, cbox.y0 * ch, cbox.x1 * cw, cbox.y1 * ch
    mx0, my0, mx1, my1 = mbox.x0 * mw, mbox.y0 * mh, mbox.x1 * mw, mbox.y1 * mh
    w, h = zoom * (mx1 - mx0), zoom * (my1 - my0)
    sx, sy = w / max(cx1 - cx0, 1.0), h / max(cy1 - cy0, 1.0)
    tx = (mx0 + mx1) / 2 - w / 2 - sx * cx0
    ty = (my0 + my1) / 2 - h / 2 - sy * cy0
    return np.array([[sx, 0, tx], [0, sy, ty], [0, 0, 1]], dtype=np.float64)


def register_by_intensity(pairs: Sequence[tuple[np.ndarray, np.ndarray]],
                          cbox: ContentBox, mbox: ContentBox) -> np.ndarray | None:
    """An axis-aligned map (scale per axis and shift, as a homography) fitted to the
    intensities with a tone map per pair (:mod:`watermark.intensity`), started from a few
    centred crops of the boxes: smooth, structureless pictures (sky, grain, flat
    animation) give ORB nothing to match but the fit a gradient."""
    clip_shape, master_shape = pairs[0][0].shape[:2], pairs[0][1].shape[:2]
    # a tone change that crushes shadows (or lifts them) makes dark picture look like
    # bars: the whole frame is a start as well as the box found
    boxes = dict.fromkeys([cbox, ContentBox()])
    starts = [box_homography(clip_shape, master_shape, b, mbox, z) for b in boxes for z in ZOOMS]
    found = register_axis_aligned(pairs, starts)
    if found is None:
        return None
    # a camera aimed at the screen adds rotation and keystone the axis-aligned fit cannot
    # follow: a homography refined from it competes, by the same residual measure. On
    # flat pictures the residual hardly changes over a wide range of maps and the
    # refinement drifts to a wrong one for a few per cent less: it must explain the pixels
    # clearly better (measured: a camcorder copy 0.25 of the axis-aligned fit's cost, a
    # drifted refinement on a flat crop 0.96-0.99)
    few = pairs[:: max(1, len(pairs) // 4)]
    refined = refine_ecc(found[0], pairs)
    refined_cost, found_cost = _costs(few, (refined, found[0]))
    if refined_cost < _REFINED_GAIN * found_cost:
        return refined
    return found[0]


def refine_ecc(h: np.ndarray, pairs: Sequence[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Sub-pixel refinement of ``h`` by ECC (intensity correlation, insensitive to gain and
    offset) on the most textured pairs; keeps ``h`` when ECC does not converge."""
    scored = sorted(pairs, key=lambda p: -float(cv2.Laplacian(p[1], cv2.CV_32F).var()))
    w = np.linalg.inv(h).astype(np.float32)  # ECC warps master coordinates into the clip
    criteria = (cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, 60, 1e-5)
    done = 0
    for clip, master in scored[:3]:
        cover = np.full(clip.shape, 255, np.uint8)  # the part of the clip outside the
        try:  # master's frame is left out by ECC itself
            _, w_new = cv2.findTransformECC(
                master.astype(np.float32), clip.astype(np.float32), w.copy(),
                cv2.MOTION_HOMOGRAPHY, criteria, cover, 5,
            )
        except cv2.error:  # no convergence on this pair
            continue
        if np.all(np.isfinite(w_new)):
            w = w_new
            done += 1
    return np.linalg.inv(w.astype(np.float64)) if done else h


def place_in_time(
    clip: Sequence[tuple[float, np.ndarray]],
    window: Sequence[tuple[float, np.ndarray]],
    alignment: Alignment,
    reach: float = 0.4,
) -> Alignment:
    """The offset, within ``reach`` seconds of ``alignment``, at which the clip frames and
    the master frames it puts beside them are related by one geometry with the most
    feature matches.

    Coarse frame descriptors place a cropped or rescaled clip to within a few frames only:
    on slow, even motion (a pan, a drifting object) a shift of a few frames can score as
    well as the true place. A wrong placement then spoils the geometry too (features on
    what moves are matched across time) and the mark's residual is lost. Matching features
    is sharp in time where anything moves, and indifferent where nothing does, so the
    placement moves only when another offset gives clearly more matches. ``clip``: a few
    ``(t, work frame)``; ``window``: the master frames kept around the placement, in time
    order. The speed is kept.
    """
    if len(window) < 2 or not clip:
        return alignment
    times = np.asarray([t for t, _ in window])
    step = float(np.median(np.diff(times)))
    if not math.isfinite(step) or step <= 0:
        return alignment

    def index(tm: float) -> int | None:
        j = int(np.argmin(np.abs(times - tm)))
        return j if abs(times[j] - tm) <= step else None

    def paired(k: int) -> list[int] | None:
        """The master frames beside the clip's at ``k`` frames from the placement."""
        idx = [index(alignment.offset + k * step + alignment.speed * t) for t, _ in clip]
        return None if any(j is None for j in idx) else idx  # type: ignore[return-value]

    reach_steps = round(reach / step)
    ks = range(-reach_steps - reach_steps % 2, reach_steps + 1, 2)  # every other frame
    # the features of the clip's frames and of every master frame the first pass pairs
    # with them, on two threads
    near = sorted({j for k in ks for j in (paired(k) or ())})
    wanted = [image for _, image in clip] + [window[j][1] for j in near]
    feats = list(threaded_map(lambda image: _orb(image, _PLACE_FEATURES), wanted))
    clip_feats = feats[: len(clip)]
    master_feats: dict[int, Orb] = dict(zip(near, feats[len(clip) :], strict=True))

    def master(j: int) -> Orb:
        if j not in master_feats:
            master_feats[j] = _orb(window[j][1], _PLACE_FEATURES)
        return master_feats[j]

    inliers: dict[int, int] = {}

    def fit(k: int) -> None:
        if k in inliers:
            return
        idx = paired(k)
        if idx is None:
            return
        _, inliers[k] = _fit([(cf, master(j)) for cf, j in zip(clip_feats, idx, strict=True)],
                             15)

    for k in ks:
        fit(k)
    if inliers:  # then the neighbours of the best
        k_top = max(inliers, key=lambda k: (inliers[k], -abs(k)))
        fit(k_top - 1)
        fit(k_top + 1)
    if 0 not in inliers:
        return alignment
    k_best = max(inliers, key=lambda k: (inliers[k], -abs(k)))
    if inliers[k_best] < 1.25 * inliers[0] + 10:
        return alignment
    return replace(alignment, offset=float(alignment.offset + k_best * step))


def _quadratic_fit(clip: np.ndarray, basis: np.ndarray, weight: np.ndarray,
                   wsum: float) -> np.ndarray | None:
    """Weighted least squares of ``clip`` (n,) on the rows of ``basis`` (3, n)."""
    wb = basis * weight
    gram = (wb @ basis.T).astype(np.float64)
    rhs = (wb @ clip).astype(np.float64)
    try:
        return np.linalg.solve(gram + np.eye(3) * 1e-6 * wsum, rhs)
    except np.linalg.LinAlgError:
        return None


RAIL_MARGIN = 10.0  # levels from black or white within which the copy may clip the mark
OUTLIER_K = 4.0  # residuals beyond this many robust sigmas are not the mark's or the codec's
OUTLIER_ROUNDS = 3
REFIT_SHARE = 0.005  # the map is fitted again only when the cut takes more of the weight


def photometric_residual(
    clip: np.ndarray, master: np.ndarray, weight: np.ndarray
) -> tuple[np.ndarray, float]:
    """Residual of ``clip`` after the best quadratic tone map of ``master`` (float32), and
    its weighted variance. Pixels with zero weight do not count.

    Robust where the copy clips: a tone change that pushes highlights (or shadows) past
    the rails flattens them, and the mark with them, and bends the tone curve there. The
    map is fitted, then refitted without the pixels it predicts within ``RAIL_MARGIN`` of
    black or white (clipped, or close enough that the mark was), and those pixels get
    no weight in the residual.

    Robust where the copy shows what the master does not: a channel's logo, burnt-in
    text, a banner, opaque or blended. Such pixels differ from the master by tens of
    levels in the same place frame after frame, where the mark and the codec's noise
    differ by a few; left in, they bias the tone map and add a fixed term to every
    atom's correlation that drowns the mark. Pixels whose residual is beyond
    ``OUTLIER_K`` robust sigmas (1.4826 x the median absolute residual), with their
    neighbours, get no weight, and the map is fitted again, up to ``OUTLIER_ROUNDS``
    times (a large overlay biases the first fit, and so the first cut); a cut of under
    ``REFIT_SHARE`` of the weight (scattered pixels: edges, the codec's tails) leaves the
    map as it is."""
    shape = clip.shape
    c, w = clip.reshape(-1).astype(np.float32, copy=False), weight.reshape(-1)
    m = master.reshape(-1).astype(np.float32) * np.float32(1.0 / 255.0)
    basis = np.stack([np.ones_like(m), m, m * m])
    res, var, w = _tone_residual(c, basis, w)
    cut: np.ndarray | None = None
    for _ in range(OUTLIER_ROUNDS):
        sel = w > 0
        if not math.isfinite(var) or int(sel.sum()) < 64:
            break
        sigma = 1.4826 * float(np.median(np.abs(res[sel][::3]))) + 0.5  # a third is enough
        out = (np.abs(res) > OUTLIER_K * sigma).astype(np.uint8)
        if not out.any():
            break
        out = cv2.dilate(out.reshape(shape), np.ones((3, 3), np.uint8)).reshape(-1)
        if cut is not None:
            out |= cut
            if np.array_equal(out, cut):
                break
        cut = out
        kept = w * (out == 0)
        left = float(kept.sum())
        if left >= (1.0 - REFIT_SHARE) * float(w.sum()):
            # a few scattered pixels (edges, the codec's tails): left out, the map kept
            res = res * (out == 0)
            var = float(np.dot(kept, res * res) / left) if left > 0 else float("inf")
            break
        res, var, w = _tone_residual(c, basis, kept)
    return res.reshape(shape), var


def _tone_residual(clip: np.ndarray, basis: np.ndarray, weight: np.ndarray
                   ) -> tuple[np.ndarray, float, np.ndarray]:
    """The tone-map fit (flat arrays; ``basis`` the master's 1, m, m^2 rows) with the rails
    left out: residual, variance, the weight used."""
    none = (np.zeros_like(clip, dtype=np.float32), float("inf"), weight)
    wsum = float(weight.sum())
    if wsum < 32:
        return none
    coef = _quadratic_fit(clip, basis, weight, wsum)
    if coef is None:
        return none
    pred = coef.astype(np.float32) @ basis
    inside = (pred > RAIL_MARGIN) & (pred < 255.0 - RAIL_MARGIN)
    if not inside.all():
        weight = weight * inside
        wsum = float(weight.sum())
        if wsum < 32:
            return none
        coef = _quadratic_fit(clip, basis, weight, wsum)
        if coef is None:
            return none
        pred = coef.astype(np.float32) @ basis
    res = (clip - pred) * (weight > 0)
    var = float(np.dot(weight, res * res) / wsum)
    return res.astype(np.float32), var, weight
