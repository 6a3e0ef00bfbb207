"""Reference peer for benchmarks/watermark.py: the ``invisible-watermark`` package (dwtDct),
run in its own venv (benchmarks/work/peer-venv) through a subprocess.

    python wm_peer.py embed FRAMES.npz OUT.npz BITS_HEX16 SCALE
    python wm_peer.py decode FRAMES.npz SCALE        -> JSON {"bits": hex16, "per_frame": [...]}

Frames are luma (N, H, W) uint8; the peer works on BGR, so luma is expanded to grey BGR and
the peer embeds in Y (scales [SCALE, 0, 0]): the attack chain of the benchmark is luma-only
(its default, chroma U and V, would lose the mark to our grey chroma). Bits are
majority-voted across frames. Its ``rivaGan`` module imports torch at import time; torch is
not installed, so a stub stands in (rivaGan is not used).
"""

from __future__ import annotations

import json
import sys
import time
import types

import cv2
import numpy as np

sys.modules.setdefault("torch", types.ModuleType("torch"))
from imwatermark import WatermarkDecoder, WatermarkEncoder  # noqa: E402


def _bits(hex16: str) -> list[int]:
    v = int(hex16, 16)
    return [(v >> (63 - i)) & 1 for i in range(64)]


def embed(src: str, dst: str, hex16: str, scale: float) -> None:
    frames = np.load(src)["frames"]
    enc = WatermarkEncoder()
    enc.set_watermark("bits", _bits(hex16))
    out = np.empty_like(frames)
    times = []
    for i, y in enumerate(frames):
        bgr = cv2.cvtColor(y, cv2.COLOR_GRAY2BGR)
        t0 = time.perf_counter()
        marked = enc.encode(bgr, "dwtDct", scales=[scale, 0, 0])
        times.append(time.perf_counter() - t0)
        out[i] = cv2.cvtColor(marked, cv2.COLOR_BGR2GRAY)
    np.savez(dst, frames=out)
    print(json.dumps({"ms_per_frame": [t * 1000 for t in times]}))


def decode(src: str, scale: float) -> None:
    frames = np.load(src)["frames"]
    dec = WatermarkDecoder("bits", 64)
    votes = []
    for y in frames:
        bgr = cv2.cvtColor(y, cv2.COLOR_GRAY2BGR)
        votes.append(np.asarray(dec.decode(bgr, "dwtDct", scales=[scale, 0, 0]), dtype=int))
    v = np.array(votes)
    bits = (v.mean(axis=0) > 0.5).astype(int)
    value = 0
    for b in bits:
        value = (value << 1) | int(b)
    per_frame = ["".join(str(int(b)) for b in row) for row in v]
    print(json.dumps({"bits": f"{value:016x}", "per_frame": per_frame}))


if __name__ == "__main__":
    if sys.argv[1] == "embed":
        embed(sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5]))
    else:
        decode(sys.argv[2], float(sys.argv[3]))
