"""The watch list's tables, kept on the desk's own database file (``desk.sqlite3``).

Tables (all prefixed ``watch_``): sources, the HTTP validators of each polled address
(ETag, Last-Modified), posts and the videos they offer, downloaded files by SHA-256, the
scan queue, findings and leads. Methods here run single statements; a caller groups them
with :meth:`WatchRepository.atomic` (the desk store's transaction) so one post's records
land together or not at all.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from takedown.store import DeskStore
from takedown.watch.model import (
    Finding,
    FindingKind,
    Lead,
    LeadKind,
    LeadState,
    Post,
    QueueItem,
    QueueState,
    ReadMode,
    SourceKind,
    SourceSpec,
    VideoState,
    WatchSource,
)

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS watch_sources (
    source_id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL, name TEXT NOT NULL, url TEXT NOT NULL, mode TEXT NOT NULL,
    interval_s INTEGER NOT NULL, depth INTEGER NOT NULL, added_at TEXT NOT NULL,
    removed_at TEXT, next_due TEXT NOT NULL, last_polled TEXT, last_message_id INTEGER,
    is_feed INTEGER, last_outcome TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS watch_validators (
    url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS watch_posts (
    post_id INTEGER PRIMARY KEY AUTOINCREMENT,
    source_id INTEGER NOT NULL REFERENCES watch_sources(source_id),
    post_key TEXT NOT NULL, message_id INTEGER, link TEXT NOT NULL, posted_at TEXT,
    text TEXT NOT NULL, views INTEGER, views_shown TEXT NOT NULL, first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    gone_at TEXT, UNIQUE (source_id, post_key)
);
CREATE TABLE IF NOT EXISTS watch_videos (
    video_id INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id INTEGER NOT NULL REFERENCES watch_posts(post_id), idx INTEGER NOT NULL,
    url TEXT, duration TEXT NOT NULL, api_ref INTEGER, size INTEGER, state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0, sha256 TEXT, case_id TEXT, detail TEXT NOT NULL,
    updated_at TEXT NOT NULL, UNIQUE (post_id, idx)
);
CREATE TABLE IF NOT EXISTS watch_files (
    sha256 TEXT PRIMARY KEY, file TEXT NOT NULL, size INTEGER NOT NULL,
    video_id INTEGER NOT NULL REFERENCES watch_videos(video_id), case_id TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS watch_queue (
    item_id INTEGER PRIMARY KEY AUTOINCREMENT, sha256 TEXT NOT NULL UNIQUE,
    case_id TEXT NOT NULL, file TEXT NOT NULL, link TEXT NOT NULL, seen_time TEXT,
    channel TEXT, views INTEGER, state TEXT NOT NULL, queued_at TEXT NOT NULL,
    done_at TEXT, result TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS watch_findings (
    finding_id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, kind TEXT NOT NULL,
    detail TEXT NOT NULL, source_id INTEGER, link TEXT NOT NULL, case_id TEXT
);
CREATE TABLE IF NOT EXISTS watch_leads (
    lead_id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, target TEXT NOT NULL UNIQUE,
    url TEXT NOT NULL, first_seen TEXT NOT NULL, seen_in TEXT NOT NULL,
    source_id INTEGER, times INTEGER NOT NULL, state TEXT NOT NULL
);
"""


