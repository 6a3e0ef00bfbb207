"""``takedown watch ...`` as a person types it, on a desk whose watch.json points the
Telegram preview at the local server."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from watchpages import FakeChannel, Message
from watchserver import LocalServer, Route

from takedown.cli import main


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, server: LocalServer) -> Path:
    monkeypatch.setenv("SCREENINGROOM_HOME", str(tmp_path))
    desk = tmp_path / "desk"
    desk.mkdir()
    (desk / "watch.json").write_text(json.dumps({
        "version": 1, "telegram_web": server.base, "host_interval": 0, "timeout": 3,
        "backoff": 0.01, "first_pages": 2, "private_addresses": True}),
        encoding="utf-8")
    return tmp_path


def _channel(server: LocalServer, clip: Path) -> FakeChannel:
    server.routes["/v/1.mp4"] = Route(file=clip, content_type="video/mp4")
    channel = FakeChannel(server, "kinoleaks")
    channel.post(Message(1, text="hello"),
                 Message(2, text="Тихий берег 1080p", video=server.url("/v/1.mp4"),
                         links=("https://t.me/kinoleaks_mirror",)))
    return channel


def test_add_list_poll_findings_leads_queue_remove(home: Path, server: LocalServer,
                                                   sample_clip: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    _channel(server, sample_clip)
    assert main(["watch", "add", "https://t.me/s/kinoleaks", "--every", "10"]) == 0
    assert "Watching @kinoleaks (Telegram channel) every 10 min" in capsys.readouterr().out
    assert main(["watch", "add", "@KinoLeaks"]) == 0
    assert "already on the watch list" in capsys.readouterr().out
    assert main(["watch", "poll"]) == 0
    out = capsys.readouterr().out
    assert "@kinoleaks: new posts: 2, new videos: 1, seen before: 0, removed: 0" in out
    assert "new video: New video at https://t.me/kinoleaks/2" in out
    assert "1 new leads" in out
    assert main(["watch", "list"]) == 0
    out = capsys.readouterr().out
    assert "@kinoleaks" in out and "UTC" in out
    assert main(["watch", "findings"]) == 0
    assert "case TD-2026-0001 opened, scan queued." in capsys.readouterr().out
    assert main(["watch", "queue"]) == 0
    assert "queued" in capsys.readouterr().out
    assert main(["watch", "leads"]) == 0
    assert "@kinoleaks_mirror" in capsys.readouterr().out
    assert main(["watch", "leads", "--add", "@kinoleaks_mirror"]) == 0
    assert "Watching @kinoleaks_mirror every 30 min" in capsys.readouterr().out
    assert main(["watch", "remove", "@kinoleaks"]) == 0
    assert "@kinoleaks is off the watch list" in capsys.readouterr().out
    assert main(["watch", "list"]) == 0
    out = capsys.readouterr().out
    assert "@kinoleaks_mirror" in out and "@kinoleaks " not in out
    assert main(["cases"]) == 0
    assert "Тихий берег 1080p" in capsys.readouterr().out


@pytest.mark.parametrize(("argv", "message"), [
    (["watch", "add", "https://t.me/+AbCdEf"], "invite to a private channel"),
    (["watch", "add", "@filmsbot"], "is a bot"),
    (["watch", "add", "@ab"], "Not a public Telegram channel name"),
    (["watch", "add", "ftp://films.example/x"], "Only http and https"),
    (["watch", "add", "@kinoleaks", "--every", "0.5"], "at least 60 s"),
    (["watch", "remove", "@nothere"], "not on the watch list"),
    (["watch", "leads", "--add", "99"], "No lead 99"),
])
def test_bad_input_is_one_clear_line(home: Path, argv: list[str], message: str,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_a_broken_settings_file_is_a_clear_error(home: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    (home / "desk" / "watch.json").write_text('{"version": 1, "timeout": "soon"}')
    assert main(["watch", "list"]) == 1
    assert "timeout in the watch settings file" in capsys.readouterr().err


@contextlib.contextmanager
def _as_from_a_terminal() -> Iterator[None]:
    """Children started inside get SIGINT as a terminal's foreground job has it. A suite run
    in the background (``cmd &``, some CI runners) has SIGINT ignored, and a child inherits
    that; a handler set here is reset to the default at exec, where Python sets its own."""
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_run_stops_cleanly_on_ctrl_c_and_a_rerun_goes_on(home: Path, server: LocalServer,
                                                         sample_clip: Path,
                                                         stop: signal.Signals) -> None:
    channel = _channel(server, sample_clip)
    assert main(["watch", "add", "@kinoleaks", "--every", "1"]) == 0
    env = dict(os.environ, SCREENINGROOM_HOME=str(home), SCREENINGROOM_LANG="en")
    with _as_from_a_terminal():
        proc = subprocess.Popen([sys.executable, "-m", "takedown.cli", "watch", "run"],
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
    try:
        deadline = time.monotonic() + 60
        while not server.hits_of("/v/1.mp4") and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1.0)  # the first poll is recorded; the loop now waits for the next
        proc.send_signal(stop)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "Stopped. The next run goes on from here." in out
    assert "Traceback" not in err
    channel.post(Message(3, text="next film", video=server.url("/v/1.mp4") + "?again"))
    server.routes["/v/1.mp4?again"] = Route(file=sample_clip, content_type="video/mp4")
    out = subprocess.run([sys.executable, "-m", "takedown.cli", "watch", "run", "--once"],
                         env=env, capture_output=True, text=True, timeout=120)
    # the poll after the break is not due yet (every minute): --once polls nothing early
    assert out.returncode == 0, out.stderr
    out = subprocess.run([sys.executable, "-m", "takedown.cli", "watch", "poll"], env=env,
                         capture_output=True, text=True, timeout=120)
    assert "new posts: 1, new videos: 0, seen before: 1" in out.stdout, out.stdout + out.stderr
