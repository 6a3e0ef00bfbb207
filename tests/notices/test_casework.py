"""Notices drafted from a desk case, through the command line: only for a copy identified
as a registered film; the work's details from the film's record; every statement of fact
conditional on the case's record; the evidence attached where the notice says so; every
re-draft a new version; drafting and sending move the case on."""

from __future__ import annotations

import email
import io
import shutil
import socket
import sys
import zipfile
from datetime import UTC, datetime, timedelta
from email import policy
from pathlib import Path

import pytest

TAKEDOWN_TESTS = Path(__file__).resolve().parents[1] / "takedown"
sys.path.insert(0, str(TAKEDOWN_TESTS))
from clipmaker import Attack, attacked_copy, read_frames, synthetic_frames, write_clip  # noqa: E402
from deskworld import PASS, make_world, marked_frames  # noqa: E402

from takedown.cli import main  # noqa: E402
from takedown.notices import SenderProfile  # noqa: E402
from takedown.notices.settings import NoticeSettings, SmtpSecurity, SmtpSettings  # noqa: E402

SENDER = SenderProfile(organisation="Qazaqfilm anti-piracy", person="Aigerim Seitkali",
                       email="antipiracy@qazaqfilm.example.kz", phone="+7 717 200 00 00",
                       address="Astana, Mangilik El 8", signature="/s/ A. Seitkali")


@pytest.fixture(scope="module")
def prepared(tmp_path_factory, sample_clip: Path) -> tuple[Path, dict[str, str]]:
    """A desk home with two cases: a traced Telegram leak and a clip of no film."""
    from takedown.desk import Desk
    from takedown.notices.settings import save_settings

    home = tmp_path_factory.mktemp("home")
    now = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    world = make_world(home, sample_clip, desk_folder="station", now=now)
    screen = write_clip(home / "screen.mp4", marked_frames(read_frames(sample_clip),
                                                           world.watermark_key,
                                                           world.session_id), crf=16)
    leak = attacked_copy(screen, home / "leak.mp4", Attack(height=240, crop=0.04, crf=30),
                         start=1.0, end=7.5)
    other = write_clip(home / "other.mp4", synthetic_frames(77, 8.0, fps=12), fps=12)
    with Desk.open(home / "desk", station=lambda: world.desk_station,
                   station_folder=world.desk_folder) as desk:
        desk.import_audit(world.bundle)
        desk.index_film(world.screener)
        traced = desk.scan(leak, "https://t.me/kino_leaks/77", views=1200)
        desk.scan(leak, "https://kinogo.example/film/77")  # the same copy on a website
        found = desk.scan(other, "https://t.me/kino_leaks/80")
    save_settings(NoticeSettings(sender=SENDER, authority_email="info@mci.example.kz"),
                  home / "desk" / "notices.json")
    return home, {"traced": traced.case_id, "found": found.case_id}


