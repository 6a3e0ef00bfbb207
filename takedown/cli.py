"""``takedown``: from a suspected pirated clip to the leaking session and the notices."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from screeningroom import __version__
from screeningroom.errors import ScreeningRoomError
from screeningroom_resources import console
from screeningroom_resources.i18n import _

COMMAND_MODULES: tuple[str, ...] = ("takedown.notices.commands", "takedown.commands",
                                    "takedown.trust_commands", "takedown.ui_command",
                                    "takedown.watch.commands", "takedown.bulk.commands")


def build_parser() -> argparse.ArgumentParser:
    parser, sub = console.command_parser("takedown", __version__, _(
        "Takedown desk: identify a suspected pirated clip, trace the leaking review "
        "session, keep the evidence and draft blocking notices."
    ))
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    return console.dispatch(build_parser(), argv, (ScreeningRoomError,))


if __name__ == "__main__":
    sys.exit(main())
