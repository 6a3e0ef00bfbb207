"""``screeningroom member``, ``audit`` and ``sessions`` end to end, with a real certified
station in a temporary SCREENINGROOM_HOME."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "station passphrase 1"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An authority and a certified station (fast key-file Scrypt), all under tmp_path."""
    from screeningroom.vault.authority import init_authority, load_authority
    from screeningroom.vault.keyfile import ScryptParams
    from screeningroom.vault.station import REQUEST_FILE, init_station, install_certificate

    monkeypatch.setenv("SCREENINGROOM_HOME", str(tmp_path))
    fast = ScryptParams(log2_n=10)
    anchor = init_authority("Review Office", "authority passphrase", scrypt=fast)
    init_station("Almaty 1", "Hall 2", PASSPHRASE, anchor.signed_bytes, scrypt=fast)
    authority = load_authority("authority passphrase")
    request = (tmp_path / "station" / REQUEST_FILE).read_bytes()
    install_certificate(authority.certify(request, 30))
    return tmp_path


def run(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environ = dict(os.environ, SCREENINGROOM_HOME=str(home), SCREENINGROOM_LANG="en",
                   SCREENINGROOM_PASSPHRASE=PASSPHRASE, PYTHONPATH=str(ROOT))
    environ.pop("SCREENINGROOM_MEMBER_PASSWORD", None)
    environ.update(env)
    return subprocess.run([sys.executable, "-m", "screeningroom.cli", *args],
                          capture_output=True, text=True, timeout=120, env=environ,
                          stdin=subprocess.DEVNULL)


def test_members_audit_and_sessions(home: Path, tmp_path: Path) -> None:
    from screeningroom.registry import Registry, anchor_verifier, load_bundle
    from screeningroom.vault.station import load_station

    secret = tmp_path / "pw.txt"
    secret.write_text("correct horse battery\n", encoding="utf-8")
    out = run(home, "member", "add", "aigerim", "--name", "Айгерім Серікқызы",
              "--password-file", str(secret))
    assert out.returncode == 0, out.stderr
    assert "Enrolled aigerim" in out.stdout
    out = run(home, "member", "add", "bolat", "--name", "Bolat",
              SCREENINGROOM_MEMBER_PASSWORD="another good one")
    assert out.returncode == 0, out.stderr
    listed = run(home, "member", "list")
    assert listed.returncode == 0, listed.stderr
    assert "aigerim" in listed.stdout and "Айгерім Серікқызы" in listed.stdout
    assert "bolat" in listed.stdout

    station = load_station(PASSPHRASE)
    with Registry.open(None, station) as registry:
        registry.authenticate("aigerim", "correct horse battery")
        session = registry.start_session("aigerim", "FILM-1", "LIC-1", "kz-2026-a",
                                         room=station.room)
        registry.end_session(session.session_id)

    sessions = run(home, "sessions")
    assert sessions.returncode == 0, sessions.stderr
    assert session.short_id in sessions.stdout and "clean" in sessions.stdout

    verify = run(home, "audit", "verify")
    assert verify.returncode == 0, verify.stderr
    assert "intact: 5 records" in verify.stdout  # two enrolments, a login, a session

    bundle = tmp_path / "out" / "station.srab"
    export = run(home, "audit", "export", "--out", str(bundle))
    assert export.returncode == 0, export.stderr
    loaded = load_bundle(bundle, verify_certificate=anchor_verifier(station.anchor))
    assert loaded.station_id == station.station_id
    assert loaded.room == "Hall 2"
    assert loaded.session(session.session_id).member_id == "aigerim"

    db = sqlite3.connect(home / "registry.sqlite3")
    db.execute("DROP TRIGGER audit_log_no_update")
    db.execute("UPDATE audit_log SET member_id = 'bolat' WHERE seq = 4")
    db.commit()
    db.close()
    broken = run(home, "audit", "verify")
    assert broken.returncode == 1
    assert "broken at record 4" in broken.stderr and "Traceback" not in broken.stderr
    refused = run(home, "audit", "export", "--out", str(tmp_path / "again.srab"))
    assert refused.returncode == 1 and "broken at record 4" in refused.stderr
    assert not (tmp_path / "again.srab").exists()


def test_bad_input_is_a_clear_error(home: Path, tmp_path: Path) -> None:
    no_password = run(home, "member", "add", "aigerim", "--name", "A")
    assert no_password.returncode == 2
    assert "--password-file" in no_password.stderr
    missing = run(home, "member", "add", "aigerim", "--name", "A",
                  "--password-file", str(tmp_path / "nope.txt"))
    assert missing.returncode == 2 and "nope.txt" in missing.stderr
    short = run(home, "member", "add", "aigerim", "--name", "A",
                SCREENINGROOM_MEMBER_PASSWORD="short")
    assert short.returncode == 2 and "too short" in short.stderr
    wrong = run(home, "member", "list", SCREENINGROOM_PASSPHRASE="not the passphrase")
    assert wrong.returncode != 0 and "Traceback" not in wrong.stderr
    url = run(home, "sessions", "--registry", "mysql://db/registry")
    assert url.returncode == 2 and "sqlite" in url.stderr
    empty = run(home, "member", "list")
    assert empty.returncode == 0 and "No members" in empty.stdout


def test_member_unlock_and_audit_verify_of_edited_tables(home: Path, tmp_path: Path) -> None:
    from screeningroom.registry import AccountLocked, Registry, WrongPassword
    from screeningroom.vault.station import load_station

    station = load_station(PASSPHRASE)
    with Registry.open(None, station) as registry:
        registry.add_member("aigerim", "Aigerim", "correct horse battery")
        for _ in range(registry.settings.max_failed_logins):
            with pytest.raises((WrongPassword, AccountLocked)):
                registry.authenticate("aigerim", "wrong")
        with pytest.raises(AccountLocked):
            registry.authenticate("aigerim", "correct horse battery")
    unlocked = run(home, "member", "unlock", "aigerim", "--by", "Station admin")
    assert unlocked.returncode == 0, unlocked.stderr
    assert "recorded in the audit log" in unlocked.stdout
    with Registry.open(None, station) as registry:
        registry.authenticate("aigerim", "correct horse battery")
        records = [r for r in registry.records() if r.event.value == "member_unlock"]
        assert [r.detail for r in records] == [{"by": "Station admin"}]
    unknown = run(home, "member", "unlock", "nobody")
    assert unknown.returncode == 1 and "nobody" in unknown.stderr
    assert run(home, "audit", "verify").returncode == 0

    db = sqlite3.connect(home / "registry.sqlite3")
    db.execute("UPDATE members SET locked_until_us = 99, failed_attempts = 0")
    db.commit()
    db.close()
    edited = run(home, "audit", "verify")
    assert edited.returncode == 1 and "Traceback" not in edited.stderr
    assert "tables were changed" in edited.stderr and "aigerim" in edited.stderr
