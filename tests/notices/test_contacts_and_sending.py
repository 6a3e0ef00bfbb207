"""Abuse contacts from realistic RDAP/WHOIS answers; sending only after confirmation, to a
local SMTP server on 127.0.0.1; the sender settings round-trip."""

from __future__ import annotations

import email
import socket
from email import policy
from pathlib import Path

import pytest

from takedown.notices import (
    ContactsNotFound,
    MissingNoticeField,
    NoticeTarget,
    SendRefused,
    draft_notice,
)
from takedown.notices.contacts import parse_contacts
from takedown.notices.sending import send_eml
from takedown.notices.settings import (
    NoticeSettings,
    SettingsInvalid,
    SmtpSecurity,
    SmtpSettings,
    load_settings,
    save_settings,
)

WHOIS = Path(__file__).parent / "whois"


@pytest.mark.parametrize(
    ("sample", "target", "name", "address"),
    [
        ("rdap_domain_com.json", NoticeTarget.REGISTRAR, "NameCheap, Inc.", "abuse@namecheap.com"),
        ("whois_com.txt", NoticeTarget.REGISTRAR, "NameCheap, Inc.", "abuse@namecheap.com"),
        ("rdap_ip_ripe.json", NoticeTarget.HOST, "Example Hosting B.V.", "abuse@examplehost.nl"),
        ("whois_ripe.txt", NoticeTarget.HOST, "Example Hosting B.V.", "abuse@examplehost.nl"),
        ("rdap_ip_arin.json", NoticeTarget.HOST, "CloudVPS LLC", "abuse@cloudvps.example"),
        ("whois_arin.txt", NoticeTarget.HOST, "CloudVPS LLC", "abuse@cloudvps.example"),
        ("whois_kz.txt", NoticeTarget.SITE, "Kino Leak", "owner@kino-leak.kz"),
    ],
)
def test_abuse_contacts_are_found(sample, target, name, address) -> None:
    recipient = parse_contacts((WHOIS / sample).read_text()).recipient_for(target)
    assert (recipient.name, recipient.email) == (name, address)


def test_a_privacy_proxy_registrant_is_not_taken_for_a_contact() -> None:
    parsed = parse_contacts((WHOIS / "whois_com.txt").read_text())
    assert parsed.registrant is None
    with pytest.raises(MissingNoticeField, match="registrant e-mail"):
        parsed.recipient_for(NoticeTarget.SITE)


def test_kaznic_answer_without_registrar_abuse_address_names_it() -> None:
    parsed = parse_contacts((WHOIS / "whois_kz.txt").read_text())
    assert parsed.registrar is not None and parsed.registrar.name == "HOSTER.KZ"
    with pytest.raises(MissingNoticeField, match="registrar abuse e-mail"):
        parsed.recipient_for(NoticeTarget.REGISTRAR)


@pytest.mark.parametrize("text", [(WHOIS / "garbage.txt").read_text(), "", "   ",
                                  '{"not": "rdap"}', '{"objectClassName": "domain"'])
def test_garbage_gets_a_clear_error(text: str) -> None:
    with pytest.raises(ContactsNotFound, match="RDAP"):
        parse_contacts(text)


def test_settings_round_trip_and_damage(tmp_path: Path, samples) -> None:
    file = tmp_path / "notices.json"
    assert load_settings(file) == NoticeSettings()
    settings = NoticeSettings(sender=samples.SENDER, authority_email="kense@mci.gov.kz",
                              authority_cc=("kense@adilet.gov.kz",),
                              smtp=SmtpSettings("127.0.0.1", 2525, SmtpSecurity.NONE))
    save_settings(settings, file)
    assert load_settings(file) == settings
    file.write_text('{"version": 99}')
    with pytest.raises(SettingsInvalid, match="version"):
        load_settings(file)
    file.write_text("{broken")
    with pytest.raises(SettingsInvalid, match="cannot be read"):
        load_settings(file)


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Sink

    class Keep(Sink):
        def __init__(self) -> None:
            self.messages: list[tuple[str, list[str], bytes]] = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append((envelope.mail_from, list(envelope.rcpt_tos),
                                  envelope.original_content))
            return "250 OK"

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    handler = Keep()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, SmtpSettings("127.0.0.1", port, SmtpSecurity.NONE)
    finally:
        controller.stop()


def test_sending_needs_confirmation_then_goes_to_the_local_server(smtp_server, samples) -> None:
    handler, smtp = smtp_server
    draft = draft_notice(samples.request_for(NoticeTarget.AUTHORITY), NoticeTarget.AUTHORITY,
                         "kk", now=samples.NOW)
    with pytest.raises(SendRefused, match="confirmation"):
        send_eml(draft.eml, smtp, confirmed=False)
    assert handler.messages == []
    sent_to = send_eml(draft.eml, smtp, confirmed=True)
    assert sent_to == ("kense@mci.gov.kz", "kense@adilet.gov.kz")
    [(mail_from, rcpts, content)] = handler.messages
    assert mail_from == samples.SENDER.email and rcpts == list(sent_to)
    msg = email.message_from_bytes(content, policy=policy.default)
    assert msg["Subject"] == draft.subject
    assert [a.get_content() for a in msg.iter_attachments()] == [draft.pdf]


def test_no_server_configured_is_refused(samples) -> None:
    draft = draft_notice(samples.request_for(NoticeTarget.TELEGRAM), NoticeTarget.TELEGRAM,
                         "en", now=samples.NOW)
    with pytest.raises(SendRefused, match="no SMTP server"):
        send_eml(draft.eml, SmtpSettings(), confirmed=True)
