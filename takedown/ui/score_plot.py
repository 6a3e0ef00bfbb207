"""The detection score over the clip's time, painted with QPainter: −log10 p of the traced
session per window of the clip, and the decision threshold as a dashed line."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from screeningroom.ui.common import Retranslates
from takedown.ticks import label, ticks
from takedown.trace import ScorePoint

PASS_COLOUR = QColor("#1f8a4c")
FAIL_COLOUR = QColor("#b26a00")
THRESHOLD_COLOUR = QColor("#c62828")


class ScorePlot(Retranslates, QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("score_plot")
        self.points: tuple[ScorePoint, ...] = ()
        self.threshold: float | None = None  # on p
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(170)
        self.retranslate()

    def sizeHint(self) -> QSize:
        return QSize(520, 220)

    def set_points(self, points: Sequence[ScorePoint], threshold: float | None) -> None:
        self.points = tuple(points)
        self.threshold = threshold
        self.update()

    def retranslate(self) -> None:
        self.x_title = self.tr("clip time, s")
        self.y_title = self.tr("−log₁₀ p")
        self.threshold_title = self.tr("decision threshold")
        self.empty_title = self.tr("No detection score over time for this clip.")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        text = self.palette().text().color()
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        painter.setFont(small)
        if not self.points:
            painter.setPen(QColor("#666666"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_title)
            painter.end()
            return
        left, right, top, bottom = 48.0, 16.0, 14.0, 34.0
        area = QRectF(left, top, max(10.0, self.width() - left - right),
                      max(10.0, self.height() - top - bottom))
        xs = [(p.start + p.end) / 2 for p in self.points]
        ys = [max(0.0, -p.log10_p) for p in self.points]
        limit = -math.log10(self.threshold) if self.threshold else None
        x0, x1 = min(p.start for p in self.points), max(p.end for p in self.points)
        x1 = x1 if x1 > x0 else x0 + 1.0
        x_ticks, x1 = ticks(math.floor(x0), x1, 6)
        x0 = x_ticks[0]
        y_ticks, y1 = ticks(0.0, max([*ys, (limit or 0.0) * 1.1, 1.0]), 5)
        x_step = x_ticks[1] - x_ticks[0] if len(x_ticks) > 1 else 1.0
        y_step = y_ticks[1] - y_ticks[0] if len(y_ticks) > 1 else 1.0

        def at(x: float, y: float) -> QPointF:
            return QPointF(area.left() + (x - x0) / (x1 - x0) * area.width(),
                           area.bottom() - y / y1 * area.height())

        # grid and axes
        painter.setPen(QPen(QColor("#e3e6eb"), 1))
        for y in y_ticks:
            p = at(x0, y)
            painter.drawLine(QPointF(area.left(), p.y()), QPointF(area.right(), p.y()))
        painter.setPen(QPen(text, 1))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        painter.drawLine(area.bottomLeft(), area.topLeft())
        for y in y_ticks:
            p = at(x0, y)
            painter.drawText(QRectF(0, p.y() - 8, left - 6, 16),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             label(y, y_step))
        for x in x_ticks:
            p = at(x, 0)
            painter.drawLine(p, QPointF(p.x(), p.y() + 4))
            painter.drawText(QRectF(p.x() - 24, p.y() + 4, 48, 14),
                             Qt.AlignmentFlag.AlignHCenter, label(x, x_step))
        painter.drawText(QRectF(area.left(), self.height() - 16, area.width(), 16),
                         Qt.AlignmentFlag.AlignHCenter, self.x_title)
        painter.save()
        painter.translate(11, area.center().y())
        painter.rotate(-90)
        painter.drawText(QRectF(-area.height() / 2, -8, area.height(), 16),
                         Qt.AlignmentFlag.AlignHCenter, self.y_title)
        painter.restore()
        # threshold
        if limit is not None:
            y = at(x0, limit).y()
            pen = QPen(THRESHOLD_COLOUR, 1.5, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.drawText(QRectF(area.left() + 6, y - 16, area.width() - 12, 14),
                             Qt.AlignmentFlag.AlignRight,
                             f"{self.threshold_title} (p = {self.threshold:.0e})")
        # score
        path = QPainterPath(at(xs[0], ys[0]))
        for x, y in zip(xs[1:], ys[1:], strict=True):
            path.lineTo(at(x, y))
        painter.setPen(QPen(QColor("#2d5fa8"), 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        for x, y in zip(xs, ys, strict=True):
            above = limit is not None and y >= limit
            painter.setBrush(PASS_COLOUR if above else FAIL_COLOUR)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawEllipse(at(x, y), 3.5, 3.5)
        painter.end()
