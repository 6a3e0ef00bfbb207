"""The desk window over the real desk (vault, registry, identification, watermark trace,
evidence, notices): a leaked clip is scanned off the GUI thread and shown (film, session,
p against the threshold, score plot, evidence, notices in three languages); an unmarked
copy is "not attributable"; bad clips, malformed links and cancelling end in a dialog
with nothing recorded."""

from __future__ import annotations

from pathlib import Path

import pytest

from takedown.cases import CaseStatus
from takedown.errors import BadClip, BadLink, TakedownInputError
from takedown.notices import MissingNoticeField, NoticeTarget
from takedown.trace import TraceVerdict as Verdict
from takedown.ui.errors import ScanCancelled
from takedown.ui.model import ScanForm
from takedown.ui.window import DeskWindow

LINK = "https://t.me/kino_leaks/77"
KK_SENT = "жіберілді"


@pytest.fixture
def window(qtbot, model):
    win = DeskWindow(model)
    qtbot.addWidget(win)
    win.start()
    yield win
    win.close()


@pytest.fixture
def sync_window(qtbot, model):
    from screeningroom.ui.tasks import TaskRunner

    win = DeskWindow(model, tasks=TaskRunner(synchronous=True))
    qtbot.addWidget(win)
    win.start()
    yield win
    win.close()


def _fill(win: DeskWindow, clip: Path, link: str = LINK, views: str = "1200",
          seen: str = "2026-05-01T18:30") -> None:
    win.intake.set_clip(clip)
    win.intake.link.setText(link)
    win.intake.views.setText(views)
    win.intake.seen_time.setText(seen)


def _scan(qtbot, win: DeskWindow) -> None:
    shares: list[float] = []
    real = win.intake.set_progress
    win.intake.set_progress = lambda share: (shares.append(share), real(share))[1]
    win.intake.scan.click()
    assert win.intake.busy and not win.intake.scan.isEnabled()  # the GUI thread is free
    qtbot.waitUntil(lambda: not win.intake.busy, timeout=120_000)
    assert shares and max(shares) == pytest.approx(1.0)


