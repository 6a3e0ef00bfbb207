"""The throwaway PostgreSQL cluster the tests and the benchmark start."""

from __future__ import annotations

import os

import psycopg

from screeningroom.office.localpg import LocalPostgres


def test_cluster_answers_on_loopback_and_runs_unprivileged(pg_cluster: LocalPostgres) -> None:
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        addr = conn.execute("SELECT inet_server_addr()::text").fetchone()[0]
        assert addr.startswith("127.0.0.1")
        assert conn.execute("SHOW port").fetchone()[0] == str(pg_cluster.port)
    pid = int((pg_cluster.data_dir / "postmaster.pid").read_text().splitlines()[0])
    uid = os.stat(f"/proc/{pid}").st_uid
    assert uid != 0
    if os.geteuid() != 0:
        assert uid == os.geteuid()


def test_each_test_gets_an_empty_place_of_its_own(pg_url: str) -> None:
    with psycopg.connect(pg_url) as conn:
        schema = conn.execute("SELECT current_schema()").fetchone()[0]
        tables = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = %s",
            (schema,)).fetchone()[0]
    assert schema.startswith("t") and tables == 0


def test_databases_are_made_and_dropped(pg_cluster: LocalPostgres) -> None:
    url = pg_cluster.create_database("scratch")
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT current_database()").fetchone()[0] == "scratch"
    pg_cluster.drop_database("scratch")
    with psycopg.connect(pg_cluster.url()) as conn:
        names = [r[0] for r in conn.execute("SELECT datname FROM pg_database")]
    assert "scratch" not in names
