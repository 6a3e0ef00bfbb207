"""Fixtures of the registry tests: a station signer with a fixed key, fast Scrypt, a clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from clocks import StepClock
from signers import SeedSigner

from screeningroom.registry import Registry, RegistrySettings, ScryptParams

T0 = datetime(2026, 11, 23, 10, 0, 0, tzinfo=UTC)
FIXED_SEED = bytes(range(32))


class KeySigner(SeedSigner):
    """A plain Ed25519 key in the shape of the vault's station."""

    def __init__(self, seed: bytes = FIXED_SEED, station_id: str = "KZ-ALA-ST01") -> None:
        super().__init__(seed, station_id)


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
    reg = Registry.open(db_path, signer, settings=FAST, clock=StepClock(T0))
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
def step_clock() -> Callable[[], StepClock]:
    """Makes clocks that start at T0."""
    return lambda: StepClock(T0)
