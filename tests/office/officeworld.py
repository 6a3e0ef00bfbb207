"""Helpers of the office tests: a review office (authority), enrolled stations with their
own registries, a packaged film, and the real service on a loopback port."""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from screeningroom.office.localpg import free_port
from screeningroom.office.server import Listen, running
from screeningroom.office.service import ServiceConfig
from screeningroom.office.store import OfficeStore
from screeningroom.registry import Registry, RegistrySettings, ScryptParams
from screeningroom.vault import (
    AgeCategory,
    Authority,
    MediaInfo,
    Station,
    init_authority,
    init_station,
    install_certificate,
    load_authority,
    load_station,
)
from screeningroom.vault.keyfile import ScryptParams as KeyScrypt

CHEAP = KeyScrypt(10, 8, 1)
FAST = RegistrySettings(scrypt=ScryptParams(n=2**10, r=8, p=1))
PASS = "office-pass-1"
PASSWORD = "correct horse battery"


def now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Office:
    root: Path
    authority: Authority
    screener: Path
    stations: dict[str, Station] = field(default_factory=dict)
    certificates: dict[str, bytes] = field(default_factory=dict)

    @property
    def anchor(self):  # type: ignore[no-untyped-def]
        return self.authority.anchor

    def station(self, name: str) -> Station:
        if name not in self.stations:
            folder = self.root / "stations" / name
            request = init_station(name, f"Room {name}", PASS, self.anchor.signed_bytes,
                                   folder=folder, now=now() - timedelta(days=1), scrypt=CHEAP)
            cert = self.authority.certify(request.signed_bytes, 30,
                                          now=now() - timedelta(days=1))
            install_certificate(cert, folder=folder, now=now())
            self.stations[name] = load_station(PASS, folder=folder)
            self.certificates[name] = cert
        return self.stations[name]

    def registry(self, name: str, *, fresh: str = "") -> Registry:
        path = self.root / "stations" / name / f"registry{fresh}.sqlite3"
        reg = Registry.open(path, self.station(name), settings=FAST)
        if not reg.members():
            reg.add_member("m1", "Member One", PASSWORD)
        return reg

    def license(self, name: str, **options) -> bytes:  # type: ignore[no-untyped-def]
        opts = dict(members=("m1",), not_before=now() - timedelta(hours=1),
                    not_after=now() + timedelta(days=2), max_sessions=3)
        opts.update(options)
        self.station(name)
        return self.authority.issue_license(self.screener, self.certificates[name], **opts)


def make_office(root: Path) -> Office:
    anchor_time = now() - timedelta(days=2)
    init_authority("Test office", PASS, folder=root / "authority", now=anchor_time,
                   scrypt=CHEAP)
    authority = load_authority(PASS, folder=root / "authority")
    film = root / "film.bin"
    film.write_bytes(random.Random(3).randbytes(5000))
    screener = root / "film.scr"
    authority.package(film, screener, film_id="F1", title="Film F1", register_no="KZ-0001",
                      declared_age=AgeCategory.AGE_16, rights_holder="Kazakhfilm",
                      media=MediaInfo(duration_ms=60_000, codec_summary="test: raw"),
                      chunk_size=4096, now=anchor_time)
    return Office(root, authority, screener)


@contextlib.contextmanager
def service(url: str, office: Office, **config) -> Iterator[tuple[str, OfficeStore]]:  # type: ignore[no-untyped-def]
    listen = Listen(port=free_port(), **config.pop("listen", {}))
    store = OfficeStore(url, pool_size=8)
    try:
        with running(store, ServiceConfig(anchor=office.anchor, **config), listen) as base:
            yield base, store
    finally:
        store.close()
