"""Geometric registration of clip frames to master frames, and photometric matching.

:func:`estimate_homography` pools ORB matches from several (clip, master) frame pairs and
fits one homography with RANSAC (undoes crop, scale, letter/pillarbox, keystone, small
rotation); the excerpt is assumed to keep one geometry (a fixed camera or a re-encode).
:func:`photometric_residual` fits the clip as a quadratic of the master (brightness,
contrast, gamma, exposure) and returns what is left.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np


@dataclass(frozen=True)
class Registration:
    homography: np.ndarray  # 3x3, clip work pixels -> master work pixels
    inliers: int
    matched: bool  # False: too few features, a plain rescale is assumed


def scale_homography(clip_shape: tuple[int, int], master_shape: tuple[int, int]) -> np.ndarray:
    (ch, cw), (mh, mw) = clip_shape, master_shape
    return np.array([[mw / cw, 0, 0], [0, mh / ch, 0], [0, 0, 1]], dtype=np.float64)


def estimate_homography(
    pairs: Sequence[tuple[np.ndarray, np.ndarray]], min_inliers: int = 15
) -> Registration:
    """One homography from (clip, master) uint8 gray pairs of fixed sizes."""
    orb = cv2.ORB_create(nfeatures=1500, fastThreshold=10)
    matcher = cv2.BFMatcher(cv2.NORM_HAMMING)
    src: list[np.ndarray] = []
    dst: list[np.ndarray] = []
    for clip, master in pairs:
        kc, dc = orb.detectAndCompute(clip, None)
        km, dm = orb.detectAndCompute(master, None)
        if dc is None or dm is None or len(kc) < 8 or len(km) < 8:
            continue
        for m in matcher.knnMatch(dc, dm, k=2):
            if len(m) == 2 and m[0].distance < 0.8 * m[1].distance:
                src.append(kc[m[0].queryIdx].pt)
                dst.append(km[m[0].trainIdx].pt)
    fallback = Registration(
        scale_homography(pairs[0][0].shape[:2], pairs[0][1].shape[:2]), 0, False
    )
    if len(src) < min_inliers:
        return fallback
    h, inl = cv2.findHomography(
        np.float32(src), np.float32(dst), cv2.RANSAC, 2.5, maxIters=4000, confidence=0.999
    )
    if h is None or int(inl.sum()) < min_inliers:
        return fallback
    return Registration(refine_ecc(h, pairs), int(inl.sum()), True)


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


def photometric_residual(
    clip: np.ndarray, master: np.ndarray, weight: np.ndarray
) -> tuple[np.ndarray, float]:
    """Residual of ``clip`` after the best quadratic tone map of ``master`` (float32), and
    its weighted variance. Pixels with zero weight do not count."""
    wsum = float(weight.sum())
    if wsum < 32:
        return np.zeros_like(clip, dtype=np.float32), float("inf")
    m = master * np.float32(1.0 / 255.0)
    m2 = m * m
    basis = (np.ones_like(m), m, m2)
    wb = [weight * b for b in basis]
    gram = np.array([[float(np.sum(wb[i] * basis[j])) for j in range(3)] for i in range(3)])
    rhs = np.array([float(np.sum(wb[i] * clip)) for i in range(3)])
    try:
        coef = np.linalg.solve(gram + np.eye(3) * 1e-6 * wsum, rhs)
    except np.linalg.LinAlgError:
        return np.zeros_like(clip, dtype=np.float32), float("inf")
    res = clip - (np.float32(coef[0]) + np.float32(coef[1]) * m + np.float32(coef[2]) * m2)
    var = float(np.sum(weight * res * res) / wsum)
    return res.astype(np.float32), var