def test_a_leak_is_traced_and_shown_with_its_evidence(qtbot, window, desk_world,
                                                     tmp_path) -> None:
    world = desk_world.world
    _fill(window, desk_world.leak)
    _scan(qtbot, window)
    assert window.errors_shown == []
    view = window.view
    assert view is not None and view.case.status is CaseStatus.TRACED
    assert view.verdict is Verdict.ATTRIBUTED and view.p_value < view.threshold == 1e-9
    session = f"{world.session_id:016x}"
    result = window.result
    assert view.case.case_id in result.heading.text()
    assert "Тихий берег" in result.film.text() and world.film_id in result.film.text()
    assert "ПУ-2026-117" in result.film.text()
    assert result.offset.text().startswith(("0.", "1."))
    assert session in result.decision.text() and "Attributed" in result.decision.text()
    assert "below the threshold 1e-09" in result.p_value.text()
    assert "Room 3" in result.session.text() and "aigerim.s" in result.session.text()
    # which key matched: the license the session was recorded under, and its station
    assert "license lic-review-1" in result.key.text()
    assert world.review_station.station_id in result.key.text()
    assert len(result.plot.points) >= 2 and result.plot.threshold == 1e-9
    # evidence: the clip's hash, a verified signature, the matched frame pairs, custody
    evidence = window.evidence
    assert evidence.sha.text() == window.last_result.intake.sha256
    assert evidence.signature.text().startswith("✔")
    assert world.desk_station.station_id in evidence.signature.text()
    assert len(evidence.pair_labels) == 4
    assert not evidence.pair_labels[0].pixmap().isNull()
    actions = [evidence.custody.item(r, 2).text() for r in range(evidence.custody.rowCount())]
    assert actions[:3] == ["intake", "identify", "trace"]
    assert "1 200 views" in evidence.seen.text()
    # the case list
    assert window.cases.table.rowCount() == 1
    assert window.cases.selected() == view.case.case_id

    # notices: Telegram and the authority side by side, kk / ru / en, saved as .eml and PDF
    notices = window.notices
    assert notices.rights_holder.text() == "Qazaqfilm"
    assert notices.register_number.text() == "ПУ-2026-117"
    notices.certificate.setText("No. 117 of 1 April 2026")
    notices.record_certificate.click()  # recorded once, on the film
    assert window.model.work_of(view.case.case_id).distribution_certificate == (
        "No. 117 of 1 April 2026")
    notices.draft_button.click()
    qtbot.waitUntil(lambda: notices.draft_button.isEnabled(), timeout=60_000)
    assert window.errors_shown == []
    # drafting moved the case on and listed the drafts (telegram and authority, 3 languages)
    assert window.view.case.status is CaseStatus.NOTICE_DRAFTED
    assert notices.versions.rowCount() == 6
    left, right = notices.panes()
    assert left.current_target() is NoticeTarget.TELEGRAM
    assert right.current_target() is NoticeTarget.AUTHORITY
    texts = {}
    for code in ("kk", "ru", "en"):
        notices.set_language(code)
        texts[code] = (left.text.toPlainText(), right.text.toPlainText())
        assert LINK in texts[code][0]
        assert left.current().language == code == right.current().language
    assert len({t[0] for t in texts.values()}) == 3  # three different languages
    assert any("қ" in t or "ң" in t or "ә" in t for t in texts["kk"])
    eml = left.save("eml", tmp_path / "telegram.eml")
    pdf = right.save("pdf", tmp_path / "authority.pdf")
    assert b"dmca@telegram.org" in eml.read_bytes()
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_unmarked_copy_is_not_attributable_and_cases_open(qtbot, window, desk_world) -> None:
    _fill(window, desk_world.unmarked, link="https://pirate.example.kz/film/42")
    _scan(qtbot, window)
    assert window.errors_shown == []
    first = window.view
    assert first.identified and first.verdict is Verdict.NOT_ATTRIBUTABLE
    assert first.session is None and first.case.status is CaseStatus.IDENTIFIED
    assert window.result.decision.text() == "Not attributable: no session is named."
    assert "above the threshold 1e-09" in window.result.p_value.text()
    # a website clip: the left notice goes to the site operator; what a notice lacks is named
    notices = window.notices
    assert notices.left.current_target() is NoticeTarget.SITE
    notices.draft_button.click()
    qtbot.waitUntil(lambda: notices.draft_button.isEnabled(), timeout=60_000)
    problems = getattr(window.errors_shown[-1], "problems", window.errors_shown[-1:])
    assert len(problems) == 2 and all(isinstance(e, MissingNoticeField) for e in problems)
    assert "domain" not in notices.left.text.toPlainText()  # the site's domain is known
    assert "recipient.email" in notices.left.text.toPlainText()
    assert "distribution_certificate" in notices.right.text.toPlainText()
    assert "distribution_certificate" in window.error_box.text()
    assert not notices.left.save_eml.isEnabled()
    window.error_box.accept()
    # status from the list; the list shows the next deadline
    window.cases.select(first.case.case_id)
    window.cases.status.setCurrentIndex(window.cases.status.findData(CaseStatus.SENT))
    window.cases.note.setText("to the site")
    window.cases.set_status.click()
    assert window.view.case.status is CaseStatus.SENT
    assert window.cases.table.item(0, 1).text() == "sent"
    window.show_view(None)
    assert window.result.heading.text() == "No case open"
    window.cases.select(first.case.case_id)
    window.cases.open.click()
    assert window.view.case.case_id == first.case.case_id


