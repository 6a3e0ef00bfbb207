"""End to end through the command line, with the real vault, registry and watermark.

A film is packaged; a review station plays it for a member: what its screen showed is
each frame marked by ``watermark.Embedder`` with the session id (the player's frame hook
does exactly this; the frames are marked here directly rather than through the player's
headless sink). The recording is attacked (crop, downscale, H.264 re-encode), and the
desk scans it: the right film, the right session, p below 1e-9, its evidence verifies.
The same excerpt of an unmarked copy is "not attributable". Every command given a bad
clip or file answers with a message, never a traceback. The slow variant adds a
camcorder-like copy with a frame-rate change.
"""

from __future__ import annotations

import json
import sys
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from clipmaker import Attack, attacked_copy, read_frames, write_clip
from deskworld import PASS, DeskWorld, make_world, marked_frames

from takedown.cli import main


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("home")


@pytest.fixture(scope="module")
def world(home: Path, sample_clip: Path) -> DeskWorld:
    now = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    return make_world(home, sample_clip, desk_folder="station", now=now)


@pytest.fixture(scope="module")
def screen_recording(world: DeskWorld, sample_clip: Path, home: Path) -> Path:
    frames = marked_frames(read_frames(sample_clip), world.watermark_key, world.session_id)
    return write_clip(home / "screen.mp4", frames, fps=25, crf=16)


