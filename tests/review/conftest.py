"""Fixtures of the review tests: a real authority and certified station, the station's
real registry (SQLite) with members and sessions, a review store and member keys.

``world`` is built in a temporary folder without touching ``$SCREENINGROOM_HOME``;
``home`` builds the same at ``$SCREENINGROOM_HOME`` with a 5-second film in the station's
library, for the command line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from clocks import StepClock

from screeningroom.registry import Registry, RegistrySettings, ScryptParams
from screeningroom.review.law import AgeCategory
from screeningroom.review.member_keys import MemberKeys
from screeningroom.review.model import Film
from screeningroom.review.store import ReviewStore
from screeningroom.vault.keyfile import ScryptParams as KeyCost

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
CHEAP = KeyCost(10, 8, 1)
FAST = RegistrySettings(scrypt=ScryptParams(n=2**10, r=8, p=1), max_failed_logins=3)
PASSWORDS = {"m1": "aigerim password", "m2": "dana password", "m3": "yerlan password"}
NAMES = {"m1": "Әйгерім Сәрсенова", "m2": "Дана Ахметова", "m3": "Ерлан Жұмабаев"}
AUTH_PASS, STATION_PASS = "authority-pass", "station-pass"
SID = 0x1234_5678_9ABC_DEF0
SID2 = 0x0FED_CBA9_8765_4321
#: Session ids across the whole 64-bit range (COORDINATION §1).
EDGE_IDS = (1, 2**63 - 1, 2**63, 2**64 - 1)


def make_office(root: Path, *, now: datetime, station_folder: Path | None = None):
    """An authority and a certified station; returns (authority, station, anchor path)."""
    from screeningroom.vault import (
        init_authority,
        init_station,
        install_certificate,
        load_authority,
        load_station,
    )

    anchor = init_authority("Review office", AUTH_PASS, folder=root / "authority", now=now,
                            scrypt=CHEAP)
    authority = load_authority(AUTH_PASS, folder=root / "authority")
    station_folder = station_folder or root / "station"
    request = init_station("Almaty 1", "Hall 2", STATION_PASS, anchor.signed_bytes,
                           folder=station_folder, now=now, scrypt=CHEAP)
    cert = authority.certify(request.signed_bytes, 365, now=now - timedelta(days=1))
    install_certificate(cert, folder=station_folder, now=now)
    station = load_station(STATION_PASS, folder=station_folder)
    anchor_path = root / "office-anchor.sra"
    anchor_path.write_bytes(anchor.signed_bytes)
    return authority, station, anchor_path


@dataclass
class World:
    root: Path
    authority: object
    station: object
    anchor_path: Path
    registry: Registry
    store: ReviewStore
    keys: MemberKeys
    film: Film
    sessions: dict[str, int] = field(default_factory=dict)

    def watch(self, member: str, session_id: int, *, film_id: str = "F-001",
              start: datetime = T0, minutes: int = 97) -> int:
        session = self.registry.start_session(member, film_id, "LIC-1", "kz-2026-a",
                                              room="Hall 2", now=start,
                                              session_id=session_id)
        if minutes:
            self.registry.end_session(session.session_id,
                                      now=start + timedelta(minutes=minutes))
        self.sessions.setdefault(member, session.session_id)
        return session.session_id

    def export(self, out: Path, member: str = "m1", *, lang: str = "kk",
               password: str | None = None, now: datetime | None = None):
        from screeningroom.review.signing import export_signed_report

        return export_signed_report(
            registry=self.registry, store=self.store, keys=self.keys, station=self.station,
            film=self.film, member_id=member, password=password or PASSWORDS[member],
            out=out, language=lang, certificate=self.station.certificate_bytes,
            now=now or T0 + timedelta(hours=3))


def film_of() -> Film:
    return Film(film_id="F-001", title="Дала жұлдызы / Звезда степи", register_no="KZ-2026-0042",
                duration_seconds=95 * 60.0, declared_age=AgeCategory.AGE_12,
                rights_holder="Qazaqfilm")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[ReviewStore]:
    with ReviewStore(tmp_path / "review.sqlite3", now=StepClock(T0)) as opened:
        yield opened


@pytest.fixture
def film() -> Film:
    return film_of()


def build_world(root: Path, store: ReviewStore, members: dict[str, str]) -> World:
    authority, station, anchor_path = make_office(root, now=T0)
    registry = Registry.open(root / "registry.sqlite3", station, settings=FAST, now=T0)
    for member, password in members.items():
        registry.add_member(member, NAMES.get(member, member), password, now=T0)
    keys = MemberKeys.beside(store.path, scrypt=CHEAP)
    return World(root, authority, station, anchor_path, registry, store, keys, film_of())


@pytest.fixture
def world(tmp_path: Path, store: ReviewStore) -> Iterator[World]:
    built = build_world(tmp_path, store, PASSWORDS)
    built.watch("m1", SID)
    built.watch("m2", SID2)
    try:
        yield built
    finally:
        built.keys.close()
        built.registry.close()


@dataclass
class Home:
    root: Path
    anchor_path: Path
    passphrase_file: Path
    film_id: str
    sessions: dict[str, int]

    def password_file(self, member: str, password: str | None = None) -> Path:
        path = self.root / f"{member}.password"
        path.write_text((password or PASSWORDS[member]) + "\n", encoding="utf-8")
        return path

    def station_args(self, member: str, password: str | None = None) -> list[str]:
        return ["--passphrase-file", str(self.passphrase_file),
                "--password-file", str(self.password_file(member, password))]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Home:
    """A station at $SCREENINGROOM_HOME with a 5-second film licensed to m1, m2 and m3,
    and one finished session of it per member at ids 2**63 and 2**64 - 1 (and m3 at 1)."""
    from screeningroom import paths
    from screeningroom.vault import AgeCategory as VaultAge
    from screeningroom.vault import MediaInfo
    from screeningroom.vault.station import import_file

    monkeypatch.setenv("SCREENINGROOM_HOME", str(tmp_path / "home"))
    now = datetime.now(UTC)
    authority, station, anchor_path = make_office(tmp_path, now=now,
                                                  station_folder=paths.station_dir())
    source = tmp_path / "film.bin"
    source.write_bytes(bytes(range(256)) * 64)
    screener = tmp_path / "film.scr"
    authority.package(source, screener, film_id="F-005", title="Бес секунд", register_no="KZ-5",
                      declared_age=VaultAge.AGE_12, rights_holder="Qazaqfilm",
                      media=MediaInfo(duration_ms=5_000, codec_summary="test: raw"),
                      chunk_size=4096, now=now)
    license_file = tmp_path / "film.srl"
    license_file.write_bytes(authority.issue_license(
        screener, station.certificate_bytes, members=("m1", "m2", "m3"),
        not_before=now - timedelta(hours=1), not_after=now + timedelta(days=2),
        max_sessions=5, now=now))
    import_file(screener, folder=paths.station_dir(), now=now)
    import_file(license_file, folder=paths.station_dir(), now=now)
    started = now - timedelta(minutes=30)
    sessions = {}
    with Registry.open(paths.registry_path(), station, settings=FAST) as registry:
        for member, sid in (("m1", 2**63), ("m2", 2**64 - 1), ("m3", 1)):
            registry.add_member(member, NAMES[member], PASSWORDS[member], now=started)
            registry.start_session(member, "F-005", "LIC", "kz-2026-a", room="Hall 2",
                                   now=started, session_id=sid)
            registry.end_session(sid, now=started + timedelta(minutes=1))
            sessions[member] = sid
    passphrase_file = tmp_path / "station.pass"
    passphrase_file.write_text(STATION_PASS + "\n", encoding="utf-8")
    return Home(tmp_path, anchor_path, passphrase_file, "F-005", sessions)


@pytest.fixture(autouse=True)
def _no_window_outlives_its_test() -> Iterator[None]:
    """Windows of a finished test are deleted: a later language switch must not reach a
    window whose store was closed with its test."""
    import sys

    yield
    if "PySide6.QtWidgets" in sys.modules:
        from PySide6.QtCore import QEvent
        from PySide6.QtWidgets import QApplication

        if QApplication.instance() is not None:
            for widget in QApplication.topLevelWidgets():
                widget.close()
                widget.deleteLater()
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
