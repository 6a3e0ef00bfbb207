"""What only the PostgreSQL backend has: versioned migrations, triggers, clear errors."""

from __future__ import annotations

import psycopg
import pytest
from test_storage_conformance import Signer

from screeningroom.office.localpg import free_port
from screeningroom.registry import StorageUnavailable, open_storage
from screeningroom.registry.canonical import ZERO_HASH, RecordFields
from screeningroom.registry.chain import sign_record
from screeningroom.registry.postgres import MIGRATIONS, SchemaNewer, redacted


def test_schema_version_is_recorded_once(pg_url: str) -> None:
    open_storage(pg_url).close()
    open_storage(pg_url).close()
    with psycopg.connect(pg_url) as conn:
        rows = conn.execute("SELECT version, name FROM registry_schema").fetchall()
    assert [r[0] for r in rows] == [v for v, _n, _s in MIGRATIONS]


def test_a_newer_schema_is_refused(pg_url: str) -> None:
    open_storage(pg_url).close()
    with psycopg.connect(pg_url) as conn:
        conn.execute("INSERT INTO registry_schema (version, name) VALUES (999, 'future')")
    with pytest.raises(SchemaNewer, match="999"):
        open_storage(pg_url)


def test_audit_table_refuses_update_delete_truncate(pg_url: str) -> None:
    storage = open_storage(pg_url)
    try:
        fields = RecordFields(1, 1, "login", "st-conformance", None, "m1", "", "null", ZERO_HASH)
        with storage.atomic():
            storage.append_record(sign_record(fields, Signer()))
    finally:
        storage.close()
    for sql in ("UPDATE audit_log SET member_id = 'x'", "DELETE FROM audit_log",
                "TRUNCATE audit_log"):
        with psycopg.connect(pg_url) as conn, pytest.raises(psycopg.errors.RaiseException,
                                                            match="append-only"):
            conn.execute(sql)


def test_an_unreachable_server_is_a_clear_error() -> None:
    url = f"postgresql://station@127.0.0.1:{free_port()}/registry"
    with pytest.raises(StorageUnavailable, match=r"127\.0\.0\.1"):
        open_storage(url)


def test_passwords_are_not_shown() -> None:
    assert redacted("postgresql://u:secret@h:5/db") == "postgresql://u:***@h:5/db"
    assert redacted("postgresql://u@h/db") == "postgresql://u@h/db"


def test_the_office_schema_is_versioned_and_a_newer_one_refused(pg_url: str) -> None:
    from screeningroom.office.errors import SchemaTooNew
    from screeningroom.office.schema import MIGRATIONS as OFFICE
    from screeningroom.office.schema import SCHEMA_TABLE
    from screeningroom.office.store import OfficeStore

    store = OfficeStore(pg_url, pool_size=2)
    assert store.schema_version == max(v for v, _n, _s in OFFICE)
    store.close()
    with psycopg.connect(pg_url) as conn:
        conn.execute(f"INSERT INTO {SCHEMA_TABLE} (version, name) VALUES (99, 'future')")
    with pytest.raises(SchemaTooNew, match="99"):
        OfficeStore(pg_url, pool_size=2)
