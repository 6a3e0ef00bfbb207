"""Exceptions of the desk window's model (the rest are the desk's own, in takedown.errors)."""

from __future__ import annotations

from takedown.errors import TakedownError


class ScanCancelled(TakedownError):
    """The person cancelled a scan before its results were recorded; nothing was written."""


class SeveralProblems(TakedownError):
    """More than one thing failed at once (each named, one per paragraph)."""

    def __init__(self, problems: list[BaseException]) -> None:
        super().__init__("\n\n".join(str(p) for p in problems))
        self.problems = tuple(problems)
