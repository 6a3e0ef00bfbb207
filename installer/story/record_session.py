"""The review station's side of the story: a member logs in and watches the film; the
headless sink keeps exactly the frames the screen would show (watermarked by the player's
frame hook) and they are written to a file — the "camera on the screen" of the story.

``python record_session.py MEMBER PASSWORD FILM OUT.mp4``, run with the station's
SCREENINGROOM_HOME and SCREENINGROOM_PASSPHRASE. Prints one JSON line: the session id,
the frames recorded and the file.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main(member_id: str, password: str, film_id: str, out: str) -> int:
    from screeningroom.player import HeadlessSink
    from screeningroom.station_app import StationLauncher, Unlock

    launcher = StationLauncher()
    unlocked = launcher.load(launcher.preset_passphrase())
    if unlocked.state is not Unlock.READY:
        print(unlocked.message, file=sys.stderr)
        return 1
    service = launcher.connect(unlocked.station)
    try:
        member = service.login(member_id, password)
        film = next(f for f in service.films() if f.film_id == film_id)
        sink = HeadlessSink()
        session = service.play(film, member, headless=True, sink=sink)
        session.play()
        deadline = time.monotonic() + session.duration + 60
        while time.monotonic() < deadline:
            status = session.status()
            if status.ended or status.error is not None:
                break
            time.sleep(0.05)
        if session.status().error is not None:
            raise session.status().error
        session.finish()
        if not sink.count:
            raise SystemExit("the station showed no frame")
        # each frame at its own media time: a frame the player had to drop on a loaded
        # machine leaves its gap, and the rest keep their place in the film
        sink.write_mp4(Path(out), fps=25.0, origin=0.0)
        print(json.dumps({"session": f"{session.session_id:016x}", "frames": sink.count,
                          "file": out}))
    finally:
        service.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
