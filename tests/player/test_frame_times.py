"""Every shown frame carries its own media time: a clip whose frames show their index in
binary is played, sought, paused and resumed, and the index read back from each shown
frame is compared with its time."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest

from tests.player.conftest import FileReader, wait_for

FPS, BITS, SECONDS = 25, 9, 10
W, H = 320, 192


@pytest.fixture(scope="module")
def counter_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import av

    path = tmp_path_factory.mktemp("clips") / "counter.mp4"
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=FPS)
        stream.width, stream.height, stream.pix_fmt = W, H, "yuv420p"
        stream.options = {"crf": "18", "g": str(2 * FPS)}
        for index in range(SECONDS * FPS):
            picture = np.full((H, W, 3), 30, np.uint8)
            for bit in range(BITS):
                if index >> bit & 1:
                    picture[40:100, 10 + bit * 34 : 38 + bit * 34] = 220
            for packet in stream.encode(av.VideoFrame.from_ndarray(picture, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path


def shown_index(pixels: np.ndarray) -> int:
    row = pixels[70, [24 + bit * 34 for bit in range(BITS)], 1]
    return sum(1 << bit for bit in range(BITS) if row[bit] > 128)


def test_times_match_the_pictures_through_seek_and_pause(make_player, counter_clip) -> None:
    player, sink = make_player(source=FileReader(counter_clip))
    player.play()
    wait_for(lambda: sink.count >= 40, "40 frames")
    player.seek(6.0)
    wait_for(lambda: (sink.last_t or 0) >= 6.8, "frames after the forward seek")
    player.pause()
    time.sleep(0.3)
    player.play()
    wait_for(lambda: (sink.last_t or 0) >= 7.6, "frames after resuming")
    player.seek(2.0)
    wait_for(lambda: 2.0 <= (sink.last_t or 0) < 6.0 and sink.last_t >= 2.8, "the back seek")
    player.stop()
    frames = sink.frames
    errors = [shown_index(frame.pixels) - round(frame.t * FPS) for frame in frames]
    first_seek = next(i for i, frame in enumerate(frames) if frame.t >= 6.0)
    wrong = [(round(f.t * FPS), e) for f, e in zip(frames, errors, strict=True) if e]
    assert errors[:first_seek] == [0] * first_seek, wrong[:20]  # from the start: exact
    # after a seek libvlc shows the target picture or one or two after it, and the times
    # count from target + 1 frame; under load a picture decoded before the seek can still
    # come through after the settling window and shift the count (libvlc does not say which
    # pictures predate a seek): within one frame as a rule, three at most
    assert all(abs(error) <= 3 for error in errors), wrong
    assert sum(abs(error) <= 1 for error in errors) >= 0.75 * len(errors), wrong
    assert player.frames_shown == len(frames)
