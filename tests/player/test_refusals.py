"""Bad sources, bad values and failures along the way: clear errors, nothing crashes."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap

import pytest

from screeningroom.errors import BadInput, ScreeningRoomError
from screeningroom.player import (
    CannotDecode,
    InvalidSource,
    InvalidValue,
    PlaybackError,
    Player,
    PlayerClosed,
    PlayerState,
    SinkFailed,
    SourceUnreadable,
    VlcMissing,
)
from tests.player.conftest import ROOT_SCRIPT_ENV, FileReader, no_hook, wait_for


class BytesReader(io.BytesIO):
    @property
    def size(self) -> int:
        return len(self.getbuffer())


class TamperedChunk(ScreeningRoomError):
    """Stands in for the vault's own error."""


class BreaksAfter(FileReader):
    def __init__(self, path, limit: int, error: Exception) -> None:
        super().__init__(path)
        self.limit, self.error = limit, error

    def read(self, n: int = -1) -> bytes:
        if self.bytes_read >= self.limit:
            raise self.error
        return super().read(n)


def test_a_source_without_a_size_is_refused(sample_clip) -> None:
    with sample_clip.open("rb") as plain_file, pytest.raises(InvalidSource) as caught:
        Player(plain_file, frame_hook=no_hook, headless=True)
    assert isinstance(caught.value, BadInput) and caught.value.exit_code == 2
    assert "size" in str(caught.value)
    with pytest.raises(InvalidSource, match="read"):
        Player(object(), frame_hook=no_hook, headless=True)  # type: ignore[arg-type]


def test_a_hook_that_is_not_callable_is_refused(sample_clip) -> None:
    reader = FileReader(sample_clip)
    with pytest.raises(InvalidValue):
        Player(reader, frame_hook=None, headless=True)  # type: ignore[arg-type]
    reader.close()


def test_bytes_that_are_not_video_fail_with_cannot_decode(make_player) -> None:
    player, sink = make_player(source=BytesReader(b"\x00not a film\xff" * 4000))
    player.play()
    wait_for(lambda: player.state is PlayerState.FAILED, "the failure")
    assert isinstance(player.error, CannotDecode)
    assert sink.count == 0


def test_the_vaults_own_error_stops_playback_as_it_is(make_player, sample_clip) -> None:
    error = TamperedChunk("chunk 3 of the screener was altered")
    player, _sink = make_player(source=BreaksAfter(sample_clip, 300_000, error))
    player.play()
    wait_for(lambda: player.state is PlayerState.FAILED, "the failure")
    assert player.error is error


def test_an_io_error_of_the_reader_becomes_source_unreadable(make_player, sample_clip) -> None:
    player, _ = make_player(source=BreaksAfter(sample_clip, 300_000, OSError(5, "I/O error")))
    player.play()
    wait_for(lambda: player.state is PlayerState.FAILED, "the failure")
    assert isinstance(player.error, SourceUnreadable)
    assert "I/O error" in str(player.error)


def test_a_failing_sink_stops_playback(make_player) -> None:
    class Broken:
        def receive(self, frame) -> None:
            raise ValueError("disk full")

    player, _ = make_player(sink=Broken())
    player.play()
    wait_for(lambda: player.state is PlayerState.FAILED, "the failure")
    assert isinstance(player.error, SinkFailed)


def test_bad_values_and_commands_after_stop(make_player) -> None:
    player, _ = make_player()
    for volume in (-1, 101, 50.5, True):
        with pytest.raises(InvalidValue):
            player.set_volume(volume)
    for position in (float("nan"), float("inf"), "10"):
        with pytest.raises(InvalidValue):
            player.seek(position)
    for latency in (-0.01, 0.6, "0.1"):
        with pytest.raises(InvalidValue):
            player.set_screen_latency(latency)
    player.set_screen_latency(0.012)
    assert player.screen_latency == 0.012
    player.set_volume(40)
    player.stop()
    player.stop()
    assert player.state is PlayerState.STOPPED
    for command in (player.play, player.pause, lambda: player.seek(1.0)):
        with pytest.raises(PlayerClosed):
            command()


def test_vlc_missing_says_what_to_install() -> None:
    message = str(VlcMissing("libvlc.so.5"))
    assert "apt-get install libvlc5 vlc-plugin-base" in message
    assert isinstance(VlcMissing(), PlaybackError)


@pytest.mark.parametrize("stop", [True, False], ids=["stopped", "left-playing"])
def test_interpreter_exits_cleanly_after_playback(sample_clip, stop: bool) -> None:
    script = textwrap.dedent(
        f"""
        import time
        from tests.player.conftest import FileReader, wait_for, no_hook
        from screeningroom.player import HeadlessSink, Player
        sink = HeadlessSink()
        player = Player(FileReader(__import__("pathlib").Path({str(sample_clip)!r})),
                        frame_hook=no_hook, headless=True, sink=sink)
        player.play()
        wait_for(lambda: sink.count >= 15, "frames")
        latest = player.latest_frame()
        if {stop}:
            player.stop()
        print("frames", sink.count)
        """
    )
    done = subprocess.run(
        [sys.executable, "-X", "faulthandler", "-c", script],
        capture_output=True, text=True, timeout=120, **ROOT_SCRIPT_ENV,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("frames")
