"""YUV -> RGB for pictures that are not painted by the GPU: the video widget's software
fallback and :meth:`Frame.bgra`. The GPU path (the widget's shader) uses the same
coefficients (:func:`rgb_from_yuv`), so both paint the same colours.

Streams rarely say which matrix they were encoded with; like other players, pictures
taller than 576 lines are taken as BT.709 (HD), others as BT.601 (SD), limited range."""

from __future__ import annotations

import enum
import threading

import cv2
import numpy as np

SD_MAX_LINES = 576


class ColourMatrix(enum.Enum):
    BT601 = "bt601"
    BT709 = "bt709"

    @classmethod
    def for_height(cls, height: int) -> ColourMatrix:
        return cls.BT709 if height > SD_MAX_LINES else cls.BT601

    @property
    def kr_kb(self) -> tuple[float, float]:
        return (0.299, 0.114) if self is ColourMatrix.BT601 else (0.2126, 0.0722)


def rgb_from_yuv(matrix: ColourMatrix) -> np.ndarray:
    """The 3x4 affine matrix (rows R, G, B) from limited-range Y'CbCr (0..255 codes) to
    full-range R'G'B' (0..255)."""
    kr, kb = matrix.kr_kb
    kg = 1.0 - kr - kb
    y_scale, c_scale = 255.0 / 219.0, 255.0 / 224.0
    linear = np.array([
        [y_scale, 0.0, 2 * (1 - kr) * c_scale],
        [y_scale, -2 * (1 - kb) * kb / kg * c_scale, -2 * (1 - kr) * kr / kg * c_scale],
        [y_scale, 2 * (1 - kb) * c_scale, 0.0],
    ])
    offset = -linear @ np.array([16.0, 128.0, 128.0])
    return np.hstack([linear, offset[:, None]])


_BGR_FROM_YUV = {m: rgb_from_yuv(m)[::-1].astype(np.float32) for m in ColourMatrix}


def i420_to_bgra(
    y: np.ndarray, u: np.ndarray, v: np.ndarray, matrix: ColourMatrix
) -> np.ndarray:
    """A new BGRA array (h w 4) from the visible planes of an I420 picture: ``y`` (h w),
    ``u`` and ``v`` (h/2 w/2); strided views are fine. Odd sizes lose their last row or
    column."""
    h, w = y.shape[0] & ~1, y.shape[1] & ~1
    y, u, v = y[:h, :w], u[: h // 2, : w // 2], v[: h // 2, : w // 2]
    if matrix is ColourMatrix.BT601:  # OpenCV's own I420 conversion is BT.601
        packed = np.empty((h * 3 // 2, w), np.uint8)
        flat = packed.reshape(-1)
        luma, quarter = w * h, (w // 2) * (h // 2)
        np.copyto(packed[:h], y)
        np.copyto(flat[luma : luma + quarter].reshape(h // 2, w // 2), u)
        np.copyto(flat[luma + quarter :].reshape(h // 2, w // 2), v)
        return cv2.cvtColor(packed, cv2.COLOR_YUV2BGRA_I420)
    full = (w, h)
    s = _scratch(h, w)
    if y.strides[1] != 1:  # OpenCV reads padded rows, not samples apart
        y = np.ascontiguousarray(y)
    cv2.resize(u, full, dst=s[0], interpolation=cv2.INTER_LINEAR)
    cv2.resize(v, full, dst=s[1], interpolation=cv2.INTER_LINEAR)
    cv2.merge([y, s[0], s[1]], dst=s[2])
    cv2.transform(s[2], _BGR_FROM_YUV[matrix], dst=s[3])
    return cv2.cvtColor(s[3], cv2.COLOR_BGR2BGRA)


_SCRATCH = threading.local()


def _scratch(h: int, w: int) -> tuple[np.ndarray, ...]:
    """This thread's working planes for (h, w) pictures, kept from one picture to the next
    (made anew for every picture, their megabytes went back to the system and were
    faulted in again each time: about 8 ms a 720p picture instead of 1). Held until a
    picture of another size comes (7 MB at 720p, 66 MB at 2160p)."""
    held = getattr(_SCRATCH, "planes", None)
    if held is None or held[0].shape != (h, w):
        held = (np.empty((h, w), np.uint8), np.empty((h, w), np.uint8),
                np.empty((h, w, 3), np.uint8), np.empty((h, w, 3), np.uint8))
        _SCRATCH.planes = held
    return held


def one_opencv_thread() -> None:
    """One OpenCV thread in a process that plays. The frame hook (the watermark, the
    overlay) runs on libvlc's video thread, about a millisecond of OpenCV work a frame:
    handing that to OpenCV's thread pool costs more CPU than it saves and takes the core
    the decoder needs. Process-wide (OpenCV has no other setting); the CPU conversion of
    the software paint path then runs on one core too."""
    cv2.setNumThreads(1)

