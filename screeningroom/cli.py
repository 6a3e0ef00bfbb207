"""``screeningroom``: the review station's command line. With no arguments it opens the app.

Each part of the product registers its own sub-commands: a module listed in
:data:`COMMAND_MODULES` has ``register(subparsers)``, and every sub-command it adds sets
``func(args) -> int | None`` as its default.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from screeningroom import __version__
from screeningroom.errors import ScreeningRoomError
from screeningroom_resources import console
from screeningroom_resources.i18n import _

COMMAND_MODULES: tuple[str, ...] = ("screeningroom.demo", "screeningroom.play",
                                    "screeningroom.vault.commands",
                                    "screeningroom.registry.commands",
                                    "screeningroom.review.commands",
                                    "screeningroom.verify_command",
                                    "screeningroom.updates.commands",
                                    "screeningroom.office.commands")


def _open_app(args: argparse.Namespace) -> int:
    from screeningroom.ui.app import main as app_main  # Qt is loaded only when the app opens

    return app_main([], full_screen=getattr(args, "full_screen", False))


def build_parser() -> argparse.ArgumentParser:
    parser, sub = console.command_parser("screeningroom", __version__, _(
        "Review station for pre-release films: encrypted screeners, station licenses, "
        "per-session forensic watermark. Run without a command to open the app."
    ))
    app = sub.add_parser("app", help=_("open the review station app (the default)"))
    app.add_argument("--full-screen", action="store_true",
                     help=_("fill the whole screen (the kiosk session of a review station)"))
    app.set_defaults(func=_open_app)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    return console.dispatch(build_parser(), argv, (ScreeningRoomError,), default=_open_app)


if __name__ == "__main__":
    sys.exit(main())
