"""``watermark``: key generation, marking a file, indexing a master, and detecting a mark.

Key files hold the 32-byte key, raw (as ``keygen`` writes them) or as 64 hex digits.
``detect --json`` prints exactly one JSON object; exit codes: 0 found, 1 not found,
2 bad input.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from watermark import __version__
from watermark.errors import N_, WatermarkError, WatermarkInputError

EXIT_FOUND, EXIT_NOT_FOUND = 0, 1


def read_key(path: str) -> bytes:
    """The key in ``path``: 32 raw bytes, or 64 hex digits."""
    p = Path(path)
    if not p.is_file():
        raise WatermarkInputError(N_("No such key file: {path}"), path=path)
    data = p.read_bytes()
    if len(data) == 32:
        return data
    text = data.strip()
    if len(text) == 64:
        try:
            return bytes.fromhex(text.decode("ascii"))
        except (UnicodeDecodeError, ValueError):
            pass
    raise WatermarkInputError(
        N_("The key file {path} does not hold a 32-byte key (raw or 64 hex digits)."),
        path=path,
    )


def parse_payload(text: str) -> int:
    t = text.strip().lower().removeprefix("0x")
    if len(t) != 16 or any(c not in "0123456789abcdef" for c in t):
        raise WatermarkInputError(
            N_("A payload is 16 hex digits (64 bits), not {text!r}."), text=text
        )
    return int(t, 16)


def _keygen(args: argparse.Namespace) -> int:
    from screeningroom_resources.i18n import _

    out = Path(args.out)
    try:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise WatermarkInputError(
            N_("{path} already exists: a key is never overwritten."), path=str(out)
        ) from None
    except OSError as exc:
        raise WatermarkInputError(
            N_("Cannot write {path}: {reason}"), path=str(out), reason=exc.strerror or ""
        ) from None
    with os.fdopen(fd, "wb") as fh:
        fh.write(os.urandom(32))
    os.chmod(out, 0o600)
    print(_("Key written to {path} (mode 0600).").format(path=out))
    return 0


def _embed(args: argparse.Namespace) -> int:
    from screeningroom_resources.console import ProgressBar
    from screeningroom_resources.i18n import _
    from watermark.embed import Embedder
    from watermark.files import embed_file
    from watermark.profile import profile_by_name

    key = read_key(args.key)
    payload = parse_payload(args.payload)
    profile = profile_by_name(args.profile)
    bar = ProgressBar(_("Marking"))
    n = embed_file(args.input, args.output, Embedder(key, payload, profile), crf=args.crf,
                   progress=bar)
    bar.close()
    print(
        _("Marked {frames} frames with payload {payload} ({profile}) into {path}.").format(
            frames=n, payload=f"{payload:016x}", profile=profile.ident, path=args.output
        )
    )
    return 0


def _index(args: argparse.Namespace) -> int:
    from screeningroom_resources.console import ProgressBar
    from screeningroom_resources.i18n import _
    from watermark.index import build_master_index

    out = Path(args.output)
    if out.exists():
        raise WatermarkInputError(N_("{path} already exists: it is not overwritten."),
                                  path=str(out))
    bar = ProgressBar(_("Indexing"))
    index = build_master_index(args.master, progress=bar)
    bar.close()
    data = index.to_bytes()
    tmp = out.with_name(out.name + ".part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, out)
    print(_("Index of {frames} frames ({size} KiB) written to {path} (mode 0600; it is "
            "derived from the film: keep it as safe as the master).").format(
                frames=len(index.times), size=len(data) // 1024, path=out))
    return 0


def _master_arg(path: str | None) -> object:
    """A master video, or a master index file (recognised by its magic)."""
    from watermark.index import MAGIC, MasterIndex

    if path is None:
        return None
    with open(path, "rb") as fh:
        head = fh.read(len(MAGIC))
    if head == MAGIC:
        return MasterIndex.from_bytes(Path(path).read_bytes())
    return path


def _detect(args: argparse.Namespace) -> int:
    from screeningroom_resources.console import ProgressBar
    from screeningroom_resources.i18n import _
    from watermark.detect import detect
    from watermark.profile import profile_by_name

    key = read_key(args.key)
    candidates = None
    if args.candidates:
        candidates = [parse_payload(c) for c in args.candidates.split(",") if c.strip()]
    for path in (args.clip, args.master):
        if path is not None and not Path(path).is_file():
            raise WatermarkInputError(N_("No such file: {path}"), path=path)
    bar = None if args.json else ProgressBar(_("Detecting"))
    result = detect(args.clip, key, master=_master_arg(args.master), candidates=candidates,
                    progress=bar, profile=profile_by_name(args.profile))
    if bar is not None:
        bar.close()
    payload = f"{result.payload:016x}" if result.payload is not None else None
    if args.json:
        print(json.dumps({
            "found": result.found,
            "payload": payload,
            "p_value": result.p_value,
            "log10_p": result.log10_p,
            "bit_errors": result.bit_errors,
            "seconds_used": round(result.seconds_used, 3),
            "mode": result.mode.value,
            "mirrored": result.mirrored,
        }))
    elif result.found:
        print(_("Mark found: payload {payload}, p = 10^{log10p} ({mode} mode, {seconds} s of "
                "the clip).").format(payload=payload, log10p=f"{result.log10_p:.1f}",
                                     mode=result.mode.value,
                                     seconds=f"{result.seconds_used:.1f}"))
    else:
        print(_("No mark of this key found (best p = 10^{log10p}, threshold {threshold}, "
                "{mode} mode, {seconds} s of the clip).").format(
                    log10p=f"{result.log10_p:.1f}", threshold=f"{result.threshold:g}",
                    mode=result.mode.value, seconds=f"{result.seconds_used:.1f}"))
    if result.mirrored and not args.json:
        print(_("The clip is the master mirrored left to right; it was read mirrored back."))
    return EXIT_FOUND if result.found else EXIT_NOT_FOUND


def build_parser() -> argparse.ArgumentParser:
    from screeningroom_resources.console import command_parser
    from screeningroom_resources.i18n import _

    parser, sub = command_parser("watermark", __version__, _(
        "Forensic video watermark: embed a per-session mark, detect it in a copy."))

    p = sub.add_parser("keygen", help=_("write a new random 32-byte watermark key"))
    p.add_argument("--out", required=True, metavar=_("KEYFILE"),
                   help=_("where to write the key (created with mode 0600)"))
    p.set_defaults(func=_keygen)

    p = sub.add_parser("embed", help=_("mark a whole video file with a payload"))
    p.add_argument("input", metavar=_("IN"), help=_("the video to mark"))
    p.add_argument("output", metavar=_("OUT"), help=_("the marked video to write (H.264)"))
    p.add_argument("--key", required=True, metavar=_("KEYFILE"), help=_("the watermark key"))
    p.add_argument("--payload", required=True, metavar=_("HEX16"),
                   help=_("the 64-bit payload (session id) as 16 hex digits"))
    p.add_argument("--profile", default="sr-lf/1", metavar=_("NAME"),
                   help=_("watermark profile (default: sr-lf/1)"))
    p.add_argument("--crf", type=int, default=12, metavar="N",
                   help=_("H.264 quality, 0-51 (default 12: near-lossless)"))
    p.set_defaults(func=_embed)

    p = sub.add_parser("index", help=_("index a master once, for fast informed detection"))
    p.add_argument("master", metavar=_("ORIGINAL"), help=_("the unmarked original"))
    p.add_argument("output", metavar=_("INDEX"), help=_("the index file to write"))
    p.set_defaults(func=_index)

    p = sub.add_parser("detect", help=_("look for the mark of a key in a clip"))
    p.add_argument("clip", metavar=_("CLIP"), help=_("the suspected copy"))
    p.add_argument("--key", required=True, metavar=_("KEYFILE"), help=_("the watermark key"))
    p.add_argument("--master", metavar=_("ORIGINAL"),
                   help=_("the unmarked original or its index, for informed detection"))
    p.add_argument("--candidates", metavar=_("HEX,..."),
                   help=_("comma-separated session ids known for this film"))
    p.add_argument("--profile", default="sr-lf/1", metavar=_("NAME"),
                   help=_("watermark profile the copy was marked with (default: sr-lf/1)"))
    p.add_argument("--json", action="store_true", help=_("print one JSON object"))
    p.set_defaults(func=_detect)
    return parser


def _translated(func: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a command; a library error is re-raised with its message in the chosen language."""
    from screeningroom_resources.i18n import _

    try:
        return func(args)
    except WatermarkError as exc:
        shown = WatermarkError(exc.translated(_))
        shown.exit_code = exc.exit_code
        raise shown from None


def main(argv: Sequence[str] | None = None) -> int:
    from screeningroom_resources.console import dispatch

    return dispatch(build_parser(), argv, (WatermarkError,), through=_translated)


if __name__ == "__main__":
    sys.exit(main())
