"""Key-independent front ends: what each clip frame may carry, as atom coefficients.

Informed (a master is given): the clip is placed in the master's time line
(:mod:`watermark.align`, streaming, bounded memory), registered in space
(:mod:`watermark.register`), tone-matched, and the masked residual ``clip - master`` of each
frame is reduced to its atom coefficients, divided by the residual's variance. Blind: each
frame's own picture, with the slow content of the last/next half slot removed and every atom
scaled to unit spread. Nothing here depends on the key, so one pass over a clip serves any
number of keys (:func:`watermark.detect.evidence`).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import cv2
import numpy as np

from screeningroom_resources.console import Progress
from watermark import align
from watermark.errors import N_, WatermarkInputError
from watermark.evidence import (
    WORK_PIXELS,
    BlindFrontEnd,
    InformedFrontEnd,
    area_shape,
    detection_shape,
)
from watermark.index import MasterIndex
from watermark.patterns import AtomTransform
from watermark.profile import WatermarkProfile
from watermark.register import Registration, estimate_homography, place_in_time
from watermark.threads import single_blas, threaded_map
from watermark.video import Source, container_frames, iter_luma


@dataclass(frozen=True, eq=False)
class Features:
    """Per-frame atom coefficients of a clip (``coeffs``: frames x atoms) and where they
    sit in time; ``master_times`` only in informed mode."""

    coeffs: np.ndarray
    clip_times: np.ndarray
    master_times: np.ndarray | None
    seconds_used: float
    alignment: align.Alignment | None = None
    inliers: int = 0  # feature matches behind the registration (informed)
    mirrored: bool = False  # the copy is the master mirrored left to right (informed)
    cache: dict = field(default_factory=dict, repr=False)  # key-independent sums

    def window(self, start: float, end: float) -> Features:
        """The features of the clip frames with ``start <= t < end`` (clip seconds)."""
        sel = (self.clip_times >= start) & (self.clip_times < end)
        times = self.clip_times[sel]
        span = _span(times, float(times[-1])) if len(times) else 0.0
        return Features(coeffs=self.coeffs[sel], clip_times=times,
                        master_times=None if self.master_times is None
                        else self.master_times[sel],
                        seconds_used=span, alignment=self.alignment, inliers=self.inliers,
                        mirrored=self.mirrored)

    @property
    def informed(self) -> bool:
        return self.master_times is not None

    @property
    def frames(self) -> int:
        return len(self.clip_times)


@single_blas
def clip_features(
    clip: Source,
    master: Source | MasterIndex | None,
    profile: WatermarkProfile,
    progress: Progress | None = None,
    max_seconds: float = 60.0,
) -> Features:
    """One pass over the clip (and the master, if given: a :class:`MasterIndex`, whose
    frames around the clip are the only ones decoded, or a master source streamed by).
    Uses the first ``max_seconds`` of the clip."""
    if master is None:
        return _blind(clip, profile, progress, max_seconds)
    return _informed(clip, master, profile, progress, max_seconds)


def _tick(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None and (done % 10 == 0):
        progress(done, max(total, done))


def _span(times: np.ndarray, last: float) -> float:
    if len(times) < 2:
        return 0.0
    step = float(np.median(np.diff(times)))
    return float(last - times[0] + step)


def _blind(clip: Source, profile: WatermarkProfile, progress: Progress | None,
           max_seconds: float) -> Features:
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
    return Features(coeffs=front.whitened(), clip_times=times, master_times=None,
                    seconds_used=_span(times, last_t))


@dataclass(frozen=True, eq=False)
class _Clip:
    """The clip as informed detection keeps it: times, reduced frames, the views of it
    its placement tries (:func:`watermark.align.clip_views`)."""

    times: np.ndarray
    works: list[np.ndarray]
    thumbs: list[np.ndarray]
    views: tuple[align.ClipView, ...]


def _reduced(item: tuple[float, np.ndarray]) -> tuple[float, np.ndarray, np.ndarray]:
    """A clip frame's time, work frame (registration size) and thumbnail (placement)."""
    t, y = item
    h, w = area_shape(*y.shape, WORK_PIXELS)
    work = (cv2.resize(y, (w, h), interpolation=cv2.INTER_AREA) if (h, w) != y.shape
            else np.ascontiguousarray(y))
    return t, work, align.thumbnail(work)


