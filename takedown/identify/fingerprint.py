"""The content fingerprint of a film or clip: the watermark library's frame descriptor
(:func:`watermark.align.frame_descriptor`: the de-bordered picture at 16 x 12, blurred,
zero mean, unit length), taken at a fixed rate in time so that a frame-rate change does
not move the samples. The same descriptor aligns a clip to its master for the trace, so
there is one way to describe a frame. The order of the vectors in time is the temporal
signature; the search (:mod:`takedown.identify.search`) correlates whole sequences, so
one frame never decides.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from takedown.media import FINGERPRINT_RATE
from watermark.align import DESC_H, DESC_W, ContentBox, content_box, frame_descriptor

RATE = FINGERPRINT_RATE  # samples per second of content
DIM = DESC_W * DESC_H
_BOX_FRAMES = 48  # thumbnails spread over the clip used to find the bars


def fingerprint(thumbs: Sequence[np.ndarray]) -> tuple[np.ndarray, ContentBox]:
    """Vectors (n DIM) of luma thumbnails (:func:`watermark.align.thumbnail`) sampled at
    :data:`RATE`, and the content box used."""
    if not thumbs:
        return np.zeros((0, DIM), np.float32), ContentBox()
    box = content_box(list(thumbs[:: max(1, len(thumbs) // _BOX_FRAMES)]))
    return np.stack([frame_descriptor(t, box) for t in thumbs]), box
