"""The result of a case: which film and where in it, the decision (the leaking session, or
"not attributable") with the p-value against the threshold, and the score over time."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from takedown.trace import TraceVerdict
from takedown.ui.caseview import CaseView, when
from takedown.ui.score_plot import ScorePlot
from takedown.ui.widgets import CaseTab, form_rows, value_label
from takedown.zone import hms

_BADGE = ("QLabel#decision {{ background: {bg}; color: {fg}; border-radius: 6px; "
          "padding: 8px 12px; font-weight: bold; }}")
GREEN = _BADGE.format(bg="#e3f4ea", fg="#14532d")
AMBER = _BADGE.format(bg="#fff4e0", fg="#7a4500")
GREY = _BADGE.format(bg="#eceff3", fg="#2b3340")
RED = _BADGE.format(bg="#fde8e8", fg="#7f1d1d")


class ResultPanel(CaseTab, QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view: CaseView | None = None
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.subheading = value_label(self, "subheading")

        self.ident_box = QGroupBox(self)
        (self.film_label, self.film), (self.offset_label, self.offset), (
            self.match_label, self.match) = form_rows(QFormLayout(self.ident_box), self,
                                                      ("film", "offset", "match"))

        self.trace_box = QGroupBox(self)
        self.decision = QLabel(self)
        self.decision.setObjectName("decision")
        self.decision.setWordWrap(True)
        trace = QFormLayout()
        (self.p_label, self.p_value), (self.session_label, self.session), (
            self.key_label, self.key), (self.group_label, self.group) = form_rows(
            trace, self, ("p_value", "session", "key", "group"))
        self.plot = ScorePlot(self)
        self.no_plot = QLabel(self)
        self.no_plot.setObjectName("no_plot")
        self.no_plot.setEnabled(False)
        box = QVBoxLayout(self.trace_box)
        box.addWidget(self.decision)
        box.addLayout(trace)
        box.addWidget(self.plot, 1)
        box.addWidget(self.no_plot)
        box.addStretch(0)

        top = QHBoxLayout()
        top.addWidget(self.ident_box, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addLayout(top)
        layout.addWidget(self.trace_box, 100)
        layout.addStretch(1)  # keeps the heading at the top when no case is open
        self.retranslate()

    def _fill(self) -> None:
        view = self.view
        self.ident_box.setVisible(view is not None)
        self.trace_box.setVisible(view is not None)
        if view is None:
            self.heading.setText(self.tr("No case open"))
            self.subheading.setText(self.tr("Drop a clip and scan it, or open a case from the "
                                            "list."))
            return
        case = view.case
        self.heading.setText(self.tr("Case {case}: {title}").format(case=case.case_id,
                                                                    title=case.title))
        sub = self.tr("Status: {status} · opened {opened} · next deadline {deadline}").format(
            status=case.status.label, opened=when(case.opened_at), deadline=when(case.deadline))
        if case.reupload_of:
            sub += "\n" + self.tr("Re-upload of case {case}, which was already taken down."
                                  ).format(case=case.reupload_of)
        self.subheading.setText(sub)
        self._fill_identification(view)
        self._fill_trace(view)

    def _fill_identification(self, view: CaseView) -> None:
        score = f"{view.match_score:.2f}" if view.match_score is not None else "-"
        limit = f"{view.match_threshold:.2f}" if view.match_threshold is not None else "-"
        if view.identified:
            film = view.film_title or view.film_id or "-"
            number = view.register_number or "-"
            self.film.setText(self.tr("{title} ({film}), State register No. {number}").format(
                title=film, film=view.film_id, number=number))
            where = self.tr("{seconds} s into the film ({hms})").format(
                seconds=f"{view.offset:.1f}" if view.offset is not None else "-",
                hms=hms(view.offset))
            if view.match is not None:
                where += "; " + self.tr("clip {start}–{end} s matches").format(
                    start=f"{view.match[0]:.1f}", end=f"{view.match[1]:.1f}")
            self.offset.setText(where)
            self.match.setText(self.tr("{score} (threshold {threshold}): a match").format(
                score=score, threshold=limit))
        else:
            self.film.setText(self.tr("No registered film matches this clip."))
            self.offset.setText("-")
            self.match.setText(self.tr("best {score}, below the threshold {threshold}").format(
                score=score, threshold=limit))

    def _fill_trace(self, view: CaseView) -> None:
        p = f"{view.p_value:.1e}" if view.p_value is not None else "-"
        limit = f"{view.threshold:.0e}" if view.threshold is not None else "-"
        self.session.setText("-")
        self.key.setText("-")
        group = view.group
        others = [c for c in group.case_ids if c != view.case.case_id] if group else []
        self.group.setText(self.tr("copies of the same leak: {cases}").format(
            cases=", ".join(others)) if others else "-")
        if view.verdict is not None and view.payload_hex:
            key = (self.tr("license {license} (station {station})").format(
                license=view.license_id, station=view.key_station or "-")
                if view.license_id else self.tr("the office's single key"))
            self.key.setText(self.tr("{key}; license keys tried: {count}, counted in p").format(
                key=key, count=view.keys_tried))
        below = self.tr("p = {p}, below the threshold {threshold}").format(p=p,
                                                                          threshold=limit)
        payload = view.payload_hex or "-"
        if view.verdict is None:
            text, style, below = self.tr("Not traced: the clip is not identified as a "
                                         "registered film."), GREY, "-"
        elif view.verdict is TraceVerdict.ATTRIBUTED and view.session is not None:
            s = view.session
            text, style = self.tr("Attributed: the clip leaked from review session "
                                  "{session}.").format(session=s.session_hex), GREEN
            self.session.setText(self.tr("{session}: station {station}, {room}, member "
                                         "{member}, started {started}").format(
                session=s.session_hex, station=s.station_id, room=s.room, member=s.member_id,
                started=when(s.started_at)))
        elif view.verdict is TraceVerdict.UNRECORDED_MARK:
            text, style = self.tr("Tampering at station {station}: the copy is marked under "
                                  "its license's key with session {session}, which that "
                                  "station never recorded. No session is accused; a finding "
                                  "is recorded.").format(station=view.key_station or "-",
                                                         session=payload), RED
        elif view.verdict is TraceVerdict.REFUSED_RECORDS:
            text, style = self.tr("The copy is marked under the key of license {license} "
                                  "with session {session}; the desk holds records of that "
                                  "license only in an audit bundle it refused, from station "
                                  "{station}. No session is accused.").format(
                license=view.license_id or "-", session=payload,
                station=view.key_station or "-"), RED
        elif view.verdict is TraceVerdict.CLAIMED_TWICE:
            text, style = self.tr("The copy carries the mark of session {session}, which two "
                                  "stations claim: it is attributed to neither (see the "
                                  "stations' findings).").format(session=payload), RED
        elif view.verdict is TraceVerdict.UNKNOWN_SESSION:
            text, style = self.tr("The clip carries the mark of session {session}, which no "
                                  "imported audit bundle holds: import the station's audit "
                                  "bundle and scan again.").format(session=payload), AMBER
        else:
            text, style = self.tr("Not attributable: no session is named."), AMBER
            below = self.tr("p = {p}, above the threshold {threshold}").format(
                p=p, threshold=limit)
        self.decision.setText(text)
        self.decision.setStyleSheet(style)
        self.p_value.setText(below)
        self.plot.set_points(view.timeline, view.threshold)
        self.plot.setVisible(bool(view.timeline))
        self.no_plot.setVisible(not view.timeline)

    def retranslate(self) -> None:
        self.ident_box.setTitle(self.tr("Identification"))
        self.film_label.setText(self.tr("Film"))
        self.offset_label.setText(self.tr("Where in it"))
        self.match_label.setText(self.tr("Match score"))
        self.trace_box.setTitle(self.tr("Trace"))
        self.p_label.setText(self.tr("False-positive probability"))
        self.session_label.setText(self.tr("Session"))
        self.key_label.setText(self.tr("Key"))
        self.group_label.setText(self.tr("Leak group"))
        self.no_plot.setText(self.tr("No detection score over time: the mark was not found "
                                     "in this clip, or it was not traced."))
        self._fill()

