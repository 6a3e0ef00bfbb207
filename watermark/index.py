"""The master index: what informed detection needs of a master, built once per film.

Informed detection needs, of the master, the reduced frames around the clip's place
(registration and residual at :data:`~watermark.evidence.WORK_PIXELS`) and a frame
descriptor of every frame (to find that place). The index holds exactly that, so tracing
a clip never decodes the master again:

- per frame: its time (seconds since the film's first frame) and its 192-value descriptor
  (:func:`watermark.align.frame_descriptor`, quantised to int8);
- the frames reduced to the work size (area averaging), grey, coded as independent
  H.264 chunks of about :data:`CHUNK_SECONDS` (near-lossless, CRF :data:`DEFAULT_CRF`), so a
  detection decodes only the few chunks around the clip.

Build it from any source of master frames (the desk feeds the frames of its decrypting
reader; nothing is written to disk)::

    index = build_master_index(reader_or_path_or_pairs, progress=..., cancelled=...)
    data = index.to_bytes()            # versioned bytes (docs/formats/master-index.md)
    index = MasterIndex.from_bytes(data)
    detect(clip, key, master=index)    # or master=index.excerpt(start, end)

or frame by frame with :class:`MasterIndexBuilder` (``add(t, luma)``, ``finish()``).
The index is derived from an unreleased film: whoever stores it encrypts it.
"""

from __future__ import annotations

import hashlib
import io
import json
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property

import cv2
import numpy as np

from watermark import align
from watermark.errors import N_, MasterIndexError, WatermarkCancelled, WatermarkInputError
from watermark.evidence import WORK_PIXELS, area_shape
from watermark.threads import single_blas, threaded_map
from watermark.video import (
    Cancelled,
    Progress,
    Source,
    VideoReader,
    container_frames,
    is_container,
    iter_luma,
    luma_of,
)

MAGIC = b"SRWMINDX"
FORMAT_VERSION = 1
DEFAULT_CRF = 12
CHUNK_SECONDS = 4.0
_PRESET = "faster"
_DESC_LEN = align.DESC_W * align.DESC_H
_HEAD = struct.Struct("<8sHHI")  # magic, version, reserved, header length


@dataclass(frozen=True)
class Chunk:
    """Frames ``first`` .. ``first + count - 1`` coded in ``data[offset:offset + length]``
    of the chunk section; ``box`` is the master's picture area at that point."""

    first: int
    count: int
    offset: int
    length: int
    box: align.ContentBox


