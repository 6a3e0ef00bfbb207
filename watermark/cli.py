"""``watermark``: key generation, marking a file, and detecting a mark in a clip."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from watermark import __version__
from watermark.errors import WatermarkError


def build_parser() -> argparse.ArgumentParser:
    from screeningroom_resources.i18n import _

    parser = argparse.ArgumentParser(
        prog="watermark",
        description=_("Forensic video watermark: embed a per-session mark, detect it in a copy."),
    )
    parser.add_argument("--version", action="version", version=f"watermark {__version__}")
    parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from screeningroom_resources import console

    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return console.EXIT_BAD_INPUT
    return console.run(lambda: func(args), handled=(WatermarkError,))


if __name__ == "__main__":
    sys.exit(main())
