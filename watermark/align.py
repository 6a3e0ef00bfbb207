"""Frame fingerprints and temporal alignment of an excerpt to its master.

Public functions (small on purpose, reusable for film identification):

- :func:`thumbnail` -- a frame's luma reduced to at most 160 px wide (uint8).
- :func:`content_box` -- where the picture is inside black bars (letterbox/pillarbox),
  from a few thumbnails, as fractions of the frame.
- :func:`frame_descriptor` -- a 192-float unit vector: the central 90 % of the content box
  at 16 x 12, blurred, zero mean, unit norm.
- :func:`align_sequences` -- best (offset, speed) placing clip frames in master time, from
  descriptor sequences held in memory.
- :class:`StreamAligner` -- the same while the master streams by, keeping only a window
  about the clip's length (bounded memory for a feature-length master).

The descriptor is robust to re-encoding, scaling, brightness/contrast/gamma changes,
blur, sensor noise, added black bars (the box is found again), crops up to about 10 %
per side, slight rotation and keystone, and it carries its own temporal change (the
aligner also compares frame-to-frame differences, which separates static shots).
Not robust to: mirroring, large crops, picture-in-picture, heavy overlays.
Speeds tried by default: 1, 25/24 and 24/25 (PAL-style speed change); a frame-rate
change that keeps the timing (dropped or repeated frames) is speed 1.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

DESC_W, DESC_H = 16, 12
DEFAULT_SPEEDS: tuple[float, ...] = (1.0, 25.0 / 24.0, 24.0 / 25.0)
_THUMB_W = 160


@dataclass(frozen=True)
class ContentBox:
    """The picture area inside black bars, as fractions of frame width/height."""

    x0: float = 0.0
    y0: float = 0.0
    x1: float = 1.0
    y1: float = 1.0


@dataclass(frozen=True)
class Alignment:
    """Clip time ``tc`` shows master time ``offset + speed * tc``."""

    offset: float
    speed: float
    score: float  # mean similarity of matched frames (about 1 for a perfect match)
    margin: float  # score minus the best score at least 1 s away (how unambiguous)

    def master_time(self, clip_time: float) -> float:
        return self.offset + self.speed * clip_time


def thumbnail(gray: np.ndarray) -> np.ndarray:
    """Luma reduced to at most 160 px wide (INTER_AREA), uint8."""
    h, w = gray.shape[:2]
    if w <= _THUMB_W:
        return np.ascontiguousarray(gray)
    nh = max(2, round(h * _THUMB_W / w))
    return cv2.resize(gray, (_THUMB_W, nh), interpolation=cv2.INTER_AREA)


UNIFORM_SPREAD = 6.0  # levels: a border this even in every thumbnail is not picture


def content_box(thumbs: Sequence[np.ndarray], threshold: float = 28.0,
                uniform: float = 0.0) -> ContentBox:
    """Black bars are rows/columns at the edges that stay darker than ``threshold``
    in every given thumbnail; the box is what lies between them. With ``uniform`` (levels)
    a border of any one colour counts as well: rows/columns whose values, over the row and
    every thumbnail, lie within ``uniform`` of each other (the plain background a copy
    shows its picture on, picture in picture). For thumbnails spread over a clip, not for
    one image (a single frame's flat sky would count)."""
    if not thumbs:
        return ContentBox()
    stack = np.stack([t.astype(np.float32) for t in thumbs])
    rows = stack.max(axis=(0, 2)) >= threshold
    cols = stack.max(axis=(0, 1)) >= threshold
    if uniform > 0 and len(thumbs) >= 2:
        rows &= np.ptp(stack, axis=(0, 2)) > uniform
        cols &= np.ptp(stack, axis=(0, 1)) > uniform
    if not rows.any() or not cols.any():
        return ContentBox()
    h, w = rows.size, cols.size
    r0, r1 = int(np.argmax(rows)), h - int(np.argmax(rows[::-1]))
    c0, c1 = int(np.argmax(cols)), w - int(np.argmax(cols[::-1]))
    if (r1 - r0) < h * 0.3 or (c1 - c0) < w * 0.3:
        return ContentBox()
    return ContentBox(c0 / w, r0 / h, c1 / w, r1 / h)


DETAIL_SHARE = 0.25  # of the busiest rows' detail: rows and columns with less are surround
DETAIL_GAP = 0.03  # a flatter band inside the picture up to this share of the side is bridged
DETAIL_SIDE = 0.1  # a detail box narrower or lower than this share of the frame is none
DETAIL_INSIDE = 0.85  # a view of its own when it covers less than this of the first box


def _longest_run(busy: np.ndarray, gap: int) -> tuple[int, int]:
    """[start, end) of the longest run of True in ``busy``, runs at most ``gap`` apart
    counted as one."""
    idx = np.flatnonzero(busy)
    best, start, last = (0, 0), int(idx[0]), int(idx[0])
    for i in (*idx[1:].tolist(), None):
        if i is not None and i - last <= gap + 1:
            last = i
            continue
        if last + 1 - start > best[1] - best[0]:
            best = (start, last + 1)
        if i is not None:
            start = last = i
    return best


def detail_box(thumbs: Sequence[np.ndarray], share: float = DETAIL_SHARE) -> ContentBox:
    """Where the picture is when a copy shows it on a soft surround: over a blurred,
    zoomed copy of itself (a portrait repost of a landscape film, or the film shown
    smaller). Detail (the absolute Laplacian, averaged over the thumbnails) is
    profiled along the rows, then along the columns of the rows kept: the longest run
    reaching ``share`` of the busiest tenth is the picture (a flatter band inside it, up
    to DETAIL_GAP of the side, is bridged; a line of text on the surround is a run of its
    own). The whole frame when no run is found or the box would be narrower or lower than
    DETAIL_SIDE. For thumbnails spread over a clip, not for one image."""
    if not thumbs:
        return ContentBox()
    detail = np.mean([np.abs(cv2.Laplacian(t.astype(np.float32), cv2.CV_32F, ksize=3))
                      for t in thumbs], axis=0)
    h, w = detail.shape
    rows = detail.mean(axis=1)
    if not rows.any():
        return ContentBox()
    r0, r1 = _longest_run(rows >= share * np.percentile(rows, 90), round(DETAIL_GAP * h))
    cols = detail[r0:r1].mean(axis=0)
    c0, c1 = _longest_run(cols >= share * np.percentile(cols, 90), round(DETAIL_GAP * w))
    if (r1 - r0) < DETAIL_SIDE * h or (c1 - c0) < DETAIL_SIDE * w:
        return ContentBox()
    return ContentBox(c0 / w, r0 / h, c1 / w, r1 / h)


def _area(box: ContentBox) -> float:
    return (box.x1 - box.x0) * (box.y1 - box.y0)


def near(a: ContentBox, b: ContentBox, tolerance: float = 0.03) -> bool:
    return max(abs(a.x0 - b.x0), abs(a.y0 - b.y0), abs(a.x1 - b.x1),
               abs(a.y1 - b.y1)) < tolerance


def nearest_rows(times: np.ndarray, want: np.ndarray) -> np.ndarray:
    """Index of the row of ``times`` (sorted, at least 2) nearest each of ``want``."""
    idx = np.clip(np.searchsorted(times, want), 1, len(times) - 1)
    idx -= (want - times[idx - 1]) < (times[idx] - want)
    return idx


def inner(box: ContentBox, h: int, w: int) -> tuple[slice, slice]:
    """The rows and columns of an (h, w) image inside ``box``, 5 % in from each side
    (what a descriptor compares: the edges of a picture are where crops and bars
    differ), at least 2 pixels each way."""
    bw, bh = box.x1 - box.x0, box.y1 - box.y0
    x0 = round((box.x0 + 0.05 * bw) * w)
    x1 = max(x0 + 2, round((box.x1 - 0.05 * bw) * w))
    y0 = round((box.y0 + 0.05 * bh) * h)
    y1 = max(y0 + 2, round((box.y1 - 0.05 * bh) * h))
    return slice(y0, y1), slice(x0, x1)


def frame_descriptor(thumb: np.ndarray, box: ContentBox | None = None) -> np.ndarray:
    """Unit-norm float32 descriptor (DESC_W * DESC_H) of a thumbnail."""
    ys, xs = inner(box or ContentBox(), *thumb.shape[:2])
    crop = thumb[ys, xs].astype(np.float32)
    small = cv2.resize(crop, (DESC_W * 2, DESC_H * 2), interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (3, 3), 0.8)
    d = cv2.resize(small, (DESC_W, DESC_H), interpolation=cv2.INTER_AREA).ravel()
    d = d - d.mean()
    n = float(np.linalg.norm(d))
    return (d / n if n > 1e-3 else np.zeros_like(d)).astype(np.float32)


def mirror_descriptors(desc: np.ndarray) -> np.ndarray:
    """The descriptors (n x DESC_W * DESC_H) of the same frames mirrored left to right
    (a mirrored frame's content box is the mirrored box, so its descriptor is the
    descriptor's grid with its columns reversed)."""
    n = len(desc)
    grid = np.asarray(desc).reshape(n, DESC_H, DESC_W)[:, :, ::-1]
    return np.ascontiguousarray(grid.reshape(n, DESC_H * DESC_W))


def mirror_box(box: ContentBox) -> ContentBox:
    """The content box of the frame mirrored left to right."""
    return ContentBox(x0=1.0 - box.x1, y0=box.y0, x1=1.0 - box.x0, y1=box.y1)


VIEW_MARGIN = 0.02  # a later view must match this much better than the ones before it


@dataclass(frozen=True, eq=False)
class ClipView:
    """One way to read a clip against its film: its frame descriptors with the picture
    box they were taken in, as the clip is or mirrored left to right (``desc`` and
    ``box`` are then of the mirrored clip)."""

    desc: np.ndarray
    box: ContentBox
    mirrored: bool = False
    margin: float = VIEW_MARGIN  # how much better than the views before it it must match


# a view inside the sharp picture must match this much better: it is a crop, and a film
# with a soft half (a sky) matches cropped nearly as well; over a blurred copy of itself
# the whole frame matched 0.22-0.71 where the picture matched 0.93-0.98
DETAIL_MARGIN = 0.15


def clip_views(thumbs: Sequence[np.ndarray]) -> tuple[ClipView, ...]:
    """The views of a clip a copy may need, in order of preference: inside its black bars,
    mirrored left to right (a pirate's way past content matching), and, when the clip has
    a border of one plain colour (its picture shown small on a background, picture in
    picture), both again inside that border, and when the picture is shown on a soft
    surround (over a blurred copy of itself: :func:`detail_box`) covering less than
    DETAIL_INSIDE of the first box and not one of the boxes before, both inside the
    picture. Which one is used is decided by how well each matches the film
    (:func:`preferred`), so a film's own flat sky never costs its match."""
    sample = thumbs[:: max(1, len(thumbs) // 30)]
    boxes = [content_box(sample)]
    plain = content_box(sample, uniform=UNIFORM_SPREAD)
    if plain != boxes[0]:
        boxes.append(plain)
    sharp = detail_box(sample)
    if _area(sharp) < DETAIL_INSIDE * _area(boxes[0]) and not any(
            near(sharp, b) for b in boxes):
        boxes.append(sharp)
    views: list[ClipView] = []
    for box in boxes:
        views += boxed_views(thumbs, box, DETAIL_MARGIN if box is sharp else VIEW_MARGIN)
    return tuple(views)


def boxed_views(thumbs: Sequence[np.ndarray], box: ContentBox,
                margin: float = VIEW_MARGIN) -> tuple[ClipView, ClipView]:
    """The clip's frames read inside ``box``: as they are, and mirrored left to right."""
    desc = np.stack([frame_descriptor(th, box) for th in thumbs])
    return (ClipView(desc, box, margin=margin),
            ClipView(mirror_descriptors(desc), mirror_box(box), mirrored=True, margin=margin))


def preferred(scores: Sequence[float], views: Sequence[ClipView] | None = None) -> int:
    """The index of the view to use, given each view's match score in order of
    preference: a later view replaces the one kept only when it scores more than its
    ``margin`` (VIEW_MARGIN without ``views``) better (a symmetric picture matches
    mirrored too, a flat one in a box, a soft one cropped)."""
    best = 0
    for i in range(1, len(scores)):
        margin = views[i].margin if views is not None else VIEW_MARGIN
        if scores[i] > scores[best] + margin:
            best = i
    return best


def _diffs(desc: np.ndarray) -> np.ndarray:
    d = np.diff(desc, axis=0, prepend=desc[:1])
    n = np.linalg.norm(d, axis=1, keepdims=True)
    return np.where(n > 0.05, d / np.maximum(n, 1e-9), 0.0).astype(np.float32)


def _score(clip_desc: np.ndarray, clip_diff: np.ndarray, mdesc: np.ndarray) -> float:
    """Similarity of clip frames to the master frames matched to them (in order)."""
    sim = float(np.mean(np.sum(clip_desc * mdesc, axis=1)))
    mdiff = _diffs(mdesc)
    moving = (np.linalg.norm(clip_diff, axis=1) > 0) & (np.linalg.norm(mdiff, axis=1) > 0)
    if moving.sum() >= 3:
        sim = 0.5 * sim + 0.5 * float(np.mean(np.sum(clip_diff * mdiff, axis=1)[moving]))
    return sim


def align_sequences(
    clip_times: np.ndarray,
    clip_desc: np.ndarray,
    master_times: np.ndarray,
    master_desc: np.ndarray,
    speeds: Sequence[float] = DEFAULT_SPEEDS,
) -> Alignment:
    """Best placement of a clip in a master held in memory (descriptor rows in time order)."""
    aligner = StreamAligner(clip_times, clip_desc, speeds)
    for t, d in zip(master_times, master_desc, strict=True):
        aligner.push(float(t), d, None)
    return aligner.result()


class StreamAligner:
    """Aligns a clip (descriptors known) to a master pushed frame by frame.

    ``push(t, desc, item)``: master frame at time ``t`` with descriptor ``desc`` and any
    ``item`` to keep (e.g. reduced frames for later work). ``result()`` gives the best
    :class:`Alignment`; ``window()`` the (t, item) pairs of master frames around it.
    """

    def __init__(
        self,
        clip_times: np.ndarray,
        clip_desc: np.ndarray,
        speeds: Sequence[float] = DEFAULT_SPEEDS,
        margin_seconds: float = 1.0,
    ) -> None:
        ct = np.asarray(clip_times, dtype=np.float64) - float(clip_times[0])
        # the clip's last 0.2 s are not needed to place it: a resampled copy may run a
        # frame past the master's last frame
        keep = ct <= ct[-1] - min(0.2, 0.1 * ct[-1])
        keep[: max(2, int(keep.sum()))] = True
        self.ct = ct[keep]
        self.t0 = float(clip_times[0])  # placements are found from the first frame on
        self.cd = np.asarray(clip_desc, dtype=np.float32)[keep]
        self.cdiff = _diffs(self.cd)
        self.speeds = tuple(speeds)
        self.margin = margin_seconds
        span = self.ct[-1] * max(self.speeds) + 2 * margin_seconds
        self._span = span
        self._buf: deque[tuple[float, np.ndarray, object]] = deque()
        self._best: tuple[float, float, float] | None = None  # score, offset, speed
        self._history: list[tuple[float, float]] = []  # (offset, score) of each best per push
        self._window: list[tuple[float, object]] = []
        self._pending_window: tuple[float, float] | None = None

    def push(self, t: float, desc: np.ndarray, item: object) -> None:
        self._buf.append((t, desc, item))
        while self._buf and self._buf[0][0] < t - self._span - self.margin:
            self._buf.popleft()
        self._maybe_take_window(t)
        times = np.fromiter((b[0] for b in self._buf), dtype=np.float64, count=len(self._buf))
        best_here = -np.inf
        for s in self.speeds:
            offset = t - s * self.ct[-1]
            if offset < times[0] - 0.2:  # the same slack at the start
                continue
            want = offset + s * self.ct
            idx = nearest_rows(times, want)
            mdesc = np.stack([self._buf[int(i)][1] for i in idx])
            score = _score(self.cd, self.cdiff, mdesc)
            best_here = max(best_here, score)
            if self._best is None or score > self._best[0]:
                self._best = (score, offset, s)
                self._pending_window = (offset, s)
        if np.isfinite(best_here):
            self._history.append((t - self.ct[-1], best_here))

    def score_all(self, master_times: np.ndarray, master_desc: np.ndarray,
                  chunk: int = 64) -> Alignment:
        """The best placement against a master held in memory (the same scores as pushing
        every frame, computed with matrix products instead of frame by frame)."""
        mt = np.asarray(master_times, np.float64)
        md = np.asarray(master_desc, np.float32)
        if len(mt) < 2:
            return Alignment(offset=0.0, speed=1.0, score=-1.0, margin=0.0)
        n = len(self.ct)
        sim = self.cd @ md.T  # (n, M)
        cdm = self.cdiff @ md.T
        moving_c = np.linalg.norm(self.cdiff, axis=1) > 0
        near = _NeighbourDots(md)
        sq = near.of(0)
        rows = np.arange(n)
        found: list[tuple[float, float, float]] = []  # score, offset, speed
        for s in self.speeds:
            offsets = mt - s * self.ct[-1]
            offsets = offsets[offsets >= mt[0] - 0.2]
            for a in range(0, len(offsets), chunk):
                off = offsets[a : a + chunk]
                want = off[:, None] + s * self.ct[None, :]
                idx = nearest_rows(mt, want)
                score = sim[rows, idx].mean(axis=1)
                prev, cur = idx[:, :-1], idx[:, 1:]
                g = near.pairs(prev, cur)
                dn = np.sqrt(np.maximum(sq[cur] + sq[prev] - 2 * g, 0.0))
                dot = cdm[rows[1:], cur] - cdm[rows[1:], prev]
                moving = (dn > 0.05) & moving_c[None, 1:]
                cnt = moving.sum(axis=1)
                dsum = np.where(moving, dot / np.maximum(dn, 1e-9), 0.0).sum(axis=1)
                with np.errstate(invalid="ignore", divide="ignore"):
                    both = 0.5 * score + 0.5 * dsum / np.maximum(cnt, 1)
                score = np.where(cnt >= 3, both, score)
                found += list(zip(score.tolist(), off.tolist(), [s] * len(off),
                                  strict=True))
        if not found:  # the clip runs longer than these master frames at every speed
            return Alignment(offset=0.0, speed=1.0, score=-1.0, margin=0.0)
        best = max(found)
        others = [sc for sc, off, _ in found if abs(off - best[1]) >= 1.0]
        margin = best[0] - max(others) if others else best[0]
        return Alignment(offset=float(best[1] - best[2] * self.t0), speed=float(best[2]),
                         score=float(best[0]), margin=float(margin))

    def score_at(self, master_times: np.ndarray, master_desc: np.ndarray,
                 alignment: Alignment) -> float:
        """The score of one placement (as :meth:`score_all` scores each it tries)."""
        mt = np.asarray(master_times, np.float64)
        want = alignment.master_time(self.ct + self.t0)
        idx = nearest_rows(mt, want)
        return _score(self.cd, self.cdiff, np.asarray(master_desc, np.float32)[idx])

    def _maybe_take_window(self, now: float) -> None:
        """Keep the frames around the best placement once the margin after it has arrived."""
        if self._pending_window is None:
            return
        offset, s = self._pending_window
        end = offset + s * self.ct[-1] + self.margin
        if now < end and len(self._buf) > 1:
            return
        lo = offset - self.margin
        self._window = [(b[0], b[2]) for b in self._buf if lo <= b[0] <= end]
        self._pending_window = None

    def result(self) -> Alignment:
        if self._best is None:
            return Alignment(offset=0.0, speed=1.0, score=-1.0, margin=0.0)
        score, offset, speed = self._best
        others = [sc for off, sc in self._history if abs(off - offset) >= 1.0]
        margin = score - max(others) if others else score
        return Alignment(
            offset=float(offset - speed * self.t0), speed=float(speed), score=float(score),
            margin=float(margin)
        )

    def window(self) -> list[tuple[float, object]]:
        """(t, item) of the master frames from 1 s before to 1 s after the best placement."""
        if self._pending_window is not None:
            self._maybe_take_window(float("inf"))
        return self._window


class _NeighbourDots:
    """Dot products of master descriptors a few frames apart, each computed once: the
    frames a placement matches to consecutive clip frames are at most a few master frames
    apart, at every placement tried (gathering both rows of every pair instead moved
    about 24 MB per 64 placements of a 10-s clip at 25 fps)."""

    def __init__(self, md: np.ndarray, most: int = 16) -> None:
        self.md = md
        self.most = most
        self._table = np.zeros((0, len(md)), np.float32)  # [d, m] = md[m] . md[m + d]

    def of(self, d: int) -> np.ndarray:
        """md[m] . md[m + d] for every m (0 where m + d is past the end)."""
        have = len(self._table)
        if have <= d:
            md, rows = self.md, [self._table]
            for k in range(have, d + 1):
                row = np.zeros(len(md), np.float32)
                row[: len(md) - k] = np.einsum("md,md->m", md[: len(md) - k], md[k:])
                rows.append(row[None])
            self._table = np.concatenate(rows)
        return self._table[d]

    def pairs(self, prev: np.ndarray, cur: np.ndarray) -> np.ndarray:
        """md[prev] . md[cur] elementwise, for index arrays of the same shape."""
        gap = cur - prev
        top = min(max(int(gap.max()), 0) if gap.size else 0, self.most)
        self.of(top)
        out = self._table[np.clip(gap, 0, top), prev]
        far = (gap > top) | (gap < 0)
        if far.any():
            out[far] = np.einsum("kd,kd->k", self.md[cur[far]], self.md[prev[far]])
        return out


def coarse_spans(
    clip_times: np.ndarray,
    clip_desc: np.ndarray,
    master_times: np.ndarray,
    master_desc: np.ndarray,
    speeds: Sequence[float] = DEFAULT_SPEEDS,
    keep: int = 3,
    reach: float = 60.0,
) -> list[tuple[float, float]]:
    """Master time spans worth a full :class:`StreamAligner` pass for this clip.

    A master no longer than the clip plus ``reach`` seconds is one span. A longer one (a
    whole film) is searched coarsely first: up to 24 clip frames against every master
    frame (one matrix product), each speed and every master frame as the place of the
    clip's first frame; the ``keep`` best places at least 5 s apart, with 3 s of slack on
    each side, go on.
    """
    ct = np.asarray(clip_times, np.float64) - float(clip_times[0])
    mt = np.asarray(master_times, np.float64)
    length = float(ct[-1]) * max(speeds)
    if len(mt) == 0:
        return []
    if mt[-1] - mt[0] <= length + reach:
        return [(float(mt[0]) - 1.0, float(mt[-1]) + 1.0)]
    pick = np.unique(np.linspace(0, len(ct) - 1, num=min(24, len(ct))).astype(int))
    sims = np.asarray(clip_desc, np.float32)[pick] @ np.asarray(master_desc, np.float32).T
    scored: list[tuple[float, float, float]] = []  # score, offset, speed
    step = float(mt[-1] - mt[0]) / (len(mt) - 1) if len(mt) > 1 else 0.0
    # a constant frame rate (each frame within 1 % of its place on the grid of the mean
    # step): the clip frames are compared with the master frames on that grid, rows
    # shifted rather than searched for (a binary search over a whole film's 180,000
    # frames took 0.1 s a speed)
    even = step > 0 and bool(np.all(np.abs(np.diff(mt) - step) < 0.01 * step))
    for s in speeds:
        lead = s * ct[pick]  # each picked clip frame's time after the clip's first
        if even:
            score = np.zeros(len(mt), np.float64)
            for row, shift in zip(sims, np.clip(np.rint(lead / step).astype(int), 0,
                                                len(mt) - 1), strict=True):
                score[: len(mt) - shift] += row[shift:]
                score[len(mt) - shift :] += row[-1]  # past the end: the last frame
            score /= len(lead)
        else:
            idx = nearest_rows(mt, mt[None, :] + lead[:, None])
            score = np.take_along_axis(sims, idx, axis=1).mean(axis=0)
        score[mt + lead[-1] > mt[-1] + 0.5] = -np.inf  # the clip would run past the master
        top = min(50 * keep, len(score))  # the best places, best first
        order = np.argpartition(score, len(score) - top)[len(score) - top :]
        order = order[np.lexsort((order, -score[order]))]
        scored += [(float(score[j]), float(mt[j]), s) for j in order]
    scored.sort(key=lambda x: -x[0])
    spans: list[tuple[float, float]] = []
    taken: list[float] = []
    for _score, offset, s in scored:
        if any(abs(offset - o) < 5.0 for o in taken):
            continue
        taken.append(offset)
        spans.append((offset - 3.0, offset + s * float(ct[-1]) + 3.0))
        if len(spans) == keep:
            break
    return spans