@dataclass(frozen=True, eq=False)
class MasterIndex:
    """A film's master index (see the module). ``excerpt`` restricts it to a time span."""

    native: tuple[int, int]  # (h, w) of the master's frames
    work: tuple[int, int]  # (h, w) of the coded reduced frames
    fps: float
    crf: int
    times: np.ndarray  # (frames,) float64, seconds since the film's first frame
    descriptors: np.ndarray  # (frames, 192) int8
    chunks: tuple[Chunk, ...]
    data: bytes = field(repr=False)  # the chunk section
    span: tuple[int, int] | None = None  # frames [a, b) this view covers (None: all)

    @property
    def frames(self) -> int:
        a, b = self._range()
        return b - a

    @property
    def duration(self) -> float:
        a, b = self._range()
        return float(self.times[b - 1] - self.times[a]) + 1.0 / self.fps if b > a else 0.0

    def _range(self) -> tuple[int, int]:
        return self.span if self.span is not None else (0, len(self.times))

    def view_times(self) -> np.ndarray:
        a, b = self._range()
        return self.times[a:b]

    def view_descriptors(self) -> np.ndarray:
        """Descriptors of the frames of this view as unit float32 vectors (of a whole
        index, made once: a two-hour film's are 138 MB, about 0.04 s to make)."""
        if self.span is None:
            return self._unit_descriptors
        a, b = self._range()
        return _unit(self.descriptors[a:b])

    @cached_property
    def _unit_descriptors(self) -> np.ndarray:
        unit = _unit(self.descriptors)
        unit.flags.writeable = False  # shared by every caller
        return unit

    def box_at(self, t: float) -> align.ContentBox:
        """The picture box the descriptors of the frame nearest ``t`` were taken in."""
        i = int(np.clip(np.searchsorted(self.times, t), 0, len(self.times) - 1))
        for c in self.chunks:
            if c.first <= i < c.first + c.count:
                return c.box
        return self.chunks[-1].box

    def excerpt(self, start: float, end: float) -> MasterIndex:
        """The same index restricted to frames with ``start <= t <= end`` (film seconds)."""
        a = int(np.searchsorted(self.times, start, side="left"))
        b = int(np.searchsorted(self.times, end, side="right"))
        lo, hi = self._range()
        a, b = max(a, lo), min(b, hi)
        if b - a < 2:
            raise WatermarkInputError(
                N_("The master index has no frames between {start} s and {end} s."),
                start=round(start, 2), end=round(end, 2),
            )
        return MasterIndex(self.native, self.work, self.fps, self.crf, self.times,
                           self.descriptors, self.chunks, self.data, (a, b))

    def work_frames(self, start: float, end: float) -> list[tuple[float, np.ndarray]]:
        """(t, reduced grey frame) of the frames with ``start <= t <= end``, decoding only
        the chunks that hold them."""
        lo, hi = self._range()
        a = max(lo, int(np.searchsorted(self.times, start, side="left")))
        b = min(hi, int(np.searchsorted(self.times, end, side="right")))
        out: list[tuple[float, np.ndarray]] = []
        held = [c for c in self.chunks if c.first + c.count > a and c.first < b]
        decoded = threaded_map(lambda c: _decode_chunk(self.data[c.offset : c.offset + c.length]),
                               held)  # two chunks at a time
        for chunk, frames in zip(held, decoded, strict=True):
            if len(frames) != chunk.count:
                raise MasterIndexError(N_("The master index is damaged or truncated."))
            for k, image in enumerate(frames):
                j = chunk.first + k
                if a <= j < b:
                    out.append((float(self.times[j]), image))
        return out

    # -- bytes ---------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """The whole index (a view is written whole) as versioned bytes."""
        header = {
            "native": list(self.native), "work": list(self.work), "fps": self.fps,
            "crf": self.crf, "frames": len(self.times), "codec": "h264",
            "descriptor": f"int8x{_DESC_LEN}",
            "chunks": [[c.first, c.count, c.offset, c.length,
                        [c.box.x0, c.box.y0, c.box.x1, c.box.y1]] for c in self.chunks],
        }
        head = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
        body = b"".join([
            _HEAD.pack(MAGIC, FORMAT_VERSION, 0, len(head)), head,
            self.times.astype("<f8").tobytes(), self.descriptors.astype(np.int8).tobytes(),
            self.data,
        ])
        return body + hashlib.sha256(body).digest()

    @classmethod
    def from_bytes(cls, data: bytes) -> MasterIndex:
        """Read bytes written by :meth:`to_bytes`; :class:`MasterIndexError` if they are
        not an index this version reads, or are damaged."""
        data = bytes(data)
        if len(data) < _HEAD.size + 32 or data[:8] != MAGIC:
            raise MasterIndexError(N_("These bytes are not a watermark master index."))
        _magic, version, _reserved, hlen = _HEAD.unpack_from(data)
        if version != FORMAT_VERSION:
            raise MasterIndexError(
                N_("Master index format {version} is not supported (this version reads "
                   "format {supported})."), version=version, supported=FORMAT_VERSION)
        body, digest = data[:-32], data[-32:]
        if hashlib.sha256(body).digest() != digest:
            raise MasterIndexError(N_("The master index is damaged or truncated."))
        try:
            header = json.loads(body[_HEAD.size : _HEAD.size + hlen])
            n = int(header["frames"])
            pos = _HEAD.size + hlen
            times = np.frombuffer(body, "<f8", n, pos).astype(np.float64)
            pos += 8 * n
            desc = np.frombuffer(body, np.int8, n * _DESC_LEN, pos).reshape(n, _DESC_LEN)
            pos += n * _DESC_LEN
            chunks = tuple(Chunk(int(f), int(c), int(o), int(ln), align.ContentBox(*map(
                float, box))) for f, c, o, ln, box in header["chunks"])
            index = cls(native=(int(header["native"][0]), int(header["native"][1])),
                        work=(int(header["work"][0]), int(header["work"][1])),
                        fps=float(header["fps"]), crf=int(header["crf"]), times=times,
                        descriptors=desc.copy(), chunks=chunks, data=body[pos:])
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise MasterIndexError(N_("The master index is damaged or truncated.")) from exc
        if sum(c.count for c in chunks) != n or n < 2 or header.get("codec") != "h264":
            raise MasterIndexError(N_("The master index is damaged or truncated."))
        return index


def _decode_chunk(data: bytes) -> list[np.ndarray]:
    return [f.image for f in VideoReader(io.BytesIO(data), what="master index chunk")]


