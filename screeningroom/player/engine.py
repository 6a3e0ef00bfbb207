"""libvlc itself: loading it, the options every player runs with, and the ctypes
prototypes python-vlc does not get right for our use."""

from __future__ import annotations

import ctypes
import os
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from types import ModuleType

from screeningroom.player.errors import VlcMissing

# Options for every instance: no OSD or title text drawn into the frames, no hot keys,
# no snapshot or record keys, no interfaces, software decoding (hardware decoders are
# probed first otherwise, costing start-up time for pictures we copy to memory anyway).
BASE_ARGS: tuple[str, ...] = (
    "--quiet",
    "--no-osd",
    "--no-video-title-show",
    "--no-snapshot-preview",
    "--no-keyboard-events",
    "--no-mouse-events",
    "--key-snapshot=",
    "--global-key-snapshot=",
    "--key-record=",
    "--global-key-record=",
    "--no-sub-autodetect-file",
    "--no-lua",
    "--ignore-config",
    "--avcodec-hw=none",
    "--stats",
)
HEADLESS_ARGS: tuple[str, ...] = ("--vout=dummy", "--aout=dummy", "--no-xlib")
SILENT_ARGS: tuple[str, ...] = ("--aout=dummy",)

# unsigned (*libvlc_video_format_cb)(void **opaque, char *chroma, unsigned *width,
#     unsigned *height, unsigned *pitches, unsigned *lines)
# python-vlc declares chroma as a read-only c_char_p; here it is a writable pointer.
FormatCb = ctypes.CFUNCTYPE(
    ctypes.c_uint,
    ctypes.POINTER(ctypes.c_void_p),
    ctypes.c_void_p,
    ctypes.POINTER(ctypes.c_uint),
    ctypes.POINTER(ctypes.c_uint),
    ctypes.POINTER(ctypes.c_uint),
    ctypes.POINTER(ctypes.c_uint),
)
CleanupCb = ctypes.CFUNCTYPE(None, ctypes.c_void_p)


@cache
def load() -> ModuleType:
    """Import python-vlc, or say what to install."""
    try:
        import vlc
    except (ImportError, OSError, NotImplementedError) as exc:
        raise VlcMissing(str(exc)) from exc
    if getattr(vlc, "dll", None) is None:
        raise VlcMissing("libvlc.so.5")
    return vlc


@cache
def _set_format_callbacks() -> ctypes._CFuncPtr:  # type: ignore[name-defined]
    vlc = load()
    prototype = ctypes.CFUNCTYPE(None, ctypes.c_void_p, FormatCb, CleanupCb)
    return prototype(("libvlc_video_set_format_callbacks", vlc.dll))


def set_format_callbacks(player: object, setup: object, cleanup: object) -> None:
    _set_format_callbacks()(player._as_parameter_, setup, cleanup)  # type: ignore[attr-defined]


def has_sound_output() -> bool:
    """True when a sound server or an ALSA playback device is present."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if os.environ.get("PULSE_SERVER"):
        return True
    if runtime and any(
        (Path(runtime) / name).exists() for name in ("pulse/native", "pipewire-0")
    ):
        return True
    snd = Path("/dev/snd")
    return snd.is_dir() and any(snd.glob("pcmC*D*p"))


def instance_args(headless: bool, extra: Sequence[str]) -> list[str]:
    args = list(BASE_ARGS)
    if headless:
        args += HEADLESS_ARGS
    elif not has_sound_output():
        args += SILENT_ARGS
    args += list(extra)
    return args
