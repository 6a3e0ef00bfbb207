"""Keeping keys and decoded frames out of core dumps and debuggers of other users.

:func:`protect_process` makes the process non-dumpable (``prctl(PR_SET_DUMPABLE, 0)``,
through ``ctypes``: no core file is written, ``/proc/PID/mem`` and ``ptrace`` are closed
to other processes of the same user) and sets the core-file limit to 0. The vault calls it
before it unseals a key (station and authority key files, a license's keys); it is not
undone while the process lives, since frames and keys may stay in freed memory. Linux only;
elsewhere only the core limit is set. What it cannot stop -- root reading memory -- is in
docs/security.md.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3

_done = False


def protect_process() -> None:
    """Non-dumpable, no core files. Safe to call many times."""
    global _done
    if _done:
        return
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError):  # pragma: no cover - not POSIX
        pass
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        if libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:  # pragma: no cover - kernel refused
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_DUMPABLE, 0) failed")
    _done = True


def is_dumpable() -> bool:
    """Whether the kernel would write a core file of this process (Linux)."""
    if not sys.platform.startswith("linux"):  # pragma: no cover
        return True
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    return libc.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0
