"""Child process of test_video_gl: plays a clip marked with a session payload into the
video widget on a real X screen (OpenGL, Mesa's llvmpipe under Xvfb), reads back every
painted frame from the widget's framebuffer and keeps the frame the player showed for
it; compares the two pixel by pixel, runs informed detection on both, saves a screenshot
of the window, and prints a JSON summary.

    python -m tests.player.paint_run CLIP OUT_DIR PAYLOAD_HEX [opengl|software]
"""

from __future__ import annotations

import itertools
import json
import sys
import time
from pathlib import Path

import numpy as np

KEY = bytes(range(32))
FRAMES = 100


def main() -> None:
    clip, out, payload = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3], 16)
    renderer_name = sys.argv[4] if len(sys.argv) > 4 else "opengl"
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

    from screeningroom.player import Player
    from screeningroom.ui.video import Renderer, make_video_widget
    from tests.player.conftest import FileReader
    from watermark import Embedder
    from watermark.detect import detect

    video_size = (640, 360)  # 16:9 films painted scaled to it, as a small window shows them
    app = QApplication(["paint-run"])
    times: dict[int, float] = {}  # the time of each shown frame, by its index
    shown: dict[int, object] = {}  # the last few shown frames (copies), by index

    class Times:
        def receive(self, frame) -> None:  # type: ignore[no-untyped-def]
            times[frame.index] = frame.t
            shown[frame.index] = frame.copy()
            shown.pop(frame.index - 8, None)

    player = Player(FileReader(clip), frame_hook=Embedder(KEY, payload).apply_luma,
                    headless=True, sink=Times())
    window = QWidget()
    layout = QVBoxLayout(window)
    layout.setContentsMargins(0, 0, 0, 0)
    video = make_video_widget(player, window, renderer=Renderer(renderer_name),
                              keep_log=True)
    layout.addWidget(video)
    window.resize(960, 640)
    window.move(0, 0)
    window.show()
    player.play()

    def pump(until, seconds: float = 30.0) -> None:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + seconds
        while not until() and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.002)

    # the screenshot, while playing: the film scaled up to fit the 960x640 video area
    pump(lambda: video.log.painted >= 10)
    area = window.frameGeometry()
    shot = app.primaryScreen().grabWindow(0, area.x(), area.y(), area.width(), area.height())
    shot.save(str(out / f"painted-{renderer_name}.png"), "PNG")
    # then the widget at the clip's size, every painted frame read back from it
    video.setFixedSize(*video_size)
    window.adjustSize()
    painted: list[tuple[float, np.ndarray]] = []
    originals: list[tuple[float, np.ndarray]] = []  # the shown frames, converted on the CPU
    seen = [-1]

    def drawn() -> int:
        """The index of the frame the widget draws now (it may be newer than the last
        one it reported: a grab paints the latest)."""
        image = getattr(video, "_image", None)
        uploaded = getattr(video, "_uploaded", -1)
        return uploaded if uploaded >= 0 else (image[0] if image else -1)

    def grab() -> None:
        records = video.log.records
        if not records or records[-1].index == seen[0] or video.size().width() != video_size[0]:
            return
        image = (video.grabFramebuffer() if hasattr(video, "grabFramebuffer")
                 else video.grab().toImage()).convertToFormat(QImage.Format.Format_RGB32)
        index = drawn()
        frame = shown.get(index)
        if index in (seen[0], -1) or frame is None:
            return
        seen[0] = index
        rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1)
        bgr = rows[:, : image.width() * 4].reshape(image.height(), image.width(), 4)[..., :3]
        painted.append((times[index], bgr.copy()))
        originals.append((times[index], frame.bgra()[..., :3]))

    def done() -> bool:
        grab()
        return len(painted) >= FRAMES or player.state.value in ("ended", "failed")

    pump(done, 60.0)
    records = video.log.records
    player.stop()
    video.detach()
    import cv2

    found = detect(painted, KEY, master=clip, candidates=[payload])
    from_shown = detect(originals, KEY, master=clip, candidates=[payload])
    differences = [
        float(np.abs(cv2.resize(o, video_size, interpolation=cv2.INTER_AREA).astype(np.int16)
                     - p.astype(np.int16)).mean())
        for (_, o), (_, p) in zip(originals, painted, strict=True)
    ]
    print(json.dumps({
        "widget": type(video).__name__,
        "painted": len(painted),
        "error": str(player.error) if player.error else None,
        "found": bool(found.found),
        "payload": f"{found.payload:016x}" if found.payload is not None else None,
        "p_value": float(found.p_value),
        "found_in_shown": bool(from_shown.found),
        "difference_max": max(differences, default=255.0),
        "shot": [shot.width(), shot.height()],
        "widget_size": [video.width(), video.height()],
        "frames_indices_increase": all(b.index > a.index for a, b in itertools.pairwise(records)),
    }))


if __name__ == "__main__":
    main()
