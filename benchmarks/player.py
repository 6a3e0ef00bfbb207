"""Playback benchmark: 720p24, 1080p24 and 2160p24 for 60 s, repeated, medians reported.

    .venv/bin/python benchmarks/player.py [--seconds 60] [--repeats 3] [--only 1080p]

Test films: the shared footage (Big Buck Bunny, 1280x720 25 fps, 5.3 s) looped to 64 s,
retimed to 24 fps and scaled with PyAV (H.264 High, CRF 20, 2 s GOP). Two things are
burnt in so that every measurement has a ground truth: each picture's index as 12 white
or black blocks along its top-left edge (read back from every shown frame: which frame
it really was, whatever the player's count says), and a silent AAC track with a 10 ms
click at every whole second (libvlc's audio clock, read from the click onsets, says when
each media second is heard). Pictures and sound are interleaved in time, as muxers store
a film. The films are packaged as screeners with the vault.

Every run is a fresh child process, audio through libvlc's audio callbacks (the clock,
no sound), playing for ``--seconds`` of wall time:

- ``libvlc alone`` (the reference peer): libvlc reads the plain file by path and decodes
  into memory buffers (I420, the player's own buffer layout, at the picture's own size as
  the player answers libvlc's format callback); its display callback only notes the time
  and reads the burnt-in index.
- ``no-op hook``: the player from the vault's decrypting reader, a hook that does nothing.
- ``watermark``: the same with ``watermark.Embedder.apply_luma`` (the session's key).
- ``station``: the watermark and the visible overlay, painted full screen by the OpenGL
  video widget on a 1920x1080 Xvfb screen (Mesa's llvmpipe: the GPU's work done by the
  CPU, which a station with any GPU does not pay); A/V measured at the swap.

Measures per run: frames shown, frames missing (burnt-in indices never shown), libvlc's
lost pictures, late frames (shown > 20 ms after their time: shown time minus true media
time, against the earliest such offset of the run), CPU (user+system over the run,
cores), per-thread CPU, the player's per-frame stages (libvlc's copy into our buffer,
the hook, the overlay; paint on the GUI thread), A/V offset (shown or painted time minus
the time the audio of the same media time is due), start-up. Plots: the histogram of the
intervals between consecutive frames on screen per configuration, beside the results.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path

from benchlib import cpu_name, open_packaged, script_path

script_path()  # benchmarks/watermark.py must not hide the watermark package

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / "work" / "player"
RESULTS = ROOT / "benchmarks" / "results" / "player.md"
PLOTS = ROOT / "benchmarks" / "results" / "player"
SOURCE = ROOT / "resources" / "media" / "bigbuckbunny_720p.mp4"
PASS = "bench-passphrase"
FILM_SECONDS = 64
FPS = 24
BITS = 12
SIZES = {"720p": (1280, 720), "1080p": (1920, 1080), "2160p": (3840, 2160)}
CONFIGS = ("peer", "noop", "mark", "station")
LABELS = {
    "peer": "libvlc alone (peer)",
    "noop": "vault reader, no-op hook",
    "mark": "vault reader, watermark",
    "bands": "vault reader, watermark in two bands on two threads (reverted)",
    "station": "station: watermark + overlay, painted (OpenGL)",
}
# the rows of a report: "bands" only in saved runs of earlier code (the 2160p mark in two
# bands of rows on two threads, commit 8a1a4bd, reverted: it did not beat one thread)
ROWS = ("peer", "noop", "mark", "bands", "station")
LATE = 0.020


# --- test films -------------------------------------------------------------------------


def block(height: int) -> int:
    return max(8, height // 45)


def burn_index(y: np.ndarray, index: int) -> None:
    """The frame's index as BITS blocks (Y 235 = 1, 16 = 0) along the top-left edge."""
    size = block(y.shape[0])
    for bit in range(BITS):
        y[size : 2 * size, (2 * bit + 1) * size : (2 * bit + 2) * size] = (
            235 if index >> bit & 1 else 16)


