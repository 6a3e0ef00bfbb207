"""Registration by intensity, for pictures too smooth for feature matches.

Sky, haze, flat animation and heavy grain give ORB nothing to match, so the geometry of
such a copy is found from the intensities themselves: a Gauss-Newton (Lucas-Kanade) fit of
an axis-aligned map (scale on each axis and a shift: what a crop, a rescale, a letter- or
pillarbox and an aspect change do) together with one quadratic tone map per frame pair
(brightness, contrast, gamma), so a strong tone change does not pull the geometry.
Pixels the copy clipped (near black or white) and pixels outside the copy's picture carry
no weight; a Cauchy weight keeps what moved or changed (a few frames of time error, a
logo) from steering the fit. Started from a few centred crops of the picture, coarse to
fine; the fit with the smallest tone-matched residual wins.

Why so few degrees of freedom: a smooth picture constrains a general affine map or a
homography poorly (shear and keystone drift freely along a gradient), and a copy that
needed them (a camcorder) has the structure that features match.
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

Pair = tuple[np.ndarray, np.ndarray]  # (clip work frame, master work frame), uint8 grey

RAIL_LO, RAIL_HI = 6.0, 249.0  # a copy's value outside these may be clipped: no weight
_LEVELS = ((4.0, 2), (2.0, 1), (1.0, 1))  # (blur sigma in work pixels, downscale factor)
_ITERATIONS = (12, 8, 6)
_STARTS_KEPT = 2  # starts carried from the coarsest level to the finer ones
_REJECT = 5.0  # robust sigmas: a residual beyond is an overlay or what moved, weight 0


def _axis_matrix(p: np.ndarray) -> np.ndarray:
    """2x3 map master pixel -> clip pixel for parameters (sx, sy, tx, ty)."""
    return np.array([[p[0], 0.0, p[2]], [0.0, p[1], p[3]]], dtype=np.float64)


def params_from_homography(h: np.ndarray) -> np.ndarray:
    """(sx, sy, tx, ty) of the master -> clip map closest to the inverse of ``h`` (clip ->
    master), read at the diagonal (``h`` from a box mapping is exactly of this form)."""
    w = np.linalg.inv(h)
    w = w / w[2, 2]
    return np.array([w[0, 0], w[1, 1], w[0, 2], w[1, 2]], dtype=np.float64)


def homography_from_params(p: np.ndarray) -> np.ndarray:
    """Clip -> master homography of parameters (sx, sy, tx, ty) (master -> clip)."""
    w = np.vstack([_axis_matrix(p), [0.0, 0.0, 1.0]])
    return np.linalg.inv(w)


class _Level:
    """The pairs blurred and reduced for one level of the fit."""

    def __init__(self, pairs: Sequence[Pair], sigma: float, factor: int,
                 clip_valid: np.ndarray) -> None:
        self.factor = factor
        self.clips: list[np.ndarray] = []
        self.masters: list[np.ndarray] = []
        self.usable: list[np.ndarray] = []  # clip pixels that may carry weight
        for clip, master in pairs:
            c = clip.astype(np.float32)
            m = master.astype(np.float32)
            ok = ((c > RAIL_LO) & (c < RAIL_HI)).astype(np.float32) * clip_valid
            c = cv2.GaussianBlur(c, (0, 0), sigma)
            m = cv2.GaussianBlur(m, (0, 0), sigma)
            ok = cv2.erode(ok, np.ones((3, 3), np.uint8))
            if factor > 1:
                c = cv2.resize(c, None, fx=1 / factor, fy=1 / factor,
                               interpolation=cv2.INTER_AREA)
                m = cv2.resize(m, None, fx=1 / factor, fy=1 / factor,
                               interpolation=cv2.INTER_AREA)
                ok = cv2.resize(ok, None, fx=1 / factor, fy=1 / factor,
                                interpolation=cv2.INTER_AREA)
            self.clips.append(c)
            self.masters.append(m * np.float32(1.0 / 255.0))
            self.usable.append((ok > 0.99).astype(np.float32))
        h, w = self.masters[0].shape
        self.ys, self.xs = np.mgrid[0:h, 0:w].astype(np.float32)

    def scale(self, p: np.ndarray) -> np.ndarray:
        """Parameters in work pixels -> in this level's pixels (pixel centres kept)."""
        f = self.factor
        return np.array([p[0], p[1], (p[2] + (p[0] - 1.0) * (f - 1) / 2) / f,
                         (p[3] + (p[1] - 1.0) * (f - 1) / 2) / f])

    def unscale(self, q: np.ndarray) -> np.ndarray:
        f = self.factor
        return np.array([q[0], q[1], f * q[2] - (q[0] - 1.0) * (f - 1) / 2,
                         f * q[3] - (q[1] - 1.0) * (f - 1) / 2])

    def warp(self, k: int, q: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray,
                                                     np.ndarray]:
        """Clip ``k`` warped into master coordinates, its gradients there (per unit of
        clip coordinates) and the weight of each master pixel."""
        h, w = self.masters[k].shape
        mat = _axis_matrix(q)
        flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
        c = cv2.warpAffine(self.clips[k], mat, (w, h), flags=flags,
                           borderMode=cv2.BORDER_REPLICATE)
        ok = cv2.warpAffine(self.usable[k], mat, (w, h), flags=flags,
                            borderMode=cv2.BORDER_CONSTANT, borderValue=0.0)
        gx = cv2.Sobel(c, cv2.CV_32F, 1, 0, ksize=3, scale=0.125) / np.float32(q[0])
        gy = cv2.Sobel(c, cv2.CV_32F, 0, 1, ksize=3, scale=0.125) / np.float32(q[1])
        return c, gx, gy, (ok > 0.99).astype(np.float32)


