"""The command-line progress bar: a line a tenth off a terminal, a redrawn bar on one, and
with a count the rate so far and the time left at that rate."""

from __future__ import annotations

import io

from screeningroom_resources.console import ProgressBar, per_minute, seconds_left


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_off_a_terminal_a_line_every_tenth() -> None:
    out = io.StringIO()
    bar = ProgressBar("Packaging", stream=out)
    for done in range(0, 101):
        bar(done, 100)
    lines = out.getvalue().splitlines()
    assert lines == [f"Packaging: {n}%" for n in range(0, 101, 10)]


def test_a_count_shows_the_rate_and_the_time_left() -> None:
    out = io.StringIO()
    bar = ProgressBar("Scanning", stream=out, count="{done}/{total} clips, {rate:.1f} clips/min")
    bar(0, 4, 0.0)
    bar(1, 4, 30.0)
    bar(4, 4, 120.0)
    assert out.getvalue().splitlines() == [
        "Scanning: 0/4 clips, 0.0 clips/min",
        "Scanning: 1/4 clips, 2.0 clips/min, about 1.5 min left",
        "Scanning: 4/4 clips, 2.0 clips/min",
    ]


def test_on_a_terminal_the_bar_counts_with_its_own_clock() -> None:
    out, clock = _Terminal(), _Clock()
    bar = ProgressBar("Scanning", stream=out, width=4, clock=clock,
                      count="{done}/{total} clips, {rate:.1f} clips/min")
    clock.now += 60.0
    bar(2, 4)
    clock.now += 60.0
    bar(4, 4)
    drawn = out.getvalue()
    assert "\rScanning [##--]  50.0%  2/4 clips, 2.0 clips/min, about 1.0 min left" in drawn
    assert "\rScanning [####] 100.0%  4/4 clips, 2.0 clips/min" in drawn
    assert drawn.endswith("  120.0 s\n")


def test_rate_and_time_left_before_any_work() -> None:
    assert per_minute(0, 0.0) == 0.0
    assert seconds_left(0, 10, 5.0) is None
    assert seconds_left(5, 10, 5.0) == 5.0
