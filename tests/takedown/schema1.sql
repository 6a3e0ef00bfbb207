-- The desk database of schema 1, as the desk created it before schema 2.

CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS bundles (
    sha256 TEXT PRIMARY KEY, station_id TEXT NOT NULL, room TEXT NOT NULL,
    exported_at TEXT NOT NULL, imported_at TEXT NOT NULL, file TEXT NOT NULL,
    records INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    session_hex TEXT PRIMARY KEY, station_id TEXT NOT NULL, room TEXT NOT NULL,
    member_id TEXT NOT NULL, film_id TEXT NOT NULL, license_id TEXT NOT NULL,
    profile TEXT NOT NULL, started_at TEXT NOT NULL, ended_at TEXT, end_kind TEXT NOT NULL,
    bundle_sha256 TEXT NOT NULL REFERENCES bundles(sha256)
);
CREATE INDEX IF NOT EXISTS sessions_film ON sessions(film_id);
CREATE TABLE IF NOT EXISTS films (
    film_id TEXT PRIMARY KEY, title TEXT NOT NULL, register_number TEXT NOT NULL,
    rights_holder TEXT NOT NULL, screener TEXT NOT NULL, license_id TEXT NOT NULL,
    index_file TEXT NOT NULL, duration REAL NOT NULL, indexed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS cases (
    case_id TEXT PRIMARY KEY, film_id TEXT, title TEXT NOT NULL, status TEXT NOT NULL,
    session_hex TEXT, reupload_of TEXT REFERENCES cases(case_id),
    opened_at TEXT NOT NULL, updated_at TEXT NOT NULL, deadline TEXT
);
CREATE TABLE IF NOT EXISTS case_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT, case_id TEXT NOT NULL REFERENCES cases(case_id),
    at TEXT NOT NULL, status TEXT NOT NULL, note TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS clips (
    sha256 TEXT PRIMARY KEY, case_id TEXT NOT NULL REFERENCES cases(case_id),
    link TEXT NOT NULL, link_kind TEXT NOT NULL, channel TEXT, message_id INTEGER,
    views INTEGER, seen_at TEXT NOT NULL, received_at TEXT NOT NULL, file_name TEXT NOT NULL,
    size INTEGER NOT NULL, duration REAL NOT NULL,
    film_score REAL, film_offset REAL, session_hex TEXT, log10_p REAL, verdict TEXT,
    evidence TEXT
);
CREATE TABLE IF NOT EXISTS custody (
    id INTEGER PRIMARY KEY AUTOINCREMENT, case_id TEXT, at TEXT NOT NULL,
    actor TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS openings (
    license_id TEXT NOT NULL, at TEXT NOT NULL, purpose TEXT NOT NULL
);
