"""The player: a film from a decrypting reader through libvlc, every frame through the
frame hook, then to the screen (polled by the video widget) or a headless sink.

Threads: libvlc calls the bridges on its own threads; a monitor thread of the player
polls libvlc's state, learns the frame rate and visible size, and stops playback when a
callback reported a failure (callbacks may not call libvlc). The GUI never receives a
signal from here: libvlc's display callback, called at each frame's presentation time,
writes one byte to a pipe whose reading end (``frame_ready_fd``) the GUI watches, so it
paints when the frame is due; it drains ``events()`` on a timer."""

from __future__ import annotations

import atexit
import collections
import contextlib
import math
import os
import threading
import time
import weakref
from collections.abc import Iterator, Sequence

from screeningroom.player import engine
from screeningroom.player.audio_clock import AudioClock
from screeningroom.player.bridges import FrameTiming, MediaBridge, VideoBridge
from screeningroom.player.clock import DEFAULT_FPS, FrameClock
from screeningroom.player.colour import one_opencv_thread
from screeningroom.player.errors import (
    CannotDecode,
    InvalidSource,
    InvalidValue,
    PlaybackError,
    PlayerClosed,
    VlcMissing,
)
from screeningroom.player.overlay import Overlay
from screeningroom.player.picture_size import probe_picture_size
from screeningroom.player.types import (
    EventKind,
    Frame,
    FrameHook,
    FrameSink,
    PlayerEvent,
    PlayerState,
    Source,
)
from screeningroom_resources.i18n import _

_POLL_STARTING = 0.005
_POLL_RUNNING = 0.05
_STATS_EVERY = 0.25
MAX_SCREEN_LATENCY = 0.5
_LIVE: weakref.WeakSet[Player] = weakref.WeakSet()


@atexit.register
def _stop_all() -> None:
    """libvlc threads still running while the interpreter tears down crash it."""
    for player in list(_LIVE):
        player.stop()


def _source_size(source: object) -> int:
    for name in ("read", "seek", "tell", "close"):
        if not callable(getattr(source, name, None)):
            raise InvalidSource(_("it has no {method}() method.").format(method=name))
    size = getattr(source, "size", None)
    if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
        raise InvalidSource(_("its size in bytes is unknown or zero."))
    return size


