"""What goes into the station bundle besides the Python code: libvlc and the chosen VLC
plugins from the OS, the Qt plugins the station needs, the PDF fonts and the demo clips.

Read by ``installer/station.spec`` at build time (plain Python, no PyInstaller import, so
the default test suite can check the choices without building anything).

VLC's plugins come from Debian's ``libvlc5`` / ``vlc-plugin-base``. The station plays
only from the vault's decrypting reader into memory, so every plugin that captures,
records, streams out, writes decoded pictures or sound to a file, or talks to a network
is left out: even an option set by mistake finds no module to do it.
"""

from __future__ import annotations

import os
import sysconfig
from dataclasses import dataclass
from pathlib import Path

#: Where Debian puts libvlc (multiarch) and its plugin tree.
LIBDIRS: tuple[str, ...] = (
    f"/usr/lib/{sysconfig.get_config_var('MULTIARCH') or 'x86_64-linux-gnu'}",
    "/usr/lib64",
    "/usr/lib",
)
LIBVLC = "libvlc.so.5"
#: Inside the bundle: libvlc beside the other libraries, the plugins below ``vlc/plugins``
#: (libvlccore looks for them at ``<its own folder>/vlc/plugins``; the runtime hook also
#: names the folder in VLC_PLUGIN_PATH).
PLUGIN_DEST = "vlc/plugins"

#: Whole plugin categories the station never uses.
EXCLUDED_CATEGORIES: dict[str, str] = {
    "gui": "VLC's own windows",
    "control": "remote control, hot keys (snapshot and record keys) and interfaces",
    "lua": "scripting (the player runs with --no-lua)",
    "services_discovery": "network and device discovery",
    "stream_out": "transcoding, streaming out and recording",
    "access_output": "writing streams to files and network",
    "mux": "writing containers (only needed to record)",
    "keystore": "stored network passwords",
    "meta_engine": "tag readers and album art fetchers",
    "logger": "log files",
    "stream_extractor": "archives",
    "visualization": "audio visualisations",
    "video_splitter": "wall outputs (copies of the picture)",
    "notify": "desktop notifications",
}

#: Of the access modules only these read local data or the vault's callbacks; the rest
#: are network protocols and capture devices (cameras, DVB, the screen, shared memory,
#: ALSA and PulseAudio capture).
ACCESS_KEPT: frozenset[str] = frozenset({"imem", "access_imem", "filesystem", "idummy",
                                         "attachment"})

#: Single plugins left out, with the reason.
EXCLUDED_PLUGINS: dict[str, str] = {
    "audio_output/afile": "writes the decoded sound to a file",
    "video_output/yuv": "writes the decoded pictures to a file",
    "video_output/fb": "Linux framebuffer output (the station draws through Qt)",
    "video_filter/scene": "saves frames as image files (a snapshot feature)",
    "stream_filter/record": "VLC's record feature",
    "demux/demuxdump": "dumps the stream to a file",
    "demux/avformat": "FFmpeg demuxers and network protocols (VLC's own read MP4/MKV/TS)",
    "access/avio": "FFmpeg network protocols",
    "demux/adaptive": "HLS/DASH network streaming",
    "demux/demux_chromecast": "Chromecast",
    "demux/mod": "tracker music",
    "demux/sid": "C64 music",
    "codec/x264": "an encoder",
    "codec/x26410b": "an encoder",
    "codec/x265": "an encoder",
    "codec/shine": "an encoder",
    "codec/twolame": "an encoder",
    "codec/edummy": "a dummy encoder",
    "codec/vaapi": "hardware decoding (the player decodes in software)",
    "codec/vaapi_drm": "hardware decoding (the player decodes in software)",
    "codec/sdl_image": "image files",
    "codec/svgdec": "SVG images",
    "codec/xwd": "X window dumps",
    "misc/gnutls": "TLS for network access",
    "misc/xml": "playlists and adaptive streaming manifests",
    "misc/audioscrobbler": "reports what is played to a web service",
    "misc/addonsfsstorage": "add-on manager",
    "misc/addonsvorepository": "add-on manager",
    "misc/export": "playlist export",
    "misc/fingerprinter": "audio fingerprint look-ups on the network",
    "misc/vod_rtsp": "video on demand server",
    "spu/remoteosd": "a VNC client",
    "spu/rss": "news feeds from the network",
    "spu/mosaic": "composes several streams",
    "audio_filter/spatialaudio": "ambisonics (a large library)",
}

