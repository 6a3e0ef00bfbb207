"""Helpers of the office tests: a review office (authority), enrolled stations with their
own registries, a packaged film, and the real service on a loopback port."""

from __future__ import annotations

import contextlib
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from signers import KeyOnly, SeedMember

from screeningroom.office.localpg import free_port
from screeningroom.office.server import Listen, running
from screeningroom.office.service import ServiceConfig
from screeningroom.office.store import OfficeStore
from screeningroom.registry import Registry, RegistrySettings, ScryptParams
from screeningroom.registry.canonical import ZERO_HASH, RecordFields, canonical_json, to_micros
from screeningroom.registry.chain import sign_record
from screeningroom.registry.storage import StoredRecord
from screeningroom.review.model import (
    Film,
    KazakhVersion,
    LanguageFindings,
    Recommendation,
    ReleaseLanguage,
    ReviewForm,
)
from screeningroom.review.report import ReviewReport, SessionSpan, sign
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


class ListLog:
    """Records held in a list, read the way the uplink reads a station's registry."""

    def __init__(self, records: list[StoredRecord]) -> None:
        self.records = records

    def stored_records(self, since_seq: int = 1):  # type: ignore[no-untyped-def]
        return iter(r for r in self.records if r.fields.seq >= since_seq)


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
        """The station's registry; with ``fresh``, a new history written by a program of
        the operator's own with the station's key (the station itself refuses a log
        other than the one it noted)."""
        path = self.root / "stations" / name / f"registry{fresh}.sqlite3"
        signer = KeyOnly(self.station(name)) if fresh else self.station(name)
        reg = Registry.open(path, signer, settings=FAST)
        if not reg.members():
            reg.add_member("m1", "Member One", PASSWORD)
        return reg

    def forged_log(self, name: str, count: int) -> list[StoredRecord]:
        """Another history of the station's log, signed with its key (what a station
        operator holding the key could make): ``count`` records from record 1."""
        station, previous, out = self.station(name), ZERO_HASH, []
        for seq in range(1, count + 1):
            fields = RecordFields(seq, to_micros(now()), "login", station.station_id, None,
                                  "m1", "", canonical_json({"forged": seq}).decode(),
                                  previous)
            out.append(sign_record(fields, station))
            previous = out[-1].hash
        return out

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


# --- signed review reports -------------------------------------------------------------

PDF = b"%PDF-1.7 a review report"


def Member() -> SeedMember:
    return SeedMember(bytes(range(1, 33)))


def signed_report(station, session, *, shift: timedelta = timedelta(0)) -> bytes:  # type: ignore[no-untyped-def]
    report = ReviewReport(
        film=Film("F1", "Film F1", "KZ-0001", 60.0, AgeCategory.AGE_16),
        member_id="m1", member_name="Member One", station_id=station.station_id,
        room="Room A", sessions=(SessionSpan(session.session_id, session.started_at + shift,
                                             None),),
        notes=(), withdrawn=(),
        form=ReviewForm("F1", "m1", AgeCategory.AGE_16,
                        language=LanguageFindings((ReleaseLanguage.RUSSIAN,),
                                                  KazakhVersion.SUBTITLED),
                        recommendation=Recommendation.ISSUE, conclusion="Issue"),
        created_at=session.started_at + timedelta(minutes=5), language="kk")
    return sign(report, PDF, station, Member())


def session_with_signed_report(reg: Registry):  # type: ignore[no-untyped-def]
    """A session of member m1, and the record of her signing a report of it (``PDF``)."""
    import hashlib

    session = reg.start_session("m1", "F1", "L1", "v1", room="Room A")
    reg.record_report_signed("m1", "F1", {"pdf_sha256": hashlib.sha256(PDF).hexdigest(),
                                          "member_key": Member().public_key.hex(),
                                          "new_member_key": True, "language": "kk",
                                          "notes": 0, "withdrawn_notes": 0,
                                          "file": "report.pdf"})
    return session


def play(reg: Registry, sessions: int = 1) -> list[int]:
    """``sessions`` sessions of member m1 (start, pause, end); their ids."""
    from screeningroom.registry import AuditEvent

    ids = []
    for _ in range(sessions):
        s = reg.start_session("m1", "F1", "L1", "v1", room="Room A")
        reg.record(s.session_id, AuditEvent.PAUSE)
        reg.end_session(s.session_id)
        ids.append(s.session_id)
    return ids


def fill(reg: Registry, sessions: int) -> None:
    """``sessions`` sessions of member m1, five records each: start, three seeks, end."""
    from screeningroom.registry import AuditEvent

    for _ in range(sessions):
        s = reg.start_session("m1", "F1", "L1", "v1", room="Room A")
        for _ in range(3):
            reg.record(s.session_id, AuditEvent.SEEK, {"to_ms": 1000})
        reg.end_session(s.session_id)


class FaultAfter:
    """The station's log as the uplink reads it, calling ``fault()`` (kill the service,
    cut the network) once ``n`` records were read from it."""

    def __init__(self, registry: Registry, n: int, fault: Callable[[], None]) -> None:
        self.registry, self.n, self.fault = registry, n, fault

    def stored_records(self, since_seq: int = 1) -> Iterator[StoredRecord]:
        for index, record in enumerate(self.registry.stored_records(since_seq)):
            if index == self.n:
                self.fault()
            yield record
