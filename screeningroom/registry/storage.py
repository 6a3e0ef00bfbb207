"""The one interface between the registry and its database, and the choice of backend.

:class:`Storage` is everything the registry asks of a database; SQLite implements it in
:mod:`screeningroom.registry.sqlite`, PostgreSQL in :mod:`screeningroom.registry.postgres`
(``postgresql://user@host:port/database``); both pass the same conformance tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from screeningroom.registry.canonical import RecordFields
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
