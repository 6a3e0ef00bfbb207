"""The whole story, each party in its own data folder, through the product's own commands.

    review office  -> authority, the film packaged, the station and the desk enrolled,
                      a review license for the station, a forensic license for the desk
    review station -> the member logs in and watches; the headless sink records exactly
                      what the screen shows; the station's audit bundle goes to the desk
    a leak         -> the recording re-encoded like a Telegram repost (720p, ~1.2 Mbit/s,
                      cropped a little)
    takedown desk  -> imports the audit bundle, indexes the film, scans the leak: traced to
                      the session and the member with its p-value; the evidence bundle
                      (with its PDF report) verified; notices to Telegram and to the national
                      authority in kk, ru and en
    screenshots    -> the station and the desk on a virtual screen (Xvfb)

``python installer/story/story.py [--out artifacts/story]``; run by installer/demo.sh.
Every party is a separate process with its own SCREENINGROOM_HOME; files pass between
them only through ``OUT/handover``. A second run starts clean (the folder is emptied).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BIN = Path(sys.executable).parent
MARKER = ".screeningroom-story"

FILM_ID = "KZ-2026-0417"
TITLE = "Big Buck Bunny"
MEMBER, MEMBER_NAME, PASSWORD = "a.nurlanovna", "Aliya Nurlanovna", "review-2026"
OPERATOR = "desk.operator"
LINK = "https://t.me/kino_leaks_kz/1187"


@dataclass
class Party:
    name: str
    home: Path
    passphrase: str

    @property
    def pass_file(self) -> Path:
        return self.home / "passphrase"


@dataclass
class Story:
    out: Path
    log: Path
    steps: list[tuple[str, float]] = field(default_factory=list)
    facts: dict[str, str] = field(default_factory=dict)
    recorded: threading.Event = field(default_factory=threading.Event)

    def env(self, party: Party) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("SCREENINGROOM_")}
        who = OPERATOR if party.name == "desk" else party.name  # the custody log's "who"
        env.update(SCREENINGROOM_HOME=str(party.home), SCREENINGROOM_LANG="en", USER=who,
                   LOGNAME=who)
        env.pop("DISPLAY", None)
        return env

    def run(self, party: Party, *argv: str, stdin: str | None = None,
            passphrase: bool = False) -> str:
        """One command of one party; its output goes to the log, errors stop the story."""
        command = [str(BIN / argv[0]) if (BIN / argv[0]).exists() else argv[0], *argv[1:]]
        env = self.env(party)
        if passphrase:
            env["SCREENINGROOM_PASSPHRASE"] = party.passphrase
        shown = " ".join(a if " " not in a else repr(a) for a in argv)
        print(f"  [{party.name}] $ {shown}", flush=True)
        done = subprocess.run(command, env=env, input=stdin, capture_output=True, text=True,
                              cwd=party.home, timeout=600)
        with self.log.open("a", encoding="utf-8") as fh:
            fh.write(f"\n[{party.name}] $ {shown}\n{done.stdout}{done.stderr}")
        if done.returncode != 0:
            sys.stderr.write(done.stdout[-3000:] + done.stderr[-3000:])
            raise SystemExit(f"story stopped: [{party.name}] {shown} exited with "
                             f"{done.returncode} (log: {self.log})")
        return done.stdout

    def step(self, title: str):  # type: ignore[no-untyped-def]
        story = self

        class Step:
            def __enter__(self) -> None:
                self.started = time.monotonic()
                print(f"\n== {title}", flush=True)

            def __exit__(self, *exc: object) -> None:
                story.steps.append((title, time.monotonic() - self.started))

        return Step()


def at_once(*lanes: Callable[[], object]) -> list[object]:
    """Run the parties' lanes side by side (separate machines work at the same time)."""
    with ThreadPoolExecutor(len(lanes)) as pool:
        return [f.result() for f in [pool.submit(lane) for lane in lanes]]


def fresh(out: Path) -> None:
    """Empty ``out`` for a clean run; refuse a folder that is not the story's."""
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).exists():
            raise SystemExit(f"{out} holds other files: choose another --out")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / MARKER).write_text("made by installer/story/story.py\n")