def _tone_basis(m: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return np.ones_like(m), m, m * m


def _cost_and_step(level: _Level, q: np.ndarray, step: bool
                   ) -> tuple[float, float, np.ndarray | None]:
    """Mean tone-matched squared residual (Cauchy-weighted), the share of master pixels
    that count, and (``step``) the Gauss-Newton update of ``q``."""
    n_p = len(level.clips)
    dim = 4 + 3 * n_p
    jtj = np.zeros((dim, dim))
    jtr = np.zeros(dim)
    total = wsum = covered = 0.0
    npx = 0
    for k in range(n_p):
        c, gx, gy, ok = level.warp(k, q)
        basis = _tone_basis(level.masters[k])
        wk = ok.ravel()
        covered += float(wk.sum())
        npx += wk.size
        if wk.sum() < 64:
            continue
        cols = [b.ravel() for b in basis]
        tw = wk  # the tone map's weights: then without what the first fit cannot explain
        r = wr = None
        for _ in range(2):
            gram = np.array([[float(np.dot(tw * a, b)) for b in cols] for a in cols])
            rhs = np.array([float(np.dot(tw * a, c.ravel())) for a in cols])
            try:
                tone = np.linalg.solve(gram + np.eye(3) * 1e-6 * float(tw.sum()), rhs)
            except np.linalg.LinAlgError:
                r = None
                break
            pred = tone[0] + tone[1] * basis[1] + tone[2] * basis[2]
            r = (c - pred).ravel()
            sigma = max(1.4826 * float(np.median(np.abs(r[wk > 0]))), 0.5)
            wr = wk / (1.0 + (r / (2.5 * sigma)) ** 2) * (np.abs(r) < _REJECT * sigma)
            tw = wr
        if r is None or wr is None:
            continue
        total += float(np.dot(wr, r * r))
        wsum += float(wr.sum())
        if not step:
            continue
        gxr, gyr = gx.ravel(), gy.ravel()
        cols_k = np.stack([gxr * level.xs.ravel(), gyr * level.ys.ravel(), gxr, gyr,
                           *(-a for a in cols)])  # (7, pixels)
        idx = np.array([0, 1, 2, 3, 4 + 3 * k, 5 + 3 * k, 6 + 3 * k])
        wa = cols_k * wr[None, :]
        jtj[np.ix_(idx, idx)] += wa @ cols_k.T
        jtr[idx] += wa @ r
    if wsum <= 0:
        return float("inf"), 0.0, None
    cost = total / wsum
    share = covered / max(npx, 1)
    if not step:
        return cost, share, None
    jtj += np.eye(dim) * 1e-9 * float(np.trace(jtj))
    try:
        delta = np.linalg.solve(jtj, -jtr)
    except np.linalg.LinAlgError:
        return cost, share, None
    return cost, share, q + delta[:4]


def _fit(level: _Level, q: np.ndarray, iterations: int) -> tuple[np.ndarray, float]:
    for _ in range(iterations):
        _cost, _share, new = _cost_and_step(level, q, step=True)
        if new is None or not np.all(np.isfinite(new)) or min(new[0], new[1]) <= 0.2:
            break
        if np.max(np.abs(new - q) * [200.0, 200.0, 1.0, 1.0]) < 0.02:
            q = new
            break
        q = new
    final, share, _ = _cost_and_step(level, q, step=False)
    return q, final if share >= 0.25 else float("inf")


def register_axis_aligned(pairs: Sequence[Pair], starts: Sequence[np.ndarray],
                          clip_valid: np.ndarray | None = None
                          ) -> tuple[np.ndarray, float] | None:
    """The clip -> master homography (axis-aligned) that best explains the pairs, from the
    given starting homographies, and its tone-matched residual (mean squared levels).
    ``clip_valid``: the clip's picture (1) inside any bars it has (0), at work size."""
    if not pairs or not starts:
        return None
    valid = (np.ones(pairs[0][0].shape, np.float32) if clip_valid is None
             else (clip_valid > 0).astype(np.float32))
    levels = [_Level(pairs, s, f, valid) for s, f in _LEVELS]
    found: list[tuple[float, np.ndarray]] = []
    for h0 in starts:
        p = params_from_homography(h0)
        q, cost = _fit(levels[0], levels[0].scale(p), _ITERATIONS[0])
        found.append((cost, levels[0].unscale(q)))
    found.sort(key=lambda x: x[0])
    best: tuple[float, np.ndarray] | None = None
    for cost, p in found[:_STARTS_KEPT]:
        if not np.isfinite(cost):
            continue
        for level, iters in zip(levels[1:], _ITERATIONS[1:], strict=True):
            q, cost = _fit(level, level.scale(p), iters)
            p = level.unscale(q)
        if np.isfinite(cost) and (best is None or cost < best[0]):
            best = (cost, p)
    if best is None:
        return None
    return homography_from_params(best[1]), best[0]



_TRUNCATE = 8.0  # levels: a residual beyond counts as this much (what moved, a logo)


def homography_cost(pairs: Sequence[Pair], homography: np.ndarray) -> float:
    """How well a clip -> master ``homography`` explains the pairs: the mean truncated
    squared residual (levels) after a quadratic tone map per pair, over the master pixels
    the clip covers and did not clip (infinite when it covers under a quarter of the
    master, or the map is degenerate). Comparable between maps: the measure is fixed."""
    if not np.all(np.isfinite(homography)) or abs(np.linalg.det(homography)) < 1e-9:
        return float("inf")
    total = count = 0.0
    npx = 0
    for clip, master in pairs:
        mh, mw = master.shape[:2]
        c = clip.astype(np.float32)
        ok = ((c > RAIL_LO) & (c < RAIL_HI)).astype(np.uint8)
        c = cv2.warpPerspective(cv2.GaussianBlur(c, (0, 0), 1.0), homography, (mw, mh),
                                flags=cv2.INTER_LINEAR)
        ok = cv2.warpPerspective(ok, homography, (mw, mh), flags=cv2.INTER_NEAREST) > 0
        m = cv2.GaussianBlur(master.astype(np.float32), (0, 0), 1.0)
        npx += ok.size
        if ok.sum() < 64:
            continue
        cv, mv = c[ok].astype(np.float64), m[ok].astype(np.float64) / 255.0
        basis = np.stack([np.ones_like(mv), mv, mv * mv], axis=1)
        coef, *_ = np.linalg.lstsq(basis, cv, rcond=None)
        r = cv - basis @ coef
        total += float(np.sum(np.minimum(r * r, _TRUNCATE**2)))
        count += float(len(r))
    if count < 0.25 * max(npx, 1):
        return float("inf")
    return total / count
