"""Choosing and opening the storage backend."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from screeningroom.registry import (
    Registry,
    StationMismatch,
    StorageUnavailable,
    UnknownStorage,
    open_storage,
)


def test_sqlite_is_wal_with_full_sync(db_path: Path) -> None:
    storage = open_storage(f"sqlite://{db_path}")
    try:
        db = storage._db
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert storage.location == str(db_path)
    finally:
        storage.close()


@pytest.mark.parametrize("url", ["mysql://host/db", "ftp://x", "  "])
def test_unknown_scheme_is_a_clear_error(url: str) -> None:
    with pytest.raises(UnknownStorage, match="sqlite"):
        open_storage(url)


def test_postgresql_without_a_server_is_a_clear_error() -> None:
    with pytest.raises(StorageUnavailable, match="registry database"):
        open_storage("postgresql://station@127.0.0.1:1/registry")


def test_a_file_that_is_not_a_database(tmp_path: Path, signer) -> None:
    bad = tmp_path / "notes.sqlite3"
    bad.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StorageUnavailable, match=r"notes\.sqlite3"):
        Registry.open(bad, signer)
    assert bad.read_bytes().startswith(b"this is not")


def test_registry_is_bound_to_its_station(db_path: Path, signer, make_signer) -> None:
    Registry.open(db_path, signer).close()
    with pytest.raises(StationMismatch, match="KZ-ALA-ST01"):
        Registry.open(db_path, make_signer(bytes(32), "KZ-ALA-ST01"))
    with pytest.raises(StationMismatch):
        Registry.open(db_path, make_signer(station_id="KZ-AST-ST09"))


def test_default_location_is_under_the_home(tmp_path: Path, monkeypatch, signer) -> None:
    monkeypatch.setenv("SCREENINGROOM_HOME", str(tmp_path / "home"))
    with Registry.open(None, signer) as reg:
        assert reg.location == str(tmp_path / "home" / "registry.sqlite3")


def test_audit_table_refuses_update_and_delete(registry: Registry, member: str) -> None:
    registry.authenticate(member, "correct horse battery")
    db = registry._storage._db
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE audit_log SET member_id = 'x'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM audit_log")
