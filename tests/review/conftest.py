"""Fixtures of the review tests: a review store, a fake registry and a signing station."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from screeningroom.review.law import AgeCategory
from screeningroom.review.model import Film
from screeningroom.review.store import ReviewStore

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class FakeSession:
    session_id: int
    member_id: str
    film_id: str
    started_at: datetime
    ended_at: datetime | None = None


class UnknownSessionError(Exception):
    pass


@dataclass
class FakeRegistry:
    """The two calls the review makes on the registry."""

    rows: dict[int, FakeSession] = field(default_factory=dict)

    def add(self, session: FakeSession) -> FakeSession:
        self.rows[session.session_id] = session
        return session

    def sessions(self) -> tuple[FakeSession, ...]:
        return tuple(self.rows.values())

    def session(self, session_id: int) -> FakeSession:
        from screeningroom.registry.errors import RegistryError

        if session_id not in self.rows:
            raise RegistryError(f"no session {session_id}")
        return self.rows[session_id]


class FakeStation:
    def __init__(self, seed: bytes = b"\x07" * 32, station_id: str = "ST-TEST") -> None:
        self._key = Ed25519PrivateKey.from_private_bytes(seed)
        self.station_id = station_id
        self.room = "Room 1"

    @property
    def signing_public_key(self) -> bytes:
        return self._key.public_key().public_bytes_raw()

    def sign(self, data: bytes) -> bytes:
        return self._key.sign(data)


class Clock:
    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture
def store(tmp_path: Path) -> ReviewStore:
    with ReviewStore(tmp_path / "review.sqlite3", now=Clock()) as opened:
        yield opened


@pytest.fixture
def film() -> Film:
    return Film(film_id="F-001", title="Дала жұлдызы / Звезда степи", register_no="KZ-2026-0042",
                duration_seconds=95 * 60.0, declared_age=AgeCategory.AGE_12,
                rights_holder="Qazaqfilm")


@pytest.fixture
def registry() -> FakeRegistry:
    reg = FakeRegistry()
    reg.add(FakeSession(0x1234_5678_9ABC_DEF0, "m1", "F-001", T0, T0 + timedelta(minutes=97)))
    reg.add(FakeSession(0x0FED_CBA9_8765_4321, "m2", "F-001", T0, T0 + timedelta(minutes=96)))
    return reg


@pytest.fixture
def station() -> FakeStation:
    return FakeStation()
