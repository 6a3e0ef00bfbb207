"""``takedown``: from a suspected pirated clip to the leaking session and the notices."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from screeningroom import __version__
from screeningroom.errors import ScreeningRoomError
from screeningroom_resources import console
from screeningroom_resources.i18n import _, set_language

COMMAND_MODULES: tuple[str, ...] = ("takedown.notices.commands", "takedown.commands",
                                    "takedown.trust_commands", "takedown.ui_command",
                                    "takedown.watch.commands", "takedown.bulk.commands")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="takedown",
        description=_(
            "Takedown desk: identify a suspected pirated clip, trace the leaking review "
            "session, keep the evidence and draft blocking notices."
        ),
    )
    parser.add_argument("--version", action="version", version=f"takedown {__version__}")
    parser.add_argument(
        "--lang", choices=("kk", "ru", "en"), help=_("language of messages (kk, ru, en)")
    )
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.lang:
        set_language(args.lang)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return console.EXIT_BAD_INPUT
    return console.run(lambda: func(args), handled=(ScreeningRoomError,))


if __name__ == "__main__":
    sys.exit(main())
