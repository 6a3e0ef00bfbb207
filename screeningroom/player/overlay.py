"""The visible overlay (member name and short session id), blended into the luma plane
after the watermark: small, in the bottom-right corner, half transparent.

OpenCV's built-in fonts draw ASCII only, so Kazakh and Russian names are written in the
Kazakh Latin alphabet (2021) before drawing; anything else unknown becomes "?"."""

from __future__ import annotations

import cv2
import numpy as np

ALPHA = 0.45
WHITE = 235  # top of the video range


_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "io", "ж": "j",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu",
    "я": "ia", "ә": "ä", "ғ": "ğ", "қ": "q", "ң": "ñ", "ө": "ö", "ұ": "ū", "ү": "ü",
    "һ": "h", "і": "ı",
}
_ASCII_FOR = {"ä": "a", "ğ": "g", "ñ": "n", "ö": "o", "ū": "u", "ü": "u", "ı": "i", "·": "-"}


def to_drawable(text: str) -> str:
    """Cyrillic (Kazakh, Russian) to Latin, then to the ASCII the Hershey fonts have."""
    out = []
    for char in text:
        low = char.lower()
        latin = _LATIN.get(low, char)
        if char != low:
            latin = latin[:1].upper() + latin[1:]
        for piece in latin:
            plain = _ASCII_FOR.get(piece.lower(), piece)
            piece = plain.upper() if piece.isupper() else plain
            out.append(piece if 32 <= ord(piece) < 127 else "?")
    return "".join(out)


class Overlay:
    def __init__(self, text: str) -> None:
        self.text = to_drawable(text)
        self._mask: np.ndarray | None = None  # float32 h w, 0..ALPHA
        self._for: tuple[int, int] | None = None

    def _build(self, width: int, height: int) -> np.ndarray:
        scale = max(0.35, height / 1080 * 0.9)
        thickness = max(1, round(height / 540))
        font = cv2.FONT_HERSHEY_SIMPLEX
        (tw, th), base = cv2.getTextSize(self.text, font, scale, thickness)
        pad = max(4, height // 90)
        tw, th = min(tw, width - 2 * pad), min(th + base, height - 2 * pad)
        canvas = np.zeros((th + 2 * pad, tw + 2 * pad), np.uint8)
        cv2.putText(canvas, self.text, (pad, pad + th - base), font, scale, 255,
                    thickness, cv2.LINE_AA)
        return canvas.astype(np.float32) * (ALPHA / 255.0)

    def apply(self, luma: np.ndarray) -> None:
        """Blend the text into ``luma`` (h w, uint8, may be a strided view) in place."""
        height, width = luma.shape
        mask = self._mask
        if mask is None or self._for != (width, height):
            mask = self._mask = self._build(width, height)
            self._for = (width, height)
        mh, mw = mask.shape
        margin = max(4, height // 60)
        if mh + margin > height or mw + margin > width:
            return
        region = luma[height - margin - mh : height - margin, width - margin - mw : width - margin]
        blended = region + mask * (WHITE - region.astype(np.float32))
        np.copyto(region, blended.astype(np.uint8))
