"""The real chain: an encrypted screener through the vault's decrypting reader, marked by
``watermark.Embedder`` with the session's payload before anything is shown."""

from __future__ import annotations

import numpy as np

from screeningroom.player import PlayerState
from tests.player.conftest import wait_for

PAYLOAD = 0x3F9C_0042_DEAD_BEEF


def test_a_screener_plays_marked_from_the_decrypting_reader(make_player, screener) -> None:
    from watermark import Embedder

    reader = screener()
    embedder = Embedder(reader.watermark_key, PAYLOAD)
    unmarked: dict[float, np.ndarray] = {}
    marked: dict[float, np.ndarray] = {}

    def hook(luma: np.ndarray, t: float) -> None:
        if luma.base is not None:
            unmarked[t] = luma.copy()
        embedder.apply_luma(luma, t)
        if luma.base is not None:
            marked[t] = luma.copy()

    player, sink = make_player(source=reader, frame_hook=hook)
    player.play()
    wait_for(lambda: sink.count >= 25, "a second of frames")
    player.seek(4.0)
    wait_for(lambda: (sink.last_t or 0) >= 4.5, "frames after the seek")
    player.stop()
    assert player.error is None and player.state is PlayerState.STOPPED
    assert reader.closed
    changes = [np.abs(marked[f.t].astype(np.int16) - unmarked[f.t]) for f in sink.frames]
    # the mask leaves flat pictures (the clip's first) nearly untouched; the rest carry it
    assert sum(float(c.mean()) > 0.2 for c in changes) >= len(changes) - 3
    assert max(int(c.max()) for c in changes) <= 12  # faint
    for frame in sink.frames:  # what is shown is the marked picture, as it was marked
        assert np.array_equal(frame.y, marked[frame.t])
