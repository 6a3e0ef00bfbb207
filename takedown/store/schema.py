"""The desk database's tables (schema version 2), and the upgrade from version 1.

Times are UTC, ISO 8601 with microseconds; session ids are 16 lowercase hex digits (TEXT).
"""

from __future__ import annotations

import sqlite3

SCHEMA_VERSION_KEY = "schema"


class NewerDatabase(Exception):
    """The database was made by a newer version of the desk (carries that version)."""

SCHEMA_VERSION = 2

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS stations (
    station_id TEXT PRIMARY KEY, room TEXT NOT NULL, certificate BLOB NOT NULL,
    cert_not_before TEXT NOT NULL, cert_not_after TEXT NOT NULL,
    first_imported TEXT NOT NULL, last_seq INTEGER NOT NULL,
    last_exported_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS bundles (
    sha256 TEXT PRIMARY KEY, station_id TEXT NOT NULL, room TEXT NOT NULL,
    exported_at TEXT NOT NULL, imported_at TEXT NOT NULL, file TEXT NOT NULL,
    first_seq INTEGER NOT NULL, last_seq INTEGER NOT NULL, records INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS station_records (
    station_id TEXT NOT NULL, seq INTEGER NOT NULL, hash TEXT NOT NULL, time TEXT NOT NULL,
    bundle_sha256 TEXT NOT NULL REFERENCES bundles(sha256),
    PRIMARY KEY (station_id, seq)
);
CREATE TABLE IF NOT EXISTS sessions (
    station_id TEXT NOT NULL, session_hex TEXT NOT NULL, room TEXT NOT NULL,
    member_id TEXT NOT NULL, film_id TEXT NOT NULL, license_id TEXT NOT NULL,
    profile TEXT NOT NULL, started_at TEXT NOT NULL, ended_at TEXT, end_kind TEXT NOT NULL,
    bundle_sha256 TEXT NOT NULL REFERENCES bundles(sha256),
    PRIMARY KEY (station_id, session_hex)
);
CREATE INDEX IF NOT EXISTS sessions_film ON sessions(film_id);
CREATE INDEX IF NOT EXISTS sessions_hex ON sessions(session_hex);
CREATE TABLE IF NOT EXISTS films (
    film_id TEXT PRIMARY KEY, title TEXT NOT NULL, register_number TEXT NOT NULL,
    rights_holder TEXT NOT NULL, distribution_certificate TEXT NOT NULL DEFAULT '',
    screener TEXT NOT NULL, license_id TEXT NOT NULL, index_file TEXT NOT NULL,
    duration REAL NOT NULL, indexed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS cases (
    case_id TEXT PRIMARY KEY, film_id TEXT, title TEXT NOT NULL, status TEXT NOT NULL,
    station_id TEXT, session_hex TEXT, reupload_of TEXT REFERENCES cases(case_id),
    opened_at TEXT NOT NULL, updated_at TEXT NOT NULL, deadline TEXT
);
CREATE INDEX IF NOT EXISTS cases_session ON cases(station_id, session_hex);
CREATE TABLE IF NOT EXISTS case_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT, case_id TEXT NOT NULL REFERENCES cases(case_id),
    at TEXT NOT NULL, status TEXT NOT NULL, note TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS clips (
    sha256 TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(case_id),
    file_name TEXT NOT NULL, size INTEGER NOT NULL, duration REAL NOT NULL,
    film_id TEXT, film_score REAL, film_offset REAL, match_start REAL, match_end REAL,
    verdict TEXT, station_id TEXT, session_hex TEXT, license_id TEXT, log10_p REAL,
    analysed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sightings (
    id INTEGER PRIMARY KEY AUTOINCREMENT, case_id TEXT NOT NULL REFERENCES cases(case_id),
    clip_sha256 TEXT NOT NULL REFERENCES clips(sha256), link TEXT NOT NULL,
    link_kind TEXT NOT NULL, channel TEXT, message_id INTEGER, views INTEGER,
    seen_at TEXT NOT NULL, received_at TEXT NOT NULL, evidence TEXT,
    UNIQUE (clip_sha256, link)
);
CREATE TABLE IF NOT EXISTS custody (
    id INTEGER PRIMARY KEY AUTOINCREMENT, case_id TEXT, at TEXT NOT NULL,
    actor TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS openings (
    id INTEGER PRIMARY KEY AUTOINCREMENT, license_id TEXT NOT NULL, at TEXT NOT NULL,
    purpose TEXT NOT NULL, case_id TEXT
);
CREATE TABLE IF NOT EXISTS findings (
    id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, station_id TEXT NOT NULL,
    other_station_id TEXT, session_hex TEXT, bundle_sha256 TEXT, case_id TEXT,
    at TEXT NOT NULL, detail TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS findings_station ON findings(station_id);
CREATE TABLE IF NOT EXISTS notices (
    id INTEGER PRIMARY KEY AUTOINCREMENT, case_id TEXT NOT NULL REFERENCES cases(case_id),
    target TEXT NOT NULL, language TEXT NOT NULL, version INTEGER NOT NULL,
    drafted_at TEXT NOT NULL, subject TEXT NOT NULL, eml TEXT NOT NULL, pdf TEXT NOT NULL,
    lumen TEXT NOT NULL, eml_sha256 TEXT NOT NULL, attachments TEXT NOT NULL,
    sent_at TEXT, sent_to TEXT,
    UNIQUE (case_id, target, language, version)
);
"""

# Version 1 (before stations, sightings, findings and notices): what upgrading keeps.
_UPGRADE_1 = """
ALTER TABLE cases RENAME TO cases_v1;
ALTER TABLE clips RENAME TO clips_v1;
ALTER TABLE sessions RENAME TO sessions_v1;
ALTER TABLE films RENAME TO films_v1;
ALTER TABLE bundles RENAME TO bundles_v1;
ALTER TABLE openings RENAME TO openings_v1;
"""
_COPY_1 = """
INSERT INTO films(film_id, title, register_number, rights_holder, screener, license_id,
    index_file, duration, indexed_at)
    SELECT film_id, title, register_number, rights_holder, screener, license_id, index_file,
    duration, indexed_at FROM films_v1;
INSERT INTO cases(case_id, film_id, title, status, station_id, session_hex, reupload_of,
    opened_at, updated_at, deadline)
    SELECT c.case_id, c.film_id, c.title, c.status, s.station_id, c.session_hex,
    c.reupload_of, c.opened_at, c.updated_at, c.deadline
    FROM cases_v1 c LEFT JOIN sessions_v1 s ON s.session_hex = c.session_hex;
INSERT INTO clips(sha256, case_id, file_name, size, duration, film_id, film_score,
    film_offset, verdict, station_id, session_hex, log10_p, analysed_at)
    SELECT k.sha256, k.case_id, k.file_name, k.size, k.duration, c.film_id, k.film_score,
    k.film_offset, k.verdict, s.station_id, k.session_hex, k.log10_p, k.received_at
    FROM clips_v1 k JOIN cases_v1 c ON c.case_id = k.case_id
    LEFT JOIN sessions_v1 s ON s.session_hex = k.session_hex;
INSERT INTO sightings(case_id, clip_sha256, link, link_kind, channel, message_id, views,
    seen_at, received_at, evidence)
    SELECT case_id, sha256, link, link_kind, channel, message_id, views, seen_at,
    received_at, evidence FROM clips_v1;
INSERT INTO openings(license_id, at, purpose) SELECT license_id, at, purpose FROM openings_v1;
DROP TABLE clips_v1;
DROP TABLE cases_v1;
DROP TABLE films_v1;
DROP TABLE openings_v1;
DROP TABLE sessions_v1;
DROP TABLE bundles_v1;
"""


def _statements(script: str) -> list[str]:
    return [s for s in (part.strip() for part in script.split(";")) if s]


def install(db: sqlite3.Connection) -> list[str]:
    """Create or upgrade the tables (inside the caller's transaction). Returns the kept
    audit bundle files of a version 1 desk, which the caller imports again (version 1 kept
    sessions by session id alone and no station history)."""
    row = None
    if db.execute("SELECT name FROM sqlite_master WHERE name = 'meta'").fetchone():
        row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    version = int(row[0]) if row else None
    if version is not None and version > SCHEMA_VERSION:
        raise NewerDatabase(version)
    reimport: list[str] = []
    if version == 1:
        # renaming a table must not rewrite the other tables' references to it: they are
        # meant for the new tables of the same names (foreign keys are off here)
        db.execute("PRAGMA legacy_alter_table = ON")
        for statement in _statements(_UPGRADE_1):
            db.execute(statement)
        reimport = [r[0] for r in db.execute("SELECT file FROM bundles_v1 ORDER BY exported_at")]
    for statement in _statements(SCHEMA):
        db.execute(statement)
    if version == 1:
        for statement in _statements(_COPY_1):
            db.execute(statement)
        db.execute("PRAGMA legacy_alter_table = OFF")
    db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema', ?)",
               (str(SCHEMA_VERSION),))
    return reimport
