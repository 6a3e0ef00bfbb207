"""The station bundle: what goes in (default suite), and the built bundle run from a bare
folder with a clean environment (slow: it builds the bundle)."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "screeningroom-station"


def _contents():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "bundle_contents", ROOT / "installer" / "bundle" / "contents.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


contents = _contents()


def _os_plugins() -> Path:
    try:
        return contents.plugin_root(contents.find_libvlc())
    except contents.MissingPart as exc:
        pytest.skip(str(exc))


def test_vlc_plugins_that_capture_record_or_stream_stay_out() -> None:
    chosen = {p.key for p in contents.chosen_plugins(_os_plugins())}
    for needed in ("access/imem", "demux/mp4", "codec/avcodec", "video_output/vmem",
                   "video_output/vdummy", "audio_output/adummy", "audio_output/alsa",
                   "packetizer/packetizer_h264", "video_chroma/swscale"):
        assert needed in chosen, needed
    for absent in ("stream_filter/record", "video_filter/scene", "audio_output/afile",
                   "video_output/yuv", "control/hotkeys", "access/v4l2", "access/http",
                   "access/shm", "demux/demuxdump", "codec/x264", "misc/gnutls"):
        assert absent not in chosen, absent
    assert not any(key.split("/")[0] in ("stream_out", "access_output", "mux", "gui", "lua")
                   for key in chosen)


def test_only_the_qt_parts_the_station_loads_are_kept() -> None:
    keep = contents.keep_file
    assert keep("PySide6/Qt/plugins/platforms/libqxcb.so")
    assert keep("PySide6/Qt/plugins/platforms/libqoffscreen.so")
    assert not keep("PySide6/Qt/plugins/platforms/libqwayland-egl.so")
    assert not keep("PySide6/Qt/plugins/platformthemes/libqgtk3.so")
    assert not keep("PySide6/Qt/plugins/tls/libqopensslbackend.so")
    assert keep("PySide6/Qt/lib/libQt6Widgets.so.6")
    assert not keep("PySide6/Qt/lib/libQt6WaylandClient.so.6")
    assert not keep("libQt6Network.so.6")
    assert keep("PySide6/Qt/translations/qtbase_ru.qm")
    assert not keep("PySide6/Qt/translations/qtbase_de.qm")
    assert keep("screeningroom_resources/locale/qt/ui_kk.qm")
    assert keep("babel/locale-data/kk_KZ.dat") and keep("babel/locale-data/root.dat")
    assert not keep("babel/locale-data/fr.dat")


def test_the_player_runs_vlc_without_snapshot_or_record() -> None:
    """The player's own options (screeningroom/player/engine.py) turn off VLC's snapshot
    and record keys and interfaces; nothing in the player calls the snapshot or record
    functions of libvlc."""
    from screeningroom.player import engine

    for option in ("--key-snapshot=", "--global-key-snapshot=", "--key-record=",
                   "--global-key-record=", "--no-keyboard-events", "--no-mouse-events",
                   "--no-lua", "--ignore-config", "--no-snapshot-preview"):
        assert option in engine.BASE_ARGS
    player_code = "\n".join(p.read_text(encoding="utf-8")
                            for p in (ROOT / "screeningroom" / "player").glob("*.py"))
    assert not re.search(r"take_snapshot|\.record\(|recorder_|sout", player_code)


def _clean_env(home: Path) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}


@pytest.mark.slow
def test_the_bundle_runs_the_demo_from_a_bare_folder(tmp_path: Path) -> None:
    build = subprocess.run(["bash", str(ROOT / "installer" / "build-bundle.sh")], cwd=ROOT,
                           capture_output=True, text=True, timeout=1800)
    assert build.returncode == 0, build.stderr[-3000:]
    tarball = Path(ROOT / build.stdout.strip().splitlines()[-1])
    assert tarball.is_file()
    size = sum(f.lstat().st_size for f in BUNDLE.rglob("*") if f.is_file() and not f.is_symlink())
    assert size < 850 * 2**20, f"the bundle grew to {size / 2**20:.0f} MiB (docs/bundle.md)"

    station = tmp_path / "station"
    station.mkdir()
    subprocess.run(["tar", "-xzf", str(tarball), "-C", str(station)], check=True)
    program = station / "screeningroom-station" / "screeningroom"
    internal = program.parent / "_internal"
    for part in ("locale/kk/vault.po", "locale/ru/vault.po", "locale/qt/ui_kk.qm",
                 "templates/review/report.html", "icons/screeningroom.svg",
                 "fonts/DejaVuSans.ttf", "media/sample.mp4"):
        assert (internal / "screeningroom_resources" / part).is_file(), part
    assert not list(internal.rglob("*.ts")), "Qt sources are not bundled"
    dangling = [p for p in internal.rglob("*") if p.is_symlink() and not p.exists()]
    assert not dangling
    for absent in ("pytest", "_pytest", "hypothesis", "takedown", "tkinter"):
        assert not (internal / absent).exists(), absent
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = _clean_env(tmp_path / "home")

    version = subprocess.run([str(program), "--version"], cwd=elsewhere, env=env,
                             capture_output=True, text=True, timeout=60)
    from screeningroom import __version__

    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"screeningroom {__version__}"

    out = tmp_path / "demo"
    ld_log = tmp_path / "ld"
    demo = subprocess.run(
        [str(program), "--lang", "ru", "demo", "--out", str(out), "--seconds", "2"],
        cwd=elsewhere, env={**env, "LD_DEBUG": "files", "LD_DEBUG_OUTPUT": str(ld_log)},
        capture_output=True, text=True, timeout=600)
    assert demo.returncode == 0, demo.stdout[-2000:] + demo.stderr[-2000:]
    # "В сеансе {session} показано кадров: {frames}": the Russian catalog inside the bundle
    played = re.search(r"сеансе ([0-9a-f]{16}) показано кадров: (\d+)", demo.stdout)
    assert played and int(played.group(2)) > 0, demo.stdout
    shots = sorted(out.glob("*.png"))
    assert len(shots) >= 3 and all(s.stat().st_size > 10_000 for s in shots)

    # the libraries that matter were loaded from the copy, none from the OS's VLC
    loaded = set()
    for log in tmp_path.glob("ld.*"):
        loaded |= set(re.findall(r"calling init: (\S+)", log.read_text(errors="replace")))
    ours = {Path(p).name: p for p in loaded if p.startswith(str(station))}
    for lib in ("libvlc.so.5", "libvlccore.so.9", "libavcodec.so.59", "libQt6Core.so.6",
                "libmp4_plugin.so", "libavcodec_plugin.so", "libqxcb.so"):
        assert lib in ours, f"{lib} not loaded from the bundle"
    assert not [p for p in loaded if "/vlc/" in p and not p.startswith(str(station))]
    # libvlc read the bundle's plugin cache: it opened the plugins it used, not every one
    # (without plugins.dat each libvlc instance opens all of them to learn what they offer)
    assert (internal / "vlc" / "plugins" / "plugins.dat").is_file()
    bundled = list((internal / "vlc" / "plugins").rglob("*_plugin.so"))
    opened = [name for name in ours if name.endswith("_plugin.so")]
    assert len(opened) < len(bundled) / 2, (len(opened), len(bundled))

    # the bundle checks and installs a signed release of itself (what the updater runs)
    from screeningroom.updates import encode_release
    from screeningroom.vault import init_authority, load_authority
    from screeningroom.vault.keyfile import ScryptParams

    init_authority("Review office", "office passphrase", folder=tmp_path / "office",
                   scrypt=ScryptParams(10, 8, 1))
    office = load_authority("office passphrase", folder=tmp_path / "office")
    release = tarball.with_name(tarball.name + ".sru")
    release.write_bytes(encode_release(tarball, __version__, issuer_key=office.anchor.public_key,
                                       seal=office.seal))
    target = tmp_path / "opt"
    installed = subprocess.run(
        [str(program), "--lang", "en", "update", "install", str(release), "--anchor",
         str(tmp_path / "office" / "anchor.sra"), "--target", str(target)],
        cwd=elsewhere, env=env, capture_output=True, text=True, timeout=600)
    release.unlink()
    assert installed.returncode == 0, installed.stderr
    assert (target / "current" / "screeningroom").is_file()
    shutil.rmtree(station)
    shutil.rmtree(target)
