"""``screeningroom demo``: a demo review station, provisioned and opened at the login screen.

It makes (or reuses) a demo authority, a certified station, a member and two licensed
films in ``--home`` (``SCREENINGROOM_HOME`` for the run), prints the member's credentials
and opens the app. On a machine with no display it says so, runs the same app on a virtual
screen (Xvfb), logs in, plays a few seconds, tries a film whose window is not open yet,
and saves screenshots whose paths it prints.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

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
        help=_("how long the headless demo plays the film"),
    )
    demo.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from screeningroom.demo_setup import provision
    from screeningroom_resources.console import ProgressBar

    out = args.out.resolve()
    home = (args.home or out / "home").resolve()
    os.environ["SCREENINGROOM_HOME"] = str(home)
    bar = ProgressBar(_("Packaging the sample film"))
    setup, fresh = provision(home, progress=bar)
    bar.close()
    os.environ["SCREENINGROOM_PASSPHRASE"] = setup.passphrase
    print((_("Demo station provisioned in {home}") if fresh
           else _("Demo station reused from {home}")).format(home=home))
    print(_("Log in as member {member} with the password {password}").format(
        member=setup.member_id, password=setup.password))
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        from screeningroom.ui.app import main as app_main

        return app_main([])
    from screeningroom.xdisplay import virtual_display

    print(_("No display found: running the demo on a virtual screen (Xvfb)."))
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
    for shot in result.screenshots:
        print(_("Screenshot saved: {path}").format(path=shot))
    return 0
