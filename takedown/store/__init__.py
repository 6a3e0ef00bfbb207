"""The desk's store: one SQLite database (``desk.sqlite3``, 0600, in a 0700 folder) and
the folders beside it (fingerprint indexes, kept audit bundles, evidence, notices).

The tables are reached only through the store's repositories, each owning its tables::

    store.stations   imported audit bundles, each station's record hashes, its sessions
    store.films      indexed films (the work's details notices are drafted from)
    store.openings   each opening of a master under the desk's forensic license
    store.cases      cases, their history, clips, sightings and leak groups
    store.custody    the chain-of-custody log
    store.findings   findings against stations (forks, dropped records, unrecorded marks)
    store.notices    drafted notices, every version, and when each was sent

Writes that belong together go in one :meth:`DeskStore.atomic` block; a failure leaves
nothing of it. Other desk parts (the watch list) add their own repositories over their own
tables on the same database through :attr:`DeskStore.db` inside :meth:`atomic`.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from screeningroom.registry.sqlite import write_transaction
from screeningroom_resources.i18n import _
from takedown.errors import TakedownError
from takedown.store import schema
from takedown.store.cases import CasesRepo
from takedown.store.custody import CustodyRepo
from takedown.store.films import FilmRecord, FilmsRepo, OpeningsRepo
from takedown.store.findings import FindingsRepo
from takedown.store.notices import NoticeRecord, NoticesRepo
from takedown.store.stations import BundleRecord, StationRecord, StationsRepo

DB_FILE = "desk.sqlite3"
SCHEMA_VERSION = schema.SCHEMA_VERSION


class DeskStoreError(TakedownError):
    """The desk database cannot be used (made by a newer version, unreadable)."""


def _private_folder(folder: Path) -> None:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if stat.S_IMODE(folder.stat().st_mode) != 0o700:
        os.chmod(folder, 0o700)


def _private_file(path: Path) -> None:
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
        os.close(fd)
    if stat.S_IMODE(path.stat().st_mode) != 0o600:
        os.chmod(path, 0o600)


class DeskStore:
    """The desk database at ``folder/desk.sqlite3`` and the folders beside it."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        _private_folder(self.folder)
        path = self.folder / DB_FILE
        _private_file(path)
        for suffix in ("-wal", "-shm"):  # SQLite's journal files hold the same data
            if (self.folder / (DB_FILE + suffix)).exists():
                _private_file(self.folder / (DB_FILE + suffix))
        old_umask = os.umask(0o077)
        try:
            self._db = sqlite3.connect(path, isolation_level=None)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode = WAL")
            # foreign keys are enforced once the tables are in place: an upgrade renames
            # tables, and with them on SQLite would point the other tables' references at
            # the renamed ones
            with self.atomic():
                try:
                    self.reimport = schema.install(self._db)
                except schema.NewerDatabase as exc:
                    raise DeskStoreError(
                        _("The desk database {path} was made by a newer version of the desk "
                          "(schema {version}); update this program.").format(
                            path=path, version=exc.args[0])) from None
                if self._db.execute("PRAGMA foreign_key_check").fetchone() is not None:
                    raise sqlite3.DatabaseError("a row refers to one that is missing")
            self._db.execute("PRAGMA foreign_keys = ON")
        except sqlite3.DatabaseError as exc:
            raise DeskStoreError(
                _("The desk database {path} cannot be read: {reason}").format(
                    path=path, reason=exc)) from exc
        finally:
            os.umask(old_umask)
        self.stations = StationsRepo(self._db)
        self.films = FilmsRepo(self._db)
        self.openings = OpeningsRepo(self._db)
        self.cases = CasesRepo(self._db)
        self.custody = CustodyRepo(self._db)
        self.findings = FindingsRepo(self._db)
        self.notices = NoticesRepo(self._db)

    @property
    def path(self) -> Path:
        return self.folder / DB_FILE

    @property
    def index_dir(self) -> Path:
        return self.folder / "index"

    @property
    def bundles_dir(self) -> Path:
        return self.folder / "bundles"

    @property
    def evidence_dir(self) -> Path:
        return self.folder / "evidence"

    @property
    def notices_dir(self) -> Path:
        return self.folder / "notices"

    def private_dir(self, folder: Path) -> Path:
        """``folder`` (below the desk folder) created 0700."""
        _private_folder(folder)
        return folder

    @property
    def db(self) -> sqlite3.Connection:
        """The connection, for the repositories of other desk parts (their own tables)."""
        return self._db

    @contextmanager
    def atomic(self) -> Iterator[sqlite3.Connection]:
        """One transaction; nested blocks join the outer one."""
        with write_transaction(self._db):
            yield self._db

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> DeskStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["SCHEMA_VERSION", "BundleRecord", "DeskStore", "DeskStoreError", "FilmRecord",
           "NoticeRecord", "StationRecord"]
