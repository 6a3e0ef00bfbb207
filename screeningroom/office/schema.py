"""The central registry's PostgreSQL schema, as numbered migration steps.

Applied by :func:`screeningroom.registry.postgres.migrate` (the same runner as the station
registry's PostgreSQL backend) into the table ``office_schema``: append a step to change
the schema, never edit a step that has shipped. Session ids are 16 lower-case hex digits;
times are whole microseconds since 1970 UTC; hashes, keys and signatures are BYTEA.
"""

from __future__ import annotations

SCHEMA_TABLE = "office_schema"

MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (1, "central registry: stations, records, sessions, licenses, grants, anomalies", r"""
CREATE TABLE stations (
    station_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    room TEXT NOT NULL,
    signing_key BYTEA NOT NULL,
    certificate BYTEA NOT NULL,
    cert_serial TEXT NOT NULL,
    not_before_us BIGINT NOT NULL,
    not_after_us BIGINT NOT NULL,
    enrolled_us BIGINT NOT NULL,
    last_contact_us BIGINT,
    head_seq BIGINT NOT NULL DEFAULT 0,
    head_hash BYTEA NOT NULL DEFAULT decode(repeat('00', 32), 'hex'),
    head_time_us BIGINT,
    revoked_us BIGINT,
    reader BOOLEAN NOT NULL DEFAULT false
);
CREATE TABLE records (
    station_id TEXT NOT NULL REFERENCES stations (station_id),
    seq BIGINT NOT NULL CHECK (seq >= 1),
    time_us BIGINT NOT NULL,
    event TEXT NOT NULL,
    session_id TEXT,
    member_id TEXT NOT NULL,
    film_id TEXT NOT NULL,
    detail TEXT NOT NULL,
    prev_hash BYTEA NOT NULL,
    hash BYTEA NOT NULL,
    signature BYTEA NOT NULL,
    received_us BIGINT NOT NULL,
    PRIMARY KEY (station_id, seq)
);
CREATE INDEX records_session ON records (station_id, session_id) WHERE session_id IS NOT NULL;
CREATE FUNCTION records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'the central audit log is append-only'; END $$;
CREATE TRIGGER records_no_update BEFORE UPDATE OR DELETE ON records
    FOR EACH ROW EXECUTE FUNCTION records_append_only();
CREATE TRIGGER records_no_truncate BEFORE TRUNCATE ON records
    FOR EACH STATEMENT EXECUTE FUNCTION records_append_only();
CREATE TABLE sessions (
    station_id TEXT NOT NULL REFERENCES stations (station_id),
    session_id TEXT NOT NULL CHECK (session_id ~ '^[0-9a-f]{16}$'),
    room TEXT NOT NULL,
    member_id TEXT NOT NULL,
    film_id TEXT NOT NULL,
    license_id TEXT NOT NULL,
    profile TEXT NOT NULL,
    started_us BIGINT NOT NULL,
    ended_us BIGINT,
    end_state TEXT NOT NULL DEFAULT 'open',
    start_seq BIGINT NOT NULL,
    granted BOOLEAN NOT NULL DEFAULT false,
    PRIMARY KEY (station_id, session_id)
);
CREATE INDEX sessions_film ON sessions (film_id, started_us);
CREATE INDEX sessions_id ON sessions (session_id);
CREATE INDEX sessions_started ON sessions (started_us);
CREATE TABLE licenses (
    license_id TEXT PRIMARY KEY,
    station_id TEXT NOT NULL,
    film_id TEXT NOT NULL,
    max_sessions INTEGER NOT NULL,
    offline_sessions INTEGER NOT NULL DEFAULT 0,
    not_before_us BIGINT NOT NULL,
    not_after_us BIGINT NOT NULL,
    data BYTEA NOT NULL,
    granted INTEGER NOT NULL DEFAULT 0,
    offline_used INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE grants (
    station_id TEXT NOT NULL,
    session_id TEXT NOT NULL,
    license_id TEXT NOT NULL REFERENCES licenses (license_id),
    member_id TEXT NOT NULL,
    number INTEGER NOT NULL,
    granted_us BIGINT NOT NULL,
    start_seq BIGINT,
    released_us BIGINT,
    PRIMARY KEY (station_id, session_id)
);
CREATE TABLE anomalies (
    id BIGSERIAL PRIMARY KEY,
    at_us BIGINT NOT NULL,
    station_id TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    seq BIGINT,
    session_id TEXT,
    detail TEXT NOT NULL,
    remote TEXT NOT NULL DEFAULT ''
);
CREATE INDEX anomalies_station ON anomalies (station_id, at_us);
CREATE TABLE nonces (
    station_id TEXT NOT NULL,
    nonce TEXT NOT NULL,
    seen_us BIGINT NOT NULL,
    PRIMARY KEY (station_id, nonce)
);
CREATE INDEX nonces_age ON nonces (seen_us);
CREATE TABLE revocations (
    sequence INTEGER PRIMARY KEY,
    issued_us BIGINT NOT NULL,
    data BYTEA NOT NULL,
    installed_us BIGINT NOT NULL
);
CREATE TABLE reports (
    station_id TEXT NOT NULL REFERENCES stations (station_id),
    sha256 TEXT NOT NULL,
    film_id TEXT NOT NULL,
    member_id TEXT NOT NULL,
    session_ids TEXT NOT NULL,
    pdf_sha256 TEXT NOT NULL,
    data BYTEA NOT NULL,
    received_us BIGINT NOT NULL,
    PRIMARY KEY (station_id, sha256)
);
"""),
    (2, "signed audit bundles the stations push (the desk imports them as it imports a "
        "carried bundle)", r"""
CREATE TABLE bundles (
    station_id TEXT NOT NULL REFERENCES stations (station_id),
    first_seq BIGINT NOT NULL CHECK (first_seq >= 1),
    last_seq BIGINT NOT NULL CHECK (last_seq >= first_seq),
    sha256 TEXT NOT NULL,
    data BYTEA NOT NULL,
    received_us BIGINT NOT NULL,
    PRIMARY KEY (station_id, first_seq)
);
"""),
)