def _t(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat(timespec="seconds")


def _dt(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None



@dataclass(frozen=True)
class PendingVideo:
    """A video still to fetch, with what its post said."""

    video_id: int
    post_id: int
    idx: int
    url: str | None
    api_ref: int | None
    size: int | None
    attempts: int
    link: str
    posted_at: datetime | None
    text: str
    views: int | None
    views_shown: str
    message_id: int | None


class WatchRepository:
    """The watch tables of one desk store."""

    def __init__(self, store: DeskStore) -> None:
        self.store = store
        self.db = store.db
        with store.atomic():
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    self.db.execute(statement)
            self.db.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('watch_schema', ?)",
                            (str(SCHEMA_VERSION),))

    @contextmanager
    def atomic(self) -> Iterator[sqlite3.Connection]:
        with self.store.atomic() as db:
            yield db

    # --- sources ------------------------------------------------------------------------

    def add_source(self, spec: SourceSpec, *, mode: ReadMode, interval: int, depth: int,
                   now: datetime) -> tuple[WatchSource, bool]:
        """Put ``spec`` on the list (again, when it was removed); returns the source and
        whether it was added (False: it is already watched, unchanged)."""
        row = self.db.execute("SELECT * FROM watch_sources WHERE key = ?",
                              (spec.key,)).fetchone()
        if row is not None and row["removed_at"] is None:
            return _source(row), False
        if row is not None:
            self.db.execute(
                "UPDATE watch_sources SET removed_at = NULL, mode = ?, interval_s = ?, "
                "depth = ?, next_due = ? WHERE source_id = ?",
                (mode.value, interval, depth, _t(now), row["source_id"]))
            return self.source(row["source_id"]), True
        cur = self.db.execute(
            "INSERT INTO watch_sources(key, kind, name, url, mode, interval_s, depth, added_at, "
            "next_due) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (spec.key, spec.kind.value, spec.name, spec.url, mode.value, interval, depth,
             _t(now), _t(now)))
        return self.source(int(cur.lastrowid)), True

    def remove_source(self, source_id: int, now: datetime) -> None:
        self.db.execute("UPDATE watch_sources SET removed_at = ? WHERE source_id = ?",
                        (_t(now), source_id))

    def source(self, source_id: int) -> WatchSource:
        row = self.db.execute("SELECT * FROM watch_sources WHERE source_id = ?",
                              (source_id,)).fetchone()
        if row is None:
            raise KeyError(source_id)
        return _source(row)

    def source_by_key(self, key: str) -> WatchSource | None:
        row = self.db.execute("SELECT * FROM watch_sources WHERE key = ? AND removed_at IS NULL",
                              (key,)).fetchone()
        return _source(row) if row else None

    def sources(self) -> tuple[WatchSource, ...]:
        rows = self.db.execute("SELECT * FROM watch_sources WHERE removed_at IS NULL "
                               "ORDER BY source_id").fetchall()
        return tuple(_source(r) for r in rows)

    def due(self, now: datetime) -> tuple[WatchSource, ...]:
        return tuple(s for s in self.sources() if s.next_due <= now)

    def polled(self, source_id: int, *, at: datetime, next_due: datetime, outcome: str,
               last_message_id: int | None = None, is_feed: bool | None = None) -> None:
        self.db.execute(
            "UPDATE watch_sources SET last_polled = ?, next_due = ?, last_outcome = ?, "
            "last_message_id = COALESCE(?, last_message_id), is_feed = COALESCE(?, is_feed) "
            "WHERE source_id = ?",
            (_t(at), _t(next_due), outcome, last_message_id,
             None if is_feed is None else int(is_feed), source_id))

    # --- HTTP validators ----------------------------------------------------------------

    def validators(self, url: str) -> tuple[str | None, str | None]:
        row = self.db.execute("SELECT etag, last_modified FROM watch_validators WHERE url = ?",
                              (url,)).fetchone()
        return (row["etag"], row["last_modified"]) if row else (None, None)

    def save_validators(self, url: str, etag: str | None, last_modified: str | None,
                        now: datetime) -> None:
        self.db.execute("INSERT OR REPLACE INTO watch_validators(url, etag, last_modified, at) "
                        "VALUES (?, ?, ?, ?)", (url, etag, last_modified, _t(now)))

    # --- posts and videos ---------------------------------------------------------------

    def has_post(self, source_id: int, key: str) -> bool:
        return self.db.execute("SELECT 1 FROM watch_posts WHERE source_id = ? AND post_key = ?",
                               (source_id, key)).fetchone() is not None

    def add_post(self, source_id: int, post: Post, now: datetime) -> int:
        """Record a post seen for the first time and its videos (pending, or unavailable
        when the page offers no file)."""
        cur = self.db.execute(
            "INSERT INTO watch_posts(source_id, post_key, message_id, link, posted_at, text, "
            "views, views_shown, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (source_id, post.key, post.message_id, post.link, _t(post.posted_at), post.text,
             post.views, post.views_shown, _t(now), _t(now)))
        post_id = int(cur.lastrowid)
        for idx, video in enumerate(post.videos):
            state = VideoState.PENDING if (video.url or video.api_ref) else (
                VideoState.UNAVAILABLE)
            self.db.execute(
                "INSERT INTO watch_videos(post_id, idx, url, duration, api_ref, size, state, "
                "detail, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, '', ?)",
                (post_id, idx, video.url, video.duration, video.api_ref, video.size,
                 state.value, _t(now)))
        return post_id

    def seen_again(self, source_id: int, post: Post, now: datetime) -> bool:
        """Refresh a known post (views, a fresh video address); True when it had been
        marked gone and is back."""
        row = self.db.execute("SELECT post_id, gone_at FROM watch_posts WHERE source_id = ? "
                              "AND post_key = ?", (source_id, post.key)).fetchone()
        self.db.execute("UPDATE watch_posts SET last_seen = ?, gone_at = NULL, "
                        "views = COALESCE(?, views), views_shown = ? WHERE post_id = ?",
                        (_t(now), post.views, post.views_shown, row["post_id"]))
        for idx, video in enumerate(post.videos):
            if video.url:  # preview file addresses carry tokens that expire: keep the newest
                self.db.execute("UPDATE watch_videos SET url = ? WHERE post_id = ? AND idx = ? "
                                "AND state = ?", (video.url, row["post_id"], idx,
                                                  VideoState.PENDING.value))
        return row["gone_at"] is not None

    def live_message_ids(self, source_id: int, low: int, high: int) -> dict[int, str]:
        """Message ids (-> links) between ``low`` and ``high`` not marked gone."""
        rows = self.db.execute(
            "SELECT message_id, link FROM watch_posts WHERE source_id = ? AND gone_at IS NULL "
            "AND message_id BETWEEN ? AND ?", (source_id, low, high)).fetchall()
        return {int(r["message_id"]): r["link"] for r in rows}

    def live_keys(self, source_id: int) -> dict[str, str]:
        rows = self.db.execute("SELECT post_key, link FROM watch_posts WHERE source_id = ? AND "
                               "gone_at IS NULL", (source_id,)).fetchall()
        return {r["post_key"]: r["link"] for r in rows}

    def mark_gone(self, source_id: int, key: str, now: datetime) -> str | None:
        """Mark a post gone; returns the case opened for its video, if any."""
        self.db.execute("UPDATE watch_posts SET gone_at = ? WHERE source_id = ? AND post_key = ?",
                        (_t(now), source_id, key))
        row = self.db.execute(
            "SELECT v.case_id FROM watch_videos v JOIN watch_posts p ON p.post_id = v.post_id "
            "WHERE p.source_id = ? AND p.post_key = ? AND v.case_id IS NOT NULL",
            (source_id, key)).fetchone()
        return row["case_id"] if row else None

    def pending_videos(self, source_id: int) -> tuple[PendingVideo, ...]:
        rows = self.db.execute(
            "SELECT v.video_id, v.post_id, v.idx, v.url, v.api_ref, v.size, v.attempts, p.link, "
            "p.posted_at, p.text, p.views, p.views_shown, p.message_id FROM watch_videos v "
            "JOIN watch_posts p ON p.post_id = v.post_id WHERE p.source_id = ? AND v.state = ? "
            "ORDER BY p.message_id, p.post_id, v.idx",
            (source_id, VideoState.PENDING.value)).fetchall()
        return tuple(PendingVideo(
            video_id=r["video_id"], post_id=r["post_id"], idx=r["idx"], url=r["url"],
            api_ref=r["api_ref"], size=r["size"], attempts=r["attempts"], link=r["link"],
            posted_at=_dt(r["posted_at"]), text=r["text"], views=r["views"],
            views_shown=r["views_shown"], message_id=r["message_id"]) for r in rows)

    def set_video(self, video_id: int, state: VideoState, now: datetime, *, detail: str = "",
                  sha256: str | None = None, case_id: str | None = None,
                  attempt: bool = False) -> None:
        self.db.execute(
            "UPDATE watch_videos SET state = ?, detail = ?, sha256 = COALESCE(?, sha256), "
            "case_id = COALESCE(?, case_id), attempts = attempts + ?, updated_at = ? "
            "WHERE video_id = ?",
            (state.value, detail, sha256, case_id, int(attempt), _t(now), video_id))

    def set_video_url(self, video_id: int, url: str) -> None:
        self.db.execute("UPDATE watch_videos SET url = ? WHERE video_id = ?", (url, video_id))

    def video_states(self, source_id: int) -> dict[str, int]:
        rows = self.db.execute(
            "SELECT v.state, COUNT(*) AS n FROM watch_videos v JOIN watch_posts p "
            "ON p.post_id = v.post_id WHERE p.source_id = ? GROUP BY v.state",
            (source_id,)).fetchall()
        return {r["state"]: int(r["n"]) for r in rows}

    # --- files and the scan queue -------------------------------------------------------

    def video_state(self, video_id: int) -> VideoState:
        row = self.db.execute("SELECT state FROM watch_videos WHERE video_id = ?",
                              (video_id,)).fetchone()
        return VideoState(row["state"])

    def has_file(self, sha256: str) -> bool:
        return self.db.execute("SELECT 1 FROM watch_files WHERE sha256 = ?",
                               (sha256,)).fetchone() is not None

    def file_case(self, sha256: str) -> str | None:
        """The case of a file already downloaded here, or scanned by the desk."""
        row = self.db.execute("SELECT case_id FROM watch_files WHERE sha256 = ?",
                              (sha256,)).fetchone()
        if row is not None:
            return row["case_id"]
        clip = self.store.cases.clip(sha256)  # the desk's own record of scanned clips
        return clip.case_id if clip is not None else None

    def add_file(self, sha256: str, file: str, size: int, video_id: int, case_id: str,
                 now: datetime) -> None:
        self.db.execute("INSERT INTO watch_files(sha256, file, size, video_id, case_id, at) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        (sha256, file, size, video_id, case_id, _t(now)))

    def enqueue(self, *, sha256: str, case_id: str, file: str, link: str,
                seen_time: datetime | None, channel: str | None, views: int | None,
                now: datetime) -> None:
        self.db.execute(
            "INSERT INTO watch_queue(sha256, case_id, file, link, seen_time, channel, views, "
            "state, queued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (sha256, case_id, file, link, _t(seen_time), channel, views,
             QueueState.QUEUED.value, _t(now)))

    def queue(self, state: QueueState | None = None, limit: int = 1000) -> tuple[QueueItem, ...]:
        sql, args = "SELECT * FROM watch_queue", ()
        if state is not None:
            sql, args = sql + " WHERE state = ?", (state.value,)
        rows = self.db.execute(sql + " ORDER BY item_id LIMIT ?", (*args, limit)).fetchall()
        return tuple(QueueItem(
            item_id=r["item_id"], sha256=r["sha256"], case_id=r["case_id"], file=r["file"],
            link=r["link"], seen_time=_dt(r["seen_time"]), channel=r["channel"],
            views=r["views"], state=QueueState(r["state"]), queued_at=_dt(r["queued_at"]),
            result=r["result"]) for r in rows)

    def queue_done(self, item_id: int, state: QueueState, result: str, now: datetime) -> None:
        self.db.execute("UPDATE watch_queue SET state = ?, result = ?, done_at = ? "
                        "WHERE item_id = ?", (state.value, result, _t(now), item_id))

    # --- findings -----------------------------------------------------------------------

    def add_finding(self, kind: FindingKind, detail: str, now: datetime, *,
                    source_id: int | None = None, link: str = "",
                    case_id: str | None = None) -> Finding:
        cur = self.db.execute(
            "INSERT INTO watch_findings(at, kind, detail, source_id, link, case_id) "
            "VALUES (?, ?, ?, ?, ?, ?)", (_t(now), kind.value, detail, source_id, link, case_id))
        return self.finding(int(cur.lastrowid))

    def finding(self, finding_id: int) -> Finding:
        row = self.db.execute(
            "SELECT f.*, s.name AS source_name FROM watch_findings f LEFT JOIN watch_sources s "
            "ON s.source_id = f.source_id WHERE f.finding_id = ?", (finding_id,)).fetchone()
        return _finding(row)

    def findings(self, *, limit: int = 200, source_id: int | None = None,
                 kind: FindingKind | None = None) -> tuple[Finding, ...]:
        """The newest findings first."""
        where, args = [], []
        if source_id is not None:
            where.append("f.source_id = ?")
            args.append(source_id)
        if kind is not None:
            where.append("f.kind = ?")
            args.append(kind.value)
        sql = ("SELECT f.*, s.name AS source_name FROM watch_findings f LEFT JOIN watch_sources "
               "s ON s.source_id = f.source_id")
        if where:
            sql += " WHERE " + " AND ".join(where)
        rows = self.db.execute(sql + " ORDER BY f.finding_id DESC LIMIT ?",
                               (*args, limit)).fetchall()
        return tuple(_finding(r) for r in rows)

    # --- leads --------------------------------------------------------------------------

    def note_lead(self, kind: LeadKind, target: str, url: str, *, seen_in: str,
                  source_id: int, now: datetime) -> bool:
        """Count a lead; True when it is new."""
        row = self.db.execute("SELECT lead_id FROM watch_leads WHERE target = ?",
                              (target,)).fetchone()
        if row is not None:
            self.db.execute("UPDATE watch_leads SET times = times + 1 WHERE lead_id = ?",
                            (row["lead_id"],))
            return False
        self.db.execute(
            "INSERT INTO watch_leads(kind, target, url, first_seen, seen_in, source_id, times, "
            "state) VALUES (?, ?, ?, ?, ?, ?, 1, ?)",
            (kind.value, target, url, _t(now), seen_in, source_id, LeadState.NEW.value))
        return True

    def leads(self, state: LeadState | None = None) -> tuple[Lead, ...]:
        sql, args = "SELECT * FROM watch_leads", ()
        if state is not None:
            sql, args = sql + " WHERE state = ?", (state.value,)
        rows = self.db.execute(sql + " ORDER BY times DESC, lead_id", args).fetchall()
        return tuple(_lead(r) for r in rows)

    def lead(self, lead_id: int) -> Lead | None:
        row = self.db.execute("SELECT * FROM watch_leads WHERE lead_id = ?",
                              (lead_id,)).fetchone()
        return _lead(row) if row else None

    def lead_by_target(self, target: str) -> Lead | None:
        row = self.db.execute("SELECT * FROM watch_leads WHERE lower(target) = lower(?)",
                              (target,)).fetchone()
        return _lead(row) if row else None

    def set_lead_state(self, lead_id: int, state: LeadState) -> None:
        self.db.execute("UPDATE watch_leads SET state = ? WHERE lead_id = ?",
                        (state.value, lead_id))


def _source(row: sqlite3.Row) -> WatchSource:
    return WatchSource(
        source_id=row["source_id"], kind=SourceKind(row["kind"]), key=row["key"],
        name=row["name"], url=row["url"], mode=ReadMode(row["mode"]),
        interval=row["interval_s"], depth=row["depth"], added_at=_dt(row["added_at"]),
        next_due=_dt(row["next_due"]), last_polled=_dt(row["last_polled"]),
        last_message_id=row["last_message_id"],
        is_feed=None if row["is_feed"] is None else bool(row["is_feed"]),
        last_outcome=row["last_outcome"])


def _finding(row: sqlite3.Row) -> Finding:
    return Finding(finding_id=row["finding_id"], at=_dt(row["at"]),
                   kind=FindingKind(row["kind"]), detail=row["detail"],
                   source_id=row["source_id"], source_name=row["source_name"] or "",
                   link=row["link"], case_id=row["case_id"])


def _lead(row: sqlite3.Row) -> Lead:
    return Lead(lead_id=row["lead_id"], kind=LeadKind(row["kind"]), target=row["target"],
                url=row["url"], first_seen=_dt(row["first_seen"]), seen_in=row["seen_in"],
                times=row["times"], state=LeadState(row["state"]))
