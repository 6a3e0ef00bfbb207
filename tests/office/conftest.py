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


@pytest.fixture
def pg_url(pg_cluster: LocalPostgres) -> Iterator[str]:
    """The URL of a new, empty database on the session's cluster (dropped after)."""
    name = f"t{next(_counter)}"
    yield pg_cluster.create_database(name)
    pg_cluster.drop_database(name)


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
