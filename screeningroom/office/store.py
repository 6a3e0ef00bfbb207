"""The central registry's database: a psycopg_pool connection pool over PostgreSQL, the
schema migrated on open, and the small writes every request needs (stations, nonces,
anomalies, revocation lists). Pushes, grants and the read side live in their own modules
and work on a connection this store lends (:meth:`OfficeStore.transaction`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool, PoolTimeout

from screeningroom.office.errors import DatabaseUnavailable, SchemaTooNew
from screeningroom.office.model import AnomalyKind, StationInfo
from screeningroom.office.schema import MIGRATIONS, SCHEMA_TABLE
from screeningroom.registry.canonical import from_micros, to_micros
from screeningroom.registry.postgres import SchemaNewer, migrate, redacted

#: Errors that mean "the database is not there right now" (retry later), not "refused".
#: How often expired nonces are deleted (they are kept for twice the time window).
PURGE_EVERY_US = 60 * 1_000_000
TRANSIENT = (psycopg.OperationalError, psycopg.errors.AdminShutdown, PoolTimeout)


def station_info(row: dict[str, Any]) -> StationInfo:
    return StationInfo(
        station_id=row["station_id"], name=row["name"], room=row["room"],
        signing_public_key=bytes(row["signing_key"]), certificate=bytes(row["certificate"]),
        not_before=from_micros(row["not_before_us"]), not_after=from_micros(row["not_after_us"]),
        head_seq=row["head_seq"], head_hash=bytes(row["head_hash"]),
        last_contact=None if row["last_contact_us"] is None
        else from_micros(row["last_contact_us"]),
        revoked_at=None if row["revoked_us"] is None else from_micros(row["revoked_us"]),
        reader=row["reader"],
    )


class OfficeStore:
    """Open with a ``postgresql://`` URL; :meth:`close` when done."""

    def __init__(self, url: str, *, pool_size: int = 16, timeout: float = 10.0) -> None:
        self.location = redacted(url)
        try:
            with psycopg.connect(url, autocommit=True, connect_timeout=timeout) as conn:
                self.schema_version = migrate(conn, MIGRATIONS, table=SCHEMA_TABLE,
                                              location=self.location)
        except SchemaNewer as exc:
            raise SchemaTooNew(exc.found, exc.known) from exc
        except psycopg.Error as exc:
            raise DatabaseUnavailable(self.location, _first_line(exc)) from exc
        self._pool = ConnectionPool(
            url, min_size=2, max_size=pool_size, open=True, timeout=timeout,
            kwargs={"autocommit": True, "row_factory": dict_row},
        )
        self._purge_lock = threading.Lock()
        self._purged_us = 0

    def close(self) -> None:
        self._pool.close()

    @contextmanager
    def transaction(self) -> Iterator[psycopg.Connection]:
        """One transaction on a pooled connection; :class:`DatabaseUnavailable` when the
        server is down (the pool replaces broken connections on the next call)."""
        try:
            with self._pool.connection() as conn, conn.transaction():
                yield conn
        except TRANSIENT as exc:
            raise DatabaseUnavailable(self.location, _first_line(exc)) from exc

    def healthy(self) -> bool:
        try:
            with self.transaction() as conn:
                conn.execute("SELECT 1")
        except DatabaseUnavailable:
            return False
        return True

    # --- stations -------------------------------------------------------------------

    def station(self, station_id: str, conn: psycopg.Connection | None = None,
                *, lock: bool = False) -> StationInfo | None:
        sql = "SELECT * FROM stations WHERE station_id = %s" + (" FOR UPDATE" if lock else "")
        if conn is not None:
            row = conn.execute(sql, (station_id,)).fetchone()
        else:
            with self.transaction() as c:
                row = c.execute(sql, (station_id,)).fetchone()
        return None if row is None else station_info(row)

    def enroll(self, cert: Any, certificate_bytes: bytes, now_us: int) -> StationInfo:
        """Add (or renew) the station a checked certificate names."""
        with self.transaction() as conn:
            row = conn.execute(
                "INSERT INTO stations (station_id, name, room, signing_key, certificate, "
                "cert_serial, not_before_us, not_after_us, enrolled_us, last_contact_us) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
                "ON CONFLICT (station_id) DO UPDATE SET name = EXCLUDED.name, "
                "room = EXCLUDED.room, certificate = EXCLUDED.certificate, "
                "cert_serial = EXCLUDED.cert_serial, not_before_us = EXCLUDED.not_before_us, "
                "not_after_us = EXCLUDED.not_after_us, last_contact_us = EXCLUDED.last_contact_us "
                "WHERE stations.signing_key = EXCLUDED.signing_key "
                "AND stations.not_after_us <= EXCLUDED.not_after_us RETURNING *",
                (cert.station_id, cert.name, cert.room, bytes(cert.signing_public_key),
                 bytes(certificate_bytes), cert.serial, to_micros(cert.not_before),
                 to_micros(cert.not_after), now_us, now_us),
            ).fetchone()
            if row is None:  # an older certificate: keep the newer one
                row = conn.execute("SELECT * FROM stations WHERE station_id = %s",
                                   (cert.station_id,)).fetchone()
        return station_info(row)

    def set_reader(self, station_id: str, reader: bool) -> bool:
        with self.transaction() as conn:
            cur = conn.execute("UPDATE stations SET reader = %s WHERE station_id = %s",
                               (reader, station_id))
            return cur.rowcount == 1

    def touch(self, station_id: str, now_us: int, conn: psycopg.Connection) -> None:
        conn.execute("UPDATE stations SET last_contact_us = GREATEST(COALESCE("
                     "last_contact_us, 0), %s) WHERE station_id = %s", (now_us, station_id))

    # --- replay protection ----------------------------------------------------------

    def remember_nonce(self, station_id: str, nonce: str, now_us: int, keep_us: int) -> bool:
        """False when this station used this nonce before (a replay). A fresh one is a
        contact of the station (its signature on the request verified)."""
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO nonces (station_id, nonce, seen_us) VALUES (%s, %s, %s) "
                "ON CONFLICT DO NOTHING", (station_id, nonce, now_us))
            fresh = cur.rowcount == 1
            if fresh:
                self.touch(station_id, now_us, conn)
        if fresh and now_us - self._purged_us > PURGE_EVERY_US \
                and self._purge_lock.acquire(blocking=False):
            try:
                self._purged_us = now_us
                with self.transaction() as conn:
                    conn.execute("DELETE FROM nonces WHERE seen_us < %s", (now_us - keep_us,))
            finally:
                self._purge_lock.release()
        return fresh

    # --- anomalies ------------------------------------------------------------------

    def record_anomaly(self, kind: AnomalyKind, station_id: str, detail: str, now_us: int, *,
                       seq: int | None = None, session_id: int | None = None,
                       remote: str = "", conn: psycopg.Connection | None = None) -> None:
        args = (now_us, station_id[:100], kind.value, seq,
                None if session_id is None else f"{session_id:016x}", detail[:2000],
                remote[:100])
        sql = ("INSERT INTO anomalies (at_us, station_id, kind, seq, session_id, detail, "
               "remote) VALUES (%s, %s, %s, %s, %s, %s, %s)")
        if conn is not None:
            conn.execute(sql, args)
            return
        with self.transaction() as c:
            c.execute(sql, args)

    # --- revocation lists -----------------------------------------------------------

    def install_revocations(self, rl: Any, data: bytes, now_us: int) -> bool:
        """Keep a checked list if it is newer than the one installed; mark its stations."""
        with self.transaction() as conn:
            conn.execute("LOCK TABLE revocations IN EXCLUSIVE MODE")
            row = conn.execute("SELECT COALESCE(MAX(sequence), 0) AS s FROM revocations"
                               ).fetchone()
            if rl.sequence <= row["s"]:
                return False
            conn.execute("INSERT INTO revocations (sequence, issued_us, data, installed_us) "
                         "VALUES (%s, %s, %s, %s)",
                         (rl.sequence, to_micros(rl.issued_at), bytes(data), now_us))
            conn.execute("UPDATE stations SET revoked_us = %s WHERE station_id = ANY(%s) "
                         "AND revoked_us IS NULL", (now_us, list(rl.stations)))
        return True

    def revocations(self) -> bytes | None:
        with self.transaction() as conn:
            row = conn.execute("SELECT data FROM revocations ORDER BY sequence DESC LIMIT 1"
                               ).fetchone()
        return None if row is None else bytes(row["data"])

    def revoked_licenses(self, conn: psycopg.Connection) -> set[str]:
        from screeningroom.vault.records import parse_revocations

        row = conn.execute("SELECT data FROM revocations ORDER BY sequence DESC LIMIT 1"
                           ).fetchone()
        return set() if row is None else set(parse_revocations(bytes(row["data"])).licenses)


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
