"""Where notes, review forms and application dates are kept: a SQLite file of its own.

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
from datetime import UTC, date, datetime
from pathlib import Path

from screeningroom import paths
from screeningroom.review.errors import ReviewBadInput, ReviewStoreUnavailable, UnknownNote
from screeningroom.review.law import AgeCategory, FormerIndex, RefusalGround
from screeningroom.review.model import (
    GroundEvidence,
    KazakhVersion,
    LanguageFindings,
    Note,
    NoteCategory,
    Obscenities,
    Recommendation,
    ReviewForm,
    Severity,
    check_time_ms,
)
from screeningroom_resources.i18n import _

SCHEMA_VERSION = 1
MAX_NOTE_CHARS = 10_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS notes (
    note_id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id INTEGER NOT NULL,
    member_id TEXT NOT NULL,
    film_id TEXT NOT NULL,
    time_ms INTEGER NOT NULL CHECK (time_ms >= 0),
    category TEXT NOT NULL,
    severity TEXT NOT NULL,
    text TEXT NOT NULL,
    created_us INTEGER NOT NULL,
    updated_us INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS notes_by_member_film ON notes (member_id, film_id, time_ms);
CREATE TABLE IF NOT EXISTS forms (
    film_id TEXT NOT NULL,
    member_id TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_us INTEGER NOT NULL,
    PRIMARY KEY (film_id, member_id)
);
CREATE TABLE IF NOT EXISTS applications (
    film_id TEXT PRIMARY KEY,
    applied_on TEXT NOT NULL
);
"""


def default_path() -> Path:
    return paths.home() / "review.sqlite3"


def _micros(moment: datetime) -> int:
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return int(moment.timestamp() * 1_000_000)


def _moment(micros: int) -> datetime:
    return datetime.fromtimestamp(micros / 1_000_000, UTC)


class ReviewStore:
    """Notes, forms and application dates of one station. Thread-safe; each write is
    durable when the method returns.

    ``now`` (a callable returning an aware datetime) is injectable for tests.
    """

    def __init__(self, path: Path | str | None = None, *,
                 now: Callable[[], datetime] | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self._now = now or (lambda: datetime.now(UTC))
        self._lock = threading.RLock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(self.path), isolation_level=None,
                                       check_same_thread=False, timeout=10)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA foreign_keys=ON")
            with self._write():
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        self._db.execute(statement)
                self._db.execute(
                    "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', ?)",
                    (str(SCHEMA_VERSION),))
        except (sqlite3.Error, OSError) as exc:
            raise ReviewStoreUnavailable(str(self.path), str(exc)) from exc

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> ReviewStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[None]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # --- notes ----------------------------------------------------------------------

    def add_note(self, *, session_id: int, member_id: str, film_id: str, time_ms: int,
                 category: NoteCategory = NoteCategory.OTHER,
                 severity: Severity = Severity.MEDIUM, text: str = "") -> Note:
        """A new note at ``time_ms`` of film time, durable before it is returned."""
        check_time_ms(time_ms)
        _check_text(text)
        if not member_id or not film_id:
            raise ReviewBadInput(_("A note needs the member and the film it belongs to."))
        stamp = _micros(self._now())
        with self._write():
            cursor = self._db.execute(
                "INSERT INTO notes (session_id, member_id, film_id, time_ms, category, "
                "severity, text, created_us, updated_us) VALUES (?,?,?,?,?,?,?,?,?)",
                (int(session_id), member_id, film_id, time_ms, category.value,
                 severity.value, text, stamp, stamp))
            note_id = int(cursor.lastrowid or 0)
        return self.note(note_id)

    def update_note(self, note_id: int, *, text: str | None = None,
                    category: NoteCategory | None = None, severity: Severity | None = None,
                    time_ms: int | None = None) -> Note:
        """Change a note; only the given fields change. Durable when it returns."""
        current = self.note(note_id)
        if text is not None:
            _check_text(text)
        if time_ms is not None:
            check_time_ms(time_ms)
        with self._write():
            self._db.execute(
                "UPDATE notes SET text=?, category=?, severity=?, time_ms=?, updated_us=? "
                "WHERE note_id=?",
                (current.text if text is None else text,
                 (category or current.category).value,
                 (severity or current.severity).value,
                 current.time_ms if time_ms is None else time_ms,
                 _micros(self._now()), note_id))
        return self.note(note_id)

    def delete_note(self, note_id: int) -> None:
        """Hide a note (kept in the file, marked deleted, so nothing is lost by mistake)."""
        self.note(note_id)
        with self._write():
            self._db.execute("UPDATE notes SET deleted=1, updated_us=? WHERE note_id=?",
                             (_micros(self._now()), note_id))

    def note(self, note_id: int) -> Note:
        with self._lock:
            row = self._db.execute(
                "SELECT * FROM notes WHERE note_id=? AND deleted=0", (note_id,)).fetchone()
        if row is None:
            raise UnknownNote(note_id)
        return _note(row)

    def notes(self, *, member_id: str | None = None, film_id: str | None = None,
              session_id: int | None = None) -> list[Note]:
        """Notes in film-time order, filtered by whatever is given."""
        clauses, args = ["deleted=0"], []
        for column, value in (("member_id", member_id), ("film_id", film_id),
                              ("session_id", session_id)):
            if value is not None:
                clauses.append(f"{column}=?")
                args.append(value)
        with self._lock:
            rows = self._db.execute(
                f"SELECT * FROM notes WHERE {' AND '.join(clauses)} "
                "ORDER BY time_ms, note_id", args).fetchall()
        return [_note(row) for row in rows]

    # --- forms ----------------------------------------------------------------------

    def save_form(self, form: ReviewForm) -> None:
        """Keep the member's form for the film (a draft is fine; rules apply on export)."""
        _check_text(form.conclusion)
        body = json.dumps(form_to_json(form), ensure_ascii=False, sort_keys=True)
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

    # --- applications ---------------------------------------------------------------

    def set_application_date(self, film_id: str, applied_on: date) -> None:
        with self._write():
            self._db.execute(
                "INSERT INTO applications (film_id, applied_on) VALUES (?, ?) "
                "ON CONFLICT (film_id) DO UPDATE SET applied_on=excluded.applied_on",
                (film_id, applied_on.isoformat()))

    def application_date(self, film_id: str) -> date | None:
        with self._lock:
            row = self._db.execute("SELECT applied_on FROM applications WHERE film_id=?",
                                   (film_id,)).fetchone()
        return date.fromisoformat(row[0]) if row else None


