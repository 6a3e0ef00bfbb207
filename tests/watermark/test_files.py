"""Marking a file changes nothing but the mark: checked with FFmpeg's own tools (ffprobe,
ffmpeg's psnr filter, which pairs frames by time), on inputs FFmpeg makes itself."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from tests.watermark.conftest import KEY, PAYLOAD
from watermark import Embedder, detect
from watermark.files import embed_file

FFMPEG, FFPROBE = shutil.which("ffmpeg"), shutil.which("ffprobe")
pytestmark = pytest.mark.skipif(
    not (FFMPEG and FFPROBE),
    reason="ffmpeg/ffprobe are not installed (installer/bootstrap.sh installs them)",
)
TAGS = ("pix_fmt", "color_range", "color_space", "color_primaries", "color_transfer")


def _ffmpeg(*args: str) -> str:
    out = subprocess.run([FFMPEG, "-hide_banner", "-nostdin", "-y", *args],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stderr


def _probe(path: Path) -> dict:
    out = subprocess.run(
        [FFPROBE, "-v", "error", "-show_streams", "-show_entries",
         "frame=stream_index,pts_time", "-of", "json", str(path)],
        capture_output=True, text=True, timeout=120, check=True)
    return json.loads(out.stdout)


def _video(info: dict) -> dict:
    return next(s for s in info["streams"] if s["codec_type"] == "video")


def _frame_times(info: dict, kind: str) -> list[float]:
    index = next(s["index"] for s in info["streams"] if s["codec_type"] == kind)
    return [float(f["pts_time"]) for f in info["frames"] if f["stream_index"] == index]


def _psnr_by_time(a: Path, b: Path, fmt: str = "yuv420p") -> dict[str, float]:
    """ffmpeg's psnr filter (frames paired by time stamp) after converting both to
    ``fmt`` with their own tags."""
    err = _ffmpeg("-i", str(a), "-i", str(b), "-lavfi",
                  f"[0:v]format={fmt}[x];[1:v]format={fmt}[y];[x][y]psnr", "-f", "null", "-")
    line = [ln for ln in err.splitlines() if "PSNR" in ln][-1]
    return {k: float(v) for k, v in re.findall(r"(\w+):([\d.]+|inf)", line)
            if v != "inf" and k in ("y", "u", "v", "r", "g", "b", "average", "min")}


def _mark(src: Path, tmp: Path, suffix: str = ".mp4") -> Path:
    dst = tmp / f"marked{suffix}"
    assert embed_file(src, dst, Embedder(KEY, PAYLOAD)) > 0
    return dst


def _assert_same_timing(src: Path, dst: Path) -> None:
    a, b = _probe(src), _probe(dst)
    va, vb = _video(a), _video(b)
    assert float(vb["start_time"]) == pytest.approx(float(va["start_time"]), abs=1e-3)
    ta, tb = _frame_times(a, "video"), _frame_times(b, "video")
    assert len(ta) == len(tb)
    assert np.allclose(ta, tb, atol=1e-3), (ta[:5], tb[:5])
    if any(s["codec_type"] == "audio" for s in a["streams"]):
        aa = next(s for s in a["streams"] if s["codec_type"] == "audio")
        ab = next(s for s in b["streams"] if s["codec_type"] == "audio")
        assert ab["start_time"] == aa["start_time"]
        assert ab["codec_name"] == aa["codec_name"]


def test_yuv_with_audio_b_frames_and_tags(tmp_path: Path) -> None:
    src = tmp_path / "in.mp4"
    _ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i",
            "sine=f=440:sample_rate=48000", "-t", "3", "-c:v", "libx264", "-bf", "2",
            "-pix_fmt", "yuv420p", "-color_range", "tv", "-colorspace", "bt709",
            "-color_primaries", "bt709", "-color_trc", "bt709", "-c:a", "aac", str(src))
    dst = _mark(src, tmp_path)
    _assert_same_timing(src, dst)
    va, vb = _video(_probe(src)), _video(_probe(dst))
    assert [vb.get(k) for k in TAGS] == [va.get(k) for k in TAGS]
    p = _psnr_by_time(src, dst)
    assert 40 < p["y"] < 60 and p["u"] > 40 and p["v"] > 40


def test_late_start_and_irregular_frame_times_are_kept(tmp_path: Path) -> None:
    src = tmp_path / "vfr.mkv"
    _ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "4", "-vf",
            "select='not(eq(mod(n\\,7)\\,3))'", "-fps_mode", "vfr", "-output_ts_offset",
            "1.5", "-c:v", "libx264", "-pix_fmt", "yuv422p", str(src))
    dst = _mark(src, tmp_path, ".mkv")
    _assert_same_timing(src, dst)
    va, vb = _video(_probe(src)), _video(_probe(dst))
    assert float(va["start_time"]) == pytest.approx(1.5, abs=0.01)
    assert vb["pix_fmt"] == "yuv422p"
    assert _psnr_by_time(src, dst, "yuv422p")["y"] > 40


def test_rgb_source_gets_an_explicit_tagged_matrix_and_its_levels(tmp_path: Path) -> None:
    src = tmp_path / "rgb.mkv"
    _ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "2",
            "-c:v", "ffv1", "-pix_fmt", "gbrp", str(src))
    dst = _mark(src, tmp_path, ".mkv")
    _assert_same_timing(src, dst)
    vb = _video(_probe(dst))
    assert vb["pix_fmt"] in ("yuv444p", "yuvj444p")  # ffprobe names full range "j"
    assert (vb["color_range"], vb["color_space"]) == ("pc", "bt709")
    assert vb["color_primaries"] == "bt709" and vb["color_transfer"] == "bt709"
    p = _psnr_by_time(src, dst, "gbrp")  # both back to RGB, each with its own tags
    assert min(p["r"], p["g"], p["b"]) > 38
    # levels kept: one frame of each, read back to RGB by ffmpeg, lies on y = x
    ya = _ffmpeg_rgb(src, tmp_path / "a.raw")
    yb = _ffmpeg_rgb(dst, tmp_path / "b.raw")
    slope, offset = np.polyfit(ya.ravel().astype(float), yb.ravel().astype(float), 1)
    assert abs(slope - 1) < 0.02 and abs(offset) < 2.0


def _ffmpeg_rgb(path: Path, raw: Path) -> np.ndarray:
    _ffmpeg("-i", str(path), "-frames:v", "1", "-pix_fmt", "rgb24", "-f", "rawvideo",
            str(raw))
    return np.frombuffer(raw.read_bytes(), np.uint8).reshape(240, 320, 3)


def test_marked_file_is_detected(tmp_path: Path, sample_clip: Path) -> None:
    dst = _mark(sample_clip, tmp_path)
    _assert_same_timing(sample_clip, dst)
    d = detect(str(dst), KEY, master=str(sample_clip))
    assert d.found and d.payload == PAYLOAD
