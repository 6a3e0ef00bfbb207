"""The review form of one member for one film: :class:`ReviewFormDialog`.

Entry point for the film list or the player window::

    dialog = ReviewFormDialog(store, Film.from_manifest(manifest), member.member_id,
                              member_name=member.full_name, signer=station,
                              sessions=registry, certificate=station.certificate_bytes)
    dialog.show()   # or dialog.exec()

``store`` is a :class:`screeningroom.review.store.ReviewStore`. With ``signer`` (the
vault's Station) and ``sessions`` (the station's open Registry) the "Export report"
button asks where to write the PDF, then the member's password (it opens her own signing
key), and writes the report signed by her and by the station, recorded in the audit log
(:func:`screeningroom.review.signing.export_signed_report`); without them it is hidden.
The form is saved on "Save" and before export; the rules (:mod:`screeningroom.review.
rules`) decide whether it can be exported, and their message is shown under the buttons.
The report is written in the language the window shows when the member exports.
A form cannot be saved for a film the member has not watched at this station.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from screeningroom.errors import ScreeningRoomError
from screeningroom.review.errors import NotWatched
from screeningroom.review.law import (
    AGE_CATEGORIES,
    FilmLength,
    FormerIndex,
    RefusalGround,
    age_criteria,
    age_restrictions,
)
from screeningroom.review.model import (
    Film,
    KazakhVersion,
    LanguageFindings,
    Obscenities,
    Recommendation,
    ReleaseLanguage,
    ReviewForm,
    format_time_code,
)
from screeningroom.review.report import watched_seconds
from screeningroom.review.rules import check_form
from screeningroom.review.store import ReviewStore
from screeningroom.ui.review_export import ReportExport
from screeningroom.ui.tasks import TaskRunner
from screeningroom_resources import i18n


class ReviewFormDialog(QDialog):
    """Age category, language, refusal grounds with evidence, recommendation, conclusion.

    ``report_written(Path)`` is emitted for every signed report written (the station
    hands its signature to the office's registry)."""

    report_written = Signal(object)

    def __init__(self, store: ReviewStore, film: Film, member_id: str, *,
                 member_name: str = "", signer: object | None = None,
                 sessions: object | None = None, certificate: bytes | None = None,
                 station_id: str = "", room: str = "", report_language: str = "kk",
                 tasks: TaskRunner | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.film, self.member_id = store, film, member_id
        self.member_name = member_name or member_id
        self.signer, self.sessions, self.certificate = signer, sessions, certificate
        self.station_id = station_id or getattr(signer, "station_id", "")
        self.room = room or getattr(signer, "room", "")
        self.report_language = report_language
        self.tasks = tasks if tasks is not None else TaskRunner(self)
        self.exporter = ReportExport(self, self.tasks)

        body = QWidget()
        grid = QVBoxLayout(body)
        self.header = QLabel(body)
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        grid.addWidget(self.header)

        # Age category (Art. 8)
        self.age_box = QGroupBox(body)
        age = QFormLayout(self.age_box)
        age.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.age = QComboBox(self.age_box)
        self.age.setObjectName("age_category")
        self.age.addItem("", None)
        for category in AGE_CATEGORIES:
            self.age.addItem(category.label, category)
        self.declared = QLabel(self.age_box)
        self.criteria = QLabel(self.age_box)
        self.criteria.setWordWrap(True)
        self.restrictions = QLabel(self.age_box)
        self.restrictions.setWordWrap(True)
        self.former = QComboBox(self.age_box)
        self.former.addItem("", None)
        for index in FormerIndex:
            self.former.addItem(index.value, index)
        self.former_note = QLabel(self.age_box)
        self.former_note.setWordWrap(True)
        self.age_label, self.declared_label = QLabel(), QLabel()
        self.criteria_label, self.former_label = QLabel(), QLabel()
        age.addRow(self.declared_label, self.declared)
        age.addRow(self.age_label, self.age)
        age.addRow(self.criteria_label, self.criteria)
        age.addRow("", self.restrictions)
        age.addRow(self.former_label, self.former)
        age.addRow("", self.former_note)
        grid.addWidget(self.age_box)

        # Language (Art. 9)
        self.lang_box = QGroupBox(body)
        lang = QFormLayout(self.lang_box)
        lang.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.languages = QWidget(self.lang_box)
        self.languages.setObjectName("release_languages")
        language_grid = QGridLayout(self.languages)
        language_grid.setContentsMargins(0, 0, 0, 0)
        self.language_checks: dict[ReleaseLanguage, QCheckBox] = {}
        for i, code in enumerate(ReleaseLanguage):
            box = QCheckBox(self.languages)
            box.setObjectName(f"release_{code.value}")
            self.language_checks[code] = box
            if code is ReleaseLanguage.OTHER:
                language_grid.addWidget(box, 4, 0, 1, 4)
            else:
                language_grid.addWidget(box, i // 4, i % 4)
        self.kazakh = QComboBox(self.lang_box)
        for kv in KazakhVersion:
            self.kazakh.addItem("", kv)
        self.limited = QCheckBox(self.lang_box)
        self.national = QCheckBox(self.lang_box)
        self.obscenities = QComboBox(self.lang_box)
        for ob in Obscenities:
            self.obscenities.addItem("", ob)
        self.lang_remarks = QLineEdit(self.lang_box)
        self.lang_problems = QLabel(self.lang_box)
        self.lang_problems.setWordWrap(True)
        self.lang_problems.setObjectName("language_problems")
        self.languages_label, self.kazakh_label = QLabel(), QLabel()
        self.obscenities_label, self.remarks_label = QLabel(), QLabel()
        lang.addRow(self.languages_label, self.languages)
        lang.addRow(self.kazakh_label, self.kazakh)
        lang.addRow("", self.limited)
        lang.addRow("", self.national)
        lang.addRow(self.obscenities_label, self.obscenities)
        lang.addRow(self.remarks_label, self.lang_remarks)
        lang.addRow("", self.lang_problems)
        grid.addWidget(self.lang_box)

        # Refusal grounds (Art. 7 p.6), each with a note as evidence
        self.grounds_box = QGroupBox(body)
        ground_grid = QGridLayout(self.grounds_box)
        self.ground_checks: dict[RefusalGround, QCheckBox] = {}
        self.ground_notes: dict[RefusalGround, QComboBox] = {}
        for row, ground in enumerate(RefusalGround):
            check = QCheckBox(self.grounds_box)
            check.setObjectName(f"ground_{ground.value}")
            pick = QComboBox(self.grounds_box)
            pick.setObjectName(f"evidence_{ground.value}")
            pick.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            pick.setMinimumContentsLength(30)
            self.ground_checks[ground], self.ground_notes[ground] = check, pick
            ground_grid.addWidget(check, 2 * row, 0, 1, 2)
            ground_grid.addWidget(pick, 2 * row + 1, 1)
        ground_grid.setColumnMinimumWidth(0, 24)
        ground_grid.setColumnStretch(1, 1)
        grid.addWidget(self.grounds_box)

        # Recommendation and conclusion
        self.rec_box = QGroupBox(body)
        rec = QVBoxLayout(self.rec_box)
        self.rec_group = QButtonGroup(self)
        self.rec_buttons: dict[Recommendation, QRadioButton] = {}
        for i, r in enumerate(Recommendation):
            button = QRadioButton(self.rec_box)
            button.setObjectName(f"recommend_{r.value}")
            self.rec_group.addButton(button, i)
            self.rec_buttons[r] = button
            rec.addWidget(button)
        self.conclusion_label = QLabel(self.rec_box)
        self.conclusion = QPlainTextEdit(self.rec_box)
        self.conclusion.setMaximumHeight(90)
        rec.addWidget(self.conclusion_label)
        rec.addWidget(self.conclusion)
        grid.addWidget(self.rec_box)

        self.scroll = scroll = QScrollArea(self)
        scroll.setObjectName("form_scroll")
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        scroll.setWidget(body)
        self.status = QLabel(self)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.save_button = QPushButton(self)
        self.export_button = QPushButton(self)
        self.close_button = QPushButton(self)
        self.export_button.setVisible(signer is not None and sessions is not None)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.save_button, self.export_button, self.close_button):
            buttons.addWidget(b)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.status)
        outer.addLayout(buttons)

        self.age.currentIndexChanged.connect(self._age_changed)
        self.former.currentIndexChanged.connect(self._former_changed)
        for widget in (self.limited, self.national):
            widget.toggled.connect(self._language_changed)
        for combo in (self.kazakh, self.obscenities):
            combo.currentIndexChanged.connect(self._language_changed)
        for box in self.language_checks.values():
            box.toggled.connect(self._language_changed)
        self.save_button.setObjectName("save")
        self.export_button.setObjectName("export")
        self.save_button.clicked.connect(lambda _checked=False: self.save())
        self.export_button.clicked.connect(lambda _checked=False: self.start_export())
        self.close_button.clicked.connect(lambda _checked=False: self.close())

        self._fit_to_screen(1000, 760)
        self.load(store.form(film.film_id, member_id))
        self.retranslate()

    # --- model <-> widgets --------------------------------------------------------------

    def load(self, form: ReviewForm) -> None:
        self.age.setCurrentIndex(self.age.findData(form.age_category)
                                 if form.age_category else 0)
        self.former.setCurrentIndex(self.former.findData(form.former_index)
                                    if form.former_index else 0)
        for code, box in self.language_checks.items():
            box.setChecked(code in form.language.release_languages)
        self.kazakh.setCurrentIndex(list(KazakhVersion).index(form.language.kazakh_version))
        self.limited.setChecked(form.language.limited_release)
        self.national.setChecked(form.language.national_film)
        self.obscenities.setCurrentIndex(list(Obscenities).index(form.language.obscenities))
        self.lang_remarks.setText(form.language.remarks)
        self._fill_note_choices()
        for ground in RefusalGround:
            evidence = form.evidence_for(ground)
            self.ground_checks[ground].setChecked(any(g.ground is ground for g in form.grounds))
            pick = self.ground_notes[ground]
            pick.setCurrentIndex(max(0, pick.findData(evidence[0])) if evidence else 0)
        for r, button in self.rec_buttons.items():
            button.setChecked(form.recommendation is r)
        self.conclusion.setPlainText(form.conclusion)

    def form(self) -> ReviewForm:
        """The form as the widgets show it (not yet checked)."""
        langs = tuple(code for code, box in self.language_checks.items() if box.isChecked())
        form = ReviewForm(
            film_id=self.film.film_id, member_id=self.member_id,
            age_category=self.age.currentData(), former_index=self.former.currentData(),
            language=LanguageFindings(
                release_languages=langs, kazakh_version=self.kazakh.currentData(),
                limited_release=self.limited.isChecked(),
                national_film=self.national.isChecked(),
                obscenities=self.obscenities.currentData(),
                remarks=self.lang_remarks.text()),
            recommendation=next((r for r, b in self.rec_buttons.items() if b.isChecked()),
                                None),
            conclusion=self.conclusion.toPlainText(),
        )
        for ground, check in self.ground_checks.items():
            if check.isChecked():
                note_id = self.ground_notes[ground].currentData()
                form = form.with_ground(ground, (note_id,) if note_id is not None else ())
        return form

    def _fill_note_choices(self) -> None:
        notes = self.store.notes(member_id=self.member_id, film_id=self.film.film_id)
        for pick in self.ground_notes.values():
            keep = pick.currentData()
            pick.blockSignals(True)
            pick.clear()
            pick.addItem(self.tr("(choose a note as evidence)"), None)
            for n in notes:
                first = n.text.splitlines()[0] if n.text else ""
                pick.addItem(f"{n.time_code}  {first[:50]}", n.note_id)
            pick.setCurrentIndex(max(0, pick.findData(keep)) if keep is not None else 0)
            pick.blockSignals(False)

    # --- actions ------------------------------------------------------------------------

    def _watched(self) -> bool:
        """True without a registry (nothing to check) or when the member has watched."""
        if self.sessions is None:
            return True
        return watched_seconds(self.sessions, self.member_id, self.film.film_id) > 0

    def save(self) -> bool:
        """Keep the draft; say what is still missing. True when it could be exported."""
        if not self._watched():
            self._error(str(NotWatched(self.member_id, self.film.title)))
            return False
        form = self.form()
        try:
            self.store.save_form(form)
            mine = {"member_id": self.member_id, "film_id": self.film.film_id}
            check_form(form, self.store.notes(**mine), self.film,
                       withdrawn=self.store.notes(**mine, withdrawn=True))
        except ScreeningRoomError as exc:
            self._error(str(exc))
            return False
        self.status.setStyleSheet("")
        self.status.setText(self.tr("Saved. The form is complete."))
        return True

    def start_export(self) -> None:
        """The button: save and check, then where, then the member's password."""
        if self.save():
            self.exporter.start()

    @property
    def last_export(self) -> Path | None:
        """The PDF of the last report written from this form (None before one is)."""
        return self.exporter.last_export

    def show_status(self, text: str, *, error: bool = False) -> None:
        self.status.setStyleSheet("color: #b00020;" if error else "")
        self.status.setText(text)

    def set_busy(self, busy: bool) -> None:
        for button in (self.save_button, self.export_button, self.close_button):
            button.setEnabled(not busy)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.tasks.wait()
        super().closeEvent(event)

    def _fit_to_screen(self, width: int, height: int) -> None:
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            room = screen.availableGeometry()
            width, height = min(width, room.width() - 40), min(height, room.height() - 60)
        self.resize(width, height)

    def _error(self, message: str) -> None:
        self.show_status(message, error=True)

    # --- derived texts ------------------------------------------------------------------

    def _age_changed(self) -> None:
        category = self.age.currentData()
        if category is None:
            self.criteria.setText(self.tr("Choose one of the seven categories."))
            self.restrictions.setText("")
            return
        self.criteria.setText(age_criteria(category))
        self.restrictions.setText("\n".join(age_restrictions(category)))

    def _former_changed(self) -> None:
        index = self.former.currentData()
        if index is None:
            self.former_note.setText(self.tr("Repealed scheme: only for films classified "
                                             "under the former film index."))
            return
        text = self.tr("Repealed scheme. {index}: {audience}; nearest category now: "
                       "{category}.").replace("{index}", index.value).replace(
            "{audience}", index.audience).replace("{category}", index.nearest_category.label)
        if not index.mapping_certain:
            text += " " + self.tr("The correspondence is approximate.")
        self.former_note.setText(text)

    def _language_changed(self) -> None:
        problems = self.form().language.problems()
        self.lang_problems.setText("\n".join(problems) if problems else
                                   self.tr("No language requirement is found unmet."))

    def retranslate(self) -> None:
        film = self.film
        self.setWindowTitle(self.tr("Review form: {title}").replace("{title}", film.title))
        length = (self.tr("full-length film (52 minutes or more)")
                  if film.length is FilmLength.FULL_LENGTH
                  else self.tr("short film (under 52 minutes)"))
        self.header.setText(
            self.tr("{title}\nRegister number: {register}   Member: {member}\n"
                    "Duration: {duration}, {length} (Art. 10)")
            .replace("{title}", film.title).replace("{register}", film.register_no)
            .replace("{member}", self.member_name)
            .replace("{duration}", format_time_code(film.duration_ms))
            .replace("{length}", length))
        self.age_box.setTitle(self.tr("Age category (Art. 8)"))
        self.age_label.setText(self.tr("The member's category"))
        self.declared_label.setText(self.tr("Declared by the applicant"))
        self.declared.setText(film.declared_age.label if film.declared_age
                              else self.tr("not declared"))
        self.criteria_label.setText(self.tr("Criteria"))
        self.former_label.setText(self.tr("Former film index"))
        self.age.setItemText(0, self.tr("(choose)"))
        for i, category in enumerate(AGE_CATEGORIES, start=1):
            self.age.setItemText(i, category.label)
        self.former.setItemText(0, self.tr("(none)"))
        self.lang_box.setTitle(self.tr("Language (Art. 9)"))
        self.languages_label.setText(self.tr("Release languages"))
        for code, box in self.language_checks.items():
            box.setText(code.title)
        self.kazakh_label.setText(self.tr("Kazakh version"))
        for i, kv in enumerate(KazakhVersion):
            self.kazakh.setItemText(i, kv.title)
        self.limited.setText(self.tr("Limited release"))
        self.national.setText(self.tr("National film"))
        self.obscenities_label.setText(self.tr("Obscene words"))
        for i, ob in enumerate(Obscenities):
            self.obscenities.setItemText(i, ob.title)
        self.remarks_label.setText(self.tr("Remarks"))
        self.grounds_box.setTitle(self.tr("Grounds for refusal (Art. 7 p.6): each needs a "
                                          "time-coded note"))
        for ground, check in self.ground_checks.items():
            check.setText(ground.title)
        self._fill_note_choices()
        for pick in self.ground_notes.values():
            pick.setItemText(0, self.tr("(choose a note as evidence)"))
        self.rec_box.setTitle(self.tr("Recommendation"))
        for r, button in self.rec_buttons.items():
            button.setText(r.title)
        self.conclusion_label.setText(self.tr("Conclusion"))
        self.save_button.setText(self.tr("Save"))
        self.export_button.setText(self.tr("Export report"))
        self.close_button.setText(self.tr("Close"))
        self._age_changed()
        self._former_changed()
        self._language_changed()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.report_language = i18n.current_language()
            self.retranslate()
        super().changeEvent(event)
