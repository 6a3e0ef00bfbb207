"""The station app over the real vault, registry, watermark and player: a provisioned demo
station plays a screener whose shown frames carry the session's payload, every refusal is
in the signed audit log, and on a real X screen the windows look as they should."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from screeningroom.demo_setup import demo_clip
from screeningroom.registry.model import AuditEvent
from screeningroom.station_app import StationLauncher, StationService

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def service(station):
    launcher = StationLauncher(env={})
    unlocked = launcher.load(station.passphrase)
    svc = launcher.connect(unlocked.station)
    yield svc
    svc.close()


def _events(service: StationService, session_id: int | None = None) -> list[AuditEvent]:
    return [r.event for r in service.registry.records()
            if session_id is None or r.session_id == session_id]


def _wait(condition, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)


def test_played_frames_carry_the_session_payload(station, service) -> None:
    import dataclasses

    from screeningroom.player import HeadlessSink
    from watermark.detect import detect

    hooks: list[tuple[bytes, int]] = []
    real_hook = service.parts.make_frame_hook

    def spy(key: bytes, payload: int):
        hooks.append((key, payload))
        return real_hook(key, payload)

    service.parts = dataclasses.replace(service.parts, make_frame_hook=spy)
    member = service.login(station.member_id, station.password)
    film = next(f for f in service.films() if f.film_id == station.main_film)
    sink = HeadlessSink()
    session = service.play(film, member, headless=True, sink=sink)
    key = session.reader.watermark_key
    assert hooks == [(key, session.session_id)]
    assert session.player.frames_shown == 0  # the session was durable before any frame
    assert _events(service, session.session_id) == [AuditEvent.SESSION_START]
    session.play()
    _wait(lambda: sink.count >= 48 or session.status().ended or session.status().error)
    assert session.status().error is None
    session.stop()
    frames = sink.frames
    assert len(frames) >= 48
    events = _events(service, session.session_id)
    assert events[0] is AuditEvent.SESSION_START
    assert events[-2:] == [AuditEvent.STOP, AuditEvent.END]
    assert service.registry.verify_chain().ok
    # informed detection against the packaged original (what the takedown desk holds)
    found = detect([(f.t, f.bgra()[:, :, :3]) for f in frames], key, master=demo_clip(),
                   candidates=[session.session_id])
    assert found.found and found.payload == session.session_id
    assert found.p_value < 1e-9


def test_window_refusal_from_the_vault_is_shown_and_logged(qtbot, station, service) -> None:
    from screeningroom.ui.station_window import StationWindow
    from screeningroom.ui.tasks import TaskRunner

    win = StationWindow(StationLauncher(env={"SCREENINGROOM_PASSPHRASE": station.passphrase}),
                        tasks=TaskRunner(synchronous=True))
    qtbot.addWidget(win)
    win.start()
    win.login_form.member_id.setText(station.member_id)
    win.login_form.password.setText(station.password)
    win.login_form.button.click()
    assert win.pages.currentWidget() is win.film_list
    win.film_list.select(station.later_film)
    win.film_list.play.click()
    assert win.refusal_dialog.refusal.code == "license-not-yet-valid"
    win.refusal_dialog.accept()
    win.close()
    refusals = [r for r in service.registry.records() if r.event is AuditEvent.REFUSAL]
    assert refusals[-1].detail["reason"] == "license-not-yet-valid"
    assert refusals[-1].member_id == station.member_id


def test_tampered_screener_is_refused(station, service) -> None:
    from screeningroom.vault import errors

    member = service.login(station.member_id, station.password)
    film = next(f for f in service.films() if f.film_id == station.main_film)
    with open(film.entry.screener_path, "r+b") as fh:
        fh.seek(4096)
        byte = fh.read(1)
        fh.seek(4096)
        fh.write(bytes([byte[0] ^ 0x40]))
    # chunks are verified as they are read: playback stops at the damaged chunk, and no
    # picture of it is shown
    session = service.play(film, member, headless=True)
    session.play()
    _wait(lambda: session.status().error is not None or session.status().ended)
    error = session.status().error
    assert isinstance(error, errors.TamperedScreener)
    refusal = session.fail(service, error)
    assert refusal.code in {"tampered-screener", "truncated-screener"}
    assert "original delivery" in refusal.advice
    events = _events(service)
    # no frame was shown: the session ended as failed and does not use up the license
    assert events[-2:] == [AuditEvent.SESSION_FAILED, AuditEvent.REFUSAL]
    assert service.registry.session(session.session_id).end.value == "failed"
    assert service.registry.sessions_used(film.license_id) == film.sessions_used


def test_locked_account_after_wrong_passwords(station, service) -> None:
    from screeningroom.registry import AccountLocked, WrongPassword

    attempts = service.registry.settings.max_failed_logins
    for _ in range(attempts - 1):
        with pytest.raises(WrongPassword):
            service.login(station.member_id, "not the password")
    with pytest.raises(AccountLocked):
        service.login(station.member_id, "not the password")
    with pytest.raises(AccountLocked):
        service.login(station.member_id, station.password)


@pytest.mark.xvfb
def test_screenshots_on_a_real_x_screen(xdisplay, station, artifacts_dir) -> None:
    from PySide6.QtGui import QImage

    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from screeningroom.demo_setup import DemoSetup\n"
        "from screeningroom.ui.demo_run import run_scripted\n"
        "setup = DemoSetup(**json.loads(sys.argv[1]))\n"
        "run = run_scripted(setup, Path(sys.argv[2]), seconds=2.0)\n"
        "print(run.frames_shown)\n"
    )
    import json

    env = {**os.environ, "DISPLAY": xdisplay, "QT_QPA_PLATFORM": "xcb",
           "SCREENINGROOM_PASSPHRASE": station.passphrase, "SCREENINGROOM_LANG": "en"}
    out = subprocess.run(
        [sys.executable, "-c", script, json.dumps(station.__dict__), str(artifacts_dir)],
        capture_output=True, text=True, timeout=180, env=env, cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.split()[-1]) > 0
    for name in ("1-login.png", "2-films.png", "3-player.png", "4-refusal.png"):
        image = QImage(str(artifacts_dir / name))
        assert image.width() >= 640 and image.height() >= 400, name
    # the player's picture is not blank: the frame area has many distinct colours
    player = QImage(str(artifacts_dir / "3-player.png"))
    colours = {player.pixel(x, y) for x in range(100, 900, 37) for y in range(80, 500, 29)}
    assert len(colours) > 50
