"""Found: local state is unsigned -- the quota is a row count, deleted rows or a deleted
registry reset it and the clock floor, a missing or damaged revocation list disables the
revocation check, ``UPDATE members`` unlocks a member."""

from __future__ import annotations

import sqlite3
import threading
from datetime import timedelta

import pytest
from secworld import FAST, PASSWORD, Site, play_once
from vaultworld import NOW

from screeningroom.registry import (
    AccountLocked,
    ChainFault,
    SessionsUsedUp,
    StationHistoryIncomplete,
    WrongPassword,
)
from screeningroom.vault import errors as e
from screeningroom.vault import import_file, open_screener, read_license

FAST_SCRYPT = FAST.scrypt
INCOMPLETE = "(?i)the station's history is incomplete: ask the review office to re-enroll it"


def _start(registry, license_id: str = "LIC-1", max_sessions: int | None = 5):  # type: ignore[no-untyped-def]
    return registry.start_session("m1", "F1", license_id, "profile", room="Room 3",
                                  max_sessions=max_sessions)


def _sql(site: Site, statement: str) -> None:
    db = sqlite3.connect(site.db)
    db.execute(statement)
    db.commit()
    db.close()


def test_two_concurrent_starts_on_a_one_session_license_are_refused(site: Site) -> None:
    """Two station processes start the one session of a license at the same moment: the
    count and the session are one transaction, so exactly one plays."""
    registries = [site.registry(), site.registry()]
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def start(registry) -> None:  # type: ignore[no-untyped-def]
        barrier.wait()
        try:
            outcomes.append(_start(registry, max_sessions=1))
        except SessionsUsedUp as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=start, args=(r,)) for r in registries]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for r in registries:
        r.close()
    assert sorted(type(o).__name__ for o in outcomes) == ["Session", "SessionsUsedUp"]


def test_deleting_session_rows_to_reset_the_count_is_refused(site: Site) -> None:
    with site.registry() as registry:
        _start(registry, max_sessions=1)
    _sql(site, "DELETE FROM sessions")
    with site.registry() as registry:
        with pytest.raises(StationHistoryIncomplete, match=INCOMPLETE):
            _start(registry, max_sessions=1)
        report = registry.verify_chain()
        assert not report.ok and report.reason is ChainFault.TABLES
        assert "sessions table" in report.detail
        assert registry.sessions_used("LIC-1") == 1  # the signed log still counts it


def test_deleting_the_registry_to_reset_count_and_clock_is_refused(site: Site) -> None:
    with site.registry() as registry:
        _start(registry, max_sessions=1)
    for suffix in ("", "-wal", "-shm", ".live"):
        site.db.with_name(site.db.name + suffix).unlink(missing_ok=True)
    with site.registry() as registry:  # a fresh, empty database in its place
        registry.add_member("m1", "Member One", PASSWORD)
        with pytest.raises(StationHistoryIncomplete, match=INCOMPLETE):
            _start(registry, max_sessions=1)
        with pytest.raises(StationHistoryIncomplete):
            registry.authenticate("m1", PASSWORD)
        report = registry.verify_chain()
        assert not report.ok and report.reason is ChainFault.MARK


def test_a_fresh_registry_elsewhere_under_the_same_station_key_is_refused(site: Site) -> None:
    with site.registry() as registry:
        _start(registry)
    with site.registry(site.world.root / "elsewhere.sqlite3") as fresh:
        fresh.add_member("m1", "Member One", PASSWORD)
        with pytest.raises(StationHistoryIncomplete, match="ends at record 1, but the station "
                                                           "noted record 2"):
            _start(fresh)


def test_dropping_the_newest_records_and_signing_the_head_again_is_refused(site: Site) -> None:
    """With the station's key an operator can re-sign the database's head after deleting
    the newest records; the station's own note of its log still names the last one."""
    from screeningroom.registry import chain

    with site.registry() as registry:
        first = _start(registry)
        registry.end_session(first.session_id)
        _start(registry)
        keep = next(r for r in registry.records() if r.seq == 3)  # the first session's end
    _sql(site, "DROP TRIGGER audit_log_no_delete")
    _sql(site, "DELETE FROM audit_log WHERE seq > 3")
    _sql(site, "DELETE FROM sessions WHERE end_state = 'open'")
    head = chain.head_bytes(3, keep.hash)
    signed = f"3:{keep.hash.hex()}:{site.station.sign(head).hex()}"
    _sql(site, f"UPDATE meta SET value = '{signed}' WHERE key = 'head'")
    with site.registry() as registry, pytest.raises(StationHistoryIncomplete,
                                                    match="noted record 4"):
        _start(registry)


def test_unlocking_a_member_by_editing_the_table_is_refused(site: Site) -> None:
    with site.registry() as registry:
        for _ in range(2):
            with pytest.raises(WrongPassword):
                registry.authenticate("m1", "wrong")
        with pytest.raises(AccountLocked):
            registry.authenticate("m1", "wrong")
    _sql(site, "UPDATE members SET locked_until_us = NULL, failed_attempts = 0")
    with site.registry() as registry:
        with pytest.raises(StationHistoryIncomplete, match="login state of m1"):
            registry.authenticate("m1", PASSWORD)
        assert registry.verify_chain().reason is ChainFault.TABLES


