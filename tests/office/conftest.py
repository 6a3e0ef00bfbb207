"""Fixtures of the office tests: one real PostgreSQL cluster for the whole run (started
with ``initdb``/``pg_ctl`` in a temporary folder, on a loopback port, removed after), a
fresh database per test, and signers with fixed keys."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from screeningroom.office.localpg import LocalPostgres, find_bin_dir

sys.path.insert(0, str(Path(__file__).parent))

_counter = itertools.count(1)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[LocalPostgres]:
    if find_bin_dir() is None:
        pytest.fail("PostgreSQL's initdb/pg_ctl are missing: run bash installer/bootstrap.sh")
    cluster = LocalPostgres(durable=False).start()
    try:
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture(scope="session")
def pg_tests_database(pg_cluster: LocalPostgres) -> str:
    return pg_cluster.create_database("tests")


@pytest.fixture
def pg_url(pg_cluster: LocalPostgres, pg_tests_database: str) -> Iterator[str]:
    """The URL of a new, empty place on the session's cluster: a schema of its own, first
    on the search path (a schema costs nothing to make; a database is a file copy)."""
    import psycopg

    name = f"t{next(_counter)}"
    with psycopg.connect(pg_tests_database, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    yield f"{pg_tests_database}?options=-csearch_path%3D{name}"
    with psycopg.connect(pg_tests_database, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {name} CASCADE")


@pytest.fixture
def office(tmp_path: Path):  # type: ignore[no-untyped-def]
    from officeworld import make_office

    return make_office(tmp_path / "office")


@pytest.fixture
def svc(pg_url: str, office):  # type: ignore[no-untyped-def]
    """The real service on a loopback port over a fresh database: (base URL, store)."""
    from officeworld import service

    with service(pg_url, office) as running:
        yield running