def _check_text(text: str) -> None:
    if not isinstance(text, str):
        raise ReviewBadInput(_("A note or conclusion must be text."))
    if len(text) > MAX_NOTE_CHARS:
        raise ReviewBadInput(_("A note or conclusion is limited to {limit} characters.").format(
            limit=MAX_NOTE_CHARS))


def _note(row: tuple) -> Note:
    (note_id, session_id, member_id, film_id, time_ms, category, severity, text,
     created_us, updated_us, _deleted) = row
    return Note(
        note_id=int(note_id), session_id=int(session_id), member_id=member_id,
        film_id=film_id, time_ms=int(time_ms), category=NoteCategory(category),
        severity=Severity(severity), text=text, created_at=_moment(created_us),
        updated_at=_moment(updated_us))


def form_to_json(form: ReviewForm) -> dict[str, object]:
    """The form as plain JSON data (stored in the database and in report signatures)."""
    lang = form.language
    return {
        "film_id": form.film_id,
        "member_id": form.member_id,
        "age_category": form.age_category.value if form.age_category else None,
        "former_index": form.former_index.value if form.former_index else None,
        "language": {
            "release_languages": list(lang.release_languages),
            "kazakh_version": lang.kazakh_version.value,
            "limited_release": lang.limited_release,
            "national_film": lang.national_film,
            "obscenities": lang.obscenities.value,
            "remarks": lang.remarks,
        },
        "grounds": [{"ground": g.ground.value, "note_ids": list(g.note_ids)}
                    for g in form.grounds],
        "recommendation": form.recommendation.value if form.recommendation else None,
        "conclusion": form.conclusion,
    }


def form_from_json(data: dict) -> ReviewForm:
    lang = data.get("language") or {}
    return ReviewForm(
        film_id=data["film_id"],
        member_id=data["member_id"],
        age_category=AgeCategory(data["age_category"]) if data.get("age_category") else None,
        former_index=FormerIndex(data["former_index"]) if data.get("former_index") else None,
        language=LanguageFindings(
            release_languages=tuple(lang.get("release_languages", ())),
            kazakh_version=KazakhVersion(lang.get("kazakh_version", "none")),
            limited_release=bool(lang.get("limited_release", False)),
            national_film=bool(lang.get("national_film", False)),
            obscenities=Obscenities(lang.get("obscenities", "none_present")),
            remarks=lang.get("remarks", ""),
        ),
        grounds=tuple(GroundEvidence(RefusalGround(g["ground"]), tuple(g["note_ids"]))
                      for g in data.get("grounds", ())),
        recommendation=(Recommendation(data["recommendation"])
                        if data.get("recommendation") else None),
        conclusion=data.get("conclusion", ""),
    )
