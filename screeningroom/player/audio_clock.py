"""libvlc's audio clock, read through its audio callbacks: for measuring A/V sync.

libvlc hands every decoded audio block to the ``play`` callback ahead of time with the
date it is due to be heard (``pts``: libvlc's clock, microseconds of CLOCK_MONOTONIC,
the clock of ``time.monotonic()``). Counting the samples gives each block's media time,
so :meth:`AudioClock.wall_at` says when the sound of any media time is (or was) due.
Sound output is replaced by this probe: it is for benchmarks and tests, never for a
station where people listen.

The media time of the first block is not known to libvlc's callbacks (an AAC decoder,
for one, delivers nothing for its first packet, so the count starts a block late); with
``listen=True`` the probe also notes the date of every sound that follows at least
``QUIET`` seconds of silence (:meth:`onsets`, sample-accurate): a film with a click at
known media times then gives the audio clock exactly. Positions are counted from the
start of the film; after a pause or a seek (libvlc re-dates or flushes what it handed
over) :meth:`wall_at` knows only the sound handed over before it.
"""

from __future__ import annotations

import bisect
import ctypes
import threading

import numpy as np

from screeningroom.player import engine

RATE = 48000
CHANNELS = 2
FORMAT = "S16N"
QUIET = 0.1  # seconds of silence before a sound counts as an onset
LOUD = 8192  # |sample| (of 32767) that counts as sound


class AudioClock:
    def __init__(self, *, listen: bool = False) -> None:
        vlc = engine.load()
        self.listen = listen
        self._onsets: list[tuple[float, float]] = []
        self._last_loud = -(10**12)  # sample index of the last loud sample
        self._lock = threading.Lock()
        self._samples = 0  # counted for wall_at (until a pause or seek)
        self._heard = 0  # every sample handed over
        self._starts: list[int] = []  # sample index of each block's first sample
        self._dates: list[float] = []  # monotonic seconds it is due
        self.blocks = 0
        self.counting = True  # False after a pause or a seek
        cb = vlc.CallbackDecorators
        self.play_cb = cb.AudioPlayCb(self._play)
        self.pause_cb = cb.AudioPauseCb(self._pause)
        self.resume_cb = cb.AudioResumeCb(self._resume)
        self.flush_cb = cb.AudioFlushCb(self._flush)
        self.drain_cb = cb.AudioDrainCb(self._drain)

    def install(self, media_player: object) -> None:
        """Route ``media_player``'s sound into this probe (before ``play()``)."""
        media_player.audio_set_format(FORMAT, RATE, CHANNELS)  # type: ignore[attr-defined]
        media_player.audio_set_callbacks(  # type: ignore[attr-defined]
            self.play_cb, self.pause_cb, self.resume_cb, self.flush_cb, self.drain_cb, None
        )

    # -- libvlc callbacks (its audio thread): count, never block ------------------------
    def _play(self, opaque, samples, count, pts) -> None:  # type: ignore[no-untyped-def]
        try:
            with self._lock:
                self.blocks += 1
                date = int(pts) / 1e6
                if self.listen:
                    self._listen(samples, int(count), date)
                if self.counting:
                    self._starts.append(self._samples)
                    self._dates.append(date)
                    self._samples += int(count)
                self._heard += int(count)
        except BaseException:
            return

    def _listen(self, samples: int, count: int, date: float) -> None:
        data = np.frombuffer(ctypes.string_at(samples, count * CHANNELS * 2), np.int16)
        loud = np.flatnonzero(np.abs(data[::CHANNELS].astype(np.int32)) >= LOUD)
        if not loud.size:
            return
        first = self._heard + int(loud[0])
        if first - self._last_loud >= QUIET * RATE:
            self._onsets.append((date + int(loud[0]) / RATE, first / RATE))
        self._last_loud = self._heard + int(loud[-1])

    def onsets(self) -> tuple[tuple[float, float], ...]:
        """Each sound after silence (``listen``): the date it is due (monotonic seconds)
        and where it lies in the sound handed over (seconds counted from the first
        block: its media time, give or take the block the decoder kept back)."""
        with self._lock:
            return tuple(self._onsets)

    def _stop_counting(self, opaque, pts) -> None:  # type: ignore[no-untyped-def]
        self.counting = False  # what was handed over before keeps its dates

    _pause = _resume = _flush = _stop_counting

    def _drain(self, opaque) -> None:  # type: ignore[no-untyped-def]
        return None

    # -- what it tells ----------------------------------------------------------------
    @property
    def media_seconds(self) -> float:
        """How much sound libvlc has handed over so far."""
        return self._samples / RATE

    def wall_at(self, media_seconds: float) -> float | None:
        """When the sound at ``media_seconds`` of the film is due (``time.monotonic()``
        seconds), or None when that is not known (not handed over yet, or after a pause
        or a seek)."""
        sample = media_seconds * RATE
        with self._lock:
            if not self._starts or not self._starts[0] <= sample < self._samples:
                return None
            block = bisect.bisect_right(self._starts, sample) - 1
            return self._dates[block] + (sample - self._starts[block]) / RATE