@pytest.fixture(autouse=True)
def desk_env(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCREENINGROOM_HOME", str(home))
    monkeypatch.delenv("SCREENINGROOM_PASSPHRASE", raising=False)
    monkeypatch.setenv("USER", "desk.operator")
    monkeypatch.setenv("LOGNAME", "desk.operator")


@pytest.fixture(scope="module")
def passphrase_file(home: Path) -> Path:
    file = home / "desk.pass"
    file.write_text(PASS + "\n")
    file.chmod(0o600)
    return file


LEAK = Attack(height=240, crop=0.04, crf=30)


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_scan_names_the_session_and_spares_the_unmarked(
    world: DeskWorld, screen_recording: Path, sample_clip: Path, home: Path,
    passphrase_file: Path, capsys
) -> None:
    assert _run(capsys, "import-audit", str(world.bundle))[0] == 0
    code, out, _err = _run(capsys, "index", str(world.screener), "--passphrase-file",
                           str(passphrase_file))
    assert code == 0 and world.film_id in out

    leak = attacked_copy(screen_recording, home / "leak.mp4", LEAK, start=1.0, end=7.5)
    code, out, err = _run(capsys, "scan", str(leak), "--seen-at", "https://t.me/kino_leaks/77",
                          "--views", "1200", "--seen-time", "2026-05-01T18:30",
                          "--passphrase-file", str(passphrase_file))
    assert code == 0, err
    assert "Тихий берег" in out and world.film_id in out
    assert f"{world.session_id:016x}" in out and "Room 3" in out
    assert "Mark found under the key of license lic-review-1" in out  # which key matched
    case_id = out.split()[1].rstrip(":")
    evidence = Path(next(line.split(": ", 1)[1] for line in out.splitlines()
                         if line.startswith("Evidence:")))
    with zipfile.ZipFile(evidence) as zf:
        trace = json.loads(zf.read("trace.json"))
        assert trace["verdict"] == "attributed" and trace["p_value"] < 1e-9
        assert trace["threshold"] == 1e-9
        assert trace["session"]["session_id"] == f"{world.session_id:016x}"
        ident = json.loads(zf.read("identification.json"))
        assert ident["offset"] + ident["match_start"] == pytest.approx(1.0, abs=0.5)

    code, out, err = _run(capsys, "verify", str(evidence))
    assert code == 0, out + err
    assert out.strip().splitlines()[-1].startswith("VALID")
    assert "FAIL" not in out and "audit proof: session" in out

    unmarked = attacked_copy(sample_clip, home / "unmarked.mp4", LEAK, start=1.0, end=7.5)
    code, out, err = _run(capsys, "scan", str(unmarked), "--seen-at",
                          "https://pirate.example.kz/film/42", "--passphrase-file",
                          str(passphrase_file))
    assert code == 0, err
    assert "Not attributable" in out and f"{world.session_id:016x}" not in out
    assert world.film_id in out

    code, out, _err = _run(capsys, "cases")
    assert code == 0 and case_id in out and "traced" in out and "identified" in out
    assert f"{world.session_id:016x}" in out  # the case list shows the session
    code, out, _err = _run(capsys, "case", case_id, "--set-status", "sent", "--note",
                           "Telegram")
    assert code == 0 and "sent — Telegram" in out


def test_a_changed_evidence_bundle_is_invalid(home: Path, tmp_path: Path, capsys) -> None:
    bundle = next(p for p in (home / "desk" / "evidence").rglob("*.zip")
                  if "session.json" in zipfile.ZipFile(p).namelist())
    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(bundle) as src, zipfile.ZipFile(forged, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "session.json":
                data = data.replace(b"aigerim.s", b"someone.e")
            dst.writestr(item, data)
    code, out, err = _run(capsys, "verify", str(forged))
    assert code == 1 and "Traceback" not in err
    assert "FAIL signature and file hashes" in out and "INVALID" in err


def test_every_command_answers_a_bad_file_with_a_message(home: Path, tmp_path: Path,
                                                         capsys) -> None:
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"\x00" * 1000)
    code, _out, err = _run(capsys, "scan", str(junk), "--seen-at", "https://t.me/kino/5")
    assert code == 2 and "Traceback" not in err and "Not a video" in err
    code, _out, err = _run(capsys, "scan", str(junk), "--seen-at", "t.me/kino")
    assert code == 2 and "Telegram message link" in err
    code, _out, err = _run(capsys, "case", "TD-1999-0001")
    assert code == 2 and "No case" in err
    for command in (("import-audit", str(junk)), ("index", str(junk)),
                    ("verify", str(junk)), ("trust", "install", str(junk))):
        code, _out, err = _run(capsys, *command)
        assert code in (1, 2) and "Traceback" not in err and err.strip(), command


@pytest.mark.slow
def test_camcorded_copy_with_frame_rate_change(
    world: DeskWorld, screen_recording: Path, home: Path, passphrase_file: Path, capsys
) -> None:
    _run(capsys, "import-audit", str(world.bundle))
    _run(capsys, "index", str(world.screener), "--passphrase-file", str(passphrase_file))
    cam = attacked_copy(screen_recording, home / "cam.mp4",
                        Attack(height=288, camcord=True, fps=30, crf=28), start=0.5, end=7.9)
    code, out, err = _run(capsys, "scan", str(cam), "--seen-at", "https://t.me/kino_leaks/90",
                          "--passphrase-file", str(passphrase_file))
    assert code == 0, err
    assert f"{world.session_id:016x}" in out


def test_a_watermark_error_inside_a_scan_is_a_desk_error(tmp_path: Path, sample_clip: Path,
                                                         monkeypatch, capsys) -> None:
    # a station that recorded its session under a watermark profile this desk does not know
    from stations import enroll, record_sessions

    home = tmp_path / "home"
    now = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    world = make_world(home, sample_clip, desk_folder="station", now=now)
    newer, cert = enroll(world, "newer", now=now)
    bundle = record_sessions(newer, cert, tmp_path / "n.sqlite3", tmp_path / "n.srbundle",
                             [(0x99, now + timedelta(hours=1), now + timedelta(hours=2))],
                             film_id=world.film_id, license_id="lic-n",
                             export_at=now + timedelta(hours=3), profile="sr-next/9")
    monkeypatch.setenv("SCREENINGROOM_HOME", str(home))
    monkeypatch.setenv("SCREENINGROOM_PASSPHRASE", PASS)
    assert main(["import-audit", str(bundle)]) == 0
    assert main(["index", str(world.screener)]) == 0
    clip = attacked_copy(sample_clip, tmp_path / "copy.mp4", LEAK, start=1.0, end=7.5)
    capsys.readouterr()
    code = main(["scan", str(clip), "--seen-at", "https://t.me/kino_leaks/5"])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert "Unknown watermark profile sr-next/9" in err
    assert main(["cases"]) == 0 and "No cases." in capsys.readouterr().out


def test_a_session_marked_with_the_tile_profile_is_traced_with_it(
        tmp_path: Path, sample_clip: Path, monkeypatch, capsys) -> None:
    """A station set to mark with sr-lf-tile/1 records that profile in its sessions; the
    desk reads the copy under that profile (through the master, as it reads sr-lf/1) and
    names the session."""
    from stations import enroll, record_sessions

    from screeningroom.vault import read_manifest

    home = tmp_path / "home"
    now = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    world = make_world(home, sample_clip, desk_folder="station", now=now)
    tiled, cert = enroll(world, "tiled", now=now)
    sid = 0x7117_0000_0000_0011
    bundle = record_sessions(tiled, cert, tmp_path / "t.sqlite3", tmp_path / "t.srbundle",
                             [(sid, now + timedelta(hours=1), now + timedelta(hours=2))],
                             film_id=world.film_id, license_id="lic-tiled",
                             export_at=now + timedelta(hours=3), profile="sr-lf-tile/1")
    key = world.authority.forensic_keys(
        world.film_id, read_manifest(world.screener).manifest_hash).for_license("lic-tiled")
    screen = write_clip(tmp_path / "screen.mp4",
                        marked_frames(read_frames(sample_clip), key, sid, "sr-lf-tile/1"),
                        fps=25, crf=16)
    leak = attacked_copy(screen, tmp_path / "leak.mp4", LEAK, start=1.0, end=7.5)
    monkeypatch.setenv("SCREENINGROOM_HOME", str(home))
    monkeypatch.setenv("SCREENINGROOM_PASSPHRASE", PASS)
    assert main(["import-audit", str(bundle)]) == 0
    assert main(["index", str(world.screener)]) == 0
    capsys.readouterr()
    code, out, err = _run(capsys, "scan", str(leak), "--seen-at", "https://t.me/kino_leaks/8")
    assert code == 0, err
    assert f"{sid:016x}" in out and "Mark found under the key of license lic-tiled" in out
    evidence = Path(next(line.split(": ", 1)[1] for line in out.splitlines()
                         if line.startswith("Evidence:")))
    with zipfile.ZipFile(evidence) as zf:
        trace = json.loads(zf.read("trace.json"))
    assert trace["verdict"] == "attributed" and trace["session"]["profile"] == "sr-lf-tile/1"
