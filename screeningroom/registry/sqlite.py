"""The embedded registry database: SQLite in WAL mode with ``synchronous=FULL``, so a
committed unit of work survives a kill -9 or a power cut.

The audit table refuses UPDATE and DELETE through triggers (the signed hash chain is what
detects someone who drops them). A shared ``flock`` on ``<database>.live`` marks this
process as alive; crash recovery runs only when no other process holds it.
"""

from __future__ import annotations

import functools
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from screeningroom.paths import private_file
from screeningroom.registry import storage
from screeningroom.registry.errors import StorageUnavailable
from screeningroom.registry.model import Session, SessionEnd
from screeningroom.registry.storage import MemberRow, StoredRecord

try:
    import fcntl
except ImportError:  # pragma: no cover - not a POSIX system
    fcntl = None  # type: ignore[assignment]

SCHEMA_VERSION = "1"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS members (
    member_id TEXT PRIMARY KEY,
    full_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    enrolled_us INTEGER NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until_us INTEGER
);
CREATE TABLE IF NOT EXISTS sessions (
    session_id TEXT PRIMARY KEY,          -- 16 lower-case hex digits
    station_id TEXT NOT NULL,
    room TEXT NOT NULL,
    member_id TEXT NOT NULL,
    film_id TEXT NOT NULL,
    license_id TEXT NOT NULL,
    profile TEXT NOT NULL,
    started_us INTEGER NOT NULL,
    ended_us INTEGER,
    end_state TEXT NOT NULL DEFAULT 'open'
);
CREATE INDEX IF NOT EXISTS sessions_license ON sessions (license_id);
CREATE TABLE IF NOT EXISTS audit_log (
    seq INTEGER PRIMARY KEY,
    time_us INTEGER NOT NULL,
    event TEXT NOT NULL,
    station_id TEXT NOT NULL,
    session_id TEXT,
    member_id TEXT NOT NULL,
    film_id TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash BLOB NOT NULL,
    hash BLOB NOT NULL,
    signature BLOB NOT NULL
);
CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""


@contextmanager
def write_transaction(db: sqlite3.Connection) -> Iterator[None]:
    """One unit of work on ``db`` (opened with ``isolation_level=None``): ``BEGIN
    IMMEDIATE`` takes the write lock at once, the block commits or, on any error, rolls
    back. Inside another unit it joins that one (the outer unit commits). Every SQLite
    store of the product writes through here."""
    if db.in_transaction:
        yield
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _locked(method: Callable) -> Callable:
    """One thread at a time on the connection (the app calls from worker threads)."""

    @functools.wraps(method)
    def wrapper(self: SQLiteStorage, *args, **kwargs):  # type: ignore[no-untyped-def]
        with self._lock:
            return method(self, *args, **kwargs)

    return wrapper


