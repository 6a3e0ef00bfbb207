"""Playing the sample clip from a reader through libvlc, headless."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from screeningroom.player import (
    EventKind,
    HeadlessSink,
    PlayerState,
    WatermarkFailed,
)
from tests.player.conftest import FileReader, wait_for


def test_plays_from_a_reader_with_increasing_times(make_player, sample_clip) -> None:
    reader = FileReader(sample_clip)
    player, sink = make_player(source=reader)
    assert player.state is PlayerState.IDLE
    player.play()
    wait_for(lambda: sink.count >= 30, "30 frames")
    assert player.state is PlayerState.PLAYING
    player.stop()
    times = [frame.t for frame in sink.frames]
    assert times[0] == 0.0
    assert all(b > a for a, b in itertools.pairwise(times))
    assert times[1] == pytest.approx(1 / 25)  # the sample clip runs at 25 fps
    first = sink.frames[0]
    assert (first.width, first.height) == (640, 360)
    assert first.y.shape == (360, 640) and first.u.shape == first.v.shape == (180, 320)
    assert not any(plane.flags.writeable for plane in (first.y, first.u, first.v))
    assert first.bgra().shape == (360, 640, 4)
    shown_at = [frame.shown_at for frame in sink.frames]
    assert all(b > a for a, b in itertools.pairwise(shown_at))
    assert [frame.index for frame in sink.frames] == list(range(len(sink.frames)))
    assert reader.bytes_read > 0 and reader.closed
    assert player.duration_seconds == pytest.approx(8.0, abs=0.1)
    assert player.startup_seconds is not None and player.startup_seconds > 0
    kinds = [event.kind for event in player.events()]
    assert kinds[0] is EventKind.FIRST_FRAME and kinds[-1] is EventKind.STOPPED
    assert player.events() == ()


def test_hook_sees_every_frame_the_sink_gets_before_it_is_shown(make_player) -> None:
    hooked: list[float] = []

    def mark(luma: np.ndarray, t: float) -> None:
        if luma.base is not None:  # a frame (the warm-up call gets a plane of its own)
            hooked.append(t)
        luma[:16, :16] = 235
        luma[16:32, :16] = 16

    player, sink = make_player(frame_hook=mark)
    player.play()
    wait_for(lambda: sink.count >= 20, "20 frames")
    player.stop()
    shown = [frame.t for frame in sink.frames]
    assert shown == hooked[: len(shown)]
    for frame in sink.frames:  # the shown planes are the hooked ones
        assert (frame.y[:16, :16] == 235).all() and (frame.y[16:32, :16] == 16).all()
        gray = frame.bgra()[..., 1]  # and the conversion for painting keeps the marks
        assert gray[2:14, 2:14].mean() > 240 and gray[18:30, 2:14].mean() < 10


def test_a_failing_hook_stops_playback_and_nothing_unmarked_is_shown(make_player) -> None:
    calls: list[float] = []

    def hook(luma: np.ndarray, t: float) -> None:
        if luma.base is None:  # the warm-up call on a blank plane
            return
        calls.append(t)
        if len(calls) > 10:
            raise RuntimeError("embedder broke")

    player, sink = make_player(frame_hook=hook)
    player.play()
    wait_for(lambda: player.state is PlayerState.FAILED, "the failure")
    assert isinstance(player.error, WatermarkFailed)
    assert "RuntimeError" in str(player.error)
    failed_at = calls[10]
    assert sink.count == 10
    assert all(frame.t < failed_at for frame in sink.frames)
    assert player.latest_frame() is None
    events = player.events()
    assert events[-1].kind is EventKind.FAILED and events[-1].error is player.error
    player.stop()  # still fine after a failure
    assert player.state is PlayerState.FAILED


def test_seek_jumps_and_times_follow(make_player) -> None:
    player, sink = make_player()
    player.play()
    wait_for(lambda: sink.count >= 5, "5 frames")
    player.seek(5.0)
    assert player.position_seconds == 5.0
    wait_for(lambda: sink.last_t is not None and sink.last_t >= 5.2, "frames after the seek")
    player.stop()
    times = [frame.t for frame in sink.frames]
    after = next(i for i, t in enumerate(times) if t >= 5.0)
    assert times[after] == pytest.approx(5.04)  # libvlc shows the picture after the target
    assert all(t < 1.0 for t in times[:after])
    assert all(b > a for a, b in zip(times[after:], times[after + 1 :], strict=False))
    assert EventKind.SEEKED in [event.kind for event in player.events()]


def test_skip_and_end_of_film(make_player) -> None:
    player, sink = make_player()
    player.play()
    wait_for(lambda: player.duration_seconds is not None and sink.count, "the duration")
    player.skip(+7.3)
    wait_for(lambda: player.state is PlayerState.ENDED, "the end")
    assert 7.3 <= player.position_seconds <= 8.2  # after a seek: within a few frames
    assert EventKind.ENDED in [event.kind for event in player.events()]
    player.seek(2.0)  # after the end only stop() does anything
    assert player.state is PlayerState.ENDED


def test_pause_and_resume(make_player) -> None:
    player, sink = make_player()
    player.play()
    wait_for(lambda: sink.count >= 5, "5 frames")
    asked_at = sink.count
    player.toggle_pause()
    assert player.state is PlayerState.PAUSED and not player.is_playing
    # libvlc pauses asynchronously (a few frames already queued may still be shown); once
    # paused it renders the last picture again every 80 ms, which the player counts and
    # does not show: those re-renders are the events to wait on, not the clock
    repeats = player.frames_repeated
    wait_for(lambda: player.frames_repeated >= repeats + 2, "libvlc to redisplay, paused")
    paused_at, repeats = sink.count, player.frames_repeated
    wait_for(lambda: player.frames_repeated >= repeats + 3, "three more redisplays")
    assert sink.count == paused_at  # nothing new was shown while paused
    assert paused_at - asked_at <= 12  # under half a second of queued frames
    last_t = sink.last_t
    player.play()
    assert player.is_playing
    wait_for(lambda: sink.count >= paused_at + 10, "frames after resuming")
    after = [frame.t for frame in sink.frames[paused_at:]]
    assert after[0] > last_t and all(b > a for a, b in itertools.pairwise(after))
    kinds = [event.kind for event in player.events()]
    assert kinds.index(EventKind.PAUSED) < kinds.index(EventKind.RESUMED)


def test_overlay_is_drawn_after_the_hook_in_the_corner_only(make_player) -> None:
    before: dict[float, np.ndarray] = {}

    def keep(luma: np.ndarray, t: float) -> None:  # what the hook saw and left
        before[t] = luma.copy()

    player, sink = make_player(frame_hook=keep, overlay_text="Айгерім Қасымова · 3f9c")
    player.play()
    wait_for(lambda: sink.count > 5, "frames")
    player.stop()
    frame = sink.frames[3]
    shown = frame.y.astype(np.float32)
    hooked = before[frame.t].astype(np.float32)
    changed = np.argwhere(np.abs(shown - hooked) > 10)
    assert len(changed) > 50
    rows, cols = changed[:, 0], changed[:, 1]
    assert rows.min() > 360 * 0.8 and cols.min() > 640 * 0.5  # bottom-right corner
    assert (shown[rows, cols] > hooked[rows, cols]).mean() > 0.9  # lighter text


def test_latest_frame_is_the_last_shown(make_player) -> None:
    player, sink = make_player()
    assert player.latest_frame() is None
    with player.borrow_frame() as nothing:
        assert nothing is None
    player.play()
    wait_for(lambda: sink.count >= 3, "3 frames")
    player.pause()
    repeats = player.frames_repeated
    wait_for(lambda: player.frames_repeated >= repeats + 2, "the pause to take effect")
    frame = player.latest_frame()
    wait_for(lambda: sink.frames[-1].index == player.frame_counter - 1, "the sink to catch up")
    assert frame.index == player.frame_counter - 1
    kept = sink.frames[frame.index]
    assert np.array_equal(frame.y, kept.y) and np.array_equal(frame.v, kept.v)
    with player.borrow_frame() as borrowed:  # views of the decoder's buffer, held
        assert borrowed.index == frame.index and np.array_equal(borrowed.y, frame.y)
        assert not borrowed.y.flags.owndata and not borrowed.y.flags.writeable
    assert frame.y.flags.owndata or frame.y.base is not None  # the copy is its own
    player.stop()
    assert player.latest_frame() is None
    assert np.array_equal(frame.u, kept.u)  # a copy outlives the player


def test_write_mp4_of_what_was_shown(make_player, tmp_path) -> None:
    import av

    player, sink = make_player(sink=HeadlessSink(limit=12))
    player.play()
    wait_for(lambda: sink.count >= 12, "12 frames")
    player.stop()
    out = sink.write_mp4(tmp_path / "shown.mp4", fps=25)
    with av.open(str(out)) as container:
        decoded = list(container.decode(video=0))
    assert len(decoded) == 12
    assert (decoded[0].width, decoded[0].height) == (640, 360)


def test_the_picture_is_copied_at_its_own_size_never_scaled_to_the_decoders(
        make_player, tmp_path) -> None:
    """libvlc's decoder pads a 360-line H.264 picture to 386 lines; told that size, its
    memory output stretched the picture over it (and the bottom lines were cut). The
    player answers the picture's own size: the bottom band stays where it was drawn."""
    import av

    from screeningroom.player.picture_size import fits, probe_picture_size

    path = tmp_path / "band.mp4"
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=25)
        stream.width, stream.height, stream.pix_fmt = 640, 360, "yuv420p"
        stream.options = {"crf": "12", "preset": "ultrafast"}
        for k in range(50):
            planes = np.full((540, 640), 128, np.uint8)
            planes[:360] = 40
            planes[330:360] = 220  # the bottom 30 lines bright
            frame = av.VideoFrame.from_ndarray(planes, format="yuv420p")
            frame.pts = k
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    reader = FileReader(path)
    assert probe_picture_size(reader) == (640, 360) and reader.tell() == 0
    assert fits((640, 360), 640, 386) and not fits((640, 360), 386, 640)
    player, sink = make_player(source=reader)
    player.play()
    wait_for(lambda: sink.count >= 5, "5 frames")
    player.stop()
    y = sink.frames[-1].y.astype(int)
    assert y.shape == (360, 640)
    assert np.abs(y[:326] - 40).max() <= 8  # nothing of the band moved up
    assert np.abs(y[334:] - 220).max() <= 8  # the band reaches the last line


def test_a_reader_that_is_no_film_leaves_the_size_to_libvlc(tmp_path) -> None:
    from screeningroom.player.picture_size import probe_picture_size

    path = tmp_path / "noise.bin"
    path.write_bytes(bytes(range(256)) * 64)
    reader = FileReader(path)
    try:
        assert probe_picture_size(reader) is None and reader.tell() == 0
    finally:
        reader.close()
