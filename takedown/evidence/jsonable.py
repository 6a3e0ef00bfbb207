"""Frozen dataclasses, Enums, times and bytes as JSON for the evidence files. A session id
(a field called ``session_id`` or ``payload``) is written as 16 hex digits."""

from __future__ import annotations

import dataclasses
import enum
import json
import math
from datetime import datetime
from pathlib import Path
from typing import Any


def jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _field(f.name, getattr(value, f.name))
                for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Path):
        return value.name
    if isinstance(value, bytes | bytearray):
        return bytes(value).hex()
    if isinstance(value, dict):
        return {str(k): _field(str(k), v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return value.item()
    return value


HEX_FIELDS = frozenset({"session_id", "payload"})


def session_hex(value: int | None) -> str | None:
    return None if value is None else f"{int(value):016x}"


def _field(name: str, value: Any) -> Any:
    if name in HEX_FIELDS and isinstance(value, int) and not isinstance(value, bool):
        return session_hex(value)
    return jsonable(value)


def dumps(value: Any) -> bytes:
    return json.dumps(jsonable(value), ensure_ascii=False, indent=1, sort_keys=True).encode(
        "utf-8")
