"""Any change to a stored record, made behind the registry's back, is found."""

from __future__ import annotations

import hashlib

import pytest

from screeningroom.registry import AuditEvent, ChainFault, Registry
from screeningroom.registry.canonical import record_bytes


@pytest.fixture
def logged(registry: Registry, member: str, t0) -> Registry:
    """Eight records (the enrolment first), then the append-only triggers dropped (as an
    intruder would)."""
    registry.authenticate(member, "correct horse battery")
    session = registry.start_session(member, "FILM-1", "LIC-1", "p1", room="Hall 1")
    registry.record(session.session_id, AuditEvent.PAUSE, {"position_ms": 1000})
    registry.record(session.session_id, AuditEvent.SEEK, {"to_ms": 0})
    registry.record(session.session_id, AuditEvent.STOP, None)
    registry.end_session(session.session_id)
    registry.record_refusal("revoked", "The license is revoked.", member, "FILM-2")
    assert registry.verify_chain().ok
    db = registry._storage._db
    db.execute("DROP TRIGGER audit_log_no_update")
    db.execute("DROP TRIGGER audit_log_no_delete")
    return registry


def _sql(registry: Registry, statement: str, *args) -> None:
    registry._storage._db.execute(statement, args)


def test_intact_log_verifies(logged: Registry) -> None:
    report = logged.verify_chain()
    assert (report.ok, report.records, report.first_bad_seq, report.reason) == (
        True, 8, None, None)


@pytest.mark.parametrize("column,value", [
    ("member_id", "someone-else"),
    ("film_id", "FILM-9"),
    ("detail", '{"position_ms":2000}'),
    ("time_us", 0),
    ("event", "resume"),
    ("session_id", "0000000000000001"),
])
def test_edited_field_breaks_the_hash(logged: Registry, column: str, value) -> None:
    _sql(logged, f"UPDATE audit_log SET {column} = ? WHERE seq = 3", value)
    report = logged.verify_chain()
    assert not report.ok
    assert report.first_bad_seq == 3
    assert report.reason in (ChainFault.HASH, ChainFault.MALFORMED)
    assert report.records == 2


def test_edit_with_recomputed_hash_breaks_the_signature(logged: Registry) -> None:
    stored = list(logged.stored_records())[3]
    from dataclasses import replace

    forged = replace(stored.fields, detail_json='{"to_ms":999999}')
    new_hash = hashlib.sha256(record_bytes(forged)).digest()
    _sql(logged, "UPDATE audit_log SET detail = ?, hash = ? WHERE seq = 4",
         forged.detail_json, new_hash)
    report = logged.verify_chain()
    assert (report.first_bad_seq, report.reason) == (4, ChainFault.SIGNATURE)


def test_deleted_record_is_found(logged: Registry) -> None:
    _sql(logged, "DELETE FROM audit_log WHERE seq = 5")
    report = logged.verify_chain()
    assert (report.ok, report.first_bad_seq, report.reason) == (False, 5, ChainFault.SEQUENCE)


def test_deleted_and_renumbered_is_found(logged: Registry) -> None:
    _sql(logged, "DELETE FROM audit_log WHERE seq = 5")
    _sql(logged, "UPDATE audit_log SET seq = seq - 1 WHERE seq > 5")
    report = logged.verify_chain()
    assert (report.ok, report.first_bad_seq) == (False, 5)
    assert report.reason in (ChainFault.HASH, ChainFault.LINK)


def test_removed_newest_record_is_found(logged: Registry) -> None:
    _sql(logged, "DELETE FROM audit_log WHERE seq = 8")
    report = logged.verify_chain()
    assert (report.ok, report.records, report.first_bad_seq, report.reason) == (
        False, 7, 8, ChainFault.TRUNCATED)


def test_reordered_records_are_found(logged: Registry) -> None:
    _sql(logged, "UPDATE audit_log SET seq = 100 WHERE seq = 3")
    _sql(logged, "UPDATE audit_log SET seq = 3 WHERE seq = 4")
    _sql(logged, "UPDATE audit_log SET seq = 4 WHERE seq = 100")
    report = logged.verify_chain()
    assert (report.ok, report.first_bad_seq) == (False, 3)


def test_whole_row_swap_breaks_the_link(logged: Registry) -> None:
    """Swapping two rows with every column (sequence numbers kept in place) still fails."""
    cols = "time_us, event, station_id, session_id, member_id, film_id, detail, " \
           "prev_hash, hash, signature"
    db = logged._storage._db
    row3 = db.execute(f"SELECT {cols} FROM audit_log WHERE seq = 3").fetchone()
    row4 = db.execute(f"SELECT {cols} FROM audit_log WHERE seq = 4").fetchone()
    sets = ", ".join(f"{c.strip()} = ?" for c in cols.split(","))
    db.execute(f"UPDATE audit_log SET {sets} WHERE seq = 3", tuple(row4))
    db.execute(f"UPDATE audit_log SET {sets} WHERE seq = 4", tuple(row3))
    report = logged.verify_chain()
    assert (report.ok, report.first_bad_seq) == (False, 3)


def test_inserted_forged_record_is_found(logged: Registry, make_signer) -> None:
    from dataclasses import replace

    from screeningroom.registry import chain

    last = list(logged.stored_records())[-1]
    intruder = make_signer(bytes(32), "KZ-ALA-ST01")
    fields = replace(last.fields, seq=9, prev_hash=last.hash, detail_json='"forged"')
    forged = chain.sign_record(fields, intruder)
    logged._storage.append_record(forged)
    report = logged.verify_chain()
    assert (report.ok, report.first_bad_seq, report.reason) == (
        False, 9, ChainFault.SIGNATURE)
