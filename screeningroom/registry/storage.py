"""The one interface between the registry and its database, and the choice of backend.

:class:`Storage` is everything the registry asks of a database; SQLite implements it in
:mod:`screeningroom.registry.sqlite`, PostgreSQL in :mod:`screeningroom.registry.postgres`
(``postgresql://user@host:port/database``); both pass the same conformance tests.
Both spell their own SQL dialect; the rows they read and the values they write are
translated here, once: :func:`session_from_row`, :func:`record_from_row` and the
``*_values`` tuples in the column order of the tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from screeningroom.registry.canonical import RecordFields, from_micros, to_micros
from screeningroom.registry.errors import StorageUnavailable, UnknownStorage
from screeningroom.registry.model import Session, SessionEnd
from screeningroom_resources.i18n import _


@dataclass(frozen=True)
class MemberRow:
    member_id: str
    full_name: str
    password_hash: str
    enrolled_us: int
    failed_attempts: int = 0
    locked_until_us: int | None = None


@dataclass(frozen=True)
class StoredRecord:
    fields: RecordFields
    hash: bytes
    signature: bytes


#: A row read back, by column name (sqlite3.Row, or psycopg's dict rows).
Row = Mapping[str, Any]


def session_hex(session_id: int) -> str:
    """A session id as the tables store it: 16 lower-case hex digits."""
    return f"{session_id:016x}"


def session_from_row(row: Row) -> Session:
    return Session(
        session_id=int(row["session_id"], 16), station_id=row["station_id"], room=row["room"],
        member_id=row["member_id"], film_id=row["film_id"], license_id=row["license_id"],
        profile=row["profile"], started_at=from_micros(row["started_us"]),
        ended_at=None if row["ended_us"] is None else from_micros(row["ended_us"]),
        end=SessionEnd(row["end_state"]),
    )


def record_from_row(row: Row) -> StoredRecord:
    session = row["session_id"]
    fields = RecordFields(
        seq=row["seq"], time_us=row["time_us"], event=row["event"],
        station_id=row["station_id"], session_id=None if session is None else int(session, 16),
        member_id=row["member_id"], film_id=row["film_id"], detail_json=row["detail"],
        prev_hash=bytes(row["prev_hash"]),
    )
    return StoredRecord(fields, bytes(row["hash"]), bytes(row["signature"]))


def member_values(row: MemberRow) -> tuple[object, ...]:
    """(member_id, full_name, password_hash, enrolled_us, failed_attempts, locked_until_us)"""
    return (row.member_id, row.full_name, row.password_hash, row.enrolled_us,
            row.failed_attempts, row.locked_until_us)


def session_values(session: Session) -> tuple[object, ...]:
    """(session_id, station_id, room, member_id, film_id, license_id, profile, started_us)"""
    return (session_hex(session.session_id), session.station_id, session.room,
            session.member_id, session.film_id, session.license_id, session.profile,
            to_micros(session.started_at))


def record_values(record: StoredRecord) -> tuple[object, ...]:
    """(seq, time_us, event, station_id, session_id, member_id, film_id, detail, prev_hash,
    hash, signature)"""
    f = record.fields
    return (f.seq, f.time_us, f.event, f.station_id,
            None if f.session_id is None else session_hex(f.session_id), f.member_id,
            f.film_id, f.detail_json, f.prev_hash, record.hash, record.signature)


class Storage(Protocol):
    """What the registry needs from a database. Writes happen inside :meth:`atomic`."""

    location: str

    def close(self) -> None: ...

    def atomic(self) -> AbstractContextManager[None]:
        """One exclusive unit of work, durable (committed and flushed) when it exits."""
        ...

    def claim_recovery(self) -> bool:
        """True when no other live registry holds this database, so sessions left open
        belong to a process that died."""
        ...

    def get_meta(self, key: str) -> str | None: ...
    def set_meta(self, key: str, value: str) -> None: ...

    def insert_member(self, row: MemberRow) -> bool:
        """False when the id is taken."""
        ...

    def get_member(self, member_id: str) -> MemberRow | None: ...
    def update_login_state(self, member_id: str, failed: int, locked_until_us: int | None
                           ) -> None: ...
    def set_password_hash(self, member_id: str, password_hash: str) -> None: ...
    def list_members(self) -> list[MemberRow]: ...

    def insert_session(self, session: Session) -> bool:
        """False when the id is taken."""
        ...

    def get_session(self, session_id: int) -> Session | None: ...
    def finish_session(self, session_id: int, ended_us: int, end: SessionEnd) -> None: ...
    def list_sessions(self, *, open_only: bool = False) -> list[Session]: ...
    def count_license_sessions(self, license_id: str) -> int: ...

    def last_record(self) -> StoredRecord | None: ...
    def append_record(self, record: StoredRecord) -> None: ...
    def records(self, since_seq: int = 1) -> Iterator[StoredRecord]: ...
    def max_time_us(self) -> int | None: ...


def _sqlite(target: str) -> Storage:
    from screeningroom.registry.sqlite import SQLiteStorage

    return SQLiteStorage(Path(target))


def _postgresql(target: str) -> Storage:
    try:
        from screeningroom.registry.postgres import PostgresStorage
    except ImportError as exc:  # psycopg is a dependency; a trimmed install may lack it
        raise StorageUnavailable(target, _("the PostgreSQL driver (psycopg) is not installed "
                                           "on this station; use the SQLite registry.")) from exc
    return PostgresStorage("postgresql://" + target)


#: URL scheme -> factory taking the part after ``scheme://``.
BACKENDS: dict[str, Callable[[str], Storage]] = {
    "sqlite": _sqlite,
    "postgresql": _postgresql,
    "postgres": _postgresql,
}


def open_storage(location: str | Path) -> Storage:
    """A backend for ``location``: a file path or ``sqlite://`` followed by a file path
    (``sqlite:///var/lib/registry.sqlite3``), or a URL whose scheme is registered in
    :data:`BACKENDS`."""
    if isinstance(location, Path):
        return _sqlite(str(location))
    scheme, sep, rest = location.partition("://")
    if not location.strip():
        raise UnknownStorage(location)
    if not sep:
        return _sqlite(location)
    factory = BACKENDS.get(scheme.lower())
    if factory is None:
        raise UnknownStorage(location)
    return factory(rest)
