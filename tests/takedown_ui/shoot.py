"""Run the desk window on a real X screen and save screenshots of its main states.

``python shoot.py SPEC.json OUT_DIR``; SPEC names the prepared desk folder, the station
folder and passphrase, and the clips. Used by ``test_screenshots.py`` under Xvfb.
"""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from pathlib import Path

for _folder in ("takedown", "support"):  # the desk tests' world and its helpers
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / _folder))


def main(spec_file: str, out_dir: str) -> int:
    from deskworld import NOW, OPERATOR, StepClock
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from screeningroom.ui.translations import apply_language
    from screeningroom.vault import load_station
    from takedown.ui.model import DeskModel
    from takedown.ui.window import DeskWindow

    spec = json.loads(Path(spec_file).read_text())
    out = Path(out_dir)
    app = QApplication([sys.argv[0]])
    language = spec.get("language", "en")
    apply_language(app, language)
    station = load_station(spec["passphrase"], folder=Path(spec["station_folder"]))
    model = DeskModel(Path(spec["desk"]), station=station,
                      station_folder=Path(spec["station_folder"]), actor=OPERATOR,
                      clock=StepClock(NOW + timedelta(days=1)))
    win = DeskWindow(model, language=language, switch_language=lambda code: None)
    win.show()
    win.start()

    def settle(ms: int = 250) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def wait(condition) -> None:
        while not condition():
            settle(50)

    def shot(name: str, whole_screen: bool = False) -> None:
        settle()
        image = (app.primaryScreen().grabWindow(0) if whole_screen else win.grab())
        image.save(str(out / name))

    shot("1-empty.png")
    win.intake.set_clip(Path(spec["leak"]))
    win.intake.link.setText("https://t.me/kino_leaks/77")
    win.intake.seen_time.setText("2026-05-01T18:30")
    win.intake.views.setText("1200")
    taken = []
    real = win.intake.set_progress

    def progress(share: float) -> None:
        real(share)
        if share > 0.4 and not taken:
            taken.append(share)
            win.grab().save(str(out / "2-scanning.png"))

    win.intake.set_progress = progress
    win.intake.scan.click()
    wait(lambda: not win.intake.busy)
    shot("3-traced.png")
    win.tabs.setCurrentWidget(win.evidence)
    shot("4-evidence.png")
    win.tabs.setCurrentWidget(win.notices)
    win.notices.certificate.setText("No. 117 of 1 April 2026")
    win.notices.record_certificate.click()
    win.notices.draft_button.click()
    wait(lambda: win.notices.draft_button.isEnabled())
    win.notices.set_language("kk")
    shot("5-notices-kk.png")
    win.notices.set_language("ru")
    shot("6-notices-ru.png")

    win.intake.set_progress = real
    win.intake.set_clip(Path(spec["unmarked"]))
    win.intake.link.setText("https://pirate.example.kz/film/42")
    win.intake.views.clear()
    win.intake.scan.click()
    wait(lambda: not win.intake.busy)
    win.tabs.setCurrentWidget(win.result)
    shot("7-not-attributable.png")

    win.intake.link.setText("t.me/kino")
    win.intake.scan.click()
    shot("8-bad-link.png", whole_screen=True)
    win.error_box.accept()
    apply_language(app, "kk")
    win.open_case(win.model.cases()[0].case_id)
    shot("9-kazakh.png")
    apply_language(app, "en")
    win.tabs.setCurrentWidget(win.stations)
    shot("10-stations.png")
    print(json.dumps({"cases": len(win.model.cases()), "errors": len(win.errors_shown),
                      "shown": [type(e).__name__ + ": " + str(e) for e in win.errors_shown]}))
    win.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
