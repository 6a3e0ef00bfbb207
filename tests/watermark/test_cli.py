"""The ``watermark`` command: keygen, embed, detect --json, exit codes, clear errors."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from watermark.cli import main


def _keyfile(tmp_path: Path) -> Path:
    key = tmp_path / "wm.key"
    assert main(["keygen", "--out", str(key)]) == 0
    return key


def test_keygen_writes_a_private_key_and_never_overwrites(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = _keyfile(tmp_path)
    assert len(key.read_bytes()) == 32
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    before = key.read_bytes()
    assert main(["keygen", "--out", str(key)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert key.read_bytes() == before


def test_embed_then_detect_json(
    tmp_path: Path, night_clip: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import av


    src = tmp_path / "src.mp4"
    with av.open(str(night_clip)) as inp, av.open(str(src), "w") as out:  # a 4 s source
        vin = inp.streams.video[0]
        vout = out.add_stream("libx264", rate=vin.average_rate)
        vout.width, vout.height, vout.pix_fmt = 640, 272, "yuv420p"
        vout.options = {"crf": "18", "preset": "ultrafast"}
        for i, frame in enumerate(inp.decode(vin)):
            if i >= 100:
                break
            frame.pts = i
            frame.time_base = 1 / vin.average_rate
            out.mux(vout.encode(frame.reformat(format="yuv420p")))
        out.mux(vout.encode(None))
    key = _keyfile(tmp_path)
    marked = tmp_path / "marked.mp4"
    assert main(["embed", str(src), str(marked), "--key", str(key),
                 "--payload", "00112233445566ff", "--crf", "18"]) == 0
    capsys.readouterr()
    code = main(["detect", str(marked), "--key", str(key), "--master", str(src), "--json"])
    out = capsys.readouterr().out
    result = json.loads(out)
    assert code == 0
    assert set(result) == {"found", "payload", "p_value", "log10_p", "bit_errors",
                           "seconds_used", "mode", "mirrored"}
    assert result["found"] is True and result["payload"] == "00112233445566ff"
    assert result["mirrored"] is False
    assert result["mode"] == "informed" and result["log10_p"] <= -9
    index = tmp_path / "src.wmidx"
    assert main(["index", str(src), str(index)]) == 0
    assert stat.S_IMODE(index.stat().st_mode) == 0o600
    assert main(["index", str(src), str(index)]) == 2  # never overwritten
    capsys.readouterr()
    code = main(["detect", str(marked), "--key", str(key), "--master", str(index), "--json"])
    result = json.loads(capsys.readouterr().out)
    assert code == 0 and result["payload"] == "00112233445566ff"
    other = tmp_path / "other.key"
    main(["keygen", "--out", str(other)])
    capsys.readouterr()
    code = main(["detect", str(marked), "--key", str(other), "--master", str(src), "--json"])
    result = json.loads(capsys.readouterr().out)
    assert code == 1 and result["found"] is False and result["payload"] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["detect", "{missing}", "--key", "{key}"], "No such file"),
        (["detect", "{junk}", "--key", "{key}", "--json"], "not a readable video"),
        (["detect", "{junk}", "--key", "{junk}"], "32-byte key"),
        (["embed", "{junk}", "{out}", "--key", "{key}", "--payload", "xyz"], "16 hex digits"),
        (["embed", "{junk}", "{out}", "--key", "{key}", "--payload", "0011223344556677",
          "--profile", "nope"], "Unknown watermark profile"),
    ],
)
def test_bad_input_exits_2_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    key = _keyfile(tmp_path)
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"\x00garbage" * 64)
    paths = {"key": key, "junk": junk, "missing": tmp_path / "nope.mp4", "out": tmp_path / "o.mp4"}
    capsys.readouterr()
    assert main([a.format(**paths) for a in args]) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert "Traceback" not in captured.err
    assert captured.out == ""


def test_messages_are_translated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "ru", "detect", str(tmp_path / "x.mp4"), "--key", "k"]) == 2
    assert "не найден" in capsys.readouterr().err
