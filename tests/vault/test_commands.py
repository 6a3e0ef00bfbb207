"""The vault's command line end to end, non-interactively, with its exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from screeningroom.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_enrol_package_license_import_verify(home: Path, tmp_path: Path, sample_clip: Path,
                                             capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "pass.txt"
    secret.write_text("authority passphrase\n")
    monkeypatch.chdir(tmp_path)
    pf = ("--passphrase-file", str(secret))
    assert run(capsys, "authority", "init", "--name", "Office", *pf)[0] == 0
    code, _out, err = run(capsys, "authority", "init", "--name", "Office", *pf)
    assert code == 2 and "already exists" in err
    monkeypatch.setenv("SCREENINGROOM_PASSPHRASE", "station passphrase")
    anchor = str(home / "authority" / "anchor.sra")
    assert run(capsys, "station", "init", "--name", "S", "--room", "R1", "--anchor", anchor)[0] == 0
    monkeypatch.delenv("SCREENINGROOM_PASSPHRASE")
    assert run(capsys, "authority", "certify", str(home / "station" / "request.srq"),
               "--days", "10", "--out", "st.src", *pf)[0] == 0
    assert run(capsys, "station", "install", "st.src")[0] == 0
    code, _out, err = run(capsys, "package", str(sample_clip), "--film-id", "F1", "--title", "T",
                          "--register-no", "R", "--declared-age", "13+", "--rights-holder", "H",
                          "--out", "f.scr", *pf)
    assert code == 2 and "age category" in err
    code, out, _err = run(capsys, "package", str(sample_clip), "--film-id", "F1", "--title", "T",
                          "--register-no", "R", "--declared-age", "under 6",
                          "--rights-holder", "H", "--out", "f.scr", *pf)
    assert code == 0 and "f.scr" in out
    code, out, _err = run(capsys, "license", "issue", "--film", "f.scr", "--station", "st.src",
                          "--members", "m1,m2", "--not-before", "2020-01-01",
                          "--not-after", "2099-01-01", "--max-sessions", "2", "--pq",
                          "--visible-overlay", "--out", "l.srl", *pf)
    assert code == 0
    assert run(capsys, "station", "import", "f.scr", "l.srl")[0] == 0
    code, out, _err = run(capsys, "verify", "l.srl")
    assert code == 0 and "MLKEM768_X25519" in out and "VALID" in out
    code, out, _err = run(capsys, "verify", "f.scr")
    assert code == 0 and "under 6" in out
    data = bytearray(Path("f.scr").read_bytes())
    data[200] ^= 1
    Path("bad.scr").write_bytes(bytes(data))
    code, out, _err = run(capsys, "verify", "bad.scr")
    assert code == 1 and "tampered-screener" in out and "chunk 0" in out
    Path("junk.txt").write_text("hello")
    code, _out, err = run(capsys, "verify", "junk.txt")
    assert code == 2 and "not a screener" in err
    code, _out, err = run(capsys, "authority", "certify", "st.src", "--days", "10",
                          "--passphrase-file", str(secret))
    assert code == 1 and "enrollment request" in err
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("nope nope")
    code, _out, err = run(capsys, "authority", "revoke", "--license", "x",
                          "--passphrase-file", str(wrong))
    assert code == 1 and "passphrase" in err
    assert run(capsys, "authority", "revoke", "--license", "x", "--out", "r.srr", *pf)[0] == 0
    assert run(capsys, "station", "import", "r.srr")[0] == 0
    code, out, _err = run(capsys, "verify", "l.srl")  # checked against the installed list
    assert code == 0 and "revocation list: number 1: not revoked" in out
    monkeypatch.setenv("SCREENINGROOM_PASSPHRASE", "station passphrase")
    code, out, _err = run(capsys, "station", "list")
    assert code == 0 and "F1" in out and "playable" in out
    # a copy with one flipped byte in a chunk is refused and replaces nothing
    installed = next((home / "station" / "screeners").glob("*.scr"))
    kept = installed.read_bytes()
    code, _out, err = run(capsys, "station", "import", "bad.scr")
    assert code == 1 and "chunk 0" in err and "Traceback" not in err
    assert installed.read_bytes() == kept
    code, out, _err = run(capsys, "station", "list")
    assert code == 0 and "playable" in out
    # a file damaged in place is listed as invalid, never playable
    installed.write_bytes(bytes(data))
    code, out, _err = run(capsys, "station", "list")
    assert code == 0 and "invalid" in out and "playable" not in out
    # a key file is checked as far as it can be, and says so
    code, out, _err = run(capsys, "verify", str(home / "station" / "station.key"))
    assert code == 0 and "LAYOUT VALID" in out and "passphrase" in out


def test_no_passphrase_without_a_terminal(home: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code, _out, err = run(capsys, "authority", "init", "--name", "Office")
    assert code == 2 and "--passphrase-file" in err


def test_the_first_empty_revocation_list_can_be_issued(home: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A new office issues list 1 with nothing on it (the desk and every license need a
    list); a list naming nothing new later repeats the earlier revocations under a new
    number."""
    from screeningroom.vault import read_anchor
    from screeningroom.vault.records import parse_revocations, signed_by

    secret = tmp_path / "pass.txt"
    secret.write_text("authority passphrase\n")
    monkeypatch.chdir(tmp_path)
    pf = ("--passphrase-file", str(secret))
    assert run(capsys, "authority", "init", "--name", "Office", *pf)[0] == 0
    code, out, err = run(capsys, "authority", "revoke", *pf)
    assert (code, err) == (0, "") and "number 1" in out
    anchor = read_anchor(home / "authority" / "anchor.sra")
    first = parse_revocations(Path("revocations-1.srr").read_bytes())
    assert (first.sequence, first.stations, first.licenses) == (1, (), ())
    assert signed_by(first, anchor.public_key)
    code, out, _err = run(capsys, "verify", "revocations-1.srr")
    assert code == 0 and "VALID" in out
    assert run(capsys, "authority", "revoke", "--license", "lic-9", *pf)[0] == 0
    assert run(capsys, "authority", "revoke", *pf)[0] == 0
    third = parse_revocations(Path("revocations-3.srr").read_bytes())
    assert (third.sequence, third.licenses) == (3, ("lic-9",))
