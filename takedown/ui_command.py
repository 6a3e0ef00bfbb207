"""``takedown desk``: open the desk window (Qt is imported only when the command runs)."""

from __future__ import annotations

import argparse
from pathlib import Path

from screeningroom_resources.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    desk = sub.add_parser("desk", help=_("open the takedown desk window"))
    desk.add_argument("clip", nargs="?", type=Path, metavar="CLIP",
                      help=_("a suspected clip to put in the window's intake form"))
    desk.set_defaults(func=_desk)


def _desk(args: argparse.Namespace) -> int:
    from takedown.ui.app import main

    return main(clip=args.clip)
