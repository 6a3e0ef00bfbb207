"""How the store writes times: UTC, ISO 8601 with microseconds."""

from __future__ import annotations

from datetime import UTC, datetime


def to_text(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def opt_text(value: datetime | None) -> str | None:
    return None if value is None else to_text(value)


def from_text(text: str) -> datetime:
    return datetime.fromisoformat(text)


def opt_time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def hex_id(session_id: int | None) -> str | None:
    return None if session_id is None else f"{session_id:016x}"


def int_id(text: str | None) -> int | None:
    return None if not text else int(text, 16)
