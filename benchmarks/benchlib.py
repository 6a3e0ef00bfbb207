"""What the benchmark scripts share: their place on ``sys.path``, their work and result
files, and the description of the machine they ran on.

Run as a script, a benchmark has ``benchmarks/`` first on ``sys.path``, where
``takedown.py`` and ``watermark.py`` would hide the packages of the same name:
:func:`script_path` moves the folder to the end (its helpers stay importable) and puts
the test folders whose worlds a benchmark builds first.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def script_path(*test_folders: str) -> None:
    """``benchmarks/`` last on ``sys.path``; ``tests/<folder>`` for each name first, and
    ``tests/support`` (the helpers every test world uses)."""
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE] + [str(HERE)]
    for folder in (*reversed(test_folders), "support"):
        sys.path.insert(0, str(ROOT / "tests" / folder))


def work_and_results(name: str) -> tuple[Path, Path]:
    """``benchmarks/work/<name>/`` (git-ignored) and ``benchmarks/results/<name>.md``."""
    return ROOT / "benchmarks" / "work" / name, ROOT / "benchmarks" / "results" / f"{name}.md"


def cpu_name(unknown: str = "unknown CPU") -> str:
    """The processor's model name from ``/proc/cpuinfo``."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return unknown


def load_average() -> str:
    """``/proc/loadavg`` as it reads now (the machine is shared: results carry it)."""
    try:
        return Path("/proc/loadavg").read_text().strip()
    except OSError:
        return "unknown"


def open_packaged(screener: Path, station: Any, member: str) -> Any:
    """``open_screener`` on ``screener`` with its license (the ``.srl`` beside it) and the
    ticket the registry issues at a session start (session 1): the station's front door,
    as a benchmark opens it."""
    from screeningroom.vault import issue_ticket, open_screener, read_license

    lic = read_license(screener.with_suffix(".srl"))
    ticket = issue_ticket(station.sign, session_id=1, station_id=station.station_id,
                          license_id=lic.license_id, film_id=lic.film_id, member_id=member,
                          number=1, started_at=datetime.now(UTC), record_seq=1,
                          record_hash=bytes(32))
    return open_screener(screener, lic, station, member, session=ticket, clock_floor=None)
