"""``takedown notice draft|send|smtp`` and ``takedown sender set|show``."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from screeningroom_resources.i18n import LANGUAGES, _
from takedown.errors import TakedownInputError
from takedown.notices.contacts import parse_contacts
from takedown.notices.errors import SendRefused
from takedown.notices.model import TELEGRAM_DESK, NoticeTarget, Recipient
from takedown.notices.sending import recipients_of, send_eml
from takedown.notices.settings import (
    SmtpSecurity,
    load_settings,
    save_settings,
    settings_path,
)

AUTHORITY_NAME = "Ministry of Culture and Information of the Republic of Kazakhstan"
_SENDER_FIELDS = ("organisation", "person", "email", "phone", "address", "signature",
                  "position", "country_code")


def register(sub: argparse._SubParsersAction) -> None:
    notice = sub.add_parser("notice", help=_("draft and send takedown notices"))
    nsub = notice.add_subparsers(dest="notice_command", metavar=_("COMMAND"), required=True)

    draft = nsub.add_parser("draft", help=_("draft a notice for a case (.eml, PDF, Lumen JSON)"))
    draft.add_argument("case_id", metavar="CASE_ID")
    draft.add_argument("--to", required=True, choices=[t.value for t in NoticeTarget],
                       help=_("who the notice goes to"))
    draft.add_argument("--lang", dest="notice_lang", default="all",
                       choices=[*LANGUAGES, "all"], help=_("language of the notice"))
    draft.add_argument("--whois", type=Path, metavar="FILE",
                       help=_("RDAP JSON or WHOIS text with the recipient's abuse contact"))
    draft.add_argument("--out", type=Path, metavar="DIR",
                       help=_("also copy the drafts into this folder (they are always kept, "
                              "versioned, in the desk's notices folder)"))
    draft.add_argument("--recipient-email", default="", help=_("recipient's e-mail address"))
    draft.add_argument("--recipient-name", default="", help=_("recipient's name"))
    draft.add_argument("--send", action="store_true", help=_("send the drafts after writing"))
    draft.add_argument("--yes", action="store_true", help=_("send without asking"))
    draft.set_defaults(func=_draft)

    send = nsub.add_parser("send", help=_("send drafted .eml files through the SMTP server"))
    send.add_argument("files", nargs="+", type=Path, metavar="EML")
    send.add_argument("--yes", action="store_true", help=_("send without asking"))
    send.set_defaults(func=_send)

    smtp = nsub.add_parser("smtp", help=_("set the SMTP server notices are sent through"))
    smtp.add_argument("--host", required=True)
    smtp.add_argument("--port", type=int, default=587)
    smtp.add_argument("--security", choices=[s.value for s in SmtpSecurity], default="starttls")
    smtp.add_argument("--username", default="")
    smtp.add_argument("--password-env", default="SCREENINGROOM_SMTP_PASSWORD",
                      help=_("environment variable that holds the password"))
    smtp.set_defaults(func=_smtp)

    sender = sub.add_parser("sender", help=_("the sender profile that signs the notices"))
    ssub = sender.add_subparsers(dest="sender_command", metavar=_("COMMAND"), required=True)
    sset = ssub.add_parser("set", help=_("set fields of the sender profile"))
    for name in _SENDER_FIELDS:
        sset.add_argument(f"--{name.replace('_', '-')}", dest=name, default=None)
    sset.add_argument("--authority-email", default=None,
                      help=_("the Ministry of Culture and Information's address"))
    sset.add_argument("--authority-cc", action="append", default=None,
                      help=_("a copy address for authority notices (repeatable)"))
    sset.set_defaults(func=_sender_set)
    show = ssub.add_parser("show", help=_("show the sender profile"))
    show.set_defaults(func=_sender_show)


def _confirm(files: list[Path], yes: bool) -> bool:
    if yes:
        return True
    if not sys.stdin.isatty():
        raise SendRefused(_("Not sent: confirm with --yes when not at a terminal."))
    for file in files:
        sender, to = recipients_of(file.read_bytes())
        print(_("{file}: from {sender} to {to}").format(file=file.name, sender=sender,
                                                         to=", ".join(to)))
    answer = input(_("Send these notices now? Type 'yes' to send: "))
    return answer.strip().lower() in ("yes", _("yes"))


def _send_files(files: list[Path], yes: bool) -> None:
    from datetime import UTC, datetime

    from takedown.commands import open_desk
    from takedown.notices.casework import record_sent

    smtp = load_settings().smtp
    if not _confirm(files, yes):
        raise SendRefused(_("Not sent."))
    for file in files:
        data = file.read_bytes()
        to = send_eml(data, smtp, confirmed=True)
        print(_("Sent {file} to {to}.").format(file=file.name, to=", ".join(to)))
        with open_desk() as desk:
            case_id = record_sent(desk, data, to, now=datetime.now(UTC))
        if case_id:
            print(_("Recorded in case {case}: sent.").format(case=case_id))


def _draft(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from takedown.commands import open_desk
    from takedown.notices.casework import check_out_dir, draft_case_notices

    target = NoticeTarget(args.to)
    check_out_dir(args.out)
    settings = load_settings()
    recipient = Recipient()
    if args.whois is not None:
        try:
            text = args.whois.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise TakedownInputError(_("Cannot read {path}: {reason}").format(
                path=str(args.whois), reason=exc.strerror or str(exc))) from exc
        recipient = parse_contacts(text).recipient_for(target)
    elif target is NoticeTarget.TELEGRAM:
        recipient = TELEGRAM_DESK
    elif target is NoticeTarget.AUTHORITY:
        recipient = Recipient(name=AUTHORITY_NAME, email=settings.authority_email,
                              cc=settings.authority_cc)
    recipient = dataclasses.replace(
        recipient, email=args.recipient_email or recipient.email,
        name=args.recipient_name or recipient.name or args.recipient_email)
    languages = LANGUAGES if args.notice_lang == "all" else (args.notice_lang,)
    with open_desk(args) as desk:
        done = draft_case_notices(desk, args.case_id, target, sender=settings.sender,
                                  recipient=recipient, languages=languages,
                                  now=datetime.now(UTC), copy_to=args.out)
    for f in done.files:
        print(_("Drafted {eml}, {pdf} and {json}.").format(eml=f.eml, pdf=f.pdf, json=f.lumen))
    if done.version > 1:
        print(_("This is version {version} of the notice; the earlier versions are kept.")
              .format(version=done.version))
    attached = done.request.attachments
    if attached:
        print(_("Attached to the e-mail: {files}.").format(
            files=", ".join(a.name for a in attached)))
    print(_("Case {case}: notice drafted.").format(case=args.case_id))
    if args.send:
        _send_files([f.eml for f in done.files], args.yes)
    return 0


def _send(args: argparse.Namespace) -> int:
    for file in args.files:
        if not file.is_file():
            raise TakedownInputError(_("No such file: {path}").format(path=str(file)))
    _send_files(list(args.files), args.yes)
    return 0


def _smtp(args: argparse.Namespace) -> int:
    from takedown.notices.settings import SmtpSettings

    settings = load_settings()
    smtp = SmtpSettings(host=args.host, port=args.port, security=SmtpSecurity(args.security),
                        username=args.username, password_env=args.password_env)
    path = save_settings(dataclasses.replace(settings, smtp=smtp))
    print(_("Saved the SMTP settings in {path}.").format(path=str(path)))
    return 0


def _sender_set(args: argparse.Namespace) -> int:
    settings = load_settings()
    changes = {name: getattr(args, name) for name in _SENDER_FIELDS
               if getattr(args, name) is not None}
    sender = dataclasses.replace(settings.sender, **changes)
    settings = dataclasses.replace(settings, sender=sender)
    if args.authority_email is not None:
        settings = dataclasses.replace(settings, authority_email=args.authority_email)
    if args.authority_cc is not None:
        settings = dataclasses.replace(settings, authority_cc=tuple(args.authority_cc))
    path = save_settings(settings)
    print(_("Saved the sender profile in {path}.").format(path=str(path)))
    return 0


def _sender_show(args: argparse.Namespace) -> int:
    settings = load_settings()
    print(_("Settings file: {path}").format(path=str(settings_path())))
    for name in _SENDER_FIELDS:
        print(f"  {name}: {getattr(settings.sender, name)}")
    print(f"  authority_email: {settings.authority_email}")
    print(f"  authority_cc: {', '.join(settings.authority_cc)}")
    return 0
