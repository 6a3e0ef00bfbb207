"""The player's inner parts, without libvlc: buffers, frame clock, overlay text."""

from __future__ import annotations

import itertools

import cv2
import numpy as np
import pytest

from screeningroom.player.buffers import ALIGN, SLOTS, FramePool, Layout
from screeningroom.player.clock import FrameClock
from screeningroom.player.colour import ColourMatrix, i420_to_bgra, rgb_from_yuv
from screeningroom.player.overlay import Overlay, to_drawable


def test_layout_pads_coded_sizes_to_32() -> None:
    layout = Layout.for_coded(1920, 1090)
    assert (layout.pitch, layout.lines) == (1920, 1120)
    assert layout.chroma_pitch == 960 and layout.chroma_lines == 560
    odd = Layout.for_coded(853, 481)
    assert odd.pitch % ALIGN == 0 and odd.lines % ALIGN == 0 and odd.pitch >= 853


def test_slots_are_aligned_and_planes_follow_each_other() -> None:
    pool = FramePool(Layout.for_coded(1920, 1088))
    for slot in [*pool.slots, pool.scratch]:
        assert slot.address % ALIGN == 0
        y, u, v = slot.planes
        assert u - y == pool.layout.luma_bytes and v - u == pool.layout.chroma_bytes
        assert all(address % ALIGN == 0 for address in slot.planes)


def test_pool_never_hands_out_the_shown_pinned_or_pending_slot() -> None:
    pool = FramePool(Layout.for_coded(64, 64))
    first = pool.acquire()
    first.ready = True
    assert pool.publish(first, 0)
    pinned = pool.pin_shown()
    assert pinned is first
    second = pool.acquire()
    second.ready = True
    assert pool.publish(second, 1)  # first is no longer shown but still pinned
    handed = [pool.acquire() for _ in range(2 * SLOTS)]
    for slot in handed:
        pool.publish(slot, 99)  # not marked: never shown, frees the pending place
    assert first not in handed and second not in handed
    pool.unpin(first)
    assert not pool.publish(pool.scratch, 5)


def test_unmarked_slots_are_never_published() -> None:
    pool = FramePool(Layout.for_coded(64, 64))
    slot = pool.acquire()
    assert not pool.publish(slot, 0)
    assert pool.pin_shown() is None


def test_visible_planes_crop_the_coded_padding() -> None:
    layout = Layout.for_coded(96, 72)  # 72 coded lines, 64 visible
    pool = FramePool(layout)
    slot = pool.slots[0]
    slot.y[:] = 200  # padding rows and columns bright
    slot.y[:64, :90] = 60
    slot.u[:] = slot.v[:] = 128
    y, u, v = slot.planes_of(90, 64)
    assert y.shape == (64, 90) and u.shape == v.shape == (32, 45)
    assert not y.flags.writeable and slot.y.flags.writeable  # read-only views only
    bgra = i420_to_bgra(y, u, v, ColourMatrix.BT601)
    assert bgra.shape == (64, 90, 4)
    gray = cv2.cvtColor(bgra, cv2.COLOR_BGRA2GRAY)
    assert abs(int(gray.mean()) - 51) <= 2  # 60 in video range -> 51 full range
    assert bgra[..., 3].min() == 255


@pytest.mark.parametrize("matrix", list(ColourMatrix))
def test_colour_conversion_follows_the_matrix(matrix: ColourMatrix) -> None:
    rng = np.random.default_rng(7)
    u = rng.integers(16, 241, (36, 64), dtype=np.uint8)
    v = rng.integers(16, 241, (36, 64), dtype=np.uint8)
    y = rng.integers(16, 236, (72, 128), dtype=np.uint8)
    bgra = i420_to_bgra(y, u, v, matrix).astype(np.float64)
    # the reference: the affine matrix on each pixel with its chroma sample (flat areas)
    flat_u, flat_v = np.full((72, 128), 90, np.uint8), np.full((72, 128), 200, np.uint8)
    got = i420_to_bgra(y, flat_u[::2, ::2], flat_v[::2, ::2], matrix).astype(np.float64)
    yuv1 = np.stack([y, flat_u, flat_v, np.ones_like(y)], -1).astype(np.float64)
    want = np.clip(yuv1 @ rgb_from_yuv(matrix).T, 0, 255)[..., ::-1]
    assert np.abs(got[..., :3] - want).max() <= 1.5
    assert bgra.shape == (72, 128, 4)
    kr, kb = matrix.kr_kb  # white stays white, grey stays grey
    grey = i420_to_bgra(np.full((4, 4), 126, np.uint8), np.full((2, 2), 128, np.uint8),
                        np.full((2, 2), 128, np.uint8), matrix)
    assert np.abs(grey[..., :3].astype(int) - 128).max() <= 1 and kr + kb < 1
    assert ColourMatrix.for_height(720) is ColourMatrix.BT709
    assert ColourMatrix.for_height(576) is ColourMatrix.BT601


