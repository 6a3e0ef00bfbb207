"""``with`` for the objects that hold something open (a database, a connection pool, an
HTTP client): leaving the block calls the object's ``close()``.

    class Registry(Closing):
        def close(self) -> None: ...

    with Registry.open(...) as registry: ...
"""

from __future__ import annotations

from typing import Self


class Closing:
    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()  # type: ignore[attr-defined]