def secret(path: Path, value: str) -> Path:
    path.write_text(value + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%MZ")


def office_sets_up(story: Story, office: Party, station: Party, desk: Party,
                   hand: Path, film: Path) -> None:
    with story.step("Review office: root key, the film packaged"):
        story.run(office, "screeningroom", "authority", "init", "--name",
                  "Review office, Ministry of Culture and Information",
                  "--passphrase-file", str(office.pass_file))
        shutil.copy(office.home / "authority" / "anchor.sra", hand / "anchor.sra")
        story.run(office, "screeningroom", "package", str(film), "--film-id", FILM_ID,
                  "--title", TITLE, "--register-no", "KZ-2026-00417", "--declared-age", "6+",
                  "--rights-holder", "Blender Foundation (CC BY 3.0)",
                  "--out", str(hand / "film.scr"), "--passphrase-file", str(office.pass_file))
    with story.step("Review station and takedown desk: keys and enrollment requests"):

        def enroll(party: Party, name: str, room: str) -> None:
            story.run(party, "screeningroom", "station", "init", "--name", name, "--room", room,
                      "--anchor", str(hand / "anchor.sra"),
                      "--passphrase-file", str(party.pass_file))
            shutil.copy(party.home / "station" / "request.srq", hand / f"{party.name}.srq")

        at_once(lambda: enroll(station, "Review station 3", "Hall 2"),
                lambda: enroll(desk, "Takedown desk", "Anti-piracy unit"))
    with story.step("Review office: certificates, licenses, revocation list"):
        now = datetime.now(UTC)
        for party in (station, desk):
            story.run(office, "screeningroom", "authority", "certify",
                      str(hand / f"{party.name}.srq"), "--days", "365",
                      "--out", str(hand / f"{party.name}.src"),
                      "--passphrase-file", str(office.pass_file))
        window = ("--not-before", when(now - timedelta(hours=1)),
                  "--not-after", when(now + timedelta(days=7)))
        story.run(office, "screeningroom", "license", "issue", "--film", str(hand / "film.scr"),
                  "--station", str(hand / "station.src"), "--members", MEMBER, *window,
                  "--max-sessions", "3", "--visible-overlay", "--out", str(hand / "review.srl"),
                  "--passphrase-file", str(office.pass_file))
        story.run(office, "screeningroom", "license", "issue", "--film", str(hand / "film.scr"),
                  "--station", str(hand / "desk.src"), "--members", OPERATOR, "--forensic",
                  "--not-before", when(now - timedelta(hours=1)),
                  "--not-after", when(now + timedelta(days=365)), "--max-sessions", "100",
                  "--out", str(hand / "forensic.srl"), "--passphrase-file",
                  str(office.pass_file))
        revoked = story.run(office, "screeningroom", "authority", "revoke", "--license",
                            "00000000000000000000000000000000", "--out",
                            str(hand / "revocations.srr"),
                            "--passphrase-file", str(office.pass_file))
        story.facts["revocations"] = revoked.strip()


def station_screens(story: Story, station: Party, hand: Path, film_file: Path) -> str:
    with story.step("Review station: certificate, film, license, member"):
        story.run(station, "screeningroom", "station", "install", str(hand / "station.src"))
        story.run(station, "screeningroom", "station", "import", str(hand / "film.scr"),
                  str(hand / "review.srl"))
        password = secret(station.home / "member-password", PASSWORD)
        story.run(station, "screeningroom", "member", "add", MEMBER, "--name", MEMBER_NAME,
                  "--password-file", str(password), passphrase=True)
    with story.step("Review station: the member watches; the sink records the screen"):
        got = json.loads(story.run(station, "python", str(HERE / "record_session.py"), MEMBER,
                                   PASSWORD, FILM_ID, str(film_file), passphrase=True))
        print(f"  [station] session {got['session']}: {got['frames']} frames shown and recorded",
              flush=True)
        story.recorded.set()
    with story.step("Review station: screenshots (a second screening, on Xvfb)"):
        story.run(station, "python", str(HERE / "shots.py"), "station",
                  str(story.out / "screenshots"), MEMBER, PASSWORD, FILM_ID, passphrase=True)
    with story.step("Review station: the signed audit bundle for the desk"):
        story.run(station, "screeningroom", "audit", "export", "--out",
                  str(hand / "station-audit.srab"), passphrase=True)
        sessions = story.run(station, "screeningroom", "sessions", passphrase=True)
        story.facts["station sessions"] = str(len([s for s in sessions.splitlines()
                                                   if re.match(r"^[0-9a-f]{16}\b", s)]))
    return got["session"]


def pirate_reposts(story: Story, recording: Path, leak: Path) -> None:
    if not story.recorded.wait(600):
        raise SystemExit("story stopped: the station recorded nothing")
    with story.step("The leak: the recording re-encoded like a Telegram repost"):
        sys.path.insert(0, str(HERE))
        from leak import telegram_repost

        leak.parent.mkdir()
        telegram_repost(recording, leak)
        print(f"  [pirate] {leak.name}: {leak.stat().st_size} bytes", flush=True)


def desk_prepares(story: Story, desk: Party, hand: Path) -> None:
    with story.step("Takedown desk: certificate, forensic license, the office's trust"):
        story.run(desk, "screeningroom", "station", "install", str(hand / "desk.src"))
        story.run(desk, "screeningroom", "station", "import", str(hand / "film.scr"),
                  str(hand / "forensic.srl"))
        story.run(desk, "takedown", "trust", "install", str(hand / "revocations.srr"))
    with story.step("Takedown desk: the film indexed"):
        story.run(desk, "takedown", "index", str(hand / "film.scr"), passphrase=True)
        story.run(desk, "takedown", "film", FILM_ID, "--certificate",
                  "No. 117 of 1 April 2026", passphrase=True)


def desk_traces(story: Story, desk: Party, hand: Path, leak: Path) -> dict[str, str]:
    with story.step("Takedown desk: the station's audit bundle imported"):
        story.run(desk, "takedown", "import-audit", str(hand / "station-audit.srab"))
    with story.step("Takedown desk: the leak scanned"):
        out = story.run(desk, "takedown", "scan", str(leak), "--seen-at", LINK,
                        "--channel", "kino_leaks_kz", "--views", "5400", passphrase=True)
        print("\n".join(f"    {line}" for line in out.splitlines()))
    found = {
        "case": _match(r"^Case (\S+):", out),
        "session": _match(r"Leaked from session ([0-9a-f]+)", out),
        "member": _match(r"member (\S+), started", out),
        "p": _match(r"false-positive probability: p = ([0-9.eE+-]+)", out),
        "evidence": _match(r"^Evidence: (.+)$", out),
    }
    with story.step("Takedown desk: evidence verified, notices drafted (kk, ru, en)"):
        story.run(desk, "takedown", "verify", found["evidence"])
        story.run(desk, "takedown", "sender", "set", "--organisation",
                  "Anti-piracy unit, review office", "--person", "A. Desk", "--email",
                  "antipiracy@review-office.example", "--phone", "+7 7172 00 00 00",
                  "--address", "Astana", "--signature", "A. Desk",
                  "--authority-email", "kino-authority@ministry.example")
        for target in ("telegram", "authority"):
            story.run(desk, "takedown", "notice", "draft", found["case"], "--to", target,
                      "--lang", "all", "--out", str(story.out / "notices"))
    with story.step("Takedown desk: screenshots (on Xvfb)"):
        story.run(desk, "python", str(HERE / "shots.py"), "desk",
                  str(story.out / "screenshots"), found["case"], passphrase=True)
    return found


def _match(pattern: str, text: str) -> str:
    found = re.search(pattern, text, re.M)
    if not found:
        raise SystemExit(f"story stopped: the desk's output has no line like {pattern!r}")
    return found.group(1).strip()


def report(story: Story, recorded: str, found: dict[str, str], started: float) -> None:
    out = story.out
    rel = lambda p: os.path.relpath(p, Path.cwd())  # noqa: E731
    notices = sorted(p.name for p in (out / "notices").glob("*") if p.is_file())
    evidence = Path(found["evidence"])
    rows = [
        ("Film packaged by the office", rel(out / "handover" / "film.scr")),
        ("Session watched and recorded at the station", f"{recorded}  "
         f"{rel(out / 'station' / 'screen-recording.mp4')}"),
        ("Leak (720p, ~1.2 Mbit/s, cropped)", rel(out / "leak" / "telegram-repost.mp4")),
        ("Traced by the desk to session", f"{found['session']} "
         f"({'the recorded one' if found['session'] == recorded else 'NOT the recorded one'})"),
        ("Member", found["member"]),
        ("False-positive probability", found["p"]),
        ("Case", found["case"]),
        ("Evidence bundle (signed, PDF report inside)", rel(evidence)),
        ("Notices (Telegram, authority; kk, ru, en)", f"{len(notices)} files in "
         f"{rel(out / 'notices')}"),
        ("Screenshots", f"{len(list((out / 'screenshots').glob('*.png')))} in "
         f"{rel(out / 'screenshots')}"),
        ("Every command's output", rel(story.log)),
    ]
    width = max(len(what) for what, _ in rows)
    print(f"\n{'=' * 78}\nWhat happened, and where it is\n{'=' * 78}")
    for what, where in rows:
        print(f"{what:<{width}}  {where}")
    print(f"{'-' * 78}\nSteps:")
    for title, seconds in story.steps:
        print(f"  {seconds:6.1f} s  {title}")
    print(f"  {time.monotonic() - started:6.1f} s  in all")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("artifacts/story"))
    args = parser.parse_args(argv)
    started = time.monotonic()
    out = args.out.resolve()
    fresh(out)
    hand = out / "handover"
    hand.mkdir()
    parties = {name: Party(name, out / name, f"{name} passphrase 2026")
               for name in ("office", "station", "desk")}
    for party in parties.values():
        party.home.mkdir(mode=0o700)
        secret(party.pass_file, party.passphrase)
    story = Story(out, out / "commands.log")
    from screeningroom_resources import media

    source = media("bigbuckbunny_720p.mp4")
    if not source.exists():
        source = media("sample.mp4")
    office_sets_up(story, parties["office"], parties["station"], parties["desk"], hand, source)
    recording = parties["station"].home / "screen-recording.mp4"
    leak = out / "leak" / "telegram-repost.mp4"
    recorded, _ready, _leaked = at_once(
        lambda: station_screens(story, parties["station"], hand, recording),
        lambda: desk_prepares(story, parties["desk"], hand),
        lambda: pirate_reposts(story, recording, leak))
    found = desk_traces(story, parties["desk"], hand, leak)
    report(story, recorded, found, started)
    if (found["session"], found["member"]) != (recorded, MEMBER):
        print("The desk named another session or member than the one recorded.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
