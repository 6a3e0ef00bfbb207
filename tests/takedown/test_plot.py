"""The score plot: round ticks people read at a glance and a labelled decision threshold."""

from __future__ import annotations

import cv2
import numpy as np

from takedown.evidence.images import score_plot
from takedown.ticks import label, nice_step, ticks


def test_ticks_are_one_two_or_five_times_a_power_of_ten() -> None:
    assert ticks(0.0, 37.3)[0] == [0, 10, 20, 30, 40]
    assert ticks(0.0, 6.5, 6)[0] == [0, 2, 4, 6, 8]
    assert ticks(3.25, 9.45, 6)[0] == [2, 4, 6, 8, 10]
    assert nice_step(0.37) == 0.1 and label(0.30000000000000004, 0.1) == "0.3"
    for lo, hi in ((0, 1e-3), (0, 4.2e4), (12.5, 13.1)):
        values, top = ticks(lo, hi)
        step = values[1] - values[0]
        mantissa = step / 10 ** np.floor(np.log10(step))
        assert round(mantissa, 6) in (1.0, 2.0, 5.0) and values[0] <= lo and top >= hi


def test_the_threshold_is_a_labelled_red_line_at_its_height() -> None:
    png = score_plot([1.0, 3.0, 5.0], [12.0, 30.0, 28.0], threshold=9.0,
                     threshold_label="decision threshold p = 1e-09", title="score",
                     spans=[(0.0, 2.0), (2.0, 4.0), (4.0, 6.0)])
    img = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR)
    red = (img[:, :, 2] > 180) & (img[:, :, 1] < 90) & (img[:, :, 0] < 90)
    rows = np.nonzero(red.sum(axis=1) > img.shape[1] * 0.3)[0]
    assert len(rows) >= 1  # a long dashed red line across the plot
    # 9 on an axis of 0..40 (ticks 0, 10, ..., 40) between the plot's top 44 and bottom 58
    top, bottom = 44, img.shape[0] - 58
    expected = bottom - (bottom - top) * 9.0 / 40.0
    assert abs(rows.mean() - expected) < 3
    label_rows = np.nonzero(red[: rows.min() - 2].sum(axis=1) > 0)[0]
    assert len(label_rows) > 0  # the label above the line is red text
