"""Forensic video watermark: real-time embedding of a per-session payload into luma, and
robust, calibrated detection from a degraded copy. Pure numpy + OpenCV (+ PyAV for files).

Front door::

    Embedder(key, payload, profile=DEFAULT_PROFILE).apply_luma(y, t)   # every frame
    detect(clip, key, master=None, candidates=None, profile=None) -> Detection
    # profile sr-lf-tile/1 (opt-in) adds a self-synchronising tile, read without master
    # or candidates: detect(clip, key, profile=profile_by_name("sr-lf-tile/1"))

Master index (built once per film; detection then never decodes the master)::

    index = build_master_index(master, progress=None, cancelled=None)  # -> MasterIndex
        # master: a path, a binary file object (the desk's decrypting reader), or
        # (t, frame) pairs from the film's first frame; or MasterIndexBuilder().add(t, y)
        # ... .finish()
    data = index.to_bytes()                 # versioned bytes, docs/formats/master-index.md
    index = MasterIndex.from_bytes(data)    # MasterIndexError if not an index / damaged
    detect(clip, key, master=index)                          # searches the whole film
    detect(clip, key, master=index.excerpt(t0 - 5, t1 + 5))  # a known place (film s)

Many keys on one clip (the key of every license of the film): the clip is read once::

    from watermark.detect import decide, evidence    # (module watermark.evidence is the
    feats = clip_features(clip, index, profile)      #  per-frame front ends)
    for key in keys:                                 # milliseconds per key
        d = decide(evidence(feats, key, profile), key, profile, candidates)

Colluders (several copies averaged or switched): every known session scored over the
whole clip and over time windows, each named session with its own bound::

    trace = trace_sessions(feats, key, profile, candidates)   # -> CollusionTrace
    for s in trace.named:             # NamedSession(payload, p_value, log10_p, z_score,
        ...                           #              window)

Reading video (the one decode loop of the project)::

    for frame in VideoReader(path_or_file, pixels=PixelFormat.LUMA, width=None,
                             start=0.0, end=None, progress=None, cancelled=None):
        frame.t, frame.image          # seconds since the stream's first frame; uint8

Errors (``watermark.errors``): ``WatermarkError`` (root), ``WatermarkInputError`` (bad
input, exit code 2), ``MasterIndexError`` (bytes that are not a readable index),
``WatermarkCancelled`` (the caller's ``cancelled()`` returned true).
"""

from watermark.align import Alignment
from watermark.detect import Detection, DetectionMode, detect
from watermark.embed import Embedder
from watermark.errors import (
    MasterIndexError,
    WatermarkCancelled,
    WatermarkError,
    WatermarkInputError,
)
from watermark.features import Features, clip_features
from watermark.index import MasterIndex, MasterIndexBuilder, build_master_index
from watermark.profile import DEFAULT_PROFILE, WatermarkProfile, profile_by_name
from watermark.selfsync import TileGeometry
from watermark.tracing import CollusionTrace, NamedSession, trace_sessions
from watermark.video import Frame, PixelFormat, VideoInfo, VideoReader, probe

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_PROFILE",
    "Alignment",
    "CollusionTrace",
    "Detection",
    "DetectionMode",
    "Embedder",
    "Features",
    "Frame",
    "MasterIndex",
    "MasterIndexBuilder",
    "MasterIndexError",
    "NamedSession",
    "PixelFormat",
    "TileGeometry",
    "VideoInfo",
    "VideoReader",
    "WatermarkCancelled",
    "WatermarkError",
    "WatermarkInputError",
    "WatermarkProfile",
    "build_master_index",
    "clip_features",
    "detect",
    "probe",
    "profile_by_name",
    "trace_sessions",
]
