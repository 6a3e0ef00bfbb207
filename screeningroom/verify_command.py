"""``screeningroom verify FILE``: one command for everything the product signs.

A review report (PDF) is checked by the review's verifier, anything else (screener,
license, certificate, revocation list) by the vault's. The command lives here, above both,
so that neither layer imports the other.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from screeningroom_resources.i18n import _


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    ver = sub.add_parser("verify", help=_("explain a screener, license, certificate, "
                                          "revocation list or review report: valid, or why "
                                          "not"))
    ver.add_argument("file", type=Path, metavar="FILE")
    ver.add_argument("--anchor", type=Path, help=_("trust anchor to check against"))
    ver.set_defaults(func=verify)


def _is_pdf(path: Path) -> bool:
    try:
        with Path(path).open("rb") as fh:
            return fh.read(5) == b"%PDF-"
    except OSError:
        return False


def verify(args: argparse.Namespace) -> int:
    if _is_pdf(args.file):
        from screeningroom.review.commands import verify_command

        return verify_command(args)
    from screeningroom.vault.commands import verify_file

    return verify_file(args)