class MasterIndexBuilder:
    """Builds a :class:`MasterIndex` from master frames given in time order."""

    def __init__(self, crf: int = DEFAULT_CRF, chunk_seconds: float = CHUNK_SECONDS) -> None:
        if not 0 <= int(crf) <= 51:
            raise WatermarkInputError(N_("CRF must be between 0 and 51, not {crf}."), crf=crf)
        self.crf = int(crf)
        self.chunk_seconds = float(chunk_seconds)
        self._native: tuple[int, int] | None = None
        self._work: tuple[int, int] = (0, 0)
        self._times: list[float] = []
        self._desc: list[np.ndarray] = []
        self._pending: list[tuple[np.ndarray, np.ndarray]] = []  # (work, thumb)
        self._max_thumb: np.ndarray | None = None
        self._chunks: list[Chunk] = []
        self._data = bytearray()

    def add(self, t: float, frame: np.ndarray) -> None:
        """One master frame (grey, BGR or BGRA uint8), ``t`` seconds since the film's
        first frame."""
        y = luma_of(frame)
        if self._native is None:
            self._native = (int(y.shape[0]), int(y.shape[1]))
            self._work = area_shape(*y.shape, WORK_PIXELS)
        elif y.shape != self._native:
            y = cv2.resize(y, self._native[::-1], interpolation=cv2.INTER_AREA)
        t = float(t)
        if self._times and t <= self._times[-1]:
            return  # a repeated or out-of-order time stamp: keep the first
        work = cv2.resize(y, self._work[::-1], interpolation=cv2.INTER_AREA)
        thumb = align.thumbnail(work)
        self._max_thumb = thumb.copy() if self._max_thumb is None else np.maximum(
            self._max_thumb, thumb)
        self._times.append(t)
        self._pending.append((work, thumb))
        first_t = self._times[len(self._times) - len(self._pending)]
        if t - first_t >= self.chunk_seconds - 1e-9:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        box = align.content_box([self._max_thumb]) if self._max_thumb is not None else (
            align.ContentBox())
        for _work, thumb in self._pending:
            self._desc.append(np.round(align.frame_descriptor(thumb, box) * 127.0)
                              .clip(-127, 127).astype(np.int8))
        data = _encode_chunk([w for w, _ in self._pending], self.crf, self._fps_guess())
        first = len(self._times) - len(self._pending)
        self._chunks.append(Chunk(first, len(self._pending), len(self._data), len(data), box))
        self._data += data
        self._pending = []

    def _fps_guess(self) -> float:
        if len(self._times) < 2:
            return 25.0
        step = float(np.median(np.diff(self._times[-64:])))
        return 1.0 / step if step > 0 else 25.0

    def finish(self) -> MasterIndex:
        self._flush()
        if self._native is None or len(self._times) < 2:
            raise WatermarkInputError(N_("The master has too few frames to index."))
        return MasterIndex(native=self._native, work=self._work, fps=self._fps_guess_all(),
                           crf=self.crf, times=np.asarray(self._times, np.float64),
                           descriptors=np.stack(self._desc), chunks=tuple(self._chunks),
                           data=bytes(self._data))

    def _fps_guess_all(self) -> float:
        step = float(np.median(np.diff(self._times)))
        return round(1.0 / step, 3) if step > 0 else 25.0


def _encode_chunk(frames: list[np.ndarray], crf: int, fps: float) -> bytes:
    import av

    h, w = frames[0].shape
    buf = io.BytesIO()
    rate = Fraction(max(1, min(240, round(fps))))
    with av.open(buf, "w", format="h264") as out:
        stream = out.add_stream("libx264", rate=rate)
        stream.width, stream.height, stream.pix_fmt = w, h, "gray"
        stream.options = {"crf": str(crf), "preset": _PRESET, "keyint": str(len(frames) + 1),
                          "threads": "1"}
        for i, y in enumerate(frames):
            vf = av.VideoFrame.from_ndarray(np.ascontiguousarray(y), format="gray")
            vf.pts = i
            out.mux(stream.encode(vf))
        out.mux(stream.encode(None))
    return buf.getvalue()


@single_blas
def build_master_index(
    master: Source,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    crf: int = DEFAULT_CRF,
) -> MasterIndex:
    """Index a whole master: a path, a binary file object (e.g. a decrypting reader) or
    ``(t, frame)`` pairs starting with the film's first frame."""
    builder = MasterIndexBuilder(crf=crf)
    if is_container(master):
        for frame in VideoReader(master, what="master", progress=progress,
                                 cancelled=cancelled):
            builder.add(frame.t, frame.image)
        return builder.finish()
    total = container_frames(master)
    for i, (t, y) in enumerate(iter_luma(master, "master")):
        if cancelled is not None and i % 8 == 0 and cancelled():
            raise WatermarkCancelled(N_("Indexing the master was cancelled."))
        builder.add(t, y)
        if progress is not None and i % 8 == 7:
            progress(i + 1, max(total, i + 1))
    return builder.finish()


def iter_index(index: MasterIndex) -> Iterator[tuple[float, np.ndarray]]:
    """Every (t, work frame) of ``index`` (tests and tools)."""
    a, b = index._range()
    yield from index.work_frames(float(index.times[a]), float(index.times[b - 1]))


def _unit(descriptors: np.ndarray) -> np.ndarray:
    d = descriptors.astype(np.float32)
    d /= np.maximum(np.linalg.norm(d, axis=1, keepdims=True), 1e-9)  # a zero row stays 0
    return d
