"""What the benchmark scripts share: their place on ``sys.path``, their work and result
files, and the description of the machine they ran on.

Run as a script, a benchmark has ``benchmarks/`` first on ``sys.path``, where
``takedown.py`` and ``watermark.py`` would hide the packages of the same name:
:func:`script_path` moves the folder to the end (its helpers stay importable) and puts
the test folders whose worlds a benchmark builds first.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def script_path(*test_folders: str) -> None:
    """``benchmarks/`` last on ``sys.path``; ``tests/<folder>`` for each name first."""
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE] + [str(HERE)]
    for folder in reversed(test_folders):
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
