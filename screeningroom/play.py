"""``screeningroom play FILM --member ID``: play a licensed film in the player window.

The station's keys are opened with its passphrase (``--passphrase-file``,
``SCREENINGROOM_PASSPHRASE``, or a prompt); the member logs in with a password asked at a
prompt (read from standard input when that is not a terminal), never taken from the
command line. Then the same three steps as the app: what the registry knows, the vault's
checks, the durable session — and the player window, until it is closed or the film
ends (``--seconds`` closes it earlier). A refusal is recorded in the audit log and said
in one line; nothing is played.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from screeningroom.errors import BadInput, ScreeningRoomError
from screeningroom_resources.i18n import _


class PlayRefused(ScreeningRoomError):
    """The station refused to play (recorded in its audit log)."""


class NoDisplay(ScreeningRoomError):
    """There is no screen to show the film on."""


def register(sub: argparse._SubParsersAction) -> None:
    play = sub.add_parser("play", help=_("play a licensed film in the player window"))
    play.add_argument("film", metavar="FILM", help=_("the film's id (see 'station list')"))
    play.add_argument("--member", required=True, metavar="ID",
                      help=_("the commission member who watches (the password is asked)"))
    play.add_argument("--seconds", type=float, default=None,
                      help=_("close the player after this many seconds"))
    play.add_argument("--passphrase-file", type=Path, metavar="PATH",
                      help=_("read the station's passphrase from the first line of this file"))
    play.set_defaults(func=run)


def ask_password(prompt: str) -> str:
    """A secret typed at a prompt (no echo); a line of standard input when it is a pipe."""
    if sys.stdin.isatty():
        value = getpass.getpass(prompt)
    else:
        sys.stderr.write(prompt)
        value = sys.stdin.readline().rstrip("\r\n")
        sys.stderr.write("\n")  # where a terminal would have echoed the Enter key
        sys.stderr.flush()
    if not value:
        raise BadInput(_("No password was given."))
    return value


def open_station(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The station's service (keys unlocked, registry open)."""
    from screeningroom.station_app import StationLauncher, Unlock
    from screeningroom.vault.commands import read_passphrase

    launcher = StationLauncher()
    unlocked = launcher.load(read_passphrase(args))
    if unlocked.state is not Unlock.READY:
        raise PlayRefused(unlocked.message)
    return launcher.connect(unlocked.station)


def run(args: argparse.Namespace) -> int:
    if args.seconds is not None and not args.seconds > 0:
        raise BadInput(_("--seconds must be a positive number of seconds."))
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise NoDisplay(_("No display: run 'screeningroom play' on the station's screen "
                          "(or 'screeningroom demo' for a run on a virtual screen)."))
    service = open_station(args)
    try:
        member = service.login(args.member, ask_password(_("Member's password: ")))
        films = {film.film_id: film for film in service.films()}
        film = films.get(args.film)
        if film is None:
            raise BadInput(_("No film {film} at this station (it has: {films}).").format(
                film=args.film, films=", ".join(sorted(films)) or "-"))
        try:
            opened = service.open(service.request(film, member))
        except ScreeningRoomError as exc:
            refusal = service.refuse(exc, member.member_id, film.film_id)
            raise PlayRefused(f"{refusal.title}: {refusal.message}") from exc
        from screeningroom.ui.play_run import play_in_window

        outcome = play_in_window(service, opened, seconds=args.seconds)
    finally:
        service.close()
    if outcome.refusal is not None:
        raise PlayRefused(f"{outcome.refusal.title}: {outcome.refusal.message}")
    print(_("Session {session}: {frames} frames shown, {how}.").format(
        session=outcome.session, frames=outcome.frames_shown,
        how=_("the film played to its end") if outcome.finished else _("stopped")))
    return 0
