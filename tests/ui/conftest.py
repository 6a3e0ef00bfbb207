"""Fakes of the vault, registry and player, shaped as their contracts, for the UI tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from screeningroom.player.types import PlayerState
from screeningroom.registry import errors as registry_errors
from screeningroom.registry.model import Member, Session
from screeningroom.station_app import StationLauncher, StationParts
from screeningroom.vault.model import (
    AgeCategory,
    HpkeSuite,
    LibraryEntry,
    LibraryStatus,
    License,
    LicensePurpose,
    Manifest,
)

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
PASSWORD = "correct horse 42"


class FakeStation:
    station_id = "st-test"
    name = "Astana-1"
    room = "Hall B"


class FakeRegistry:
    def __init__(self) -> None:
        self.members = {"aliya": Member("aliya", "Aliya Nurlanovna", NOW)}
        self.failures: dict[str, int] = {}
        self.used: dict[str, int] = {}
        self.events: list[tuple] = []
        self.refusals: list[tuple] = []
        self.sessions: dict[int, Session] = {}
        self.ended: list[int] = []
        self.next_id = 0x1234_5678_9ABC_DEF0
        self.closed = False

    def authenticate(self, member_id: str, password: str) -> Member:
        if member_id not in self.members:
            raise registry_errors.UnknownMember(member_id)
        if self.failures.get(member_id, 0) >= 3:
            raise registry_errors.AccountLocked(member_id, NOW + timedelta(minutes=15))
        if password != PASSWORD:
            self.failures[member_id] = self.failures.get(member_id, 0) + 1
            raise registry_errors.WrongPassword(member_id, 3 - self.failures[member_id])
        return self.members[member_id]

    def sessions_used(self, license_id: str) -> int:
        return self.used.get(license_id, 0)

    def clock_floor(self) -> datetime:
        return NOW - timedelta(days=1)

    def revocations_floor(self) -> int:
        return 0

    def start_session(self, member_id, film_id, license_id, profile_name, *, room,
                      max_sessions=None, revocations=None) -> Session:
        if max_sessions is not None and self.used.get(license_id, 0) >= max_sessions:
            from screeningroom.vault.errors import SessionsUsedUp

            raise SessionsUsedUp("All sessions of this license have been used.")
        session = Session(self.next_id, "st-test", room, member_id, film_id, license_id,
                          profile_name, NOW, ticket=b"ticket-%d" % self.next_id)
        self.next_id += 1
        self.sessions[session.session_id] = session
        self.used[license_id] = self.used.get(license_id, 0) + 1
        self.events.append(("session_start", session.session_id, None))
        return session

    def record(self, session_id, event, detail) -> None:
        self.events.append((event.value, session_id, detail))

    def end_session(self, session_id, *, detail=None) -> None:
        self.ended.append(session_id)
        self.events.append(("end", session_id, detail))

    def fail_session(self, session_id, reason_code, message) -> None:
        session = self.sessions[session_id]
        self.used[session.license_id] -= 1  # a failed session does not count
        self.ended.append(session_id)
        self.events.append(("session_failed", session_id, {"reason": reason_code}))

    def record_refusal(self, reason_code, message, member_id=None, film_id=None) -> None:
        self.refusals.append((reason_code, message, member_id, film_id))

    def close(self) -> None:
        self.closed = True




class FakePlayer:
    """Shaped as screeningroom.player.Player; frames pass through the frame hook."""

    def __init__(self, source, *, frame_hook, overlay_text=None, headless=False, sink=None,
                 vlc_args=()):
        self.source = source
        self.frame_hook = frame_hook
        self.overlay_text = overlay_text
        self.state = PlayerState.IDLE
        self.position_seconds = 0.0
        self.duration_seconds = 120.0
        self.volume = None
        self.error = None
        self.stopped = False
        self.frames_shown = 0

    @property
    def is_playing(self) -> bool:
        return self.state is PlayerState.PLAYING

    def play(self):
        self.state = PlayerState.PLAYING

    def pause(self):
        self.state = PlayerState.PAUSED

    def toggle_pause(self):
        self.pause() if self.is_playing else self.play()

    def stop(self):
        self.stopped = True
        self.state = PlayerState.STOPPED

    def seek(self, seconds):
        self.position_seconds = seconds

    def skip(self, delta):
        self.seek(self.position_seconds + delta)

    def set_volume(self, volume):
        self.volume = volume

    def latest_frame(self):
        return np.zeros((90, 160, 4), np.uint8)


class FakeReader:
    def __init__(self, license: License) -> None:
        self.license = license
        self.watermark_key = b"k" * 32
        self.closed = False

    def close(self) -> None:
        self.closed = True


def make_entry(film_id: str, title: str, status=LibraryStatus.PLAYABLE, max_sessions=3):
    manifest = Manifest(
        film_id=film_id, title=title, register_no="KZ-2026-0042", duration_ms=596_000,
        codec_summary="h264 1280x720 24fps; aac", declared_age=AgeCategory.AGE_12,
        rights_holder="Qazaqfilm", chunk_size=1 << 20, plaintext_size=10, stream_id=b"s",
        key_check=b"c", chunk_hashes=(b"h",), packaged_at=NOW, issuer_key=b"i",
        signed_bytes=b"m",
    )
    lic = License(
        license_id=f"lic-{film_id}", purpose=LicensePurpose.REVIEW, film_id=film_id,
        manifest_hash=b"h", station_id="st-test", station_kem_fingerprint=b"f",
        members=("aliya",), not_before=NOW - timedelta(days=1),
        not_after=NOW + timedelta(days=6), max_sessions=max_sessions, visible_overlay=True,
        suite=HpkeSuite.X25519, sealed_keys=b"", issued_at=NOW, issuer_key=b"i",
        signed_bytes=b"l",
    )
    return LibraryEntry(manifest, lic, Path(f"/nowhere/{film_id}.scr"), lic.not_before,
                        lic.not_after, status)


class Fakes:
    """The fake station's state, and knobs to make it refuse."""

    make_entry = staticmethod(make_entry)

    def __init__(self) -> None:
        self.station = FakeStation()
        self.registry = FakeRegistry()
        self.entries = [make_entry("film-1", "Steppe Wind"),
                        make_entry("film-2", "Altyn Kyran")]
        self.refuse_open: BaseException | None = None
        self.refuse_unseal: BaseException | None = None
        self.refuse_player: BaseException | None = None
        self.players: list[FakePlayer] = []
        self.readers: list[FakeReader] = []
        self.passphrase: str | None = None  # None: keys not encrypted
        self.open_calls: list[dict] = []

    def load_station(self, passphrase=None):
        from screeningroom.vault import errors

        if self.passphrase is not None:
            if passphrase is None:
                raise errors.PassphraseRequired("The station's keys need the passphrase.")
            if passphrase != self.passphrase:
                raise errors.wrong_passphrase("the station keys")
        return self.station

    def check_playback(self, path, license, station, member_id, *, clock_floor,
                       revocations=None, revocations_floor=0, now=None, clock_tolerance=None):
        self.open_calls.append({"member_id": member_id, "clock_floor": clock_floor})
        if self.refuse_open is not None:
            raise self.refuse_open
        return license

    def open_screener(self, path, license, station, member_id, *, session, clock_floor,
                      revocations=None, revocations_floor=0, now=None, clock_tolerance=None):
        self.open_calls[-1]["session"] = session
        if self.refuse_unseal is not None:
            raise self.refuse_unseal
        reader = FakeReader(license)
        self.readers.append(reader)
        return reader

    def make_player(self, source, **kw):
        if self.refuse_player is not None:
            raise self.refuse_player
        player = FakePlayer(source, **kw)
        self.players.append(player)
        return player

    def parts(self) -> StationParts:
        return StationParts(
            load_station=self.load_station,
            open_registry=lambda station: self.registry,
            library=lambda station: list(self.entries),
            check_playback=self.check_playback,
            open_screener=self.open_screener,
            make_frame_hook=lambda key, payload: ("hook", key, payload),
            make_player=self.make_player,
            profile_name="test-profile",
        )

    def launcher(self) -> StationLauncher:
        return StationLauncher(self.parts(), env={})