def _read_clip(clip: Source, progress: Progress | None, total: int,
               max_seconds: float) -> _Clip:
    times: list[float] = []
    thumbs: list[np.ndarray] = []
    works: list[np.ndarray] = []
    # decoding (FFmpeg's threads) and the reduction (one more thread) overlap
    frames = itertools.takewhile(lambda f: f[0] <= max_seconds, iter_luma(clip, "clip"))
    for i, (t, work, thumb) in enumerate(threaded_map(_reduced, frames, workers=1)):
        times.append(t)
        works.append(work)
        thumbs.append(thumb)
        _tick(progress, i + 1, total)
    if len(times) < 2:
        raise WatermarkInputError(N_("The clip is too short: it needs at least two frames."))
    return _Clip(np.asarray(times), works, thumbs, align.clip_views(thumbs))


Window = list[tuple[float, np.ndarray]]


def _window_from_stream(master: Source, clip: _Clip, progress: Progress | None,
                        done: int, total: int
                        ) -> tuple[align.Alignment, Window, tuple[int, int], align.ClipView]:
    """Stream the master by: align every view of the clip while it passes, keep only the
    frames around the placement of the view preferred; that view."""
    aligners = [align.StreamAligner(clip.times, v.desc) for v in clip.views]
    pre: list[tuple[float, np.ndarray, np.ndarray]] = []
    mbox: align.ContentBox | None = None
    native: tuple[int, int] | None = None
    mh = mw = 0

    def push(t: float, thumb: np.ndarray, work: np.ndarray) -> None:
        d = align.frame_descriptor(thumb, mbox)
        for a in aligners:
            a.push(t, d, work)

    for j, (t, y) in enumerate(iter_luma(master, "master")):
        if native is None:
            native = (int(y.shape[0]), int(y.shape[1]))
            mh, mw = area_shape(*y.shape, WORK_PIXELS)
        work = cv2.resize(y, (mw, mh), interpolation=cv2.INTER_AREA)
        thumb = align.thumbnail(work)
        if mbox is None:
            pre.append((t, thumb, work))
            if len(pre) < 30:
                continue
            mbox = align.content_box([p[1] for p in pre])
            for item in pre:
                push(*item)
            pre = []
            continue
        push(t, thumb, work)
        _tick(progress, done + j + 1, total)
    if mbox is None:
        mbox = align.content_box([p[1] for p in pre])
        for item in pre:
            push(*item)
    results = [a.result() for a in aligners]
    chosen = align.preferred([r.score for r in results], clip.views)
    window = aligners[chosen].window()
    if native is None:
        raise WatermarkInputError(N_("The master has no usable frames."))
    if not window:
        raise WatermarkInputError(N_(
            "The clip runs longer than the master at every speed tried: it cannot be "
            "placed in it. Check that the master is the whole film."))
    return results[chosen], window, native, clip.views[chosen]  # type: ignore[return-value]


def _place_by_index(index: MasterIndex, times: np.ndarray, desc: np.ndarray
                    ) -> align.Alignment:
    return _place_in(index.view_times(), index.view_descriptors(), times, desc)


def _place_in(mt: np.ndarray, md: np.ndarray, times: np.ndarray, desc: np.ndarray
              ) -> align.Alignment:
    """The clip (times, descriptors) placed among master frames (times, unit
    descriptors): a coarse search first where they are a whole film."""
    best = align.Alignment(offset=0.0, speed=1.0, score=-1.0, margin=0.0)
    aligner = align.StreamAligner(times, desc)
    for lo, hi in align.coarse_spans(times, desc, mt, md):
        sel = (mt >= lo) & (mt <= hi)
        found = aligner.score_all(mt[sel], md[sel])
        if found.score > best.score:
            best = found
    return best


