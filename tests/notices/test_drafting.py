"""Every target in every language: the legal elements are there, user text is escaped,
Kazakh and Russian survive the PDF, the .eml parses back with its PDF, the Lumen record
validates, and a missing field is named."""

from __future__ import annotations

import dataclasses
import email
import io
import json
from email import policy
from pathlib import Path

import pypdf
import pytest

from takedown.notices import (
    InvalidNoticeField,
    LumenRecordInvalid,
    MissingNoticeField,
    NoticeTarget,
    draft_notice,
    validate_lumen_json,
    write_drafts,
)

LANGS = ("kk", "ru", "en")
# Phrases that carry the legal elements, by language: good faith, accuracy under penalty
# of perjury, signature, contact.
STATEMENTS = {
    "en": ("good faith belief", "under penalty of perjury", "Signature:"),
    "ru": ("добросовестно полагаю", "лжесвидетельство", "Подпись:"),
    "kk": ("адал сенемін", "жалған айғақ", "Қолы:"),
}
AUTHORITY = {
    "en": ("On cinematography", "On copyright and related rights", "Ministry of Justice"),
    "ru": ("О кинематографии", "Об авторском праве и смежных правах", "Министерство юстиции"),
    "kk": ("Кинематография туралы", "Авторлық құқық және сабақтас құқықтар туралы",
           "Әділет министрлігі"),
}
KAZAKH_LETTERS = "әғқңөұүһі"


def pdf_text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def drafts(samples):
    return {(t, lang): draft_notice(samples.request_for(t), t, lang, now=samples.NOW)
            for t in NoticeTarget for lang in LANGS}


@pytest.fixture(scope="module")
def request_for(samples):
    return samples.request_for


@pytest.fixture(scope="module")
def NOW(samples):
    return samples.NOW


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("target", list(NoticeTarget))
def test_required_elements_are_present(drafts, target, lang, request_for) -> None:
    draft = drafts[(target, lang)]
    request = request_for(target)
    text = flat(draft.text)
    for item in request.items:
        assert item.url in text
    assert request.work.title in text and request.work.rights_holder in text
    for value in (request.sender.person, request.sender.email, request.sender.phone,
                  request.sender.address, request.sender.signature):
        assert value in text
    assert request.evidence.case_id in text
    if target is NoticeTarget.AUTHORITY:
        for phrase in AUTHORITY[lang]:
            assert phrase in text
        for value in ("212-VI", "6-I", request.work.register_number,
                      request.work.distribution_certificate, request.evidence.bundle_sha256,
                      request.evidence.session_id):
            assert value in text
    else:
        assert "512(c)(3)" in text
        for phrase in STATEMENTS[lang]:
            assert phrase in text
        assert request.evidence.session_id not in text  # no session named to third parties
    if target is NoticeTarget.TELEGRAM:
        assert request.work.register_number in text
        assert request.work.distribution_certificate in text
    if target in (NoticeTarget.SITE, NoticeTarget.HOST, NoticeTarget.REGISTRAR):
        assert request.domain in text


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("target", list(NoticeTarget))
def test_pdf_text_comes_back_with_kazakh_and_russian(drafts, target, lang, request_for) -> None:
    draft = drafts[(target, lang)]
    text = flat(pdf_text(draft.pdf))
    request = request_for(target)
    for value in (request.work.title, request.sender.person, request.sender.address):
        assert flat(value) in text
    assert all(letter in text for letter in KAZAKH_LETTERS)
    assert "Великая степь" in text
    body_line = flat(draft.text.splitlines()[-1])
    assert body_line.split()[0] in text


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("target", list(NoticeTarget))
def test_eml_parses_back_with_the_pdf(drafts, target, lang, request_for) -> None:
    draft = drafts[(target, lang)]
    msg = email.message_from_bytes(draft.eml, policy=policy.default)
    request = request_for(target)
    assert msg["Subject"] == draft.subject
    assert request.recipient.email in msg["To"]
    assert request.sender.email in msg["From"]
    assert msg["Message-ID"] and msg["Date"]
    body = msg.get_body(preferencelist=("plain",)).get_content()
    assert flat(body) == flat(draft.text)
    attachments = list(msg.iter_attachments())
    assert [a.get_content_type() for a in attachments] == ["application/pdf"]
    assert attachments[0].get_content() == draft.pdf
    assert attachments[0].get_filename() == f"{draft.stem}.pdf"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("target", list(NoticeTarget))