#: Qt plugins the station loads: the X11 and headless platforms, SVG for the icon.
QT_PLUGINS_KEPT: dict[str, frozenset[str] | None] = {
    "platforms": frozenset({"libqxcb.so", "libqoffscreen.so"}),
    "xcbglintegrations": None,
    "imageformats": frozenset({"libqsvg.so"}),
    "iconengines": None,
}
#: Qt libraries only the plugins left out above need (Wayland, EGL full-screen devices)
#: and the network module nothing imports. (QtOpenGL stays: the video widget draws with
#: a shader.)
QT_LIBS_DROPPED: tuple[str, ...] = ("libQt6Wayland", "libQt6WlShell", "libQt6EglFs",
                                    "libQt6EglFS", "libQt6Network")
#: Qt's own translations kept (the station speaks kk, ru and en).
QT_LANGUAGES: tuple[str, ...] = ("kk", "ru", "en")
#: Babel's locale data kept: dates and numbers in documents are written in these (and
#: "root", which every locale inherits from).
BABEL_LOCALES: tuple[str, ...] = ("root", "kk", "ru", "en")

FONT_DIRS: tuple[str, ...] = ("/usr/share/fonts/truetype/dejavu",)
FONTS: tuple[str, ...] = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
                          "DejaVuSans-BoldOblique.ttf", "DejaVuSansMono.ttf")
#: The demo's clips (rendered or copied by installer/samples.py).
DEMO_CLIPS: tuple[str, ...] = ("sample.mp4", "bigbuckbunny_720p.mp4")


class MissingPart(RuntimeError):
    """Something the bundle must contain is not on the build machine."""


@dataclass(frozen=True)
class Plugin:
    source: Path
    category: str
    name: str  # "mp4" for libmp4_plugin.so

    @property
    def key(self) -> str:
        return f"{self.category}/{self.name}"

    @property
    def dest(self) -> str:
        return f"{PLUGIN_DEST}/{self.category}"


def find_libvlc(libdirs: tuple[str, ...] = LIBDIRS) -> Path:
    for folder in libdirs:
        candidate = Path(folder) / LIBVLC
        if candidate.exists():
            return candidate
    raise MissingPart(f"{LIBVLC} not found in {', '.join(libdirs)}: apt-get install libvlc5 "
                      "vlc-plugin-base")


def plugin_root(libvlc: Path) -> Path:
    root = Path(os.environ.get("SCREENINGROOM_VLC_PLUGINS", libvlc.parent / "vlc" / "plugins"))
    if not root.is_dir():
        raise MissingPart(f"no VLC plugins in {root}: apt-get install vlc-plugin-base")
    return root


def why_excluded(plugin: Plugin) -> str | None:
    """The reason ``plugin`` stays out of the bundle, or None when it goes in."""
    if plugin.category in EXCLUDED_CATEGORIES:
        return EXCLUDED_CATEGORIES[plugin.category]
    if plugin.category == "access" and plugin.name not in ACCESS_KEPT:
        return "network protocol or capture device"
    return EXCLUDED_PLUGINS.get(plugin.key)


def all_plugins(root: Path) -> list[Plugin]:
    found = []
    for so in sorted(root.glob("*/lib*_plugin.so")):
        name = so.name[len("lib"):-len("_plugin.so")]
        found.append(Plugin(so, so.parent.name, name))
    return found


def chosen_plugins(root: Path) -> list[Plugin]:
    return [p for p in all_plugins(root) if why_excluded(p) is None]


def keep_file(dest: str) -> bool:
    """False for a file (by its path in the bundle) the station never loads: a Qt plugin,
    library or translation not chosen above, or Babel's data of another language."""
    parts = Path(dest).parts
    if parts[-1].startswith(QT_LIBS_DROPPED):  # also the links PyInstaller puts on top
        return False
    if "Qt" in parts:
        at = parts.index("Qt")
        if parts[at + 1 : at + 2] == ("plugins",) and len(parts) > at + 3:
            category, name = parts[at + 2], parts[at + 3]
            names = QT_PLUGINS_KEPT.get(category, frozenset())
            return names is None or name in names
        if parts[at + 1 : at + 2] == ("translations",) and parts[-1].endswith(".qm"):
            return Path(parts[-1]).stem.rsplit("_", 1)[-1] in QT_LANGUAGES
    if parts[:2] == ("babel", "locale-data"):
        return Path(parts[-1]).stem.split("_", 1)[0] in BABEL_LOCALES
    return True


def fonts(dirs: tuple[str, ...] = FONT_DIRS) -> list[Path]:
    for folder in dirs:
        files = [Path(folder) / name for name in FONTS]
        if all(f.is_file() for f in files):
            return files
    raise MissingPart("DejaVu fonts not found: apt-get install fonts-dejavu-core")


def demo_clips(media: Path) -> list[Path]:
    clips = [media / name for name in DEMO_CLIPS if (media / name).is_file()]
    if not (media / "sample.mp4").is_file():
        raise MissingPart(f"{media / 'sample.mp4'} is missing: run installer/bootstrap.sh")
    return clips
