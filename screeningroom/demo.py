"""``screeningroom demo``: opens the review station app; on a machine with no display it
runs the app on a virtual screen and saves screenshots whose paths it prints."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from screeningroom_resources.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    demo = sub.add_parser(
        "demo", help=_("run the demo (headless: screenshots on a virtual screen)")
    )
    demo.add_argument(
        "--out", type=Path, default=Path("artifacts/demo"),
        help=_("folder for screenshots when there is no display"),
    )
    demo.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from screeningroom.ui.app import main as app_main

    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return app_main([])
    from screeningroom.xdisplay import virtual_display

    print(_("No display found: running the demo on a virtual screen (Xvfb)."))
    args.out.mkdir(parents=True, exist_ok=True)
    shot = args.out.resolve() / "station.png"
    with virtual_display():
        code = app_main([], screenshot=shot, quit_after=2.0)
    print(_("Screenshot saved: {path}").format(path=shot))
    return code
