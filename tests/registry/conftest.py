"""Fixtures of the registry tests: a station signer with a fixed key, fast Scrypt, a clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from screeningroom.registry import Registry, RegistrySettings, ScryptParams

T0 = datetime(2026, 11, 23, 10, 0, 0, tzinfo=UTC)
FIXED_SEED = bytes(range(32))


class KeySigner:
    """A plain Ed25519 key in the shape of the vault's station."""

    def __init__(self, seed: bytes = FIXED_SEED, station_id: str = "KZ-ALA-ST01") -> None:
        self._key = Ed25519PrivateKey.from_private_bytes(seed)
        self.station_id = station_id

    @property
    def signing_public_key(self) -> bytes:
        return self._key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    def sign(self, data: bytes) -> bytes:
        return self._key.sign(data)


class StepClock:
    """Each reading is one second after the last: deterministic, strictly increasing."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


FAST = RegistrySettings(scrypt=ScryptParams(n=2**10, r=8, p=1), max_failed_logins=3,
                        lockout=timedelta(minutes=10))


@pytest.fixture
def signer() -> KeySigner:
    return KeySigner()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "registry.sqlite3"


@pytest.fixture
def registry(db_path: Path, signer: KeySigner) -> Iterator[Registry]:
    reg = Registry.open(db_path, signer, settings=FAST, clock=StepClock())
    yield reg
    reg.close()


@pytest.fixture
def member(registry: Registry) -> str:
    registry.add_member("aigerim", "Айгерім Серікқызы", "correct horse battery", now=T0)
    return "aigerim"


@pytest.fixture
def t0() -> datetime:
    return T0


@pytest.fixture
def make_signer() -> type[KeySigner]:
    return KeySigner


@pytest.fixture
def fast_settings() -> RegistrySettings:
    return FAST


@pytest.fixture
def step_clock() -> type[StepClock]:
    return StepClock
