"""Notes survive the station being killed the moment after they were typed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from screeningroom.review.store import ReviewStore

WRITER = """
import sys, time
from pathlib import Path
from screeningroom.review.store import ReviewStore
store = ReviewStore(Path(sys.argv[1]))
note = store.add_note(session_id=2**64 - 1, member_id="m1", film_id="F-001", time_ms=1000,
                      text="қ")                   # a note is kept from its first character
text = "қ"
for i in range(1000):
    text += "қ"
    store.update_note(note.note_id, text=text)   # what the widget does on every keystroke
    print(note.note_id, len(text), flush=True)
    if i >= 4:
        time.sleep(60)
"""


def test_notes_survive_sigkill(tmp_path: Path) -> None:
    db = tmp_path / "review.sqlite3"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db)], stdout=subprocess.PIPE,
                            text=True)
    try:
        lines = [proc.stdout.readline().split() for _ in range(5)]
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    note_id, typed = int(lines[-1][0]), int(lines[-1][1])
    with ReviewStore(db) as store:
        assert store.note(note_id).text == "қ" * typed