@pytest.fixture
def fakes() -> Fakes:
    return Fakes()


@pytest.fixture
def window(qtbot, fakes):
    """The station window over the fakes, with synchronous tasks and a plain video area."""
    from PySide6.QtWidgets import QLabel

    from screeningroom.ui.player_window import PlayerWindow
    from screeningroom.ui.station_window import StationWindow
    from screeningroom.ui.tasks import TaskRunner

    def player_window(service, session, **kw):
        return PlayerWindow(service, session, video=lambda s, parent: QLabel("video", parent),
                            notes=lambda service, s, parent: None, **kw)

    win = StationWindow(fakes.launcher(), tasks=TaskRunner(synchronous=True),
                        player_window=player_window)
    qtbot.addWidget(win)
    win.show()
    win.start()
    return win


@pytest.fixture
def login(qtbot):
    """``login(window, member, password)``: type and click, as a person would."""
    from PySide6.QtCore import Qt

    def do(win, member="aliya", password=PASSWORD) -> None:
        win.login_form.member_id.setText(member)
        win.login_form.password.setText(password)
        qtbot.mouseClick(win.login_form.button, Qt.MouseButton.LeftButton)

    return do


@pytest.fixture(scope="session")
def demo_home(tmp_path_factory):
    """A demo station provisioned once for the session (real vault and registry)."""
    from screeningroom.demo_setup import provision

    setup, fresh = provision(tmp_path_factory.mktemp("station") / "home")
    assert fresh
    return setup


@pytest.fixture
def station(demo_home, monkeypatch, tmp_path):
    """A private copy of the provisioned station, as ``SCREENINGROOM_HOME``."""
    import shutil

    from screeningroom.demo_setup import DemoSetup

    home = tmp_path / "home"
    shutil.copytree(demo_home.home, home)
    monkeypatch.setenv("SCREENINGROOM_HOME", str(home))
    return DemoSetup(**{**demo_home.__dict__, "home": str(home)})
