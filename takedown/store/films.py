"""Indexed films (their details as the signed manifest and the desk's records give them)
and the openings of masters under the desk's forensic licenses."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace
from datetime import datetime

from takedown.store.times import from_text, to_text


@dataclass(frozen=True)
class FilmRecord:
    film_id: str
    title: str
    register_number: str
    rights_holder: str
    distribution_certificate: str  # recorded on the desk (not in the manifest); "" unknown
    screener: str
    license_id: str
    index_file: str
    duration: float
    indexed_at: datetime


def _film(row: sqlite3.Row) -> FilmRecord:
    return FilmRecord(film_id=row["film_id"], title=row["title"],
                      register_number=row["register_number"],
                      rights_holder=row["rights_holder"],
                      distribution_certificate=row["distribution_certificate"],
                      screener=row["screener"], license_id=row["license_id"],
                      index_file=row["index_file"], duration=row["duration"],
                      indexed_at=from_text(row["indexed_at"]))


class FilmsRepo:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def get(self, film_id: str) -> FilmRecord | None:
        row = self._db.execute("SELECT * FROM films WHERE film_id = ?", (film_id,)).fetchone()
        return _film(row) if row else None

    def all(self) -> tuple[FilmRecord, ...]:
        return tuple(_film(r) for r in self._db.execute("SELECT * FROM films ORDER BY film_id"))

    def save(self, film: FilmRecord) -> None:
        """Insert or replace; a film indexed again keeps its recorded certificate."""
        known = self.get(film.film_id)
        if known is not None and not film.distribution_certificate:
            film = replace(film, distribution_certificate=known.distribution_certificate)
        self._db.execute(
            "INSERT OR REPLACE INTO films(film_id, title, register_number, rights_holder, "
            "distribution_certificate, screener, license_id, index_file, duration, indexed_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (film.film_id, film.title, film.register_number, film.rights_holder,
             film.distribution_certificate, film.screener, film.license_id, film.index_file,
             film.duration, to_text(film.indexed_at)))

    def set_certificate(self, film_id: str, certificate: str) -> None:
        self._db.execute("UPDATE films SET distribution_certificate = ? WHERE film_id = ?",
                         (certificate, film_id))


class OpeningsRepo:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def count(self, license_id: str) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM openings WHERE license_id = ?",
                                    (license_id,)).fetchone()[0])

    def add(self, license_id: str, at: datetime, purpose: str,
            case_id: str | None = None) -> None:
        self._db.execute("INSERT INTO openings(license_id, at, purpose, case_id) "
                         "VALUES (?, ?, ?, ?)", (license_id, to_text(at), purpose, case_id))
