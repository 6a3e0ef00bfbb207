"""Enrolment, login and lock-out, with the clock injected."""

from __future__ import annotations

from datetime import timedelta

import pytest

from screeningroom.registry import (
    AccountLocked,
    AuditEvent,
    MemberExists,
    Registry,
    RegistryBadInput,
    RegistrySettings,
    WrongPassword,
)
from screeningroom.registry.passwords import hash_password, verify_password


def _events(registry: Registry) -> list[AuditEvent]:
    return [r.event for r in registry.records() if r.event is not AuditEvent.MEMBER_ADDED]


def test_enrol_and_log_in(registry: Registry, member: str, t0) -> None:
    found = registry.authenticate(member, "correct horse battery", now=t0)
    assert found.member_id == member
    assert found.full_name == "Айгерім Серікқызы"
    assert found.enrolled_at == t0
    assert [m.member_id for m in registry.members()] == [member]
    assert _events(registry) == [AuditEvent.LOGIN]


def test_wrong_password_counts_down_then_locks(registry: Registry, member: str, t0) -> None:
    with pytest.raises(WrongPassword) as first:
        registry.authenticate(member, "wrong", now=t0)
    assert first.value.attempts_left == 2
    with pytest.raises(WrongPassword) as second:
        registry.authenticate(member, "wrong", now=t0)
    assert second.value.attempts_left == 1
    with pytest.raises(AccountLocked) as locked:
        registry.authenticate(member, "wrong", now=t0)
    assert locked.value.until == t0 + timedelta(minutes=10)
    # even the right password is refused while locked
    with pytest.raises(AccountLocked):
        registry.authenticate(member, "correct horse battery", now=t0 + timedelta(minutes=9))
    # after the lock-out the right password works and the counter starts again
    registry.authenticate(member, "correct horse battery", now=t0 + timedelta(minutes=10))
    with pytest.raises(WrongPassword) as again:
        registry.authenticate(member, "wrong", now=t0 + timedelta(minutes=11))
    assert again.value.attempts_left == 2
    details = [r.detail for r in registry.records() if r.event is AuditEvent.FAILED_LOGIN]
    assert [d["reason"] for d in details] == ["wrong_password"] * 3 + ["locked",
                                                                      "wrong_password"]
    assert _events(registry).count(AuditEvent.LOGIN) == 1


def test_success_resets_the_count(registry: Registry, member: str, t0) -> None:
    for _ in range(2):
        with pytest.raises(WrongPassword):
            registry.authenticate(member, "wrong", now=t0)
    registry.authenticate(member, "correct horse battery", now=t0)
    with pytest.raises(WrongPassword) as exc:
        registry.authenticate(member, "wrong", now=t0)
    assert exc.value.attempts_left == 2


def test_unknown_member_is_refused_and_logged(registry: Registry, t0) -> None:
    with pytest.raises(WrongPassword, match="nobody"):
        registry.authenticate("nobody", "whatever", now=t0)
    (record,) = list(registry.records())
    assert record.event is AuditEvent.FAILED_LOGIN
    assert record.member_id == "nobody"
    assert record.detail == {"attempts_left": 2, "reason": "unknown_member"}


def test_unknown_id_and_wrong_password_read_the_same(registry: Registry, member: str,
                                                      t0) -> None:
    """Trying ids tells nothing: the same error, words, count-down and lock-out."""
    seen = {}
    for login in (member, "nobody"):
        texts = []
        for _ in range(3):
            with pytest.raises((WrongPassword, AccountLocked)) as exc:
                registry.authenticate(login, "wrong", now=t0)
            texts.append((type(exc.value), str(exc.value).replace(login, "ID")))
        seen[login] = texts
    assert seen[member] == seen["nobody"]
    assert seen[member][-1][0] is AccountLocked


def test_duplicate_and_bad_enrolment_lose_nothing(registry: Registry, member: str) -> None:
    with pytest.raises(MemberExists):
        registry.add_member(member, "Someone Else", "another password")
    with pytest.raises(RegistryBadInput, match="member id"):
        registry.add_member("bad id with spaces", "Name", "long enough pw")
    with pytest.raises(RegistryBadInput, match="full name"):
        registry.add_member("ok-id", "  ", "long enough pw")
    with pytest.raises(RegistryBadInput, match="too short"):
        registry.add_member("ok-id", "Name", "short")
    assert [m.member_id for m in registry.members()] == [member]
    registry.authenticate(member, "correct horse battery")


def test_naive_time_is_refused(registry: Registry, member: str) -> None:
    from datetime import datetime

    with pytest.raises(RegistryBadInput, match="time zone"):
        registry.authenticate(member, "correct horse battery", now=datetime(2026, 1, 1))


def test_hash_keeps_its_parameters() -> None:
    default = RegistrySettings().scrypt
    stored = hash_password("пароль-құпия", default, salt=b"\x00" * 16)
    scheme, n, r, p, _salt, _key = stored.split("$")
    assert (scheme, int(n), int(r), int(p)) == ("scrypt", 2**17, 8, 1)
    assert verify_password("пароль-құпия", stored)
    assert not verify_password("пароль-кұпия", stored)
    assert not verify_password("x", "garbage")


def test_settings_come_from_the_workstation(tmp_path) -> None:
    from screeningroom.settings import Settings

    settings = Settings(tmp_path / "settings.json")
    settings.set("login_attempts_before_lockout", 7)
    settings.set("lockout_minutes", 30)
    loaded = RegistrySettings.from_workstation(settings)
    assert loaded.max_failed_logins == 7
    assert loaded.lockout == timedelta(minutes=30)
