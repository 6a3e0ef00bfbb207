"""Where notes and review forms are kept: a SQLite file of its own.

``<home>/review.sqlite3`` by default (:func:`default_path`), beside the registry but not
inside it, so the registry's schema stays its own. WAL journal with ``synchronous=FULL``:
every change is one committed transaction, flushed before the call returns, so a note
survives the station being killed the moment after it was typed.

A note belongs to a session (the registry's session id, which is also the watermark
payload) and to the member and film of that session.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from screeningroom import paths
from screeningroom.paths import private_file
from screeningroom.registry.sqlite import write_transaction
from screeningroom.review.errors import (
    EmptyNote,
    NoteTooLong,
    NoteWithdrawn,
    PastFilmEnd,
    ReviewBadInput,
    ReviewStoreUnavailable,
    UnknownNote,
)
from screeningroom.review.facts import form_from_json, form_json
from screeningroom.review.ids import parse_session_id, session_hex
from screeningroom.review.model import (
    Note,
    NoteCategory,
    ReviewForm,
    Severity,
    check_time_ms,
    format_time_code,
)
from screeningroom_resources.i18n import _

SCHEMA_VERSION = 2
MAX_NOTE_CHARS = 10_000

# Version 2: session ids as 16 hex digits (TEXT), withdrawn notes kept with their time.
# Version 1 kept the session id as a signed SQLite INTEGER (ids >= 2**63 could not be
# stored) and a deleted flag; :meth:`ReviewStore._migrate` rewrites such a file in place.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS notes (
    note_id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL CHECK (length(session_id) = 16),
    member_id TEXT NOT NULL,
    film_id TEXT NOT NULL,
    time_ms INTEGER NOT NULL CHECK (time_ms >= 0),
    category TEXT NOT NULL,
    severity TEXT NOT NULL,
    text TEXT NOT NULL,
    created_us INTEGER NOT NULL,
    updated_us INTEGER NOT NULL,
    withdrawn_us INTEGER
);
CREATE INDEX IF NOT EXISTS notes_by_member_film ON notes (member_id, film_id, time_ms);
CREATE TABLE IF NOT EXISTS forms (
    film_id TEXT NOT NULL,
    member_id TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_us INTEGER NOT NULL,
    PRIMARY KEY (film_id, member_id)
);
"""

_NOTE_COLUMNS = ("note_id, session_id, member_id, film_id, time_ms, category, severity, "
                 "text, created_us, updated_us, withdrawn_us")


def default_path() -> Path:
    return paths.home() / "review.sqlite3"


def _micros(moment: datetime) -> int:
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return int(moment.timestamp() * 1_000_000)


def _moment(micros: int) -> datetime:
    return datetime.fromtimestamp(micros / 1_000_000, UTC)