@pytest.fixture
def home(prepared, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copy = tmp_path / "home"
    shutil.copytree(prepared[0], copy)
    monkeypatch.setenv("SCREENINGROOM_HOME", str(copy))
    monkeypatch.setenv("SCREENINGROOM_PASSPHRASE", PASS)
    return copy


@pytest.fixture
def cases(prepared) -> dict[str, str]:
    return prepared[1]


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def _case(home: Path, case_id: str):
    from takedown.desk import Desk

    with Desk.open(home / "desk", station_folder=home / "station") as desk:
        return desk.case(case_id), desk.store.notices.of_case(case_id)


def test_a_notice_is_refused_for_a_clip_no_film_matches(home, cases, capsys) -> None:
    code, _out, err = _run(capsys, "notice", "draft", cases["found"], "--to", "telegram")
    assert code == 2 and "not identified as a registered film" in err
    assert "Traceback" not in err and not (home / "desk" / "notices").exists()
    # a title typed on the command line cannot make it one
    with pytest.raises(SystemExit):
        main(["notice", "draft", cases["found"], "--to", "telegram", "--title", "Тихий берег"])


def test_the_work_comes_from_the_films_record(home, cases, capsys) -> None:
    code, out, err = _run(capsys, "notice", "draft", cases["traced"], "--to", "telegram",
                          "--lang", "en")
    assert code == 2 and "work.distribution_certificate" in err  # not recorded yet
    code, out, err = _run(capsys, "film", "KZ-F-0042", "--certificate", "No. 117 of 1 April 2026")
    assert code == 0 and "No. 117 of 1 April 2026" in out
    code, out, err = _run(capsys, "notice", "draft", cases["traced"], "--to", "telegram",
                          "--lang", "en")
    assert code == 0, err
    _c, notices = _case(home, cases["traced"])
    body = _body(notices[0].eml)
    for fact in ("Тихий берег", "Qazaqfilm", "ПУ-2026-117", "No. 117 of 1 April 2026"):
        assert fact in body, fact
    assert "https://t.me/kino_leaks/77" in body and "kinogo.example" not in body


def test_the_registrar_notice_says_others_were_notified_only_when_they_were(
        home, cases, capsys, tmp_path) -> None:
    whois = tmp_path / "whois.txt"
    whois.write_text("Domain Name: KINOGO.EXAMPLE\nRegistrar: Example Registrar LLC\n"
                     "Registrar Abuse Contact Email: abuse@registrar.example\n"
                     "Registrant Email: owner@kinogo.example\n", encoding="utf-8")
    code, _out, err = _run(capsys, "notice", "draft", cases["traced"], "--to", "registrar",
                           "--lang", "en", "--whois", str(whois))
    assert code == 0, err
    _c, notices = _case(home, cases["traced"])
    body = _body(notices[-1].eml)
    assert "notified" not in body  # no notice was sent to the site or its host
    # the site's operator is sent a notice; the next registrar draft says so, and only that
    code, _out, err = _run(capsys, "notice", "draft", cases["traced"], "--to", "site",
                           "--lang", "en", "--whois", str(whois))
    assert code == 0, err
    _c, notices = _case(home, cases["traced"])
    site = next(n for n in notices if n.target == "site")
    from takedown.desk import Desk
    from takedown.notices.casework import record_sent

    with Desk.open(home / "desk", station_folder=home / "station") as desk:
        record_sent(desk, Path(site.eml).read_bytes(), ["owner@kinogo.example"],
                    now=datetime.now(UTC))
    _run(capsys, "notice", "draft", cases["traced"], "--to", "registrar", "--lang", "en",
         "--whois", str(whois))
    _c, notices = _case(home, cases["traced"])
    newest = max((n for n in notices if n.target == "registrar"), key=lambda n: n.version)
    body = _body(newest.eml)
    assert "The site's operator has been notified." in body
    assert "hosting provider has been notified" not in body
    assert "hosting provider have been notified" not in body


def _body(eml: str) -> str:
    msg = email.message_from_bytes(Path(eml).read_bytes(), policy=policy.default)
    return msg.get_body(("plain",)).get_content()


def test_the_authority_notice_attaches_the_report_and_bundle_it_says_are_attached(
        home, cases, capsys) -> None:
    _run(capsys, "film", "KZ-F-0042", "--certificate", "No. 117 of 1 April 2026")
    code, _out, err = _run(capsys, "notice", "draft", cases["traced"], "--to", "authority",
                          "--lang", "en")
    assert code == 0, err
    _c, notices = _case(home, cases["traced"])
    msg = email.message_from_bytes(Path(notices[0].eml).read_bytes(), policy=policy.default)
    body = msg.get_body(("plain",)).get_content()
    assert "are attached to this request." in body
    attached = {a.get_filename(): a.get_content() for a in msg.iter_attachments()}
    bundle = next(name for name in attached if name.endswith(".zip"))
    report = next(name for name in attached if name.endswith("-report.pdf"))
    assert attached[report][:5] == b"%PDF-"
    with zipfile.ZipFile(io.BytesIO(attached[bundle])) as zf:
        assert "report.pdf" in zf.namelist() and zf.read("report.pdf") == attached[report]
    assert set(notices[0].attachments) >= {bundle, report}


def test_redrafting_keeps_every_version_and_drafting_and_sending_move_the_case(
        home, cases, capsys) -> None:
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Sink

    from takedown.cases import CaseStatus
    from takedown.notices.settings import load_settings, save_settings

    _run(capsys, "film", "KZ-F-0042", "--certificate", "No. 117 of 1 April 2026")
    for _ in range(2):
        code, out, err = _run(capsys, "notice", "draft", cases["traced"], "--to", "telegram",
                              "--lang", "ru")
        assert code == 0, err
    assert "version 2" in out
    case, notices = _case(home, cases["traced"])
    assert case.status is CaseStatus.NOTICE_DRAFTED
    first, second = notices
    assert (first.version, second.version) == (1, 2) and first.eml != second.eml
    assert Path(first.eml).is_file() and Path(second.eml).is_file()

    class Keep(Sink):
        def __init__(self) -> None:
            self.messages: list[bytes] = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(envelope.original_content)
            return "250 OK"

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings = load_settings(home / "desk" / "notices.json")
        save_settings(NoticeSettings(sender=settings.sender,
                                     authority_email=settings.authority_email,
                                     smtp=SmtpSettings("127.0.0.1", port, SmtpSecurity.NONE)),
                      home / "desk" / "notices.json")
        code, out, err = _run(capsys, "notice", "send", second.eml, "--yes")
    finally:
        controller.stop()
    assert code == 0, err
    case, notices = _case(home, cases["traced"])
    assert case.status is CaseStatus.SENT
    assert notices[1].sent_at is not None and notices[0].sent_at is None
    assert "dmca@telegram.org" in notices[1].sent_to
    assert [e.status for e in case.events][-2:] == [CaseStatus.NOTICE_DRAFTED, CaseStatus.SENT]


@pytest.mark.parametrize("name", ["Evil Registrar\r\nBcc: victim@example.org",
                                  "Evil\x00Registrar", "Evil\u2028Registrar",
                                  "Evil\x85Bcc: victim@example.org",  # NEL, a C1 line break
                                  "Evil\ud800Registrar"])  # an escaped lone surrogate
def test_control_characters_in_pasted_contacts_are_a_clear_error(home, cases, capsys,
                                                                 tmp_path, name) -> None:
    import json

    rdap = tmp_path / "rdap.json"
    rdap.write_text(json.dumps({
        "objectClassName": "domain", "ldhName": "kinogo.example",
        "entities": [{"roles": ["registrar"], "vcardArray": ["vcard", [
            ["fn", {}, "text", name], ["email", {}, "text", "abuse@registrar.example"]]]}]}))
    _run(capsys, "film", "KZ-F-0042", "--certificate", "No. 117 of 1 April 2026")
    code, _out, err = _run(capsys, "notice", "draft", cases["traced"], "--to", "registrar",
                           "--lang", "en", "--whois", str(rdap))
    assert code == 2 and "Traceback" not in err
    assert "recipient.name" in err and "control character" in err
    assert _case(home, cases["traced"])[1] == ()
