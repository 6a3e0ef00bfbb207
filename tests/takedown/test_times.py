"""Times: typed without a zone they are read in the desk's zone (default the local zone),
the help and the output say which zone, and every time printed carries it. The office's
``license issue`` warns when the window it was given is already over."""

from __future__ import annotations

import re
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from deskworld import PASS, make_world

from takedown import zone
from takedown.errors import TakedownInputError

ALMATY = "Asia/Almaty"  # UTC+05:00
TIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?")
ZONED = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?( UTC| [+-]\d\d:\d\d \S+)")


@pytest.fixture
def almaty():
    zone.use(zone.zone_named(ALMATY))
    yield
    zone.use(None)


def test_a_time_without_a_zone_is_read_in_the_desks_zone(almaty) -> None:
    now = datetime(2026, 5, 1, 14, 0, tzinfo=UTC)  # 19:00 in Almaty
    seen = zone.parse_time("2026-05-01T18:30", now)  # an Almaty evening, not the future
    assert seen == datetime(2026, 5, 1, 13, 30, tzinfo=UTC)
    assert zone.parse_time("2026-05-01T18:30Z", datetime(2026, 5, 2, tzinfo=UTC)).hour == 18
    with pytest.raises(TakedownInputError, match=r"future \(now is 2026-05-01 19:00 \+05:00"):
        zone.parse_time("2026-05-01T19:30", now)


def test_every_time_shown_says_its_zone(almaty) -> None:
    text = zone.format_time(datetime(2026, 5, 1, 13, 30, tzinfo=UTC))
    assert text == "2026-05-01 18:30 +05:00 Asia/Almaty"
    zone.use(zone.zone_named("UTC"))
    assert zone.format_time(datetime(2026, 5, 1, 13, 30, tzinfo=UTC)) == "2026-05-01 13:30 UTC"


def test_the_zone_is_the_desks_setting_said_in_help_and_output(tmp_path: Path, monkeypatch,
                                                               capsys) -> None:
    from takedown.cli import build_parser, main

    monkeypatch.setenv("SCREENINGROOM_HOME", str(tmp_path))
    try:
        assert main(["zone", "--set", ALMATY]) == 0
        assert "Asia/Almaty (+05:00)" in capsys.readouterr().out
        assert zone.load_zone(tmp_path / "desk").key == ALMATY
        help_text = build_parser()._subparsers._group_actions[0].choices["scan"].format_help()
        assert "desk's zone (Asia/Almaty" in " ".join(help_text.split())
        assert main(["zone", "--set", "Mars/Olympus"]) == 2
        assert "Unknown time zone" in capsys.readouterr().err
    finally:
        zone.use(None)


def test_every_time_the_case_commands_print_carries_its_zone(tmp_path: Path, sample_clip: Path,
                                                            monkeypatch, capsys) -> None:
    from clipmaker import synthetic_frames, write_clip

    from takedown.cli import main

    home = tmp_path / "home"
    now = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    world = make_world(home, sample_clip, desk_folder="station", now=now)
    monkeypatch.setenv("SCREENINGROOM_HOME", str(home))
    monkeypatch.setenv("SCREENINGROOM_PASSPHRASE", PASS)
    try:
        assert main(["zone", "--set", ALMATY]) == 0
        assert main(["import-audit", str(world.bundle)]) == 0
        clip = write_clip(tmp_path / "other.mp4", synthetic_frames(5, 8.0, fps=12), fps=12)
        assert main(["scan", str(clip), "--seen-at", "https://t.me/kino/5",
                     "--seen-time", "2026-05-01T18:30"]) == 0
        out = capsys.readouterr().out
        assert "2026-05-01 18:30 +05:00 Asia/Almaty" in out  # read and shown in Almaty time
        case_id = out.split()[1].rstrip(":")
        for command in (["case", case_id], ["stations"], ["findings"], ["film", "x"]):
            main(command)
            printed = capsys.readouterr().out
            assert len(TIME.findall(printed)) == len(ZONED.findall(printed)), printed
        main(["cases"])
        assert "Times in Asia/Almaty" in capsys.readouterr().out
    finally:
        zone.use(None)


def test_license_issue_warns_when_the_window_is_already_over(tmp_path: Path, sample_clip: Path,
                                                             monkeypatch, capsys) -> None:
    from screeningroom.cli import main

    world = make_world(tmp_path / "w", sample_clip)
    cert = tmp_path / "station.src"
    cert.write_bytes(world.review_cert)
    secret = tmp_path / "pass.txt"
    secret.write_text(PASS + "\n")
    monkeypatch.setenv("SCREENINGROOM_HOME", str(world.root))
    common = ["license", "issue", "--film", str(world.screener), "--station", str(cert),
              "--members", "m1", "--max-sessions", "1", "--passphrase-file", str(secret)]
    code = main([*common, "--not-before", "2020-01-01", "--not-after", "2021-01-01",
                 "--out", str(tmp_path / "old.srl")])
    err = capsys.readouterr().err
    assert code == 0 and "window ended on 2021-01-01" in err
    code = main([*common, "--not-before", "2020-01-01", "--not-after", "2099-01-01",
                 "--out", str(tmp_path / "new.srl")])
    assert code == 0 and "Warning" not in capsys.readouterr().err
