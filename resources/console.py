"""What every command-line tool shares: its parser's common options, a progress bar and
turning errors into messages.

:func:`command_parser` makes a tool's parser with ``--version`` and ``--lang`` and the slot
its sub-commands register in (each sets ``func(args) -> int | None`` as its default);
:func:`dispatch` parses, applies the language and runs the chosen sub-command.

Long work takes ``progress(done, total)``; on a terminal :class:`ProgressBar` draws a bar,
elsewhere (CI, pipes) it prints a line every tenth of the way. :func:`run` calls a command,
prints a product error as one clear line on stderr, and returns the exit code:
0 ok, 1 refused or invalid, 2 usage or bad input.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from screeningroom_resources.i18n import _, set_language

#: what long work takes to report how far it got: ``progress(done, total)``, in any unit
#: the work counts in (frames, seconds, bytes); the GUI shows it, the CLI a :class:`ProgressBar`
Progress = Callable[[float, float], None]

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_BAD_INPUT = 2


class ProgressBar:
    """A callable ``(done, total)`` that draws progress on ``stream``."""

    def __init__(self, label: str, stream: TextIO | None = None, width: int = 32) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self._tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last_tenth = -1
        self._last_draw = 0.0
        self._started = time.monotonic()
        self._closed = False

    def __call__(self, done: float, total: float) -> None:
        if self._closed:
            return
        fraction = min(1.0, max(0.0, done / total)) if total else 0.0
        if self._tty:
            now = time.monotonic()
            if fraction < 1.0 and now - self._last_draw < 0.1:
                return
            self._last_draw = now
            filled = round(fraction * self.width)
            bar = "#" * filled + "-" * (self.width - filled)
            self.stream.write(f"\r{self.label} [{bar}] {fraction * 100:5.1f}%")
            if fraction >= 1.0:
                self.close()
            self.stream.flush()
        else:
            tenth = int(fraction * 10)
            if tenth > self._last_tenth:
                self._last_tenth = tenth
                self.stream.write(f"{self.label}: {tenth * 10}%\n")
                self.stream.flush()
            if fraction >= 1.0:
                self._closed = True

    def close(self) -> None:
        if not self._closed and self._tty:
            seconds = time.monotonic() - self._started
            self.stream.write(f"  {seconds:.1f} s\n")
        self._closed = True


Command = Callable[[argparse.Namespace], Any]


def command_parser(
    prog: str, version: str, description: str
) -> tuple[argparse.ArgumentParser, Any]:
    """A tool's parser with ``--version`` and ``--lang``, and its sub-commands' slot."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--version", action="version", version=f"{prog} {version}")
    parser.add_argument(
        "--lang", choices=("kk", "ru", "en"), help=_("language of messages (kk, ru, en)")
    )
    return parser, parser.add_subparsers(dest="command", metavar=_("COMMAND"))


def dispatch(
    parser: argparse.ArgumentParser,
    argv: Sequence[str] | None,
    handled: tuple[type[BaseException], ...],
    *,
    default: Command | None = None,
    through: Callable[[Command, argparse.Namespace], Any] | None = None,
) -> int:
    """Parse ``argv``, apply ``--lang`` and :func:`run` the chosen sub-command (through
    ``through(func, args)`` when given). Without a sub-command ``default`` runs; without a
    default the help is printed and the exit code is 2."""
    args = parser.parse_args(argv)
    if args.lang:
        set_language(args.lang)
    func = getattr(args, "func", default)
    if func is None:
        parser.print_help()
        return EXIT_BAD_INPUT
    if through is None:
        return run(lambda: func(args), handled=handled)
    return run(lambda: through(func, args), handled=handled)


def error(message: str) -> None:
    sys.stderr.write(_("error: {message}").format(message=message) + "\n")


def run(
    command: Callable[[], int | None],
    handled: tuple[type[BaseException], ...],
) -> int:
    """Run ``command``; a ``handled`` error becomes one line on stderr and its exit code.

    A handled error class may carry ``exit_code`` (1 refused or invalid, the default;
    2 bad input). Ctrl-C ends with 130 and a short note, not a traceback.
    """
    try:
        code = command()
    except handled as exc:
        error(str(exc))
        return int(getattr(exc, "exit_code", EXIT_REFUSED))
    except KeyboardInterrupt:
        sys.stderr.write("\n" + _("Interrupted.") + "\n")
        return 130
    return EXIT_OK if code is None else int(code)
