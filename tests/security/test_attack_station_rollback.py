"""More ways to edit a station's local state, by an operator with file access (no root,
no program of his own): an older copy of the registry put back, a session's row edited,
the newest record's time lowered to move the clock floor back, the station's note of its
log deleted, an older revocation list put back in place of the newer one."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from secworld import Site, play_once
from vaultworld import NOW

from screeningroom.registry import ChainFault, StationHistoryIncomplete
from screeningroom.vault import errors as e
from screeningroom.vault import import_file

INCOMPLETE = "(?i)the station's history is incomplete: ask the review office to re-enroll it"


def _start(registry, max_sessions: int = 5):  # type: ignore[no-untyped-def]
    return registry.start_session("m1", "F1", "LIC-1", "profile", room="Room 3",
                                  max_sessions=max_sessions)


def _sql(db: Path, *statements: str) -> None:
    connection = sqlite3.connect(db)
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()


def _copy_registry(site: Site, to: Path) -> None:
    to.mkdir()
    for suffix in ("", "-wal", "-shm"):
        source = site.db.with_name(site.db.name + suffix)
        if source.exists():
            shutil.copy2(source, to / source.name)


def _put_back(site: Site, copy: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        site.db.with_name(site.db.name + suffix).unlink(missing_ok=True)
    for file in copy.iterdir():
        shutil.copy2(file, site.db.parent / file.name)


def test_putting_back_an_older_copy_of_the_registry_is_refused(site: Site,
                                                               tmp_path: Path) -> None:
    """The copy taken after the license's first session, put back after its last: the
    count and the clock floor would be those of the copy. The station's note of its log
    names a record the copy does not have."""
    with site.registry() as registry:
        registry.end_session(_start(registry, max_sessions=2).session_id)
    _copy_registry(site, tmp_path / "backup")
    with site.registry() as registry:
        registry.end_session(_start(registry, max_sessions=2).session_id)
        noted = registry.verify_chain().records
    _put_back(site, tmp_path / "backup")
    with site.registry() as registry:
        with pytest.raises(StationHistoryIncomplete, match=f"noted record {noted}"):
            _start(registry, max_sessions=2)
        report = registry.verify_chain()
        assert not report.ok and report.reason is ChainFault.MARK


@pytest.mark.parametrize("edit", [
    "UPDATE sessions SET ended_us = ended_us - 500000",           # a shorter session
    "UPDATE sessions SET started_us = started_us - 3600000000",   # an earlier start
    "UPDATE sessions SET room = 'Room 9'",                        # another room
    "UPDATE sessions SET profile = 'other'",                      # another watermark profile
    "UPDATE sessions SET end_state = 'failed'",                   # a session not counted
    "UPDATE sessions SET station_id = 'somewhere-else'",
], ids=["its-end-time", "its-start", "its-room", "its-profile", "its-end-state", "its-station"])
def test_editing_a_sessions_row_is_refused(site: Site, edit: str) -> None:
    """The sessions table says what ``screeningroom sessions`` lists and what a bundle
    exports; any column edited by hand differs from the signed records and refuses."""
    with site.registry() as registry:
        registry.end_session(_start(registry).session_id)
    _sql(site.db, edit)
    with site.registry() as registry:
        with pytest.raises(StationHistoryIncomplete, match="sessions table differs"):
            _start(registry)
        report = registry.verify_chain()
        assert report.reason is ChainFault.TABLES and "differs" in report.detail


def test_lowering_the_newest_records_time_to_move_the_clock_floor_back_is_refused(
        site: Site) -> None:
    """There is no clock-floor row to edit: the floor is the newest time in the signed
    log, and a record's time is in its signed bytes."""
    with site.registry() as registry:
        _start(registry)
        newest = registry.verify_chain().records
    _sql(site.db, "DROP TRIGGER audit_log_no_update",
         f"UPDATE audit_log SET time_us = time_us - 86400000000 WHERE seq = {newest}")
    with site.registry() as registry:
        site.clock.now = NOW - timedelta(hours=12)
        with pytest.raises(StationHistoryIncomplete, match=f"broken at record {newest}"):
            registry.clock_floor()
        with pytest.raises(StationHistoryIncomplete):
            _start(registry)