@pytest.mark.parametrize(("name", "data", "error", "words"), [
    ("junk.mp4", b"\x00" * 2000, BadClip, "Not a video"),
    ("empty.mp4", b"", BadClip, "empty"),
])
def test_a_bad_clip_is_a_dialog_and_records_nothing(qtbot, window, tmp_path, name, data,
                                                    error, words) -> None:
    clip = tmp_path / name
    clip.write_bytes(data)
    _fill(window, clip)
    window.intake.scan.click()
    qtbot.waitUntil(lambda: not window.intake.busy, timeout=60_000)
    assert isinstance(window.errors_shown[-1], error)
    box = window.error_box
    assert box is not None and words in box.text() and "Traceback" not in box.text()
    assert box.windowTitle() == "Please check what you entered"
    assert window.model.cases() == ()
    assert window.view is None and window.intake.scan.isEnabled()
    assert clip.read_bytes() == data  # the clip is untouched


@pytest.mark.parametrize(("link", "views", "seen", "error", "words"), [
    ("t.me/kino", "", "", BadLink, "Telegram message link"),
    ("ftp://files.example.kz/film.mp4", "", "", BadLink, "http and https"),
    ("", "", "", BadLink, "link is empty"),
    (LINK, "many", "", TakedownInputError, "whole number"),
    (LINK, "-3", "", TakedownInputError, "negative"),
    (LINK, "", "yesterday", TakedownInputError, "ISO 8601"),
])
def test_a_malformed_form_is_refused_before_scanning(qtbot, sync_window, desk_world, link,
                                                     views, seen, error, words) -> None:
    _fill(sync_window, desk_world.leak, link=link, views=views, seen=seen)
    sync_window.intake.scan.click()
    assert isinstance(sync_window.errors_shown[-1], error)
    assert words in sync_window.error_box.text()
    assert not sync_window.intake.busy
    assert sync_window.model.cases() == ()


def test_no_clip_chosen(qtbot, sync_window) -> None:
    sync_window.intake.link.setText(LINK)
    sync_window.intake.scan.click()
    assert "Choose a clip first" in sync_window.error_box.text()


def test_cancelling_a_scan_records_nothing(qtbot, sync_window, desk_world) -> None:
    win = sync_window
    _fill(win, desk_world.leak)
    real = win.intake.set_progress

    def progress(share: float) -> None:
        real(share)
        if share > 0.05 and win.intake.cancel.isEnabled():
            win.intake.cancel.click()

    win.intake.set_progress = progress
    win.intake.scan.click()
    assert isinstance(win.errors_shown[-1], ScanCancelled)
    assert win.error_box.windowTitle() == "Scan cancelled"
    assert win.model.cases() == ()
    assert not win.intake.busy and win.intake.scan.isEnabled()
    with win.model.open_desk() as desk:
        assert [e for e in desk.custody() if e.case_id is not None] == []
        assert desk.store.openings.count(desk.store.films.all()[0].license_id) == 1  # index


def test_the_window_speaks_kazakh_and_russian(qtbot, sync_window) -> None:
    from PySide6.QtWidgets import QApplication

    from screeningroom.ui.translations import apply_language

    app = QApplication.instance()
    try:
        apply_language(app, "kk")  # Qt posts the LanguageChange events
        qtbot.waitUntil(lambda: sync_window.intake.scan.text() == "Тексеру")
        assert sync_window.tabs.tabText(1) == "Дәлелдер"
        assert sync_window.cases.status.itemText(0) == KK_SENT  # from takedown.po
        apply_language(app, "ru")
        qtbot.waitUntil(lambda: sync_window.intake.scan.text() == "Проверить")
        assert sync_window.result.heading.text() == "Дело не открыто"
    finally:
        apply_language(app, "en")
    qtbot.waitUntil(lambda: sync_window.intake.scan.text() == "Scan")


def test_a_dropped_file_becomes_the_clip(qtbot, sync_window, tmp_path) -> None:
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    clip = tmp_path / "found.mp4"
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(clip))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    sync_window.intake.drop.dropEvent(event)
    assert sync_window.intake.clip == clip
    assert "found.mp4" in sync_window.intake.drop.label.text()


def test_model_checks_the_form_like_the_intake(model) -> None:
    checked = model.check_form(ScanForm(clip=Path("x.mp4"), link="t.me/s/kino_leaks/5",
                                        views="1 200"))
    assert checked.link.url == "https://t.me/s/kino_leaks/5" and checked.views == 1200