def test_each_conversion_is_a_picture_of_its_own() -> None:
    """The working planes are kept from one picture to the next: each result is still
    its own array, and a picture of another size in between changes nothing."""
    rng = np.random.default_rng(3)
    planes = [(rng.integers(16, 236, (h, w), dtype=np.uint8),
               rng.integers(16, 241, (h // 2, w // 2), dtype=np.uint8)) for h, w in
              ((720, 1280), (720, 1280), (580, 960))]
    def convert(k: int) -> np.ndarray:
        y, chroma = planes[k]
        return i420_to_bgra(y, chroma, chroma, ColourMatrix.BT709)

    alone = [convert(k).copy() for k in range(3)]
    first = convert(0)
    convert(2)
    second = convert(1)
    assert np.array_equal(first, alone[0]) and np.array_equal(second, alone[1])
    assert not np.shares_memory(first, second)


def _play(clock: FrameClock, walls: list[float]) -> list[tuple[float, float]]:
    """Frames shown at ``walls``: (time, lateness) of each. (The first frame after an
    anchor tells nothing: libvlc shows it at once.)"""
    shown = []
    for wall in walls:
        t = clock.next()
        shown.append((t, clock.shown(t, wall, clock.epoch)))
    return shown


def test_clock_counts_frames_and_restarts_at_seeks() -> None:
    clock = FrameClock()
    clock.set_fps(25.0)
    assert [t for t, _ in _play(clock, [10.0, 10.04, 10.08])] == [0.0, 0.04, 0.08]
    clock.seek(10.0)
    assert [t for t, _ in _play(clock, [20.0, 20.04])] == [10.0, 10.04]


def test_lateness_is_measured_from_the_first_frame_after_the_anchor() -> None:
    clock = FrameClock()
    clock.set_fps(25.0)
    walls = [5.0 + 0.04 * i for i in range(6)]
    walls[3] += 0.03
    lateness = [late for _, late in _play(clock, walls)]
    assert lateness == pytest.approx([0, 0, 0, 0.03, 0, 0])
    clock.resume()  # after a pause the old origin means nothing
    assert [late for _, late in _play(clock, [60.0, 60.04])] == [0, 0]


def test_pictures_skipped_by_libvlc_are_caught_up_after_three_frames() -> None:
    clock = FrameClock()
    clock.set_fps(25.0)
    _play(clock, [0.04 * i for i in range(5)])
    # two pictures skipped unreported: frames 5.. are shown two intervals later
    shown = _play(clock, [0.04 * i for i in range(7, 13)])
    assert [round(t * 25) for t, _ in shown] == [5, 6, 7, 10, 11, 12]
    assert clock.skipped == 2
    one_late = _play(clock, [0.04 * 13 + 0.035, 0.04 * 14])  # one late frame: no change
    assert [round(t * 25) for t, _ in one_late] == [13, 14]


def test_a_late_first_frame_does_not_make_every_later_one_early() -> None:
    clock = FrameClock()
    clock.set_fps(25.0)
    shown = _play(clock, [1.05, 1.04, 1.08, 1.15])  # the first came 10 ms late
    assert [late for _, late in shown] == pytest.approx([0, 0, 0, 0.03])


def test_frames_of_an_older_epoch_tell_nothing() -> None:
    clock = FrameClock()
    clock.set_fps(25.0)
    t = clock.next()
    old_epoch = clock.epoch
    clock.seek(5.0)
    assert clock.shown(t, 1.0, old_epoch) == 0.0
    assert [late for _, late in _play(clock, [3.0, 3.04, 3.2])] == pytest.approx([0, 0, 0.12])


def test_clock_keeps_increasing_when_the_rate_becomes_known_late() -> None:
    clock = FrameClock()
    early = [t for t, _ in _play(clock, [0.04 * i for i in range(4)])]  # default rate
    clock.set_fps(30.0)
    later = [t for t, _ in _play(clock, [0.2 + i / 30 for i in range(3)])]
    series = early + later
    assert all(b > a for a, b in itertools.pairwise(series))
    assert later[1] - later[0] == pytest.approx(1 / 30)


def test_overlay_text_is_drawable_and_kazakh_names_survive() -> None:
    assert to_drawable("Айгерім Қасымова · 3f9c") == "Aigerim Qasymova - 3f9c"
    assert to_drawable("Ұлан Шөкенұлы") == "Ulan Shokenuly"
    assert to_drawable("Щукин Ёж 日") == "Shukin Ioj ?"


def test_overlay_blends_into_a_strided_luma_view() -> None:
    padded = np.full((1120, 1920), 40, np.uint8)
    luma = padded[:1080, :1900]
    Overlay("Member - 3f9c").apply(luma)
    assert (padded[1080:] == 40).all() and (padded[:, 1900:] == 40).all()
    changed = np.argwhere(luma != 40)
    assert changed[:, 0].min() > 900 and changed[:, 1].min() > 1400
    assert luma.max() < 235  # half transparent, never full white


def test_the_headless_recording_keeps_each_frame_at_its_own_time(tmp_path) -> None:
    """A frame the screen never showed leaves its gap in the written file: at a constant
    rate every later frame would slide earlier and out of time with the film."""
    import av

    from screeningroom.player.sink import HeadlessSink
    from screeningroom.player.types import Frame

    sink = HeadlessSink()
    shown = (10.0, 10.04, 10.08, 10.20, 10.24, 10.24)  # 10.12, 10.16 dropped; one twice
    for k, t in enumerate(shown):
        y = np.full((64, 96), 40 + 20 * k, np.uint8)
        uv = np.full((32, 48), 128, np.uint8)
        sink.receive(Frame(k, t, 96, 64, y, uv, uv, ColourMatrix.BT709, float(k)))
    out = sink.write_mp4(tmp_path / "shown.mp4", fps=25)
    with av.open(str(out)) as container:
        times = [round(float(f.time), 3) for f in container.decode(video=0)]
    assert times == [0.0, 0.04, 0.08, 0.2, 0.24]
    # origin 0.0 keeps the media times (the story's recording of a session)
    out = sink.write_mp4(tmp_path / "media.mp4", fps=25, origin=0.0)
    with av.open(str(out)) as container:
        times = [round(float(f.time), 3) for f in container.decode(video=0)]
    assert times == [10.0, 10.04, 10.08, 10.2, 10.24]


def test_the_mark_of_a_2160p_frame_in_a_padded_slot_is_the_same_bytes_as_on_a_copy() -> None:
    """The player's hook marks a 2160p luma plane as a view of its padded slot: the same
    bytes as a contiguous copy of the frame marked, the padding left as it was."""
    from watermark import Embedder

    h, w = 2160, 3840
    rng = np.random.default_rng(7)
    padded = rng.integers(0, 256, (2176, 3840 + 64), dtype=np.uint8)
    before = padded.copy()
    embedder = Embedder(bytes(range(32)), 0x0123456789ABCDEF)
    contiguous = np.ascontiguousarray(padded[:h, :w])
    embedder.apply_luma(contiguous, 2.5)
    embedder.apply_luma(padded[:h, :w], 2.5)
    assert np.array_equal(padded[:h, :w], contiguous)
    assert not np.array_equal(contiguous, before[:h, :w])
    assert np.array_equal(padded[h:], before[h:])
    assert np.array_equal(padded[:, w:], before[:, w:])