def _window_from_index(index: MasterIndex, clip: _Clip
                       ) -> tuple[align.Alignment, Window, tuple[int, int], align.ClipView]:
    """Place every view of the clip by the index's descriptors; decode only the frames
    around the placement of the view preferred; that view."""
    mt, md = index.view_times(), index.view_descriptors()  # once, before the views' threads
    results = list(threaded_map(lambda v: _place_in(mt, md, clip.times, v.desc), clip.views))
    chosen = align.preferred([r.score for r in results], clip.views)
    best, view = results[chosen], clip.views[chosen]
    again = _in_films_box(index, clip, view, best)
    if again is not None:
        best, view = again
    end = best.master_time(float(clip.times[-1]))
    window = index.work_frames(best.offset - 1.0, end + 1.0)
    if not window:
        raise WatermarkInputError(N_("The master has no usable frames."))
    return best, window, index.native, view


def _in_films_box(index: MasterIndex, clip: _Clip, view: align.ClipView,
                  placed: align.Alignment
                  ) -> tuple[align.Alignment, align.ClipView] | None:
    """The clip placed again with its descriptors taken in the film's own picture box,
    where that box is near the clip's but not the same: the copy shows the film's framing,
    and the two boxes differ only because dark picture rows or columns at an edge read as
    bars in one and not the other (a night scene's dark ground). Descriptors taken over
    different areas of a picture that moves (a tilt) match best at the wrong time. The
    new placement and view, or None where the boxes agree or it does not match better."""
    films = index.box_at(placed.offset)
    seen = align.mirror_box(films) if view.mirrored else films  # as the view sees it
    if seen == view.box or not align.near(seen, view.box):
        return None
    boxed = align.boxed_views(clip.thumbs, films, view.margin)[int(view.mirrored)]
    end = placed.master_time(float(clip.times[-1]))
    span = index.excerpt(placed.offset - _REBOX_REACH, end + _REBOX_REACH)
    again = _place_by_index(span, clip.times, boxed.desc)
    if again.score <= placed.score:
        return None
    return again, boxed


_REBOX_REACH = 2.0  # s around the first placement searched with the film's box


def _realigned(times: np.ndarray, works: list[np.ndarray], picks: np.ndarray,
               view: align.ClipView, window: Window, reg: Registration,
               alignment: align.Alignment) -> align.Alignment | None:
    """The clip placed again within the master window, with the master frames seen
    through the registration (the part of the picture the clip shows, at its scale).

    A cropped, zoomed or squeezed copy matches the whole-frame descriptors of its film
    loosely: on soft, slow pictures the coarse placement can take the wrong speed, or be
    a few frames off where the features :func:`place_in_time` counts do not match
    (anisotropic scaling); a sped-up copy (a 1.25x repost) is at none of the speeds it
    tries. Seen through the registration, the descriptors place the clip again over those
    speeds and, frame by frame, give a speed of their own (:func:`_fitted_speeds`); the
    picked frames' pixels (correlation inside the clip's picture) choose between them and
    the frame. The new placement, or None where it is not clearly better than
    ``alignment``. The registration may be the plain rescale (no features matched):
    frames paired at a wrong speed are what spoils it."""
    if len(window) < 2:
        return None
    ch, cw = works[0].shape
    h = reg.homography

    th, tw = align.thumbnail(works[0]).shape
    # the master at the clip's thumbnail size, straight from its work frame (the area
    # averaging of a thumbnail is left out: the descriptor blurs and averages again)
    to_thumb = h @ np.diag([cw / tw, ch / th, 1.0])

    def seen(item: tuple[float, np.ndarray]) -> np.ndarray:
        small = cv2.warpPerspective(item[1], to_thumb, (tw, th),
                                    flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP)
        return align.frame_descriptor(small, view.box)

    def warped(j: int) -> np.ndarray:
        return cv2.warpPerspective(window[j][1], h, (cw, ch),
                                   flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP)

    mdesc = np.stack(list(threaded_map(seen, window)))
    wt = np.asarray([t for t, _ in window])
    step = float(np.median(np.diff(wt)))
    placed = alignment
    aligner = align.StreamAligner(times, view.desc)
    found = aligner.score_all(wt, mdesc)
    if found.score >= aligner.score_at(wt, mdesc, alignment) + REALIGN_GAIN:
        placed = found
    # the frame: pixel correlation of the picked frames inside the picture
    ys, xs = align.inner(view.box, ch, cw)

    def unit(image: np.ndarray) -> np.ndarray:
        v = image[ys, xs].astype(np.float32).ravel()
        v -= v.mean()
        n = float(np.linalg.norm(v))
        return v / n if n > 1e-3 else v

    clips = [unit(works[i]) for i in picks]
    masters: dict[int, np.ndarray] = {}

    def correlation(a: align.Alignment) -> float:
        """Mean over the picked frames the window holds (at least half of them)."""
        total, held = 0.0, 0
        for i, c in zip(picks, clips, strict=True):
            tm = a.master_time(float(times[i]))
            j = int(np.argmin(np.abs(wt - tm)))
            if abs(wt[j] - tm) > step:
                continue
            if j not in masters:
                masters[j] = unit(warped(j))
            total += float(np.dot(c, masters[j]))
            held += 1
        return total / held if 2 * held >= len(picks) else -1.0

    reach = 3
    starts = [placed]
    starts += [f for f in _fitted_speeds(times, view.desc, wt, mdesc, step)
               if abs(f.speed - placed.speed) > SPEED_TOLERANCE]
    tried = {(n, k): correlation(replace(a, offset=a.offset + k * step))
             for n, a in enumerate(starts) for k in range(-reach, reach + 1)}
    n_best, k_best = max(tried, key=lambda nk: (tried[nk], -abs(nk[1]), -nk[0]))
    best = replace(starts[n_best], offset=starts[n_best].offset + k_best * step)
    if n_best > 0:  # a fitted speed: the picked frames' own best frames set it finer
        finer = _through_picks(np.asarray(times)[picks], clips, best, wt, step, masters,
                               lambda j: unit(warped(j)))
        if finer is not None:
            finer = replace(finer, score=aligner.score_at(wt, mdesc, finer))
            finer_correlation = correlation(finer)
            if finer_correlation > tried[n_best, k_best]:
                tried[n_best, k_best], best = finer_correlation, finer
    before = correlation(alignment)
    # moved only where the pixels agree clearly better: the part of them left unexplained
    # shrinks by a fifth
    if tried[n_best, k_best] <= before or (1.0 - tried[n_best, k_best]) > 0.8 * (1.0 - before):
        return None
    if best.speed == alignment.speed and abs(best.offset - alignment.offset) < 0.5 * step:
        return None
    return best


