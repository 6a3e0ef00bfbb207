"""The player's inner parts, without libvlc: buffers, frame clock, overlay text."""

from __future__ import annotations

import itertools

import cv2
import numpy as np
import pytest

from screeningroom.player.buffers import ALIGN, SLOTS, FramePool, Layout, to_bgra
from screeningroom.player.clock import FrameClock
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


def test_to_bgra_crops_the_coded_padding() -> None:
    layout = Layout.for_coded(96, 72)  # 72 coded lines, 64 visible
    pool = FramePool(layout)
    slot = pool.slots[0]
    slot.y[:] = 200  # padding rows and columns bright
    slot.y[:64, :90] = 60
    slot.u[:] = slot.v[:] = 128
    bgra = to_bgra(slot, 90, 64)
    assert bgra.shape == (64, 90, 4)
    gray = cv2.cvtColor(bgra, cv2.COLOR_BGRA2GRAY)
    assert abs(int(gray.mean()) - 53) <= 3  # 60 in video range -> about 51..54 full range
    assert bgra[..., 3].min() == 255


def test_clock_counts_frames_and_restarts_at_seeks() -> None:
    clock = FrameClock()
    clock.set_fps(24.0)
    times = [clock.next() for _ in range(3)]
    assert times == [0.0, 1 / 24, 2 / 24]
    clock.lost(2)
    assert clock.next() == 5 / 24
    clock.seek(10.0)
    assert clock.next() == 10.0


def test_clock_keeps_increasing_when_the_rate_becomes_known_late() -> None:
    clock = FrameClock()
    early = [clock.next() for _ in range(4)]  # counted at the default rate
    clock.set_fps(30.0)
    later = [clock.next() for _ in range(3)]
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
