"""``screeningroom update``: signed releases of the station bundle.

- ``update sign TARBALL --version V`` (the review office): writes ``TARBALL``'s release
  record, signed with the root key, beside it (``.sru``).
- ``update verify RELEASE`` (anyone): checks the record against the trust anchor and the
  tarball against the record; prints what it names.
- ``update install RELEASE --target DIR`` (the station's updater, as root): verify, unpack
  and swap ``DIR/current`` atomically; refuses older versions.

Exit codes: 0 done (or already installed), 1 refused, 2 bad input.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from screeningroom_resources.i18n import _


def register(sub: argparse._SubParsersAction) -> None:
    update = sub.add_parser("update", help=_("signed releases of the station bundle"))
    usub = update.add_subparsers(dest="update_command", metavar=_("COMMAND"), required=True)

    sign = usub.add_parser("sign", help=_("sign a bundle tarball as a release (review office)"))
    sign.add_argument("archive", type=Path, metavar="TARBALL")
    sign.add_argument("--version", required=True, help=_("the bundle's version, like 1.4.2"))
    sign.add_argument("--platform", help=_("platform of the bundle (default: this one's)"))
    sign.add_argument("--out", type=Path, help=_("where to write the release file"))
    sign.add_argument("--passphrase-file", type=Path, metavar="PATH",
                      help=_("read the passphrase from the first line of this file"))
    sign.set_defaults(func=_sign)

    for name, helptext, func in (
        ("verify", _("check a release file and its tarball"), _verify),
        ("install", _("verify a release and install it atomically"), _install),
    ):
        cmd = usub.add_parser(name, help=helptext)
        cmd.add_argument("release", type=Path, metavar="RELEASE")
        cmd.add_argument("--archive", type=Path, metavar="TARBALL",
                         help=_("the tarball (default: the one the release names, beside it)"))
        cmd.add_argument("--anchor", type=Path, required=True,
                         help=_("the review office's trust anchor file"))
        cmd.add_argument("--platform", help=_("platform of the bundle (default: this one's)"))
        if name == "install":
            cmd.add_argument("--target", type=Path, required=True,
                             help=_("the install folder (holds releases/ and current)"))
        cmd.set_defaults(func=func)


def _anchor(path: Path):  # type: ignore[no-untyped-def]
    from screeningroom.updates.install import read_file
    from screeningroom.vault.checks import load_anchor

    return load_anchor(read_file(path))


def _sign(args: argparse.Namespace) -> int:
    from screeningroom.updates.release import SUFFIX, encode_release, parse_release
    from screeningroom.vault.authority import load_authority
    from screeningroom.vault.commands import read_passphrase
    from screeningroom.vault.files import atomic_write

    authority = load_authority(read_passphrase(args))
    data = encode_release(args.archive, args.version, issuer_key=authority.anchor.public_key,
                          seal=authority.seal, platform=args.platform)
    out = args.out or args.archive.with_name(args.archive.name + SUFFIX)
    atomic_write(out, data)
    release = parse_release(data)
    print(_("Release {version} of {name}: {path}").format(
        version=release.version, name=release.archive_name, path=out))
    print(f"SHA-256: {release.archive_sha256.hex()}")
    return 0


def _verify(args: argparse.Namespace) -> int:
    from screeningroom.updates.install import verify

    release, tarball = verify(args.release, _anchor(args.anchor), archive=args.archive,
                              platform=args.platform)
    print(_("Release {version} for {platform}, signed by the review office on {date}.")
          .format(version=release.version, platform=release.platform,
                  date=release.issued_at.strftime("%Y-%m-%d %H:%M UTC")))
    print(f"{tarball}: {release.archive_size} B, SHA-256 {release.archive_sha256.hex()}")
    print(_("VALID"))
    return 0


def _install(args: argparse.Namespace) -> int:
    from screeningroom.updates.install import install

    done = install(args.release, _anchor(args.anchor), args.target, archive=args.archive,
                   platform=args.platform)
    if not done.changed:
        print(_("Version {version} is installed already; nothing changed.").format(
            version=done.version))
        return 0
    print(_("Installed version {version} in {path}; it starts with the next session.")
          .format(version=done.version, path=done.path))
    for name in done.removed:
        print(_("Removed the old version {version}.").format(version=name))
    return 0
