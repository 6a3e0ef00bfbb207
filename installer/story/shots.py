"""Screenshots of the story on a virtual screen (Xvfb): the review station's window as the
member uses it, and the takedown desk's window on the traced case.

``python shots.py station OUT MEMBER PASSWORD FILM`` (with the station's
SCREENINGROOM_HOME and SCREENINGROOM_PASSPHRASE): the station app, driven as a person
would — log in, pick the film, watch a few seconds (a second screening of the film).
``python shots.py desk OUT CASE_ID`` (with the desk's SCREENINGROOM_HOME and
SCREENINGROOM_PASSPHRASE): the desk window opened on the case: the result, the evidence,
the notices in Kazakh and Russian, the stations. Prints the PNG files, one a line.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def station(out: Path, member_id: str, password: str, film_id: str) -> list[Path]:
    from screeningroom import paths
    from screeningroom.demo_setup import DemoSetup
    from screeningroom.ui.demo_run import run_scripted

    setup = DemoSetup(home=str(paths.home()), passphrase=os.environ["SCREENINGROOM_PASSPHRASE"],
                      member_id=member_id, member_name="", password=password,
                      main_film=film_id, later_film=None)
    run = run_scripted(setup, out, seconds=2.0)
    renamed = []
    for shot in run.screenshots:
        target = shot.with_name(f"station-{shot.name}")
        shot.replace(target)
        renamed.append(target)
    return renamed


def desk(out: Path, case_id: str) -> list[Path]:
    from PySide6.QtCore import QEventLoop, QTimer

    from screeningroom.ui.common import application
    from screeningroom.ui.translations import apply_language
    from screeningroom.vault import load_station
    from screeningroom.vault.commands import read_passphrase
    from takedown.ui.model import DeskModel
    from takedown.ui.window import DeskWindow

    app = application([])
    apply_language(app, "en")
    model = DeskModel(station=load_station(read_passphrase(_NoArgs())))
    window = DeskWindow(model, language="en", switch_language=lambda code: None)
    window.move(0, 0)
    window.show()
    window.start()
    shots: list[Path] = []

    def settle(seconds: float = 0.3, until=None) -> None:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not (until and until()):
            loop = QEventLoop()
            QTimer.singleShot(50, loop.quit)
            loop.exec()

    def shot(name: str) -> None:
        settle()
        path = out / f"desk-{name}.png"
        window.grab().save(str(path))
        shots.append(path)

    window.open_case(case_id)
    window.tabs.setCurrentWidget(window.result)
    shot("1-traced")
    window.tabs.setCurrentWidget(window.evidence)
    shot("2-evidence")
    window.tabs.setCurrentWidget(window.notices)
    window.notices.draft_button.click()
    settle(60, lambda: window.notices.draft_button.isEnabled())
    window.notices.set_language("kk")
    shot("3-notices-kk")
    window.notices.set_language("ru")
    shot("4-notices-ru")
    window.tabs.setCurrentWidget(window.stations)
    shot("5-stations")
    window.close()
    settle(0.2)
    return shots


class _NoArgs:
    passphrase_file = None


def main(argv: list[str]) -> int:
    from screeningroom.xdisplay import virtual_display

    kind, out = argv[0], Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    with virtual_display(1366, 800):
        files = station(out, *argv[2:5]) if kind == "station" else desk(out, argv[2])
    for path in files:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
