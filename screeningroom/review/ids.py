"""Session ids at the review's boundaries: a 64-bit unsigned integer in memory, always
**16 lower-case hex digits** outside it (the review store's TEXT column, signed facts,
the command line, the windows, the PDFs), as the registry keeps them.
"""

from __future__ import annotations

import re

from screeningroom.review.errors import BadSessionId

_HEX16 = re.compile(r"[0-9a-fA-F]{16}")


def session_hex(session_id: int) -> str:
    """The 16 lower-case hex digits of a session id (1 .. 2**64 - 1)."""
    if isinstance(session_id, bool) or not isinstance(session_id, int) or not (
        0 < session_id < 2**64
    ):
        raise BadSessionId(str(session_id))
    return f"{session_id:016x}"


def parse_session_id(text: str) -> int:
    """A session id from its 16 hex digits (upper case is taken too); nothing else."""
    cleaned = str(text).strip()
    if not _HEX16.fullmatch(cleaned) or int(cleaned, 16) == 0:
        raise BadSessionId(cleaned)
    return int(cleaned, 16)
