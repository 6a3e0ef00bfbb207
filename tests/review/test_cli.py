"""The review's command line on a real station (``$SCREENINGROOM_HOME``): session ids
across the whole 64-bit range, the member's password, withdrawn notes, refusals."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from screeningroom.cli import main
from screeningroom.review.store import ReviewStore

from .conftest import EDGE_IDS


def _note(home, member: str, at: str, text: str, *, session: int | None = None,
          password: str | None = None) -> int:
    sid = home.sessions[member] if session is None else session
    return main(["review", "note", "--session", f"{sid:016x}", "--member", member,
                 "--film", home.film_id, "--at", at, text,
                 *home.station_args(member, password)])


def test_notes_on_sessions_above_2_63_from_the_command_line(home, capsys) -> None:
    """Session ids >= 2**63 failed with OverflowError on stderr."""
    assert _note(home, "m1", "0:00:02", "cut") == 0          # session 2**63
    assert _note(home, "m2", "3", "blood") == 0              # session 2**64 - 1
    assert _note(home, "m3", "0:00:04.5", "smoke") == 0      # session 1
    capsys.readouterr()
    assert main(["review", "notes", "--member", "m2", "--film", home.film_id]) == 0
    assert "ffffffffffffffff" in capsys.readouterr().out
    with ReviewStore() as store:
        ids = sorted(n.session_id for n in store.notes())
    assert ids == [1, 2**63, 2**64 - 1]


@pytest.mark.parametrize("bad", ["123", "0x8000000000000000", "10000000000000000",
                                 "0000000000000000", "zzzzzzzzzzzzzzzz", "-1"])
def test_a_session_id_is_exactly_16_hex_digits(home, capsys, bad) -> None:
    code = main(["review", "note", "--session", bad, "--member", "m1", "--film", home.film_id,
                 "--at", "1", "x", *home.station_args("m1")])
    assert code == 2
    assert "16 hex digits" in capsys.readouterr().err


def test_a_note_on_another_members_session_is_refused(home, capsys) -> None:
    assert _note(home, "m1", "1", "not mine", session=home.sessions["m2"]) == 1
    assert "is not a session of member m1" in capsys.readouterr().err
    with ReviewStore() as store:
        assert store.notes() == []


def test_a_note_needs_the_members_password(home, capsys) -> None:
    assert _note(home, "m1", "1", "x", password="dana password") == 1
    err = capsys.readouterr().err
    assert "The member id m1 or its password is not right: 4 attempts left" in err


def test_empty_notes_and_notes_past_the_end_are_refused(home, capsys) -> None:
    """The CLI took --at 99:59:59 on a 5-second film."""
    assert _note(home, "m1", "99:59:59", "late") == 2
    assert "past the end of the film (0:00:05)" in capsys.readouterr().err
    assert _note(home, "m1", "1", "   ") == 2
    assert "A note needs text" in capsys.readouterr().err
    assert _note(home, "m1", "0:00:05", "last frame") == 0


def test_withdraw_from_the_command_line(home, capsys) -> None:
    assert _note(home, "m1", "1", "accidental") == 0
    with ReviewStore() as store:
        (note,) = store.notes()
    assert main(["review", "withdraw", str(note.note_id), "--member", "m2",
                 *home.station_args("m2")]) == 1                  # not hers
    assert main(["review", "withdraw", str(note.note_id), "--member", "m1",
                 *home.station_args("m1")]) == 0
    capsys.readouterr()
    assert main(["review", "notes", "--member", "m1", "--film", home.film_id]) == 0
    assert "Withdrawn notes: 1" in capsys.readouterr().out
    with ReviewStore() as store:
        assert store.notes() == [] and len(store.notes(withdrawn=True)) == 1


def test_export_from_the_command_line_is_member_signed(home, capsys) -> None:
    from screeningroom.review.model import (
        KazakhVersion,
        LanguageFindings,
        Recommendation,
        ReleaseLanguage,
        ReviewForm,
    )
    from screeningroom.review.verify import verify_report
    from screeningroom.vault.checks import load_anchor

    with ReviewStore() as store:
        from screeningroom.review.law import AgeCategory

        store.save_form(ReviewForm(home.film_id, "m1", AgeCategory.AGE_21,
                                   language=LanguageFindings((ReleaseLanguage.KAZAKH,),
                                                             KazakhVersion.ORIGINAL),
                                   recommendation=Recommendation.ISSUE))
    out = home.root / "r.pdf"
    assert main(["review", "export", "--film", home.film_id, "--member", "m1", "--out",
                 str(out), *home.station_args("m1", "wrong password")]) == 1
    assert not out.exists()
    assert main(["review", "export", "--film", home.film_id, "--member", "m1", "--out",
                 str(out), *home.station_args("m1")]) == 0
    check = verify_report(out, anchors=[load_anchor(home.anchor_path.read_bytes())])
    assert check.member_signed and check.session_ids == (f"{2**63:016x}",)
    capsys.readouterr()
    assert main(["verify", str(out)]) == 0                 # the station's anchor and log
    printed = capsys.readouterr().out
    assert "Matches the audit log" in printed and "member key" in printed


def test_a_version_1_store_still_opens(tmp_path: Path) -> None:
    """Version 1 kept session ids as a signed INTEGER column and a deleted flag."""
    path = tmp_path / "review.sqlite3"
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO meta VALUES ('schema', '1');
        CREATE TABLE notes (
            note_id INTEGER PRIMARY KEY AUTOINCREMENT, session_id INTEGER NOT NULL,
            member_id TEXT NOT NULL, film_id TEXT NOT NULL,
            time_ms INTEGER NOT NULL CHECK (time_ms >= 0), category TEXT NOT NULL,
            severity TEXT NOT NULL, text TEXT NOT NULL, created_us INTEGER NOT NULL,
            updated_us INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX notes_by_member_film ON notes (member_id, film_id, time_ms);
        CREATE TABLE forms (film_id TEXT NOT NULL, member_id TEXT NOT NULL,
            body TEXT NOT NULL, updated_us INTEGER NOT NULL, PRIMARY KEY (film_id, member_id));
        CREATE TABLE applications (film_id TEXT PRIMARY KEY, applied_on TEXT NOT NULL);
        INSERT INTO notes VALUES (1, 1311768467463790320, 'm1', 'F-001', 1000, 'violence',
                                  'high', 'kept', 1772442000000000, 1772442000000000, 0);
        INSERT INTO notes VALUES (2, 9223372036854775807, 'm1', 'F-001', 2000, 'other',
                                  'low', 'gone', 1772442000000000, 1772442001000000, 1);
    """)
    db.commit()
    db.close()
    with ReviewStore(path) as store:
        (kept,) = store.notes()
        assert kept.session_id == 0x1234_5678_9ABC_DEF0 and kept.text == "kept"
        (gone,) = store.notes(withdrawn=True)
        assert gone.session_id == 2**63 - 1 and gone.withdrawn_at is not None
        for sid in EDGE_IDS:
            store.add_note(session_id=sid, member_id="m1", film_id="F-001", time_ms=5,
                           text="new")
        assert {n.session_id for n in store.notes()} >= set(EDGE_IDS)
        added = store.add_note(session_id=1, member_id="m1", film_id="F-001", time_ms=1,
                               text="after the old ones")
        assert added.note_id == 7
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT value FROM meta WHERE key='schema'").fetchone() == ("2",)
    assert raw.execute("SELECT session_id FROM notes WHERE note_id=1").fetchone() == (
        "123456789abcdef0",)
    raw.close()
