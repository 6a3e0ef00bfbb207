"""The registry on PostgreSQL (``postgresql://user@host:port/database``), through psycopg 3
and a psycopg_pool connection pool; the same :class:`~screeningroom.registry.storage.Storage`
as the SQLite file, held to the same conformance tests (tests/office/).

One database holds one station's registry, as one SQLite file does. The schema is
versioned: :func:`migrate` applies the numbered steps of :data:`MIGRATIONS` that the
database has not seen, each in its own transaction, under an advisory lock so two
processes starting at once do not race; a database newer than this program is refused.
A unit of work (:meth:`PostgresStorage.atomic`) is one transaction holding a per-database
advisory lock, which serialises writers the way SQLite's ``BEGIN IMMEDIATE`` does; a commit
returns once PostgreSQL has flushed it (``synchronous_commit`` as the server sets it: on by
default). The audit table refuses UPDATE, DELETE and TRUNCATE through triggers. A live
registry holds a shared advisory lock on its own connection; crash recovery runs only when
no other process holds it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool, PoolTimeout

from screeningroom.registry import storage
from screeningroom.registry.errors import StorageUnavailable
from screeningroom.registry.model import Session, SessionEnd
from screeningroom.registry.storage import MemberRow, StoredRecord
from screeningroom_resources.i18n import _

#: Advisory lock keys (per database): writers, and "a registry process is alive".
WRITE_LOCK = 0x5352_0001
LIVE_LOCK = 0x5352_0002
MIGRATION_LOCK = 0x5352_0003

#: (version, what it does, SQL). Append a step to change the schema; never edit one.
MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (1, "station registry: meta, members, sessions, append-only audit log", """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE members (
    member_id TEXT PRIMARY KEY,
    full_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    enrolled_us BIGINT NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until_us BIGINT
);
CREATE TABLE sessions (
    session_id TEXT PRIMARY KEY CHECK (session_id ~ '^[0-9a-f]{16}$'),
    station_id TEXT NOT NULL,
    room TEXT NOT NULL,
    member_id TEXT NOT NULL,
    film_id TEXT NOT NULL,
    license_id TEXT NOT NULL,
    profile TEXT NOT NULL,
    started_us BIGINT NOT NULL,
    ended_us BIGINT,
    end_state TEXT NOT NULL DEFAULT 'open'
);
CREATE INDEX sessions_license ON sessions (license_id);
CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY CHECK (seq >= 1),
    time_us BIGINT NOT NULL,
    event TEXT NOT NULL,
    station_id TEXT NOT NULL,
    session_id TEXT,
    member_id TEXT NOT NULL,
    film_id TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash BYTEA NOT NULL,
    hash BYTEA NOT NULL,
    signature BYTEA NOT NULL
);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
"""),
)


class SchemaNewer(StorageUnavailable):
    def __init__(self, location: str, found: int, known: int) -> None:
        super().__init__(location, _("its schema version {found} is newer than this program "
                                     "knows ({known}); update the program.").format(
                                         found=found, known=known))
        self.found = found
        self.known = known


def redacted(url: str) -> str:
    """``url`` without its password (for messages and ``location``)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    user = parts.username or ""
    return urlunsplit((parts.scheme, f"{user}:***@{host}", parts.path, parts.query,
                       parts.fragment))


def migrate(conn: psycopg.Connection, migrations: Sequence[tuple[int, str, str]],
            *, table: str = "schema_migrations", location: str = "") -> int:
    """Apply the steps of ``migrations`` that ``conn``'s database lacks; the version reached.

    ``conn`` is in autocommit mode. Each step runs in its own transaction together with the
    row that records it; a lock keeps two processes from migrating at once.
    """
    known = max((v for v, _n, _s in migrations), default=0)
    conn.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK,))
    try:
        conn.execute(
            f"CREATE TABLE IF NOT EXISTS {table} (version INTEGER PRIMARY KEY, "
            "name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
        row = conn.execute(f"SELECT COALESCE(MAX(version), 0) FROM {table}").fetchone()
        current = int(row[0]) if row else 0
        if current > known:
            raise SchemaNewer(location, current, known)
        for version, name, sql in sorted(migrations):
            if version <= current:
                continue
            with conn.transaction():
                conn.execute(sql)
                conn.execute(f"INSERT INTO {table} (version, name) VALUES (%s, %s)",
                             (version, name))
            current = version
        return current
    finally:
        conn.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK,))


def _member(row: dict[str, Any]) -> MemberRow:
    return MemberRow(**row)