def _through_picks(tc: np.ndarray, clips: list[np.ndarray], near: align.Alignment,
                   wt: np.ndarray, step: float, masters: dict[int, np.ndarray],
                   master: Callable[[int], np.ndarray]) -> align.Alignment | None:
    """The line through the picked frames' own best master frames (pixel correlation,
    within ``_OWN_REACH`` s of ``near``) that most of them lie within two frames of
    (lines through two picks at least 1 s apart), fitted by least squares over those;
    None where fewer than half of the picks (at least four) agree. Descriptors of a slow
    or still picture leave a fitted speed a few per cent off; the pixels tell frames
    apart that descriptors do not. ``masters`` caches the warped master frames."""
    own = np.full(len(tc), np.nan)
    for n, (t, c) in enumerate(zip(tc, clips, strict=True)):
        js = np.nonzero(np.abs(wt - near.master_time(float(t))) <= _OWN_REACH)[0]
        if len(js) == 0:
            continue
        for j in js:
            if j not in masters:
                masters[j] = master(int(j))
        own[n] = wt[js[int(np.argmax([float(np.dot(c, masters[j])) for j in js]))]]
    held = ~np.isnan(own)
    tc, own = tc[held], own[held]
    if len(tc) < 4:
        return None
    lines = _lines_through(tc, own, 2 * step)
    if lines is None:
        return None
    best = lines.agree[int(np.argmax(lines.agree.sum(axis=1)))]
    if best.sum() < max(4, (len(tc) + 1) // 2):
        return None
    speed, offset = (float(v) for v in np.polyfit(tc[best], own[best], 1))
    if not 0.5 <= speed <= 2.0:
        return None
    return align.Alignment(offset=offset, speed=speed, score=near.score, margin=0.0)


@dataclass(frozen=True, eq=False)
class _Lines:
    """Lines ``master time = offset + slope * clip time`` through pairs of (clip time,
    master time) points, and which points lie near each (``agree``: lines x points)."""

    slopes: np.ndarray
    offsets: np.ndarray
    agree: np.ndarray


def _lines_through(tc: np.ndarray, tm: np.ndarray, reach: float) -> _Lines | None:
    """Every line through two of the points at least 1 s apart in clip time (of at most
    60 of them, evenly spread) with a slope of 0.5 to 2 (the speeds a copy is read at),
    and the points within ``reach`` seconds of each; None where fewer than five such
    lines exist."""
    sub = np.linspace(0, len(tc) - 1, num=min(60, len(tc))).astype(int)
    a, b = np.triu_indices(len(sub), k=1)
    dt = tc[sub][b] - tc[sub][a]
    far = dt >= 1.0
    slopes = (tm[sub][b] - tm[sub][a])[far] / dt[far]
    a = a[far]
    keep = (slopes >= 0.5) & (slopes <= 2.0)
    slopes, a = slopes[keep], a[keep]
    if len(slopes) < 5:
        return None
    offsets = tm[sub][a] - slopes * tc[sub][a]
    agree = np.abs(tm[None, :] - (offsets[:, None] + slopes[:, None] * tc[None, :])) <= reach
    return _Lines(slopes=slopes, offsets=offsets, agree=agree)


_PLACINGS = 2  # placements through the registration, each through the map the last gave
_OWN_REACH = 0.5  # seconds around a fitted line where a picked frame's own frame is sought
REALIGN_GAIN = 0.02  # how much better the registered view must place the clip to move it
SPEED_TOLERANCE = 0.004  # a fitted speed this close to the placement's is the same speed
_MATCHED = 0.9  # a clip frame's best descriptor match counts for the speed fit above this
_FIT_REACH = 0.125  # seconds: a matched pair this close to a fitted line agrees with it
_FITTED = 3  # fitted lines of different speeds the pixels choose among
_DISTINCT = 0.015  # fitted speeds closer than this share of each other are the same line


def _fitted_speeds(times: np.ndarray, desc: np.ndarray, wt: np.ndarray, mdesc: np.ndarray,
                   step: float) -> list[align.Alignment]:
    """Placements at any speed: each clip frame beside the master frame its descriptor
    matches best (seen through the registration), and the lines through those pairs that
    most of them agree with (every line through two pairs at least 1 s apart is tried; a
    pair agrees within ``_FIT_REACH`` seconds, or two frames where frames are further
    apart), each fitted again by least squares over the pairs that agree; at most
    ``_FITTED`` lines of different speeds, each explaining at least a third of the
    matched frames, best first (empty where too few frames match). Sped-up or slowed
    copies are not among the speeds the coarse placement tries. On a slow picture
    neighbouring frames look alike, so a match can be a few frames off, and a still
    stretch matches a line of the wrong speed as well as the right one: the pixels
    choose between the lines (:func:`_realigned`)."""
    sim = desc @ mdesc.T
    j = np.argmax(sim, axis=1)
    matched = sim[np.arange(len(j)), j]
    ok = matched >= _MATCHED
    ok &= (j > 0) & (j < len(wt) - 1)  # a best match at the window's edge may lie beyond
    if ok.sum() < 10:
        return []
    tc, jm = np.asarray(times, np.float64)[ok], j[ok]
    tm = wt[jm]
    lines = _lines_through(tc, tm, max(2 * step, _FIT_REACH))
    if lines is None:
        return []
    agree = lines.agree
    # a line counts the master frames it passes through, not the clip frames: a still
    # stretch (every frame matching the same few) weighs as little as it shows
    shown = np.zeros((len(agree), len(wt)), bool)
    on_line, pairs = np.nonzero(agree)
    shown[on_line, jm[pairs]] = True
    counts = shown.sum(axis=1)
    total = len(np.unique(jm))
    found: list[align.Alignment] = []
    for line in np.argsort(-counts, kind="stable"):
        if 3 * counts[line] < total or len(found) == _FITTED:
            break
        near = agree[line]
        speed, offset = (float(v) for v in np.polyfit(tc[near], tm[near], 1))
        if not 0.5 <= speed <= 2.0 or any(abs(speed - f.speed) <= _DISTINCT * f.speed
                                          for f in found):
            continue
        found.append(align.Alignment(offset=offset, speed=speed,
                                     score=float(matched[ok][near].mean()), margin=0.0))
    return found


def _informed(clip: Source, master: Source | MasterIndex, profile: WatermarkProfile,
              progress: Progress | None, max_seconds: float) -> Features:
    indexed = isinstance(master, MasterIndex)
    clip_total = container_frames(clip)
    master_total = 0 if indexed else container_frames(master)
    total = clip_total + master_total
    # 1. the clip: thumbnails for alignment, reduced frames for registration
    c = _read_clip(clip, progress, total, max_seconds)
    # 2. the master frames around the clip's place: from the index, or streamed; the view
    # of the clip placed best is used (mirrored, inside a plain border: a choice no key
    # enters)
    if indexed:
        alignment, window, native, view = _window_from_index(master, c)  # type: ignore[arg-type]
    else:
        alignment, window, native, view = _window_from_stream(master, c, progress,
                                                              len(c.times), total)
    mirrored = view.mirrored
    ct = c.times
    works = [np.ascontiguousarray(w[:, ::-1]) for w in c.works] if mirrored else c.works
    dshape = detection_shape(*native, profile)
    wt = np.asarray([w[0] for w in window])

    def nearest(tm: float) -> int:
        return int(np.argmin(np.abs(wt - tm)))

    def master_at(tm: float) -> np.ndarray:
        return window[nearest(tm)][1]

    # 3. the placement to the frame, then one geometry for the excerpt, from frame pairs
    picks = np.linspace(0, len(ct) - 1, num=min(8, len(ct))).astype(int)
    few = picks[np.linspace(0, len(picks) - 1, num=min(3, len(picks))).astype(int)]
    alignment = place_in_time([(float(ct[i]), works[i]) for i in few], window, alignment)
    pairs = [(works[i], master_at(alignment.master_time(ct[i]))) for i in picks]
    mbox = align.content_box([align.thumbnail(w[1]) for w in window[:: max(1, len(window) // 30)]])
    reg = estimate_homography(pairs, boxes=(view.box, mbox))
    for _ in range(_PLACINGS):
        # the map came from frames paired at the old place: once the clip moves, the map
        # is fitted again from the new pairs, and the clip placed again through it
        again = _realigned(ct, works, picks, view, window, reg, alignment)
        if again is None:
            break
        alignment = again
        end = alignment.master_time(float(ct[-1]))
        if indexed and (alignment.offset < wt[0] or end > wt[-1]):
            # a new speed can reach past the frames kept: the index gives them
            window = master.work_frames(alignment.offset - 1.0, end + 1.0)  # type: ignore[union-attr]
            wt = np.asarray([w[0] for w in window])
        pairs = [(works[i], master_at(alignment.master_time(ct[i]))) for i in picks]
        reg = estimate_homography(pairs, boxes=(view.box, mbox))
    # 4. residual correlations, frame by frame
    tr = AtomTransform(*dshape, profile)
    box = view.box
    picture = np.zeros(works[0].shape, np.uint8)  # the clip's picture inside its bars
    ph, pw = picture.shape
    picture[round(box.y0 * ph) : round(box.y1 * ph), round(box.x0 * pw) : round(box.x1 * pw)] = 255
    front = InformedFrontEnd(reg.homography, picture, window[0][1].shape, tr, native, profile)
    coeffs = np.zeros((len(ct), len(tr.v)))
    mtimes = np.asarray([alignment.master_time(float(tc)) for tc in ct])

    step = float(np.median(np.diff(wt))) if len(wt) > 1 else 0.0

    def residual(i: int) -> None:
        j = nearest(float(mtimes[i]))
        if step > 0 and abs(wt[j] - mtimes[i]) > 1.5 * step:
            return  # beyond the master frames held: nothing of this frame is compared
        cf, var = front.frame(works[i], j, window[j][1])
        if math.isfinite(var) and var > 0:
            coeffs[i] = cf / var

    # frames are independent: two workers (OpenCV and numpy release the GIL)
    for _ in threaded_map(residual, range(len(ct))):
        pass
    if progress is not None:
        progress(total, total)
    return Features(coeffs=coeffs, clip_times=ct, master_times=mtimes,
                    seconds_used=_span(ct, float(ct[-1])), alignment=alignment,
                    inliers=reg.inliers, mirrored=mirrored)
