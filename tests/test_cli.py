"""The three command-line tools start, list their commands and print their version."""

from __future__ import annotations

import subprocess
import sys

import pytest

from screeningroom import __version__

TOOLS = ("screeningroom", "watermark", "takedown")


def _run(tool: str, *args: str, env: dict[str, str] | None = None):
    return subprocess.run(
        [sys.executable, "-m", f"{tool}.cli", *args],
        capture_output=True, text=True, timeout=120, env=env,
    )


@pytest.mark.parametrize("tool", TOOLS)
def test_version(tool: str) -> None:
    out = _run(tool, "--version")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"{tool} {__version__}"


@pytest.mark.parametrize("tool", TOOLS)
def test_help_lists_commands(tool: str) -> None:
    out = _run(tool, "--help")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(f"usage: {tool}")


def test_unknown_command_is_a_usage_error() -> None:
    out = _run("screeningroom", "no-such-command")
    assert out.returncode == 2
    assert "invalid choice" in out.stderr
    assert "Traceback" not in out.stderr


def test_help_in_kazakh(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    env = dict(os.environ, SCREENINGROOM_LANG="kk")
    out = _run("screeningroom", "--help", env=env)
    assert out.returncode == 0, out.stderr
    assert "алдын ала көру станциясы" in out.stdout  # the description, translated


@pytest.mark.parametrize("tool", ("screeningroom", "takedown"))
def test_the_command_line_starts_without_the_heavy_parts(tool: str) -> None:
    """Building the parser (what every command, even --help, does first) loads neither the
    desk, the watermark, OpenCV, PyAV, fpdf nor the HTTP client: those load when a command
    needs them."""
    heavy = ("cv2", "av", "fpdf", "httpx", "watermark", "takedown.desk", "PySide6", "vlc")
    code = (f"import sys, {tool}.cli as c; c.build_parser(); "
            f"print(','.join(m for m in {heavy!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""