def test_lumen_record_validates(drafts, target, lang, request_for) -> None:
    record = drafts[(target, lang)].lumen_json
    validate_lumen_json(record)
    notice = json.loads(record)["notice"]
    assert notice["language"] == lang
    urls = [u["url"] for u in notice["works_attributes"][0]["infringing_urls_attributes"]]
    assert urls == [i.url for i in request_for(target).items]
    assert notice["type"] == ("Other" if target is NoticeTarget.AUTHORITY else "DMCA")


def test_a_broken_lumen_record_is_refused() -> None:
    with pytest.raises(LumenRecordInvalid, match="works_attributes"):
        validate_lumen_json(json.dumps({"notice": {
            "title": "t", "type": "DMCA", "subject": "s", "date_sent": "2026-11-23T09:30:00Z",
            "language": "en", "works_attributes": []}}))
    with pytest.raises(LumenRecordInvalid, match=r"notice\.type"):
        validate_lumen_json('{"notice": {"title": "t", "type": "Spam"}}')


EVIL = '<script>alert(1)</script> {{ 7*7 }} <b>bold</b> <img src="x.png"> &amp;'


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("target", list(NoticeTarget))
def test_user_text_is_never_markup(target, lang, request_for, NOW) -> None:
    request = request_for(target)
    work = dataclasses.replace(request.work, title=EVIL, rights_holder="A & B <i>x</i>")
    items = tuple(dataclasses.replace(i, channel=EVIL) for i in request.items)
    request = dataclasses.replace(request, work=work, items=items, notes=EVIL)
    draft = draft_notice(request, target, lang, now=NOW)
    assert EVIL in draft.text  # printed literally, not rendered
    assert "49" not in draft.text.replace("2026-0417", "")
    assert "A & B <i>x</i>" in draft.text
    assert EVIL in flat(pdf_text(draft.pdf))  # the img tag was not loaded as an image
    assert EVIL in draft.subject


@pytest.mark.parametrize("target", list(NoticeTarget))
def test_missing_fields_are_named(target, request_for, NOW) -> None:
    request = request_for(target)
    request = dataclasses.replace(
        request,
        sender=dataclasses.replace(request.sender, phone="", signature=" "),
        work=dataclasses.replace(request.work, register_number=""),
    )
    if target in (NoticeTarget.TELEGRAM, NoticeTarget.AUTHORITY):
        expected = ("sender.phone", "sender.signature", "work.register_number")
    else:
        expected = ("sender.phone", "sender.signature")
    with pytest.raises(MissingNoticeField) as info:
        draft_notice(request, target, "kk", now=NOW)
    assert info.value.fields == expected
    for name in expected:
        assert name in str(info.value)


def test_no_items_and_no_recipient_are_named(request_for, NOW) -> None:
    request = dataclasses.replace(request_for(NoticeTarget.SITE), items=(), domain="")
    request = dataclasses.replace(request, recipient=dataclasses.replace(request.recipient,
                                                                         email=""))
    with pytest.raises(MissingNoticeField) as info:
        draft_notice(request, NoticeTarget.SITE, "en", now=NOW)
    assert set(info.value.fields) == {"items", "recipient.email", "domain"}


def test_a_web_link_is_not_sent_to_telegram(request_for, NOW) -> None:
    request = dataclasses.replace(request_for(NoticeTarget.TELEGRAM),
                                  items=request_for(NoticeTarget.SITE).items)
    with pytest.raises(InvalidNoticeField, match=r"items\[0\]\.url"):
        draft_notice(request, NoticeTarget.TELEGRAM, "en", now=NOW)


def test_a_bad_recipient_address_is_refused(request_for, NOW) -> None:
    request = request_for(NoticeTarget.HOST)
    request = dataclasses.replace(request, recipient=dataclasses.replace(
        request.recipient, email="abuse at host"))
    with pytest.raises(InvalidNoticeField, match=r"recipient\.email"):
        draft_notice(request, NoticeTarget.HOST, "en", now=NOW)


def test_drafts_are_written_whole(tmp_path: Path, drafts) -> None:
    chosen = [drafts[(NoticeTarget.TELEGRAM, lang)] for lang in LANGS]
    files = write_drafts(chosen, tmp_path / "out")
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == sorted(n for f in files for n in (f.eml.name, f.pdf.name, f.lumen.name))
    assert files[0].pdf.read_bytes() == chosen[0].pdf
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(Exception, match="not a folder"):
        write_drafts(chosen, blocker)
