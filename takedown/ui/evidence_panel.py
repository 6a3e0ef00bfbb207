"""The evidence of a case: the clip's hash and where it was seen, the signed bundle (its
hash, signer, whether it verifies), the matched frame pairs and the chain of custody."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from takedown.ui.caseview import CaseView, when
from takedown.ui.widgets import CaseTab, form_rows, record_table

PAIR_WIDTH = 480


class EvidencePanel(CaseTab, QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view: CaseView | None = None
        body = QWidget(self)
        self.clip_box = QGroupBox(body)
        (self.sha_label, self.sha), (self.seen_label, self.seen), (
            self.file_label, self.file) = form_rows(QFormLayout(self.clip_box), body,
                                                    ("clip_sha256", "seen", "file"))
        self.bundle_box = QGroupBox(body)
        (self.bundle_label, self.bundle), (self.bundle_sha_label, self.bundle_sha), (
            self.signature_label, self.signature), (self.members_label, self.members) = (
            form_rows(QFormLayout(self.bundle_box), body,
                      ("bundle", "bundle_sha256", "signature", "members")))
        self.pairs_box = QGroupBox(body)
        self.pairs = QGridLayout(self.pairs_box)
        self.no_pairs = QLabel(self.pairs_box)
        self.custody_box = QGroupBox(body)
        self.custody = record_table(self.custody_box, "custody", 4, pick_rows=False)
        self.custody.setMinimumHeight(260)
        self.custody.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        QVBoxLayout(self.custody_box).addWidget(self.custody)
        layout = QVBoxLayout(body)
        layout.addWidget(self.clip_box)
        layout.addWidget(self.bundle_box)
        layout.addWidget(self.pairs_box)
        layout.addWidget(self.custody_box)
        layout.addStretch(1)
        self.setWidget(body)
        self.pair_labels: list[QLabel] = []
        self.retranslate()

    def _fill(self) -> None:
        view = self.view
        for label in self.pair_labels:
            self.pairs.removeWidget(label)
            label.deleteLater()
        self.pair_labels = []
        clip = view.clip if view is not None else None
        sightings = view.sightings if view is not None else ()
        if clip is None:
            for label in (self.sha, self.seen, self.file):
                label.setText("-")
        else:
            self.sha.setText(clip.sha256)
            lines = []
            for s in sightings:
                views = "-" if s.views is None else f"{s.views:,}".replace(",", " ")
                lines.append(self.tr("{link}\n{time}; channel {channel}; {views} views").format(
                    link=s.link, time=when(s.seen_at), channel=s.channel or "-",
                    views=views))
            self.seen.setText("\n".join(lines) or "-")
            received = sightings[0].received_at if sightings else clip.analysed_at
            self.file.setText(self.tr("{name}, {size} bytes, {seconds} s; received {time}").format(
                name=clip.file_name, size=f"{clip.size:,}".replace(",", " "),
                seconds=f"{clip.duration:.1f}", time=when(received)))
        evidence = view.evidence if view is not None else None
        if evidence is None:
            for label in (self.bundle, self.bundle_sha, self.signature, self.members):
                label.setText("-")
        else:
            self.bundle.setText(str(evidence.path))
            self.bundle_sha.setText(evidence.sha256)
            if evidence.valid:
                self.signature.setText(self.tr("✔ verifies: signed by station {station}").format(
                    station=evidence.signed_by))
                self.signature.setStyleSheet("color: #14532d;")
            else:
                self.signature.setText(self.tr("✘ does not verify: {problem}").format(
                    problem=evidence.problem))
                self.signature.setStyleSheet("color: #b71c1c;")
            self.members.setText(", ".join(evidence.members))
            for k, pair in enumerate(evidence.pairs):
                image = QPixmap()
                image.loadFromData(pair.png, "PNG")
                label = QLabel(self.pairs_box)
                label.setObjectName(f"pair-{k + 1}")
                label.setToolTip(pair.name)
                label.setProperty("original", image)
                self.pairs.addWidget(label, k // 2, k % 2)
                self.pair_labels.append(label)
        self._scale_pairs()
        self.no_pairs.setVisible(not self.pair_labels)
        if not self.pair_labels:
            self.pairs.addWidget(self.no_pairs, 0, 0)
        entries = view.custody if view is not None else ()
        self.custody.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            for col, text in enumerate((when(entry.at), entry.actor, entry.action, entry.detail)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.custody.setItem(row, col, item)
        for col in range(3):
            self.custody.resizeColumnToContents(col)
        self.custody.resizeRowsToContents()

    def _scale_pairs(self) -> None:
        """Two pairs a row, as wide as the panel allows."""
        width = max(160, min(PAIR_WIDTH, (self.viewport().width() - 70) // 2))
        for label in self.pair_labels:
            image = label.property("original")
            if isinstance(image, QPixmap) and not image.isNull():
                label.setPixmap(image.scaledToWidth(
                    width, Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._scale_pairs()

    def retranslate(self) -> None:
        self.clip_box.setTitle(self.tr("Clip"))
        self.sha_label.setText(self.tr("SHA-256"))
        self.seen_label.setText(self.tr("Seen"))
        self.file_label.setText(self.tr("File"))
        self.bundle_box.setTitle(self.tr("Signed evidence bundle"))
        self.bundle_label.setText(self.tr("File"))
        self.bundle_sha_label.setText(self.tr("SHA-256"))
        self.signature_label.setText(self.tr("Signature"))
        self.members_label.setText(self.tr("Contents"))
        self.pairs_box.setTitle(self.tr("Matched frames (clip beside master)"))
        self.no_pairs.setText(self.tr("No matched frames: the clip is not identified."))
        self.custody_box.setTitle(self.tr("Chain of custody"))
        self.custody.setHorizontalHeaderLabels(
            [self.tr("When"), self.tr("Who"), self.tr("Action"), self.tr("Detail")])
        self._fill()
