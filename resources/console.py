"""What every command-line tool shares: its parser's common options, a progress bar and
turning errors into messages.

:func:`command_parser` makes a tool's parser with ``--version`` and ``--lang`` and the slot
its sub-commands register in (each sets ``func(args) -> int | None`` as its default);
:func:`dispatch` parses, applies the language and runs the chosen sub-command.

Long work takes ``progress(done, total)``; on a terminal :class:`ProgressBar` draws a bar
(with the count, the rate and the time left when asked), elsewhere (CI, pipes) it prints
a line every tenth of the way. :func:`run` calls a command,
prints a product error as one clear line on stderr, and returns the exit code:
0 ok, 1 refused or invalid, 2 usage or bad input.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from screeningroom_resources.i18n import _, set_language

#: what long work takes to report how far it got: ``progress(done, total)``, in any unit
#: the work counts in (frames, seconds, bytes); the GUI shows it, the CLI a :class:`ProgressBar`
Progress = Callable[[float, float], None]

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_BAD_INPUT = 2


def per_minute(done: float, seconds: float) -> float:
    """The rate so far, in units a minute (0 before any time has passed)."""
    return 60.0 * done / seconds if seconds > 0 else 0.0


def seconds_left(done: float, total: float, seconds: float) -> float | None:
    """Seconds left at the rate so far (None before the first unit is done)."""
    if done <= 0 or seconds <= 0:
        return None
    return (total - done) * seconds / done


class ProgressBar:
    """A callable ``(done, total)`` that draws progress on ``stream``.

    With ``count``, a translated text with ``{done}``, ``{total}`` and ``{rate}`` (units a
    minute), e.g. ``_("{done}/{total} clips, {rate:.1f} clips/min")``, it also shows the
    count, the rate so far and the time left at that rate. The work's own elapsed seconds
    may come as a third argument, ``(done, total, seconds)``; otherwise ``clock`` counts
    them from the bar's making.
    """

    def __init__(
        self,
        label: str,
        stream: TextIO | None = None,
        width: int = 32,
        *,
        count: str | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self.count = count
        self._clock = clock
        self._tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last_tenth = -1
        self._last_draw = -1.0
        self._started = clock()
        self._closed = False

    def __call__(self, done: float, total: float, seconds: float | None = None) -> None:
        if self._closed:
            return
        fraction = min(1.0, max(0.0, done / total)) if total else 0.0
        if self._tty:
            now = self._clock()
            if fraction < 1.0 and self._last_draw >= 0 and now - self._last_draw < 0.1:
                return
            self._last_draw = now
            filled = round(fraction * self.width)
            bar = "#" * filled + "-" * (self.width - filled)
            text = f"{self.label} [{bar}] {fraction * 100:5.1f}%"
            if self.count is not None:
                text = f"{text}  {self._counted(done, total, seconds)}".ljust(100)
            self.stream.write("\r" + text)
            if fraction >= 1.0:
                self.close()
            self.stream.flush()
        else:
            tenth = int(fraction * 10)
            if tenth > self._last_tenth:
                self._last_tenth = tenth
                shown = (f"{tenth * 10}%" if self.count is None
                         else self._counted(done, total, seconds))
                self.stream.write(f"{self.label}: {shown}\n")
                self.stream.flush()
            if fraction >= 1.0:
                self._closed = True

    def _counted(self, done: float, total: float, seconds: float | None) -> str:
        if seconds is None:
            seconds = self._clock() - self._started
        text = (self.count or "").format(done=done, total=total, rate=per_minute(done, seconds))
        left = seconds_left(done, total, seconds)
        if left is not None and done < total:
            text += ", " + _("about {minutes} min left").format(minutes=round(left / 60, 1))
        return text

    def close(self) -> None:
        if not self._closed and self._tty:
            seconds = self._clock() - self._started
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


@dataclass(frozen=True)
class Secret:
    """Where a command finds a password or passphrase, and the words and errors of each
    way it can fail (the product's own exception classes, built by the callables)."""

    env_var: str
    prompt: str
    again_prompt: str
    unreadable: Callable[[Path, object], Exception]  # (file, the OS's reason)
    missing: Callable[[], Exception]  # nothing given and nobody at a terminal to type it
    differ: Callable[[], Exception]  # typed twice, not the same


def read_secret(secret: Secret, file: Path | str | None, *, confirm: bool = False) -> str:
    """The first line of ``file``; else the environment variable; else typed at the
    terminal (twice with ``confirm``). Without a terminal, ``secret.missing()``."""
    if file:
        try:
            text = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise secret.unreadable(Path(file), getattr(exc, "strerror", None) or exc) from exc
        return text.splitlines()[0] if text else ""
    if secret.env_var in os.environ:
        return os.environ[secret.env_var]
    if not sys.stdin.isatty():
        raise secret.missing()
    first = getpass.getpass(secret.prompt)
    if confirm and getpass.getpass(secret.again_prompt) != first:
        raise secret.differ()
    return first


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