class ReviewStore:
    """Notes and forms of one station. Thread-safe; each write is durable when the method
    returns.

    ``now`` (a callable returning an aware datetime) is injectable for tests.
    """

    def __init__(self, path: Path | str | None = None, *,
                 now: Callable[[], datetime] | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self._now = now or (lambda: datetime.now(UTC))
        self._lock = threading.RLock()
        try:
            private_file(self.path)  # 0600 in a 0700 folder (its -wal/-shm follow it)
            self._db = sqlite3.connect(str(self.path), isolation_level=None,
                                       check_same_thread=False, timeout=10)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA foreign_keys=ON")
            with self._write():
                self._migrate()
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        self._db.execute(statement)
                self._db.execute(
                    "INSERT INTO meta(key, value) VALUES ('schema', ?) ON CONFLICT (key) "
                    "DO UPDATE SET value=excluded.value", (str(SCHEMA_VERSION),))
        except (sqlite3.Error, OSError) as exc:
            raise ReviewStoreUnavailable(str(self.path), str(exc)) from exc

    def _migrate(self) -> None:
        """Bring a version 1 file to version 2 (inside the opening transaction)."""
        columns = {row[1]: row[2] for row in self._db.execute("PRAGMA table_info(notes)")}
        if not columns or columns.get("session_id", "").upper() == "TEXT":
            return
        rows = self._db.execute(
            "SELECT note_id, session_id, member_id, film_id, time_ms, category, severity, "
            "text, created_us, updated_us, deleted FROM notes").fetchall()
        self._db.execute("ALTER TABLE notes RENAME TO notes_v1")
        self._db.execute("DROP INDEX IF EXISTS notes_by_member_film")
        for statement in _SCHEMA.split(";"):
            if "CREATE TABLE IF NOT EXISTS notes" in statement:
                self._db.execute(statement)
        for (note_id, sid, member, film, time_ms, category, severity, text, created,
             updated, deleted) in rows:
            self._db.execute(
                f"INSERT INTO notes ({_NOTE_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (note_id, f"{int(sid) % 2**64:016x}", member, film, time_ms, category,
                 severity, text, created, updated, updated if deleted else None))
        self._db.execute("DROP TABLE notes_v1")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> ReviewStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[None]:
        with self._lock, write_transaction(self._db):
            yield

    # --- notes ----------------------------------------------------------------------

    def add_note(self, *, session_id: int, member_id: str, film_id: str, time_ms: int,
                 category: NoteCategory = NoteCategory.OTHER,
                 severity: Severity = Severity.MEDIUM, text: str,
                 duration_ms: int | None = None) -> Note:
        """A new note at ``time_ms`` of film time, durable before it is returned.

        Refused: empty text, text over :data:`MAX_NOTE_CHARS`, a time past ``duration_ms``
        (the film's length, when the caller knows it)."""
        check_time_ms(time_ms)
        _check_note_text(text)
        _check_within(time_ms, duration_ms)
        if not member_id or not film_id:
            raise ReviewBadInput(_("A note needs the member and the film it belongs to."))
        sid = session_hex(session_id)
        stamp = _micros(self._now())
        with self._write():
            cursor = self._db.execute(
                "INSERT INTO notes (session_id, member_id, film_id, time_ms, category, "
                "severity, text, created_us, updated_us) VALUES (?,?,?,?,?,?,?,?,?)",
                (sid, member_id, film_id, time_ms, category.value, severity.value, text,
                 stamp, stamp))
            note_id = int(cursor.lastrowid or 0)
        return self.note(note_id)

    def update_note(self, note_id: int, *, text: str | None = None,
                    category: NoteCategory | None = None, severity: Severity | None = None,
                    time_ms: int | None = None, duration_ms: int | None = None) -> Note:
        """Change a standing note; only the given fields change. Durable when it returns."""
        current = self.note(note_id)
        if text is not None:
            _check_note_text(text)
        if time_ms is not None:
            check_time_ms(time_ms)
            _check_within(time_ms, duration_ms)
        with self._write():
            self._db.execute(
                "UPDATE notes SET text=?, category=?, severity=?, time_ms=?, updated_us=? "
                "WHERE note_id=? AND withdrawn_us IS NULL",
                (current.text if text is None else text,
                 (category or current.category).value,
                 (severity or current.severity).value,
                 current.time_ms if time_ms is None else time_ms,
                 _micros(self._now()), note_id))
        return self.note(note_id)

    def withdraw_note(self, note_id: int) -> Note:
        """Withdraw a note: it leaves the member's notes and reports, and stays in the file
        with the time it was withdrawn (a report says how many were). Returns it."""
        self.note(note_id)
        with self._write():
            self._db.execute("UPDATE notes SET withdrawn_us=? WHERE note_id=?",
                             (_micros(self._now()), note_id))
        return self._row(note_id)

    def _row(self, note_id: int) -> Note:
        with self._lock:
            row = self._db.execute(f"SELECT {_NOTE_COLUMNS} FROM notes WHERE note_id=?",
                                   (note_id,)).fetchone()
        if row is None:
            raise UnknownNote(note_id)
        return _note(row)

    def note(self, note_id: int) -> Note:
        """A standing note (:class:`NoteWithdrawn` once it was withdrawn)."""
        found = self._row(note_id)
        if found.withdrawn_at is not None:
            raise NoteWithdrawn(note_id)
        return found

    def notes(self, *, member_id: str | None = None, film_id: str | None = None,
              session_id: int | None = None, withdrawn: bool = False) -> list[Note]:
        """Standing notes (``withdrawn=True``: the withdrawn ones instead) in film-time
        order, filtered by whatever is given."""
        clauses = ["withdrawn_us IS NOT NULL" if withdrawn else "withdrawn_us IS NULL"]
        args: list[object] = []
        for column, value in (("member_id", member_id), ("film_id", film_id),
                              ("session_id", None if session_id is None
                               else session_hex(session_id))):
            if value is not None:
                clauses.append(f"{column}=?")
                args.append(value)
        with self._lock:
            rows = self._db.execute(
                f"SELECT {_NOTE_COLUMNS} FROM notes WHERE {' AND '.join(clauses)} "
                "ORDER BY time_ms, note_id", args).fetchall()
        return [_note(row) for row in rows]

    # --- forms ----------------------------------------------------------------------

    def save_form(self, form: ReviewForm) -> None:
        """Keep the member's form for the film (a draft is fine; rules apply on export)."""
        _check_text(form.conclusion)
        body = json.dumps(form_json(form), ensure_ascii=False, sort_keys=True)
        with self._write():
            self._db.execute(
                "INSERT INTO forms (film_id, member_id, body, updated_us) VALUES (?,?,?,?) "
                "ON CONFLICT (film_id, member_id) DO UPDATE SET body=excluded.body, "
                "updated_us=excluded.updated_us",
                (form.film_id, form.member_id, body, _micros(self._now())))

    def form(self, film_id: str, member_id: str) -> ReviewForm:
        """The member's form for the film; an empty draft when there is none yet."""
        with self._lock:
            row = self._db.execute("SELECT body FROM forms WHERE film_id=? AND member_id=?",
                                   (film_id, member_id)).fetchone()
        if row is None:
            return ReviewForm(film_id=film_id, member_id=member_id)
        return form_from_json(json.loads(row[0]))

    def forms(self, film_id: str) -> list[ReviewForm]:
        with self._lock:
            rows = self._db.execute("SELECT body FROM forms WHERE film_id=? ORDER BY member_id",
                                    (film_id,)).fetchall()
        return [form_from_json(json.loads(row[0])) for row in rows]


def _check_text(text: str) -> None:
    if not isinstance(text, str):
        raise ReviewBadInput(_("A note or conclusion must be text."))
    if len(text) > MAX_NOTE_CHARS:
        raise NoteTooLong(MAX_NOTE_CHARS)


def _check_note_text(text: str) -> None:
    _check_text(text)
    if not text.strip():
        raise EmptyNote()


def _check_within(time_ms: int, duration_ms: int | None) -> None:
    if duration_ms is not None and time_ms > duration_ms:
        raise PastFilmEnd(format_time_code(time_ms), format_time_code(duration_ms))


def _note(row: tuple) -> Note:
    (note_id, session_id, member_id, film_id, time_ms, category, severity, text,
     created_us, updated_us, withdrawn_us) = row
    return Note(
        note_id=int(note_id), session_id=parse_session_id(session_id), member_id=member_id,
        film_id=film_id, time_ms=int(time_ms), category=NoteCategory(category),
        severity=Severity(severity), text=text, created_at=_moment(created_us),
        updated_at=_moment(updated_us),
        withdrawn_at=None if withdrawn_us is None else _moment(withdrawn_us))