def read_index(y: np.ndarray) -> int:
    size = block(y.shape[0])
    row = y[size + size // 2, [(2 * bit + 1) * size + size // 2 for bit in range(BITS)]]
    return sum(1 << bit for bit in range(BITS) if row[bit] > 128)


def make_film(size: str) -> Path:
    """Loop the shared footage to FILM_SECONDS at 24 fps, scaled to ``size``, with the
    burnt-in index and the clicks, pictures and sound interleaved in time (cached)."""
    out_path = WORK / f"bbb_{size}24_{FILM_SECONDS}s_interleaved.mp4"
    if not out_path.exists():
        interleave(encode_film(size), out_path)
    return out_path


def interleave(source: Path, out_path: Path) -> None:
    """Remux ``source`` with its packets in time order, as muxers store a film (the
    encoder writes every picture before the sound, and libvlc's demuxer would then seek
    between them every 15 s of film, which an interleaved film does not ask of it)."""
    import av

    partial = out_path.with_suffix(".part.mp4")
    with av.open(str(source)) as src, av.open(str(partial), "w") as out:
        streams = {s.index: out.add_stream_from_template(s) for s in src.streams}
        packets = [p for p in src.demux() if p.dts is not None]
        packets.sort(key=lambda p: p.dts * p.time_base)  # stable: each stream keeps its order
        for packet in packets:
            packet.stream = streams[packet.stream.index]
            out.mux(packet)
    partial.rename(out_path)


def encode_film(size: str) -> Path:
    """The encode itself (cached): every picture, then the sound."""
    import av

    width, height = SIZES[size]
    out_path = WORK / f"bbb_{size}24_{FILM_SECONDS}s_indexed.mp4"
    if out_path.exists():
        return out_path
    WORK.mkdir(parents=True, exist_ok=True)
    partial = out_path.with_suffix(".part.mp4")
    total = FILM_SECONDS * FPS
    with av.open(str(partial), "w") as out:
        video = out.add_stream("libx264", rate=FPS)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        # superfast at 2160p: encoding 4K at veryfast takes most of an hour on 2 shared
        # cores; both keep CABAC, B-frames and the deblocking filter (the decoder's work)
        preset = "superfast" if height > 1080 else "veryfast"
        video.options = {"crf": "20", "preset": preset, "g": str(2 * FPS), "profile": "high"}
        audio = out.add_stream("aac", rate=48000)
        audio.layout = "stereo"
        done = 0
        while done < total:
            with av.open(str(SOURCE)) as src:
                for frame in src.decode(video=0):
                    if done >= total:
                        break
                    planes = frame.reformat(width=width, height=height,
                                            format="yuv420p").to_ndarray()
                    burn_index(planes[:height], done)
                    picture = av.VideoFrame.from_ndarray(planes, format="yuv420p")
                    picture.pts, picture.time_base = done, Fraction(1, FPS)
                    for packet in video.encode(picture):
                        out.mux(packet)
                    done += 1
        for packet in video.encode():
            out.mux(packet)
        samples = 1024
        for start in range(0, FILM_SECONDS * 48000, samples):
            n = np.arange(start, start + samples)
            into = n % 48000
            click = np.where(into < 480, 0.6 * np.sin(2 * np.pi * 1000 * into / 48000), 0.0)
            tone = click.astype(np.float32)
            chunk = av.AudioFrame.from_ndarray(np.stack([tone, tone]), format="fltp",
                                               layout="stereo")
            chunk.sample_rate, chunk.pts = 48000, start
            for packet in audio.encode(chunk):
                out.mux(packet)
        for packet in audio.encode():
            out.mux(packet)
    partial.rename(out_path)
    return out_path


def make_screeners(films: dict[str, Path]) -> None:
    """Authority, station, screener and license for each film (cached)."""
    from screeningroom.vault import (
        AgeCategory,
        init_authority,
        init_station,
        install_certificate,
        load_authority,
    )
    from screeningroom.vault.keyfile import ScryptParams

    if not (WORK / "cert.bin").exists():
        cheap = ScryptParams(12, 8, 1)
        anchor = init_authority("Bench office", PASS, folder=WORK / "authority", scrypt=cheap)
        request = init_station("Bench", "Room 1", PASS, anchor.signed_bytes,
                               folder=WORK / "station", scrypt=cheap)
        cert = load_authority(PASS, folder=WORK / "authority").certify(request.signed_bytes, 30)
        install_certificate(cert, folder=WORK / "station")
        (WORK / "cert.bin").write_bytes(cert)
    authority = load_authority(PASS, folder=WORK / "authority")
    for film in films.values():
        screener = film.with_suffix(".scr")
        if not screener.exists():
            authority.package(film, screener, film_id=film.stem, title=film.stem,
                              register_no="BENCH", declared_age=AgeCategory.AGE_18,
                              rights_holder="Blender Foundation")
        now = datetime.now(UTC)
        licence = authority.issue_license(
            screener, (WORK / "cert.bin").read_bytes(), members=("bench",),
            not_before=now - timedelta(hours=1), not_after=now + timedelta(days=2),
            max_sessions=1000)
        screener.with_suffix(".srl").write_bytes(licence)


# --- one run, in a child process --------------------------------------------------------


@dataclass
class Run:
    config: str
    size: str
    seconds: float
    shown: int
    missing: int  # burnt-in indices between the first and last shown that never showed
    lost: int  # libvlc's lost pictures (+ frames that found no free buffer)
    late: int
    cpu: float  # cores
    threads: dict[str, float]  # cores per thread group
    startup_ms: float
    av_ms: list[float]  # per frame on screen: its time minus the audio's time
    intervals_ms: list[float]  # between consecutive frames on screen
    on_screen: list[list[float]] = field(default_factory=list)  # (true index, time)
    onsets: list[list[float]] = field(default_factory=list)  # (due date, counted seconds)
    stages_ms: dict[str, float] = field(default_factory=dict)  # medians per frame
    notes: list[str] = field(default_factory=list)
    started: str = ""  # UTC, ISO 8601: when its process was started


def thread_times() -> dict[int, tuple[str, float]]:
    tick = os.sysconf("SC_CLK_TCK")
    found = {}
    for task in Path("/proc/self/task").iterdir():
        try:
            stat = (task / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        found[int(task.name)] = (name, (int(fields[11]) + int(fields[12])) / tick)
    return found


def thread_cpu(before: dict, after: dict, wall: float, named: dict[int, str]) -> dict:
    groups: dict[str, float] = {}
    for tid, (name, spent) in after.items():
        used = spent - before.get(tid, (name, 0.0))[1]
        group = named.get(tid) or ("llvmpipe" if name.startswith("llvmpipe") else
                                   "decoder, demux, audio, reader (libvlc's other threads)")
        groups[group] = groups.get(group, 0.0) + used / wall
    return {k: round(v, 3) for k, v in sorted(groups.items())}


class IndexSink:
    """Notes each shown frame's burnt-in index and display time (libvlc's thread)."""

    def __init__(self) -> None:
        self.shown: dict[int, tuple[int, float]] = {}  # player index -> (true index, at)
        self.vout_tid = 0

    def receive(self, frame) -> None:  # type: ignore[no-untyped-def]
        self.vout_tid = threading.get_native_id()
        self.shown[frame.index] = (read_index(frame.y), frame.shown_at)


def audio_origins(onsets: list[tuple[float, float]]) -> list[tuple[int, float]]:
    """(media second, due date minus that second) for each click heard. The clicks are at
    whole seconds: the first is placed by the sample count (within a block of its
    second), the others by their dates after it (libvlc dates sound on its clock, one
    second of film a second apart), which stays right when libvlc drops late sound."""
    if not onsets:
        return []
    first_date, counted = onsets[0]
    first = round(counted)
    out = []
    for date, _ in onsets:
        second = first + round(date - first_date)
        out.append((second, date - second))
    return out


def av_offsets(on_screen: list[tuple[int, float]], origins: list[tuple[int, float]]
               ) -> list[float]:
    """On-screen time minus the due time of the audio of the same media time, in ms
    (the nearest click's origin; the first click is media second 0)."""
    if not origins:
        return []
    seconds = np.array([s for s, _ in origins])
    base = np.array([o for _, o in origins])
    out = []
    for true_index, at in on_screen:
        t = true_index / FPS
        nearest = int(np.argmin(np.abs(seconds - t)))
        out.append(1000 * (at - t - base[nearest]))
    return out


def lateness(on_screen: list[tuple[int, float]]) -> list[float]:
    """Each frame's delay after the earliest (shown time - media time) of the run, past
    the first two frames (libvlc shows the first one at once, before its clock runs)."""
    offsets = [at - index / FPS for index, at in on_screen[2:]]
    if not offsets:
        return []
    floor = min(offsets)
    return [o - floor for o in offsets]


def first_showings(on_screen: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """Each picture once, when it first reached the screen: libvlc's re-renders of the
    picture already shown (it renders the last one again when no new one comes in time)
    are not new frames, and an index misread from a picture (it differs from both its
    neighbours by more than a second of film) is left out."""
    kept: list[tuple[int, float]] = []
    for k, (index, at) in enumerate(on_screen):
        before = on_screen[k - 1][0] if k else index
        after = on_screen[k + 1][0] if k + 1 < len(on_screen) else index
        if abs(index - before) > FPS and abs(index - after) > FPS:
            continue
        if kept and index == kept[-1][0]:
            continue
        kept.append((int(index), float(at)))
    return kept


def summarise(run: Run, on_screen: list[tuple[int, float]],
              onsets: tuple[tuple[float, float], ...]) -> None:
    run.on_screen = [[i, round(at, 6)] for i, at in on_screen]
    run.onsets = [[round(d, 6), round(c, 6)] for d, c in onsets]
    on_screen = first_showings(on_screen)
    indices = [i for i, _ in on_screen]
    if indices:
        span = max(indices) - min(indices) + 1
        run.missing = span - len(set(indices))
    run.late = sum(late > LATE for late in lateness(on_screen))
    run.av_ms = [round(x, 2) for x in av_offsets(on_screen, audio_origins(list(onsets)))]
    ats = [at for _, at in on_screen]
    run.intervals_ms = [round(1000 * (b - a), 2) for a, b in itertools.pairwise(ats)]


def run_peer(film: Path, size: str, seconds: float) -> Run:
    import ctypes

    import vlc

    from screeningroom.player import AudioClock, engine
    from screeningroom.player.buffers import FramePool, Layout
    from screeningroom.player.picture_size import fits

    instance = vlc.Instance([*engine.BASE_ARGS, "--vout=dummy", "--no-xlib"])
    media = instance.media_new_path(str(film))
    player = instance.media_player_new()
    player.set_media(media)
    pools: list[FramePool] = []
    shown: list[tuple[int, float]] = []
    vout = [0]
    width, height = SIZES[size]

    def fmt(opaque, chroma, w, h, pitches, lines):  # type: ignore[no-untyped-def]
        if fits((width, height), int(w[0]), int(h[0])):  # as the player answers it
            w[0], h[0] = width, height
        layout = Layout.for_coded(int(w[0]), int(h[0]))
        ctypes.memmove(chroma, b"I420", 4)
        pitches[0], lines[0] = layout.pitch, layout.lines
        for plane in (1, 2):
            pitches[plane], lines[plane] = layout.chroma_pitch, layout.chroma_lines
        pools.append(FramePool(layout))
        return 4

    def lock(opaque, planes):  # type: ignore[no-untyped-def]
        pool = pools[-1]
        slot = pool.slots[pool.overflows % 4]
        pool.overflows += 1  # used here as a plain counter
        for i, address in enumerate(slot.planes):
            planes[i] = address
        return pool.slots.index(slot) + 1

    def unlock(opaque, picture, planes):  # type: ignore[no-untyped-def]
        return None

    def display(opaque, picture):  # type: ignore[no-untyped-def]
        at = time.monotonic()
        vout[0] = threading.get_native_id()
        slot = pools[-1].slots[(picture or 1) - 1]
        shown.append((read_index(slot.y[:height, :width]), at))

    callbacks = (engine.FormatCb(fmt), engine.CleanupCb(lambda opaque: None),
                 vlc.CallbackDecorators.VideoLockCb(lock),
                 vlc.CallbackDecorators.VideoUnlockCb(unlock),
                 vlc.CallbackDecorators.VideoDisplayCb(display))
    player.video_set_callbacks(callbacks[2], callbacks[3], callbacks[4], None)
    engine.set_format_callbacks(player, callbacks[0], callbacks[1])
    clock = AudioClock(listen=True)
    clock.install(player)
    stats = vlc.MediaStats()
    before, cpu0, wall0 = thread_times(), time.process_time(), time.monotonic()
    player.play()
    while time.monotonic() - wall0 < seconds:
        time.sleep(0.25)
    media.get_stats(stats)
    after, cpu, wall = thread_times(), time.process_time() - cpu0, time.monotonic() - wall0
    player.stop()
    player.release()
    media.release()
    instance.release()
    run = Run("peer", size, wall, len(shown), 0, int(stats.lost_pictures), 0, cpu / wall,
              thread_cpu(before, after, wall, {vout[0]: "video output (callbacks)"}),
              1000 * (shown[0][1] - wall0) if shown else float("nan"), [], [])
    summarise(run, shown, clock.onsets())
    return run


def _open_screener(film: Path):  # type: ignore[no-untyped-def]
    from screeningroom.vault import load_station

    station = load_station(PASS, folder=WORK / "station")
    return open_packaged(film.with_suffix(".scr"), station, "bench")


def _median_ms(values: list[float]) -> float:
    return round(1000 * statistics.median(values), 3) if values else float("nan")


def run_player(config: str, film: Path, size: str, seconds: float) -> Run:
    from screeningroom.player import Player

    reader = _open_screener(film)
    if config == "noop":
        def mark(luma: np.ndarray, t: float) -> None:
            return None
    else:
        from watermark import Embedder

        mark = Embedder(reader.watermark_key, int.from_bytes(os.urandom(8), "big")).apply_luma
    sink = IndexSink()
    station = config == "station"
    overlay = "Bench Member - 3f9c0042deadbeef" if station else None
    player = Player(reader, frame_hook=mark, overlay_text=overlay, headless=True, sink=sink,
                    record_timings=True, measure_av=True, listen=True)
    named: dict[int, str] = {threading.get_native_id(): "GUI thread (paint)" if station
                             else "main thread (idle)"}
    before, cpu0, wall0 = thread_times(), time.process_time(), time.monotonic()
    widget = None
    if station:
        widget, app = _station_screen(player)
        from PySide6.QtCore import QTimer

        QTimer.singleShot(round(seconds * 1000), app.quit)
        player.play()
        app.exec()
    else:
        player.play()
        while time.monotonic() - wall0 < seconds:
            time.sleep(0.25)
            if player.error is not None:
                raise SystemExit(f"{config} {size}: {player.error}")
    after, cpu, wall = thread_times(), time.process_time() - cpu0, time.monotonic() - wall0
    startup = player.startup_seconds
    named[sink.vout_tid] = "video output (libvlc copy, hook, overlay)"
    timings = player.timings()
    onsets = player.audio_clock.onsets()
    player.stop()  # reads libvlc's final counts
    run = Run(config, size, wall, player.frames_shown, 0, player.frames_dropped, 0, cpu / wall,
              thread_cpu(before, after, wall, named),
              1000 * (startup or float("nan")), [], [])
    run.stages_ms = {
        "copy": _median_ms([t.copy for t in timings]),
        "hook": _median_ms([t.hook for t in timings]),
        "overlay": _median_ms([t.overlay for t in timings]) if overlay else 0.0,
        "ready_to_shown": _median_ms([t.shown_at - t.ready_at for t in timings]),
        "hook_p95": round(1000 * float(np.percentile([t.hook for t in timings], 95)), 3)
        if timings else float("nan"),
    }
    truth = {index: true for index, (true, _) in sink.shown.items()}
    if widget is not None:
        records = widget.log.records or []
        on_screen = [(truth[r.index], r.painted_at) for r in records if r.index in truth]
        run.stages_ms.update({
            "paint": _median_ms([r.paint_seconds for r in records]),
            "shown_to_woken": _median_ms([r.woken_at - r.shown_at for r in records]),
            "shown_to_on_screen": _median_ms([r.painted_at - r.shown_at for r in records]),
        })
        run.notes.append(f"painted {len(records)} of {player.frames_shown} shown frames")
        widget.detach()
    else:
        on_screen = [sink.shown[i] for i in sorted(sink.shown)]
    summarise(run, on_screen, onsets)
    return run


def _station_screen(player):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from screeningroom.ui.video import make_video_widget
    from screeningroom.ui.video_gl import GLVideoWidget

    app = QApplication(["bench"])
    widget = make_video_widget(player, keep_log=True)
    if not isinstance(widget, GLVideoWidget):
        raise SystemExit("no OpenGL context on the benchmark's screen")
    widget.showFullScreen()
    return widget, app


def child(config: str, size: str, seconds: float) -> None:
    film = make_film(size)
    if config == "peer":
        run = run_peer(film, size, seconds)
    else:
        run = run_player(config, film, size, seconds)
    print(json.dumps(asdict(run)))


# --- the report -------------------------------------------------------------------------


def machine() -> str:
    cpu = cpu_name()
    import vlc

    return (f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, libvlc {vlc.libvlc_get_version().decode()}, "
            f"python-vlc {vlc.__version__}")


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


def med(runs: list[Run], key) -> float:  # type: ignore[no-untyped-def]
    values = [key(r) for r in runs]
    values = [v for v in values if v == v]
    return float(statistics.median(values)) if values else float("nan")


def plot(size: str, config: str, runs: list[Run]) -> Path:
    """Histogram of the intervals between consecutive frames on screen (all repeats)."""
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

    values = np.concatenate([np.asarray(r.intervals_ms, dtype=float) for r in runs]
                            + [np.zeros(0)])
    width, height, left, bottom, top = 900, 420, 70, 60, 48
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setFont(QFont("DejaVu Sans", 9))
    edges = np.arange(0, 126, 1.0)
    counts, _ = np.histogram(np.clip(values, 0, 124.9), edges)
    plot_w, plot_h = width - left - 20, height - top - bottom
    peak = max(1, int(counts.max()))
    scale = np.log10(peak + 1)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(40, 90, 160))
    for i, count in enumerate(counts):
        if count:
            h = plot_h * np.log10(count + 1) / scale
            x = left + plot_w * i / len(counts)
            painter.drawRect(QRectF(x, top + plot_h - h, plot_w / len(counts) - 1, h))
    painter.setPen(QPen(QColor("black")))
    painter.drawLine(QPointF(left, top + plot_h), QPointF(left + plot_w, top + plot_h))
    painter.drawLine(QPointF(left, top), QPointF(left, top + plot_h))
    for ms in range(0, 126, 25):
        x = left + plot_w * ms / 125
        painter.drawLine(QPointF(x, top + plot_h), QPointF(x, top + plot_h + 5))
        painter.drawText(QPointF(x - 8, top + plot_h + 20), f"{ms}")
    painter.setPen(QPen(QColor(200, 60, 40), 1, Qt.PenStyle.DashLine))
    x = left + plot_w * (1000 / FPS) / 125
    painter.drawLine(QPointF(x, top), QPointF(x, top + plot_h))
    painter.setPen(QPen(QColor("black")))
    for count in (1, 10, 100, 1000):
        if count <= peak:
            y = top + plot_h - plot_h * np.log10(count + 1) / scale
            painter.drawText(QPointF(left - 40, y + 4), f"{count}")
    painter.drawText(QPointF(left + plot_w / 2 - 150, height - 15),
                     "ms between consecutive frames on screen (125+ in the last bin)")
    within = 100 * float(np.mean(np.abs(values - 1000 / FPS) <= 5)) if values.size else 0
    painter.drawText(QPointF(left, 16), f"{size}24, {LABELS[config]}")
    painter.drawText(QPointF(left, 32), f"{values.size} intervals from {len(runs)} runs; "
                     f"{within:.1f} % within 5 ms of 41.7 ms (dashed); log scale")
    painter.end()
    PLOTS.mkdir(parents=True, exist_ok=True)
    path = PLOTS / f"frame-times-{size}-{config}.png"
    image.save(str(path))
    return path


def conversion_costs() -> str:
    """The software fallback's YUV -> BGRA conversion per frame, by size (median of 20,
    after 5 untimed)."""
    from screeningroom.player.colour import ColourMatrix, i420_to_bgra, one_opencv_thread

    one_opencv_thread()  # as in a process that plays
    rng = np.random.default_rng(1)
    parts = []
    for size, (w, h) in SIZES.items():
        y = rng.integers(16, 236, (h, w), dtype=np.uint8)
        u = rng.integers(16, 241, (h // 2, w // 2), dtype=np.uint8)
        matrix = ColourMatrix.for_height(h)
        spent = []
        for _ in range(5):  # the allocator's first pages of each size, not timed
            i420_to_bgra(y, u, u, matrix)
        for _ in range(20):
            start = time.perf_counter()
            i420_to_bgra(y, u, u, matrix)
            spent.append(time.perf_counter() - start)
        parts.append(f"{size} {1000 * statistics.median(spent):.1f} ms ({matrix.name})")
    return ", ".join(parts) + f" (load average {os.getloadavg()[0]:.2f} when measured)"


def mark_costs(sizes: list[str]) -> str:
    """The mark's cost per frame (``Embedder.apply_luma``, one OpenCV thread) back to back
    and with one frame period (1/24 s) idle before each frame, as the player calls it:
    medians of 96 frames each, on a frame copied in just before. CPU is the process's
    (nothing else runs here), wall time is what the caller waits."""
    from screeningroom.player.colour import one_opencv_thread
    from watermark import Embedder

    one_opencv_thread()
    rng = np.random.default_rng(2)
    embedder = Embedder(os.urandom(32), int.from_bytes(os.urandom(8), "big"))
    parts = []
    for size in sizes:
        w, h = SIZES[size]
        frames = [rng.integers(16, 236, (h, w), dtype=np.uint8) for _ in range(4)]
        plane = np.empty((h, w), np.uint8)
        spent: dict[float, list[tuple[float, float]]] = {0.0: [], 1 / FPS: []}
        for idle, costs in spent.items():
            for k in range(104):
                if idle:
                    time.sleep(idle)
                np.copyto(plane, frames[k % 4])
                start, wall = time.process_time(), time.perf_counter()
                embedder.apply_luma(plane, k / FPS)
                costs.append((time.process_time() - start, time.perf_counter() - wall))
        cpu = {idle: 1000 * statistics.median(c for c, _ in costs[8:])
               for idle, costs in spent.items()}
        wall = {idle: 1000 * statistics.median(w for _, w in costs[8:])
                for idle, costs in spent.items()}
        parts.append(f"{size} {cpu[0.0]:.2f} / {cpu[1 / FPS]:.2f} ms CPU "
                     f"({wall[0.0]:.2f} / {wall[1 / FPS]:.2f} ms wall)")
    return ", ".join(parts) + f" (load average {os.getloadavg()[0]:.2f} when measured)"


def _when_by_film(runs: list[Run], sizes: list[str]) -> list[str]:
    """When each film's runs started and the load then (runs of one film may come from
    another invocation than the others')."""
    lines = []
    for size in sizes:
        group = [r for r in runs if r.size == size]
        starts = sorted(r.started for r in group if r.started)
        loads = [r.load for r in group]  # type: ignore[attr-defined]
        when = (f"started {datetime.fromisoformat(starts[0]):%Y-%m-%d %H:%M} to "
                f"{datetime.fromisoformat(starts[-1]):%H:%M} UTC" if starts else
                "start times not recorded")
        lines.append(f"{size}24: {len(group)} runs, {when}; load average (1 min) at their "
                     f"start {min(loads):.2f} to {max(loads):.2f} (median "
                     f"{statistics.median(loads):.2f}).")
    return lines


def report(runs: list[Run], seconds: float, loads: list[float], nice: int, sizes: list[str],
           repeats: int, failures: list[str], ran: str, notes: list[str] | None = None) -> str:
    written = f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    lines = [
        "# Player benchmark",
        "",
        f"Runs {ran} on {machine()}, nice {nice}; this report written {written}.",
        f"Each run: a fresh process playing for {seconds:.0f} s of wall time, the "
        "configurations interleaved; the tables give the median of the runs (their number "
        "is in the `runs` column). Load average (1 min) when each run "
        f"started: {min(loads):.2f} to {max(loads):.2f} (median "
        f"{statistics.median(loads):.2f}) on {os.cpu_count()} cores: at a load above the "
        "number of cores each process gets a fraction of a core. Compare rows of the same "
        "film.",
        "",
        *[f"- {line}" for line in _when_by_film(runs, sizes)],
        *[part for note in notes or [] for part in ("", note)],
        "",
        "Films: the shared Big Buck Bunny clip looped to 64 s, retimed to 24 fps, scaled "
        "with PyAV to 1280x720, 1920x1080 and 3840x2160 (H.264 High CRF 20, 2 s GOP), each "
        "picture's index burnt in, a click at every second on the sound track, pictures "
        "and sound interleaved in time as muxers store them; vault rows play the screener "
        "packaged from the same file through `open_screener`.",
        "",
        "| film | configuration | runs | shown | missing | libvlc lost | late > 20 ms "
        "| CPU (cores) | CPU vs no-op | A/V median ms | A/V p95 abs ms | start-up ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    by: dict[tuple[str, str], list[Run]] = {}
    for run in runs:
        by.setdefault((run.size, run.config), []).append(run)
    for size in sizes:
        noop = med(by.get((size, "noop"), []), lambda r: r.cpu)
        for config in ROWS:
            group = by.get((size, config), [])
            if not group:
                continue
            cpu = med(group, lambda r: r.cpu)
            lines.append(
                f"| {size}24 | {LABELS[config]} | {len(group)} "
                f"| {med(group, lambda r: r.shown):.0f} | {med(group, lambda r: r.missing):.0f} "
                f"| {med(group, lambda r: r.lost):.0f} | {med(group, lambda r: r.late):.0f} "
                f"| {cpu:.3f} | {cpu / noop:.2f}x "
                f"| {med(group, lambda r: pct(r.av_ms, 50)):+.1f} "
                f"| {med(group, lambda r: pct(np.abs(r.av_ms).tolist(), 95)):.1f} "
                f"| {med(group, lambda r: r.startup_ms):.0f} |")
    lines += ["", "## Targets", ""]
    for size in sizes:
        peer, noop = by.get((size, "peer"), []), by.get((size, "noop"), [])
        mark, station = by.get((size, "mark"), []), by.get((size, "station"), [])
        if not (peer and noop and mark):
            continue
        lost = lambda r: r.missing  # noqa: E731
        extra = med(mark, lambda r: r.cpu) / med(noop, lambda r: r.cpu) - 1
        rows = [
            ("frames missing with the watermark <= libvlc alone",
             med(mark, lost), med(peer, lost), med(mark, lost) <= med(peer, lost)),
            ("late frames (> 20 ms) with the watermark <= libvlc alone",
             med(mark, lambda r: r.late), med(peer, lambda r: r.late),
             med(mark, lambda r: r.late) <= med(peer, lambda r: r.late)),
            ("watermark CPU over the no-op hook <= 15 %", 100 * extra, 15.0, extra <= 0.15),
            ("A/V offset p95 <= 40 ms (watermark, at display)",
             med(mark, lambda r: pct(np.abs(r.av_ms).tolist(), 95)), 40.0,
             med(mark, lambda r: pct(np.abs(r.av_ms).tolist(), 95)) <= 40),
        ]
        if station:
            p95 = med(station, lambda r: pct(np.abs(r.av_ms).tolist(), 95))
            rows.append(("A/V offset p95 <= 40 ms (station, on screen)", p95, 40.0, p95 <= 40))
            rows.append(("station frames missing <= libvlc alone", med(station, lost),
                         med(peer, lost), med(station, lost) <= med(peer, lost)))
        lines.append(f"- **{size}24**: " + "; ".join(
            f"{name}: {value:.1f} vs {bound:.1f} — {'met' if ok else 'NOT met'}"
            for name, value, bound, ok in rows) + ".")
    decoder = "decoder, demux, audio, reader (libvlc's other threads)"
    lines += ["", "## Where the milliseconds go (median of the runs)", "",
              "Decode and llvmpipe: CPU time of those threads per frame of film (cores x "
              "1000 / 24); the others: wall time per frame on the thread that does it "
              "(medians).", "",
              "| film | configuration | decode etc. (CPU) | libvlc copy into our buffer "
              "| hook | hook p95 | overlay | marked -> shown (slack before the deadline) "
              "| paint (GUI thread) | GPU work on llvmpipe (CPU) | shown -> GUI awake "
              "| shown -> on screen |",
              "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for size in sizes:
        for config in ROWS:
            group = by.get((size, config), [])
            if not group:
                continue

            def stage(name: str, group: list[Run] = group) -> str:
                value = med(group, lambda r: r.stages_ms.get(name, float("nan")))
                return "-" if value != value else f"{value:.2f}"

            def per_frame(thread: str, group: list[Run] = group) -> str:
                value = med(group, lambda r: r.threads.get(thread, float("nan")))
                return "-" if value != value else f"{value * 1000 / FPS:.2f}"

            lines.append(
                f"| {size}24 | {LABELS[config]} | {per_frame(decoder)} | {stage('copy')} "
                f"| {stage('hook')} | {stage('hook_p95')} | {stage('overlay')} "
                f"| {stage('ready_to_shown')} | {stage('paint')} | {per_frame('llvmpipe')} "
                f"| {stage('shown_to_woken')} | {stage('shown_to_on_screen')} |")
    lines += ["", "Without OpenGL the widget converts on the CPU (`Frame.bgra`, called on "
              "the GUI thread; one OpenCV thread, as the player sets it), per frame: "
              + conversion_costs() + "."]
    lines += ["", "The mark alone in this process, per frame back to back / with one frame "
              "period idle before each frame: " + mark_costs(sizes) + ". The player calls "
              "the mark once a frame period, its thread idle in between: compare the hook "
              "column above (wall time) with the second wall figure."]
    lines += ["", "CPU by thread (cores, median of the runs):", ""]
    for size in sizes:
        for config in ROWS:
            group = by.get((size, config), [])
            if not group:
                continue
            names = sorted({name for r in group for name in r.threads})
            parts = [f"{name} {med(group, lambda r, n=name: r.threads.get(n, 0.0)):.3f}"
                     for name in names]
            lines.append(f"- {size}24, {LABELS[config]}: " + "; ".join(parts) + ".")
    lines += ["", "Frame-time histograms (intervals between consecutive frames on screen, "
              "all runs of a configuration):", ""]
    for size in sizes:
        for config in ROWS:
            if by.get((size, config)):
                name = f"player/frame-times-{size}-{config}.png"
                lines.append(f"- [{size}24 {LABELS[config]}]({name})")
    lines += ["", "## Every run", "",
              "| film | configuration | started (UTC) | load | shown | missing | libvlc lost "
              "| late | CPU | A/V p95 abs ms | notes |",
              "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for run in runs:
        started = f"{datetime.fromisoformat(run.started):%H:%M}" if run.started else "-"
        lines.append(
            f"| {run.size}24 | {run.config} | {started} | {run.load:.2f} | {run.shown} "
            f"| {run.missing} "
            f"| {run.lost} | {run.late} | {run.cpu:.3f} "
            f"| {pct(np.abs(run.av_ms).tolist(), 95):.1f} | {'; '.join(run.notes)} |")
    if failures:
        lines += ["", "Runs that failed:", "", *[f"- {f}" for f in failures]]
    lines += [
        "",
        "## How to read it",
        "",
        "- `missing`: burnt-in indices between the first and the last frame shown that "
        "never reached the screen (the ground truth of dropped frames); `shown` counts "
        "what each configuration calls shown (the peer counts libvlc's re-renders of a "
        "picture already shown, the player does not); missing, late and A/V count each "
        "picture once, at its first showing. `libvlc lost` is "
        "libvlc's own count of pictures it dropped (plus, for the player, pictures that "
        "found no free buffer).",
        "- `late > 20 ms`: frames displayed more than 20 ms after their media time, against "
        "the smallest (display time - media time) of the run, from the burnt-in index.",
        "- `A/V`: display time (station: time the swap returned) minus the time the sound "
        "of the same media time is due on libvlc's audio clock (read from the clicks of the "
        "sound track through libvlc's audio callbacks); positive: the picture is late.",
        "- `CPU vs no-op`: the process's CPU over the run against the no-op hook run of the "
        "same film; the watermark's share is the difference between those two rows.",
        "- The station row's GPU work (upload, shader, composition, the swap's copy into "
        "the X server) is done by Mesa's llvmpipe on the CPU: its threads show in the CPU "
        "by thread, and a station with a GPU does not pay it.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--repeats-2160p", type=int, default=2)
    parser.add_argument("--only", choices=tuple(SIZES), action="append")
    parser.add_argument("--configs", nargs="+", choices=CONFIGS, default=list(CONFIGS))
    parser.add_argument("--child", nargs=2, metavar=("CONFIG", "SIZE"))
    parser.add_argument("--runs-file", type=Path, default=WORK / "runs.json",
                        help="where each finished run is saved (JSON)")
    parser.add_argument("--report-from", type=Path, nargs="+", metavar="RUNS_JSON",
                        help="write the report and plots from saved runs, running nothing")
    parser.add_argument("--note", action="append", default=[],
                        help="a paragraph for the report's head (what the runs ran on)")
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], args.seconds)
        return
    if args.report_from:
        saved = [item for path in args.report_from for item in json.loads(path.read_text())]
        last = max(datetime.fromtimestamp(path.stat().st_mtime, UTC)
                   for path in args.report_from)
        write_results(saved, args.seconds, args.repeats, ran=_span(saved, last),
                      notes=args.note)
        return
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sizes = args.only or list(SIZES)
    plan = []  # 720p and 1080p interleaved, then 2160p (its film is made when it is due)
    for group in ([s for s in sizes if s != "2160p"], [s for s in sizes if s == "2160p"]):
        for _ in range(args.repeats_2160p if group == ["2160p"] else args.repeats):
            for size in group:
                plan += [(size, config) for config in args.configs]
    runs, loads, failures = [], [], []
    screen = contextlib.ExitStack()
    if "station" in args.configs:  # one 1920x1080 Xvfb screen for the station runs
        from screeningroom.xdisplay import virtual_display

        screen.enter_context(virtual_display(1920, 1080))
    ready: set[str] = set()
    for number, (size, config) in enumerate(plan, 1):
        if size not in ready:
            make_screeners({size: make_film(size)})
            ready.add(size)
        load = os.getloadavg()[0]
        loads.append(load)
        started = datetime.now(UTC)
        done = subprocess.run(
            [sys.executable, __file__, "--seconds", str(args.seconds), "--child", config, size],
            capture_output=True, text=True, check=False,
        )
        lines = done.stdout.strip().splitlines()
        if done.returncode != 0 and not (lines and lines[-1].startswith("{")):
            failures.append(f"{size} {config}: {done.stderr.strip()[-400:]}")
            print(failures[-1], flush=True)
            continue
        run = Run(**json.loads(lines[-1]))
        if done.returncode != 0:  # measured, then the process died on its way out
            run.notes.append(f"the process ended with status {done.returncode} after its "
                             f"report: {done.stderr.strip().splitlines()[0][:120]}")
        run.load = load  # type: ignore[attr-defined]
        run.started = started.isoformat(timespec="seconds")
        runs.append(run)
        print(f"[{number}/{len(plan)}] {size} {config}: shown {run.shown} missing "
              f"{run.missing} lost {run.lost} late {run.late} cpu {run.cpu:.3f} "
              f"av p95 {pct(np.abs(run.av_ms).tolist(), 95):.1f} load {load:.2f}", flush=True)
        args.runs_file.write_text(json.dumps([{**asdict(r), "load": r.load} for r in runs]))
    screen.close()
    saved = [{**asdict(r), "load": r.load} for r in runs]
    write_results(saved, args.seconds, args.repeats, failures,
                  ran=_span(saved, datetime.now(UTC)), notes=args.note)


def _span(saved: list[dict], last: datetime) -> str:
    """When the runs were made: from the first one's start to ``last`` (when the last one
    was saved); runs saved before their start was recorded give only ``last``."""
    starts = sorted(item["started"] for item in saved if item.get("started"))
    if not starts:
        return f"saved last at {last:%Y-%m-%d %H:%M} UTC"
    first = datetime.fromisoformat(starts[0])
    return f"{first:%Y-%m-%d %H:%M}-{last:%H:%M} UTC"


def write_results(saved: list[dict], seconds: float, repeats: int,
                  failures: list[str] | None = None, *, ran: str,
                  notes: list[str] | None = None) -> None:
    runs = []
    for item in saved:
        run = Run(**{k: v for k, v in item.items() if k != "load"})
        run.load = item["load"]  # type: ignore[attr-defined]
        if run.on_screen:  # measures again from the raw record, by today's rules
            summarise(run, [(int(i), at) for i, at in run.on_screen],
                      tuple((d, c) for d, c in run.onsets))
        runs.append(run)
    sizes = [size for size in SIZES if any(r.size == size for r in runs)]
    for size in sizes:
        for config in ROWS:
            group = [r for r in runs if r.size == size and r.config == config]
            if group:
                plot(size, config, group)
    loads = [r.load for r in runs]  # type: ignore[attr-defined]
    RESULTS.write_text(report(runs, seconds, loads, os.nice(0), sizes, repeats,
                              failures or [], ran, notes), encoding="utf-8")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    from PySide6.QtGui import QGuiApplication  # the plots are drawn with QPainter

    if "--child" not in sys.argv:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _app = QGuiApplication(["player-bench"])
    main()
