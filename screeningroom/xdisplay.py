"""A virtual X screen (Xvfb) for machines without a display: the demo and window tests."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

from screeningroom.errors import ScreeningRoomError
from screeningroom_resources.i18n import _


class NoVirtualDisplay(ScreeningRoomError):
    """Xvfb is not installed or did not start."""


@contextmanager
def virtual_display(width: int = 1280, height: int = 800) -> Iterator[str]:
    """Start Xvfb on a free display number, point ``DISPLAY`` at it, stop it afterwards."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        raise NoVirtualDisplay(
            _("Xvfb is not installed: run installer/bootstrap.sh, or apt-get install xvfb.")
        )
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        [xvfb, "-displayfd", str(write_fd), "-screen", "0", f"{width}x{height}x24",
         "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    if not number:
        proc.kill()
        proc.wait()
        raise NoVirtualDisplay(_("Xvfb did not start: is another X server misbehaving?"))
    display = f":{number}"
    saved = {k: os.environ.get(k) for k in ("DISPLAY", "QT_QPA_PLATFORM")}
    os.environ["DISPLAY"] = display
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    try:
        yield display
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