def test_deleting_the_stations_note_of_its_log_is_refused(site: Site) -> None:
    with site.registry() as registry:
        _start(registry)
    (site.station.folder / "audit.head").unlink()
    with site.registry() as registry, pytest.raises(StationHistoryIncomplete,
                                                    match=r"note of its audit log .* missing"):
        _start(registry)


def test_putting_an_older_revocation_list_back_in_place_is_refused(site: Site) -> None:
    """Once a session started under list 2, copying list 1 over the installed file is
    refused (list 1 does not revoke what list 2 does)."""
    w = site.world
    (w.root / "rl1.srr").write_bytes(w.authority.revoke(now=NOW))
    (w.root / "lic.srl").write_bytes(w.license(members=("m1",)))  # names list 1
    for name in ("lic.srl", "rl1.srr"):
        import_file(w.root / name, folder=site.station.folder)
    import_file(w.screener, folder=site.station.folder)
    (w.root / "rl2.srr").write_bytes(w.authority.revoke(licenses=("another",), now=NOW))
    import_file(w.root / "rl2.srr", folder=site.station.folder)
    with site.registry() as registry:
        service, film, member, _session = play_once(site, registry)
        assert registry.revocations_floor() == 2
        shutil.copy2(w.root / "rl1.srr", site.station.folder / "revocations.srr")
        with pytest.raises(e.StaleRevocations, match="number 2"):
            service.open(service.request(film, member))


def test_loosening_the_lock_out_or_clock_tolerance_in_the_settings_file_is_refused(
        site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``settings.json`` is a file like the registry: an operator who writes a million
    tries, no lock-out and a clock tolerance of years into it gets the defaults, and the
    settings command refuses such values."""
    import json

    from screeningroom.errors import BadInput
    from screeningroom.registry import RegistrySettings
    from screeningroom.settings import Settings
    from screeningroom.station_app import StationParts

    home = tmp_path / "home"
    monkeypatch.setenv("SCREENINGROOM_HOME", str(home))
    home.mkdir()
    (home / "settings.json").write_text(json.dumps({
        "version": 1, "login_attempts_before_lockout": 10**6, "lockout_minutes": 0,
        "clock_tolerance_seconds": 10**9}))
    loaded = RegistrySettings.from_workstation()
    assert (loaded.max_failed_logins, loaded.lockout) == (5, timedelta(minutes=15))
    assert StationParts.real().clock_tolerance == timedelta(seconds=300)
    store = Settings()
    for key, value in (("login_attempts_before_lockout", 11), ("lockout_minutes", 14),
                       ("clock_tolerance_seconds", 901)):
        with pytest.raises(BadInput, match=r"from \d+ to \d+"):
            store.set(key, value)
    store.set("login_attempts_before_lockout", 7)  # within the bounds: the office's choice
    assert RegistrySettings.from_workstation().max_failed_logins == 7


def test_an_edited_sessions_table_does_not_spoil_the_exported_bundle(site: Site) -> None:
    """The station refuses to play, but its log must still reach the office: the bundle's
    sessions are taken from the signed records, not from the edited table."""
    from screeningroom.registry import load_bundle

    with site.registry() as registry:
        session = _start(registry)
        registry.end_session(session.session_id)
    _sql(site.db, "UPDATE sessions SET room = 'Room 9', ended_us = NULL, end_state = 'open'")
    with site.registry() as registry:
        out = registry.export_bundle(site.world.root / "b.srab", site.station.certificate_bytes)
    (exported,) = load_bundle(out).sessions
    assert (exported.room, exported.end.value) == ("Room 3", "clean")