class Player:
    """Plays one film once. ``stop()`` releases everything; make a new player to play
    again. All methods are for the GUI (or any one control) thread."""

    def __init__(
        self,
        source: Source,
        *,
        frame_hook: FrameHook,
        overlay_text: str | None = None,
        headless: bool = False,
        sink: FrameSink | None = None,
        vlc_args: Sequence[str] = (),
        record_timings: bool = False,
        measure_av: bool = False,
        listen: bool = False,
    ) -> None:
        """``record_timings`` keeps a :class:`FrameTiming` of every shown frame
        (``timings()``); ``measure_av`` replaces the sound output by libvlc's audio clock
        (``audio_clock``), silent, noting sound onsets with ``listen``: for benchmarks
        and tests."""
        size = _source_size(source)
        if not callable(frame_hook):
            raise InvalidValue(_("The frame hook must be callable."))
        vlc = engine.load()
        one_opencv_thread()
        picture_size = probe_picture_size(source)
        self._source = source
        self._state = PlayerState.IDLE
        self._error: Exception | None = None
        self._ctl = threading.RLock()
        self._wake = threading.Event()
        self._closing = threading.Event()
        self._events: collections.deque[PlayerEvent] = collections.deque()
        self._clock = FrameClock()
        self._duration: float | None = None
        self._volume: int | None = None
        self._volume_applied = True
        self._seek_target: float | None = None
        self._shown_at_seek = 0
        self._start_at = 0.0
        self._played_at: float | None = None
        self._lost = 0
        self._stats_at = 0.0
        self._released = False
        self._monitor: threading.Thread | None = None
        self._screen_latency = 0.0

        self._instance = vlc.Instance(engine.instance_args(headless, vlc_args))
        if self._instance is None:
            raise VlcMissing("vlc-plugin-base")
        self._media_bridge = MediaBridge(source, size, self._wake)
        mb = self._media_bridge
        self._media = self._instance.media_new_callbacks(
            mb.open_cb, mb.read_cb, mb.seek_cb, mb.close_cb, None
        )
        self._mp = self._instance.media_player_new()
        self._mp.set_media(self._media)
        self._mp.video_set_key_input(False)
        self._mp.video_set_mouse_input(False)
        overlay = Overlay(overlay_text) if overlay_text else None
        self._ready_fd, self._ready_write_fd = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
        # the reading end lives as long as this object: a screen still watching it after
        # stop() sees end-of-file, never a number reused by another file
        weakref.finalize(self, os.close, self._ready_fd)
        self._video = VideoBridge(
            frame_hook, overlay, sink, self._clock, self._wake, self._ready_write_fd,
            picture_size,
        )
        vb = self._video
        if record_timings:
            vb.timings = []
        self._mp.video_set_callbacks(vb.lock_cb, vb.unlock_cb, vb.display_cb, None)
        engine.set_format_callbacks(self._mp, vb.format_cb, vb.cleanup_cb)
        self._audio_clock: AudioClock | None = None
        if measure_av:
            self._audio_clock = AudioClock(listen=listen)
            self._audio_clock.install(self._mp)
        _LIVE.add(self)

    # -- commands ---------------------------------------------------------------------
    def play(self) -> None:
        """Start, or resume after a pause."""
        with self._ctl:
            self._check_open()
            if self._state is PlayerState.IDLE:
                if self._start_at > 0:
                    self._media.add_option(f":start-time={self._start_at:.3f}")
                    self._clock.seek(self._start_at)
                self._played_at = time.monotonic()
                if self._mp.play() != 0:
                    self._fail(CannotDecode())
                    raise CannotDecode()
                self._state = PlayerState.OPENING
                self._monitor = threading.Thread(
                    target=self._watch, name="player-monitor", daemon=True
                )
                self._monitor.start()
            elif self._state is PlayerState.PAUSED:
                self._video.paused = False
                self._clock.resume()
                self._mp.set_pause(0)
                self._state = PlayerState.PLAYING if self._video.shown else PlayerState.OPENING
                self._emit(EventKind.RESUMED)

    def pause(self) -> None:
        with self._ctl:
            self._check_open()
            if self._state in (PlayerState.PLAYING, PlayerState.OPENING):
                self._video.paused = True
                self._mp.set_pause(1)
                self._state = PlayerState.PAUSED
                self._emit(EventKind.PAUSED)

    def toggle_pause(self) -> None:
        """Play when idle or paused, pause when playing (the space bar)."""
        if self._state in (PlayerState.IDLE, PlayerState.PAUSED):
            self.play()
        else:
            self.pause()

    def seek(self, seconds: float) -> None:
        """Go to ``seconds`` from the start (clamped to the film)."""
        if not isinstance(seconds, int | float) or not math.isfinite(seconds):
            raise InvalidValue(_("A position must be a number of seconds."))
        with self._ctl:
            self._check_open()
            target = max(0.0, float(seconds))
            if self._duration is not None:
                target = min(target, max(0.0, self._duration - 0.5))
            if self._state is PlayerState.IDLE:
                self._start_at = target
                return
            if self._state is PlayerState.ENDED:
                return
            # libvlc 3.0 shows, as the first picture after set_time(), the one about a frame
            # after the target (measured: +1 frame, now and then +2): ask for a picture's own
            # time and count from the picture after it.
            fps = self._clock.fps or DEFAULT_FPS
            target = round(target * fps) / fps
            self._video.seeking()
            self._clock.seek(target + 1 / fps)
            self._mp.set_time(round(target * 1000))
            self._seek_target = target
            self._shown_at_seek = self._video.shown
            self._emit(EventKind.SEEKED)

    def skip(self, delta_seconds: float) -> None:
        """Seek relative to the current position (e.g. -10 or +10)."""
        if not isinstance(delta_seconds, int | float) or not math.isfinite(delta_seconds):
            raise InvalidValue(_("A position must be a number of seconds."))
        self.seek(self.position_seconds + delta_seconds)

    def set_volume(self, volume: int) -> None:
        """0 (silent) to 100 (full)."""
        if isinstance(volume, bool) or not isinstance(volume, int) or not 0 <= volume <= 100:
            raise InvalidValue(_("The volume must be a whole number from 0 to 100."))
        with self._ctl:
            self._check_open()
            self._volume = volume
            self._volume_applied = self._mp.audio_set_volume(volume) == 0

    def set_screen_latency(self, seconds: float) -> None:
        """How long after libvlc's display a frame reaches the screen (the paint, the
        swap): the sound is held back as long, so that picture and sound stay together."""
        if not isinstance(seconds, int | float) or not 0 <= seconds <= MAX_SCREEN_LATENCY:
            raise InvalidValue(_("The screen latency must be 0 to 0.5 seconds."))
        with self._ctl:
            self._check_open()
            self._mp.audio_set_delay(round(seconds * 1_000_000))
            self._screen_latency = float(seconds)

    @property
    def screen_latency(self) -> float:
        return self._screen_latency

    def stop(self) -> None:
        """Stop and release libvlc, the buffers and the source. Idempotent; safe from the
        GUI thread (no callback waits on the GUI)."""
        self._closing.set()
        self._wake.set()
        with self._ctl:
            if not self._released:
                self._release()
                if self._state is not PlayerState.FAILED:
                    self._state = PlayerState.STOPPED
                    self._emit(EventKind.STOPPED)
        monitor = self._monitor
        if monitor is not None and monitor is not threading.current_thread():
            monitor.join()

    # -- what the GUI reads -----------------------------------------------------------
    @property
    def state(self) -> PlayerState:
        return self._state

    @property
    def error(self) -> Exception | None:
        """What stopped playback (a ``PlaybackError``, or the vault's own error)."""
        return self._error

    @property
    def is_playing(self) -> bool:
        return self._state in (PlayerState.OPENING, PlayerState.PLAYING)

    @property
    def position_seconds(self) -> float:
        if self._seek_target is not None and self._video.shown <= self._shown_at_seek:
            return self._seek_target
        last = self._video.last_t
        return self._start_at if last is None else last

    @property
    def duration_seconds(self) -> float | None:
        return self._duration

    @property
    def frame_counter(self) -> int:
        """Grows by one for every frame shown: poll it and repaint when it changed."""
        return self._video.shown

    @property
    def frames_shown(self) -> int:
        return self._video.shown

    @property
    def frames_dropped(self) -> int:
        """Frames decoded but not shown: libvlc's lost pictures (late frames) plus frames
        that found no free buffer."""
        pool = self._video.pool
        return self._lost + (pool.overflows if pool is not None else 0)

    @property
    def frames_repeated(self) -> int:
        """libvlc's re-renders of the picture already shown (while paused it renders the
        last picture again every 80 ms): counted, never shown twice."""
        return self._video.repeats

    @property
    def frames_late(self) -> int:
        """Frames shown more than 20 ms after their time (libvlc shows late frames rather
        than dropping them; a machine that keeps up shows none)."""
        return self._video.late

    @property
    def startup_seconds(self) -> float | None:
        """From play() to the first frame shown."""
        first = self._video.first_frame_at
        if first is None or self._played_at is None:
            return None
        return first - self._played_at

    @property
    def frame_ready_fd(self) -> int:
        """A file descriptor that becomes readable when a frame is shown (one byte per
        frame, at its presentation time on libvlc's clock; read and ignore the bytes), and
        at end-of-file once the player is stopped. Watch it with a socket notifier."""
        return self._ready_fd

    @contextlib.contextmanager
    def borrow_frame(self) -> Iterator[Frame | None]:
        """The frame shown last, as views of the decoder's buffer, held so that libvlc
        does not write into it until the ``with`` block ends (keep the block short: paint
        or upload it). ``None`` before the first frame and after stop()."""
        slot = self._video.pin_shown()
        if slot is None:
            yield None
            return
        try:
            yield self._video.frame_of(slot)
        finally:
            self._video.unpin(slot)

    def latest_frame(self) -> Frame | None:
        """A copy of the frame shown last, as painted (marked, with the overlay); ``None``
        before the first frame and after stop()."""
        with self.borrow_frame() as frame:
            return None if frame is None else frame.copy()

    def timings(self) -> tuple[FrameTiming, ...]:
        """Where each shown frame's time went (with ``record_timings=True``; else empty)."""
        return tuple(self._video.timings or ())

    @property
    def audio_clock(self) -> AudioClock | None:
        """libvlc's audio clock (with ``measure_av=True``)."""
        return self._audio_clock

    def events(self) -> tuple[PlayerEvent, ...]:
        """Everything that happened since the last call (oldest first)."""
        drained = []
        while True:
            try:
                drained.append(self._events.popleft())
            except IndexError:
                return tuple(drained)

    # -- inside -----------------------------------------------------------------------
    def _check_open(self) -> None:
        if self._released:
            raise PlayerClosed()

    def _emit(self, kind: EventKind, error: Exception | None = None) -> None:
        self._events.append(PlayerEvent(kind, self.position_seconds, error))

    def _fail(self, error: Exception) -> None:
        with self._ctl:
            if self._error is None:
                self._error = error
            if not self._released:
                self._release()
            if self._state is not PlayerState.FAILED:
                self._state = PlayerState.FAILED
                self._emit(EventKind.FAILED, self._error)

    def _release(self) -> None:
        """Stop libvlc and free everything, in the order that cannot crash: libvlc's
        threads end before the callback objects and buffers are let go."""
        self._released = True
        with contextlib.suppress(Exception):  # counts are nice to have, stopping is not
            self._read_stats()
        self._video.failed = True  # no frame is shown from here on
        self._mp.stop()
        self._video.close()
        self._media_bridge.closed = True
        self._mp.release()
        self._media.release()
        self._instance.release()
        os.close(self._ready_write_fd)  # the screen's watch sees end-of-file
        with contextlib.suppress(Exception):  # a failing close must not mask the stop
            self._source.close()
        _LIVE.discard(self)

    def _read_stats(self) -> None:
        vlc = engine.load()
        stats = vlc.MediaStats()
        if self._media.get_stats(stats):
            self._lost = int(stats.lost_pictures)

    def _watch(self) -> None:
        try:
            self._watch_loop()
        except Exception as exc:  # a bug here must stop playback, not leave it unwatched
            self._fail(PlaybackError(str(exc)))

    def _watch_loop(self) -> None:
        vlc = engine.load()
        while not self._closing.is_set():
            starting = self._video.visible is None or self._clock.fps is None
            self._wake.wait(_POLL_STARTING if starting else _POLL_RUNNING)
            self._wake.clear()
            with self._ctl:
                if self._closing.is_set() or self._released:
                    return
                failure = self._video.error or self._media_bridge.error
                if failure is not None:
                    self._fail(failure)
                    return
                self._learn()
                state = self._mp.get_state()
                if self._state is PlayerState.OPENING and self._video.shown:
                    self._state = PlayerState.PLAYING
                    self._emit(EventKind.FIRST_FRAME)
                if state == vlc.State.Error:
                    self._fail(CannotDecode())
                    return
                if state == vlc.State.Ended and self._state is not PlayerState.ENDED:
                    self._read_stats()
                    if not self._video.shown:
                        self._fail(CannotDecode())
                        return
                    self._state = PlayerState.ENDED
                    self._emit(EventKind.ENDED)

    def _learn(self) -> None:
        """What libvlc knows only once the stream is open."""
        if self._video.visible is None:
            width, height = self._mp.video_get_size(0)
            if width and height:
                self._video.warm_up(int(width), int(height))
        if self._clock.fps is None:
            fps = self._mp.get_fps()
            if fps and fps > 0:
                self._clock.set_fps(float(fps))
        if self._duration is None:
            length = self._mp.get_length()
            if length and length > 0:
                self._duration = length / 1000.0
        if not self._volume_applied and self._volume is not None:
            self._volume_applied = self._mp.audio_set_volume(self._volume) == 0
        now = time.monotonic()
        if now - self._stats_at >= _STATS_EVERY:
            self._stats_at = now
            self._read_stats()