class SQLiteStorage:
    """:class:`~screeningroom.registry.storage.Storage` on one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path).expanduser()
        self.location = str(self.path)
        self._lock = threading.RLock()
        try:
            # 0600 in a 0700 folder: SQLite gives its -wal and -shm files the same mode
            for name in (self.path.name, self.path.name + "-wal", self.path.name + "-shm"):
                if name == self.path.name or self.path.with_name(name).exists():
                    private_file(self.path.with_name(name))
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=10.0,
                                       check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            raise StorageUnavailable(self.location, str(exc)) from exc
        self._db.row_factory = sqlite3.Row
        self._live = None
        try:
            mode = self._db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StorageUnavailable(self.location, f"journal mode {mode}, not WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise StorageUnavailable(self.location, str(exc)) from exc
        self._hold_live_lock()

    # --- process liveness -------------------------------------------------------------

    def _hold_live_lock(self) -> None:
        if fcntl is None:
            return
        self._live = open(private_file(self.path.with_name(self.path.name + ".live")),  # noqa: SIM115
                          "a+b")
        fcntl.flock(self._live, fcntl.LOCK_SH)

    def claim_recovery(self) -> bool:
        if fcntl is None or self._live is None:
            return True
        try:
            fcntl.flock(self._live, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            # a failed conversion drops the shared lock this process held (flock(2)):
            # take it again, or another process would think this one dead
            fcntl.flock(self._live, fcntl.LOCK_SH)
            return False
        fcntl.flock(self._live, fcntl.LOCK_SH)
        return True

    @_locked
    def close(self) -> None:
        self._db.close()
        if self._live is not None:
            self._live.close()
            self._live = None

    # --- transactions -----------------------------------------------------------------

    @contextmanager
    def atomic(self) -> Iterator[None]:
        with self._lock, write_transaction(self._db):
            yield

    # --- meta -------------------------------------------------------------------------

    @_locked
    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    @_locked
    def set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    # --- members ----------------------------------------------------------------------

    @_locked
    def insert_member(self, row: MemberRow) -> bool:
        try:
            self._db.execute(
                "INSERT INTO members (member_id, full_name, password_hash, enrolled_us, "
                "failed_attempts, locked_until_us) VALUES (?, ?, ?, ?, ?, ?)",
                storage.member_values(row))
        except sqlite3.IntegrityError:
            return False
        return True

    @_locked
    def get_member(self, member_id: str) -> MemberRow | None:
        row = self._db.execute("SELECT * FROM members WHERE member_id = ?",
                               (member_id,)).fetchone()
        return None if row is None else MemberRow(**dict(row))

    @_locked
    def update_login_state(self, member_id: str, failed: int, locked_until_us: int | None
                           ) -> None:
        self._db.execute(
            "UPDATE members SET failed_attempts = ?, locked_until_us = ? WHERE member_id = ?",
            (failed, locked_until_us, member_id),
        )

    @_locked
    def set_password_hash(self, member_id: str, password_hash: str) -> None:
        self._db.execute("UPDATE members SET password_hash = ? WHERE member_id = ?",
                         (password_hash, member_id))

    @_locked
    def list_members(self) -> list[MemberRow]:
        rows = self._db.execute("SELECT * FROM members ORDER BY member_id").fetchall()
        return [MemberRow(**dict(row)) for row in rows]

    # --- sessions ---------------------------------------------------------------------

    @_locked
    def insert_session(self, session: Session) -> bool:
        try:
            self._db.execute(
                "INSERT INTO sessions (session_id, station_id, room, member_id, film_id, "
                "license_id, profile, started_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                storage.session_values(session))
        except sqlite3.IntegrityError:
            return False
        return True

    @_locked
    def get_session(self, session_id: int) -> Session | None:
        row = self._db.execute("SELECT * FROM sessions WHERE session_id = ?",
                               (storage.session_hex(session_id),)).fetchone()
        return None if row is None else storage.session_from_row(row)

    @_locked
    def finish_session(self, session_id: int, ended_us: int, end: SessionEnd) -> None:
        self._db.execute(
            "UPDATE sessions SET ended_us = ?, end_state = ? WHERE session_id = ?",
            (ended_us, end.value, storage.session_hex(session_id)),
        )

    @_locked
    def list_sessions(self, *, open_only: bool = False) -> list[Session]:
        where = " WHERE end_state = 'open'" if open_only else ""
        rows = self._db.execute(
            f"SELECT * FROM sessions{where} ORDER BY started_us, session_id").fetchall()
        return [storage.session_from_row(row) for row in rows]

    @_locked
    def count_license_sessions(self, license_id: str) -> int:
        return self._db.execute("SELECT COUNT(*) FROM sessions WHERE license_id = ?",
                                (license_id,)).fetchone()[0]

    # --- audit log --------------------------------------------------------------------

    @_locked
    def last_record(self) -> StoredRecord | None:
        row = self._db.execute("SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
        return None if row is None else storage.record_from_row(row)

    @_locked
    def append_record(self, record: StoredRecord) -> None:
        self._db.execute(
            "INSERT INTO audit_log (seq, time_us, event, station_id, session_id, member_id, "
            "film_id, detail, prev_hash, hash, signature) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", storage.record_values(record))

    def records(self, since_seq: int = 1) -> Iterator[StoredRecord]:
        with self._lock:
            rows = self._db.execute("SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq",
                                    (since_seq,)).fetchall()
        return iter([storage.record_from_row(row) for row in rows])

    @_locked
    def max_time_us(self) -> int | None:
        return self._db.execute("SELECT MAX(time_us) FROM audit_log").fetchone()[0]

