"""``screeningroom demo``: a demo review station, provisioned and opened at the login screen.

It makes (or reuses) a demo authority, a certified station, a member and two licensed
films in ``--home`` (``SCREENINGROOM_HOME`` for the run), prints the member's credentials
and opens the app. On a machine with no display it says so, runs the same app on a virtual
screen (Xvfb), logs in, plays a few seconds, tries a film whose window is not open yet,
and saves screenshots whose paths it prints.

``--home`` may also name a real station's data folder: the headless run then logs in as
``--member`` (password asked at a prompt) and plays ``--film`` (or the first playable
film) there; that station's passphrase comes from ``--passphrase-file``,
``SCREENINGROOM_PASSPHRASE`` or a prompt. The window speaks the command's language.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from screeningroom.errors import BadInput
from screeningroom_resources import i18n
from screeningroom_resources.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    demo = sub.add_parser(
        "demo", help=_("run the demo (headless: screenshots on a virtual screen)")
    )
    demo.add_argument(
        "--out", type=Path, default=Path("artifacts/demo"),
        help=_("folder for screenshots when there is no display"),
    )
    demo.add_argument(
        "--home", type=Path, default=None,
        help=_("data folder of the demo station (default: OUT/home; reused when present)"),
    )
    demo.add_argument(
        "--seconds", type=float, default=3.0,
        help=_("how long the headless demo plays the film (at most to its end)"),
    )
    demo.add_argument("--member", metavar="ID", default=None,
                      help=_("on a station of your own (--home): the member who logs in"))
    demo.add_argument("--film", metavar="FILM", default=None,
                      help=_("on a station of your own (--home): the film to play"))
    demo.add_argument("--passphrase-file", type=Path, metavar="PATH",
                      help=_("on a station of your own: its passphrase, from this file"))
    demo.set_defaults(func=run)


def _setup(args: argparse.Namespace, home: Path):  # type: ignore[no-untyped-def]
    """The demo station (made or reused), or the script for a station of one's own."""
    from screeningroom.demo_setup import has_station, on_station, provision

    if has_station(home):
        from screeningroom.play import ask_password
        from screeningroom.vault.commands import read_passphrase

        if not args.member:
            raise BadInput(_("{path} is a station of its own: say who logs in with --member "
                             "ID.").format(path=home))
        setup = on_station(home, passphrase=read_passphrase(args), member_id=args.member,
                           password=ask_password(_("Member's password: ")),
                           film_id=args.film)
        print(_("Demo on the station in {home}: member {member} plays {film}").format(
            home=home, member=setup.member_id, film=setup.main_film))
        return setup, False
    if args.member or args.film:
        raise BadInput(_("--member and --film are for a station of your own: --home must "
                         "name its data folder."))
    from screeningroom_resources.console import ProgressBar

    bar = ProgressBar(_("Packaging the sample film"))
    setup, fresh = provision(home, progress=bar)
    bar.close()
    print((_("Demo station provisioned in {home}") if fresh
           else _("Demo station reused from {home}")).format(home=home))
    print(_("Log in as member {member} with the password {password}").format(
        member=setup.member_id, password=setup.password))
    return setup, True


def run(args: argparse.Namespace) -> int:
    if not args.seconds > 0:
        raise BadInput(_("--seconds must be a positive number of seconds."))
    out = args.out.resolve()
    home = (args.home or out / "home").resolve()
    os.environ["SCREENINGROOM_HOME"] = str(home)
    setup, demo_station = _setup(args, home)
    os.environ["SCREENINGROOM_PASSPHRASE"] = setup.passphrase
    if demo_station and (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        from screeningroom.ui.app import main as app_main

        return app_main([])
    from screeningroom.xdisplay import virtual_display

    print(_("No display found: running the demo on a virtual screen (Xvfb).") if demo_station
          else _("Running the demo on a virtual screen (Xvfb)."))
    out.mkdir(parents=True, exist_ok=True)
    language = i18n.current_language()
    with virtual_display():
        from screeningroom.ui.demo_run import run_scripted

        try:
            result = run_scripted(setup, out, seconds=args.seconds)
        finally:
            i18n.set_language(language)  # the app switched to its own remembered language
    print(_("Played {frames} frames in session {session} (the watermark's payload).").format(
        frames=result.frames_shown, session=result.session))
    if result.film_ended:
        print(_("The film ended after {seconds:.1f} s, before the {asked:.1f} s asked for.")
              .format(seconds=result.played_seconds, asked=args.seconds))
    for shot in result.screenshots:
        print(_("Screenshot saved: {path}").format(path=shot))
    return 0
