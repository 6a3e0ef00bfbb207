"""The demo and play commands as a person runs them, in child processes on a virtual X
screen: a demo longer than the film ends cleanly; error lines follow ``--lang``; the demo
runs on a station of one's own; ``play`` opens the player window for a licensed film,
with the password asked, and a refusal is one line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _cli(args, *, home, display=None, stdin="", passphrase=None, timeout=240):
    env = {key: value for key, value in os.environ.items()
           if key not in ("SCREENINGROOM_LANG", "DISPLAY", "WAYLAND_DISPLAY")}
    env["SCREENINGROOM_HOME"] = str(home)
    env["QT_QPA_PLATFORM"] = "xcb"
    if display:
        env["DISPLAY"] = display
    if passphrase is not None:
        env["SCREENINGROOM_PASSPHRASE"] = passphrase
    else:
        env.pop("SCREENINGROOM_PASSPHRASE", None)
    return subprocess.run(
        [sys.executable, "-X", "faulthandler", "-m", "screeningroom.cli", *args],
        input=stdin, capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT,
        start_new_session=True,  # no terminal: the password comes from standard input
    )


def _own_station(station) -> Path:
    """The demo station without its demo marker: a station like any other."""
    home = Path(station.home)
    (home / "demo.json").unlink()
    return home


@pytest.mark.xvfb
def test_a_demo_longer_than_the_film_ends_cleanly(station, tmp_path) -> None:
    done = _cli(["--lang", "en", "demo", "--home", station.home, "--out", str(tmp_path),
                 "--seconds", "30"], home=station.home)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr and "Fatal Python error" not in done.stderr
    assert "The film ended after" in done.stdout
    assert "Played" in done.stdout and (tmp_path / "3-player.png").exists()
    from screeningroom import vault
    from screeningroom.registry import Registry

    keys = vault.load_station(station.passphrase, folder=Path(station.home) / "station")
    with Registry.open(Path(station.home) / "registry.sqlite3", keys) as registry:
        last = [r for r in registry.records() if r.event.name == "END"][-1]
    assert last.detail["ended"] == "finished"


@pytest.mark.xvfb
def test_errors_after_the_window_opened_follow_lang(station, tmp_path) -> None:
    home = _own_station(station)
    done = _cli(["--lang", "en", "demo", "--home", str(home), "--out", str(tmp_path),
                 "--member", station.member_id], home=home, stdin="not the password\n",
                passphrase=station.passphrase)
    assert done.returncode == 1, done.stderr[-3000:]
    lines = [line for line in done.stderr.splitlines() if "log in" in line]
    assert lines and "The member could not log in" in lines[-1]
    assert "Traceback" not in done.stderr
    assert not any("\u0400" <= ch <= "\u04ff" for ch in done.stderr)  # no Cyrillic


@pytest.mark.xvfb
def test_the_demo_runs_on_a_station_of_ones_own(station, tmp_path) -> None:
    home = _own_station(station)
    done = _cli(["--lang", "en", "demo", "--home", str(home), "--out", str(tmp_path),
                 "--member", station.member_id, "--film", station.main_film,
                 "--seconds", "1.5"], home=home, stdin=station.password + "\n",
                passphrase=station.passphrase)
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"member {station.member_id} plays {station.main_film}" in done.stdout
    assert (tmp_path / "3-player.png").exists() and not (tmp_path / "4-refusal.png").exists()


@pytest.mark.xvfb
def test_play_opens_the_player_window_for_a_licensed_film(station, xdisplay) -> None:
    done = _cli(["--lang", "en", "play", station.main_film, "--member", station.member_id,
                 "--seconds", "2"], home=station.home, display=xdisplay,
                stdin=station.password + "\n", passphrase=station.passphrase)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Member's password:" in done.stderr  # asked, not taken from the command line
    assert "frames shown, stopped." in done.stdout
    assert int(done.stdout.split("Session ")[1].split(":")[1].split()[0]) > 0


@pytest.mark.xvfb
def test_play_refusals_are_one_line(station, xdisplay) -> None:
    later = _cli(["--lang", "en", "play", station.later_film, "--member", station.member_id],
                 home=station.home, display=xdisplay, stdin=station.password + "\n",
                 passphrase=station.passphrase)
    assert later.returncode == 1 and "Traceback" not in later.stderr
    assert "error: The screening window has not opened yet" in later.stderr.splitlines()[-1]
    unknown = _cli(["--lang", "en", "play", "KZ-NONE", "--member", station.member_id],
                   home=station.home, display=xdisplay, stdin=station.password + "\n",
                   passphrase=station.passphrase)
    assert unknown.returncode == 2 and station.main_film in unknown.stderr
    wrong = _cli(["--lang", "en", "play", station.main_film, "--member", station.member_id],
                 home=station.home, display=xdisplay, stdin="nope\n",
                 passphrase=station.passphrase)
    assert wrong.returncode != 0 and "Traceback" not in wrong.stderr
    headless = _cli(["--lang", "en", "play", station.main_film, "--member", station.member_id],
                    home=station.home, stdin=station.password + "\n",
                    passphrase=station.passphrase)
    assert headless.returncode == 1 and "No display" in headless.stderr