def test_lock_out_is_taken_from_the_signed_log_and_lifted_only_by_a_recorded_unlock(
        site: Site) -> None:
    with site.registry() as registry:
        for _ in range(3):
            with pytest.raises((WrongPassword, AccountLocked)):
                registry.authenticate("m1", "wrong")
        with pytest.raises(AccountLocked):
            registry.authenticate("m1", PASSWORD)
        record = registry.unlock_member("m1", by="admin")
        assert record.detail == {"by": "admin"}
        assert registry.authenticate("m1", PASSWORD).member_id == "m1"
        assert registry.verify_chain().ok


def _license_needing_list_2(site: Site) -> bytes:
    w = site.world
    (w.root / "rl1.srr").write_bytes(w.authority.revoke(licenses=("x",), now=NOW))
    (w.root / "rl2.srr").write_bytes(w.authority.revoke(licenses=("y",), now=NOW))
    return w.license(members=("m1",))


def _play(site: Site, lic: bytes):  # type: ignore[no-untyped-def]
    with site.registry() as registry:
        session = registry.start_session("m1", "F1", read_license(lic).license_id, "p",
                                         room="Room 3", max_sessions=3)
    return open_screener(site.world.screener, lic, site.station, "m1", session=session.ticket,
                         clock_floor=None, now=site.clock.now)


def test_playing_with_the_revocation_list_missing_is_refused(site: Site) -> None:
    lic = _license_needing_list_2(site)
    with pytest.raises(e.StaleRevocations, match="number 2"):
        _play(site, lic)


def test_playing_with_the_revocation_list_damaged_is_refused(site: Site) -> None:
    lic = _license_needing_list_2(site)
    import_file(site.world.root / "rl2.srr", folder=site.station.folder)
    installed = site.station.folder / "revocations.srr"
    data = bytearray(installed.read_bytes())
    data[-1] ^= 1
    installed.write_bytes(bytes(data))
    with pytest.raises(e.TamperedFile):
        _play(site, lic)


def test_importing_an_older_list_over_a_damaged_one_is_refused(site: Site) -> None:
    w = site.world
    for n in (1, 2, 3):
        (w.root / f"rl{n}.srr").write_bytes(w.authority.revoke(licenses=(f"l{n}",), now=NOW))
    import_file(w.root / "rl3.srr", folder=site.station.folder)
    installed = site.station.folder / "revocations.srr"
    data = bytearray(installed.read_bytes())
    data[-5] ^= 0x10  # the signature no longer verifies
    installed.write_bytes(bytes(data))
    with pytest.raises(e.StaleRevocations, match="number 3"):
        import_file(w.root / "rl2.srr", folder=site.station.folder)
    import_file(w.root / "rl3.srr", folder=site.station.folder)  # the current one repairs it


def test_rolling_the_clock_back_after_deleting_records_is_refused(site: Site) -> None:
    """The clock floor is the signed log's newest time; with the log cut short the station
    refuses outright instead of taking an older floor."""
    with site.registry() as registry:
        _start(registry)
        floor = registry.clock_floor()
    assert floor is not None and floor > NOW
    _sql(site, "DROP TRIGGER audit_log_no_delete")
    _sql(site, "DELETE FROM audit_log")
    _sql(site, "DELETE FROM meta WHERE key = 'head'")
    _sql(site, "DELETE FROM sessions")
    with site.registry() as registry:
        site.clock.now = NOW - timedelta(days=3)
        with pytest.raises(StationHistoryIncomplete):
            _start(registry)


def test_deleting_the_revocation_list_that_revokes_the_station_is_refused(site: Site) -> None:
    """A license issued before any list names none; once a session started under list 1,
    the station's signed log keeps asking for list 1 or newer."""
    w = site.world
    lic_path = w.root / "lic.srl"
    lic_path.write_bytes(w.license(members=("m1",)))  # names list 0: none issued yet
    import_file(w.screener, folder=site.station.folder)
    import_file(lic_path, folder=site.station.folder)
    (w.root / "rl1.srr").write_bytes(w.authority.revoke(licenses=("other",), now=NOW))
    import_file(w.root / "rl1.srr", folder=site.station.folder)
    with site.registry() as registry:
        service, film, member, session = play_once(site, registry)
        assert session.ticket and registry.revocations_floor() == 1
        (site.station.folder / "revocations.srr").unlink()  # the list goes ...
        with pytest.raises(e.StaleRevocations, match="number 1"):  # ... the check stays
            service.open(service.request(film, member))


def test_setting_a_members_password_by_editing_the_table_is_refused(site: Site) -> None:
    """With SQL an operator could give a member a password of his own choosing and play
    films in her name (the mark would name her): each enrolment and each new hash is in the
    signed log, so the edited row refuses."""
    from screeningroom.registry.passwords import hash_password

    known = hash_password("operator's choice", FAST_SCRYPT)
    _sql(site, f"UPDATE members SET password_hash = '{known}' WHERE member_id = 'm1'")
    with site.registry() as registry:
        with pytest.raises(StationHistoryIncomplete, match="password of m1 was changed"):
            registry.authenticate("m1", "operator's choice")
        assert registry.verify_chain().reason is ChainFault.TABLES


def test_enrolling_a_member_by_inserting_a_row_is_refused(site: Site) -> None:
    from screeningroom.registry.passwords import hash_password

    row = hash_password("inserted one", FAST_SCRYPT)
    _sql(site, "INSERT INTO members (member_id, full_name, password_hash, enrolled_us) "
               f"VALUES ('m9', 'Nobody', '{row}', 0)")
    with site.registry() as registry, pytest.raises(StationHistoryIncomplete,
                                                    match="m9 was enrolled outside"):
        registry.authenticate("m9", "inserted one")