class PostgresStorage:
    """:class:`~screeningroom.registry.storage.Storage` on one PostgreSQL database."""

    def __init__(self, url: str, *, pool_size: int = 4, connect_timeout: float = 10.0) -> None:
        self.url = url
        self.location = redacted(url)
        self._bound = threading.local()
        try:
            self._live = psycopg.connect(url, autocommit=True, connect_timeout=connect_timeout)
        except psycopg.Error as exc:
            raise StorageUnavailable(self.location, _reason(exc)) from exc
        try:
            migrate(self._live, MIGRATIONS, table="registry_schema", location=self.location)
            self._live.execute("SELECT pg_advisory_lock_shared(%s)", (LIVE_LOCK,))
            self._pool = ConnectionPool(
                url, min_size=1, max_size=pool_size, open=True, timeout=connect_timeout,
                kwargs={"autocommit": True, "row_factory": dict_row},
            )
        except psycopg.Error as exc:
            self._live.close()
            raise StorageUnavailable(self.location, _reason(exc)) from exc
        except BaseException:
            self._live.close()
            raise
        self._live_lock = threading.Lock()

    # --- connections ------------------------------------------------------------------

    @contextmanager
    def _conn(self) -> Iterator[psycopg.Connection]:
        bound = getattr(self._bound, "conn", None)
        if bound is not None:
            yield bound
            return
        try:
            with self._pool.connection() as conn:
                yield conn
        except (psycopg.OperationalError, PoolTimeout) as exc:
            raise StorageUnavailable(self.location, _reason(exc)) from exc

    def _one(self, sql: str, params: Sequence[object] = ()) -> dict[str, Any] | None:
        with self._conn() as conn:
            return conn.execute(sql, params).fetchone()

    def _all(self, sql: str, params: Sequence[object] = ()) -> list[dict[str, Any]]:
        with self._conn() as conn:
            return conn.execute(sql, params).fetchall()

    def _exec(self, sql: str, params: Sequence[object] = ()) -> int:
        with self._conn() as conn:
            return conn.execute(sql, params).rowcount

    def close(self) -> None:
        self._pool.close()
        self._live.close()

    # --- transactions and liveness ----------------------------------------------------

    @contextmanager
    def atomic(self) -> Iterator[None]:
        if getattr(self._bound, "conn", None) is not None:  # nested: the outer unit commits
            yield
            return
        try:
            with self._pool.connection() as conn, conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                self._bound.conn = conn
                try:
                    yield
                finally:
                    self._bound.conn = None
        except (psycopg.OperationalError, PoolTimeout) as exc:
            raise StorageUnavailable(self.location, _reason(exc)) from exc

    def claim_recovery(self) -> bool:
        with self._live_lock:
            row = self._live.execute("SELECT pg_try_advisory_lock(%s)", (LIVE_LOCK,)).fetchone()
            if not row or not row[0]:
                return False
            self._live.execute("SELECT pg_advisory_unlock(%s)", (LIVE_LOCK,))
            return True

    # --- meta -------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self._one("SELECT value FROM meta WHERE key = %s", (key,))
        return None if row is None else row["value"]

    def set_meta(self, key: str, value: str) -> None:
        self._exec("INSERT INTO meta (key, value) VALUES (%s, %s) "
                   "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value", (key, value))

    # --- members ----------------------------------------------------------------------

    def insert_member(self, row: MemberRow) -> bool:
        return self._exec(
            "INSERT INTO members (member_id, full_name, password_hash, enrolled_us, "
            "failed_attempts, locked_until_us) VALUES (%s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (member_id) DO NOTHING", storage.member_values(row)) == 1

    def get_member(self, member_id: str) -> MemberRow | None:
        row = self._one("SELECT * FROM members WHERE member_id = %s", (member_id,))
        return None if row is None else _member(row)

    def update_login_state(self, member_id: str, failed: int, locked_until_us: int | None
                           ) -> None:
        self._exec("UPDATE members SET failed_attempts = %s, locked_until_us = %s "
                   "WHERE member_id = %s", (failed, locked_until_us, member_id))

    def set_password_hash(self, member_id: str, password_hash: str) -> None:
        self._exec("UPDATE members SET password_hash = %s WHERE member_id = %s",
                   (password_hash, member_id))

    def list_members(self) -> list[MemberRow]:
        return [_member(r) for r in self._all("SELECT * FROM members ORDER BY member_id")]

    # --- sessions ---------------------------------------------------------------------

    def insert_session(self, session: Session) -> bool:
        return self._exec(
            "INSERT INTO sessions (session_id, station_id, room, member_id, film_id, "
            "license_id, profile, started_us) VALUES (%s, %s, %s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (session_id) DO NOTHING", storage.session_values(session)) == 1

    def get_session(self, session_id: int) -> Session | None:
        row = self._one("SELECT * FROM sessions WHERE session_id = %s",
                        (storage.session_hex(session_id),))
        return None if row is None else storage.session_from_row(row)

    def finish_session(self, session_id: int, ended_us: int, end: SessionEnd) -> None:
        self._exec("UPDATE sessions SET ended_us = %s, end_state = %s WHERE session_id = %s",
                   (ended_us, end.value, storage.session_hex(session_id)))

    def list_sessions(self, *, open_only: bool = False) -> list[Session]:
        where = " WHERE end_state = 'open'" if open_only else ""
        rows = self._all(f"SELECT * FROM sessions{where} ORDER BY started_us, session_id")
        return [storage.session_from_row(r) for r in rows]

    def count_license_sessions(self, license_id: str) -> int:
        row = self._one("SELECT COUNT(*) AS n FROM sessions WHERE license_id = %s",
                        (license_id,))
        return int(row["n"]) if row else 0

    # --- audit log --------------------------------------------------------------------

    def last_record(self) -> StoredRecord | None:
        row = self._one("SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1")
        return None if row is None else storage.record_from_row(row)

    def append_record(self, record: StoredRecord) -> None:
        self._exec(
            "INSERT INTO audit_log (seq, time_us, event, station_id, session_id, member_id, "
            "film_id, detail, prev_hash, hash, signature) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", storage.record_values(record))

    def records(self, since_seq: int = 1) -> Iterator[StoredRecord]:
        rows = self._all("SELECT * FROM audit_log WHERE seq >= %s ORDER BY seq", (since_seq,))
        return iter([storage.record_from_row(r) for r in rows])

    def max_time_us(self) -> int | None:
        row = self._one("SELECT MAX(time_us) AS t FROM audit_log")
        return None if row is None else row["t"]


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
