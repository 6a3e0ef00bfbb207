"""Small widgets every tab of the desk window builds the same way: a selectable value
label, a form of caption and value rows, a read-only table of records, and what a tab
showing one case does (:class:`CaseTab`)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QFormLayout, QLabel, QTableWidget, QWidget

from screeningroom.ui.common import Retranslates
from takedown.ui.caseview import CaseView


def value_label(parent: QWidget, name: str) -> QLabel:
    """A value the person may select and copy, wrapped, found by its object ``name``."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


def form_rows(form: QFormLayout, parent: QWidget,
              names: Sequence[str]) -> list[tuple[QLabel, QLabel]]:
    """A row of ``form`` for each name: its caption (filled in when the window is
    translated) and its :func:`value_label`, returned as (caption, value) pairs."""
    rows = []
    for name in names:
        caption, value = QLabel(parent), value_label(parent, name)
        form.addRow(caption, value)
        rows.append((caption, value))
    return rows


def record_table(parent: QWidget, name: str, columns: int, *, pick_rows: bool = True,
                 wrap: bool = True) -> QTableWidget:
    """A read-only table of records, one a row, its last column stretched; with
    ``pick_rows`` one whole row at a time is selected."""
    table = QTableWidget(0, columns, parent)
    table.setObjectName(name)
    table.verticalHeader().setVisible(False)
    if pick_rows:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(wrap)
    return table


class CaseTab(Retranslates):
    """Mixed into a tab (before its Qt base) that shows one case: :meth:`show_case` keeps
    the case and fills the tab (its ``_fill``); a change of language translates the tab
    again (:class:`~screeningroom.ui.common.Retranslates`)."""

    view: CaseView | None = None

    def show_case(self, view: CaseView | None) -> None:
        self.view = view
        self._fill()  # type: ignore[attr-defined]
