"""The renderer: autoescaping, Kazakh text extracted back from the PDF, images, errors."""

from __future__ import annotations

import email
import io
from email import policy

import pypdf
import pytest

from screeningroom.documents import (
    Address,
    Attachment,
    BadImage,
    DocumentError,
    FontMissing,
    TemplateMissing,
    build_eml,
    find_fonts,
    html_to_text,
    image_src,
)
from screeningroom.documents.pdf import html_to_pdf


def test_kazakh_letters_come_back_from_the_pdf() -> None:
    text = "Қазақ әріптері: ә ғ қ ң ө ұ ү һ і Ә Ғ Қ Ң Ө Ұ Ү Һ І; русский текст: съешь ещё"
    pdf = html_to_pdf(f"<p>{text}</p>", lang="kk")
    extracted = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert text in " ".join(extracted.split())


def test_html_to_text_keeps_structure_and_decodes_entities() -> None:
    html = "<h1>T</h1><p>a &lt;b&gt; &amp; c<br>d</p><ol><li>one</li><li>two</li></ol>"
    assert html_to_text(html) == "T\n\na <b> & c\nd\n\n1. one\n2. two\n"


def test_images_must_be_png_or_jpeg() -> None:
    with pytest.raises(BadImage):
        image_src(b"GIF89a....")
    assert image_src(b"\x89PNG\r\n\x1a\nxx").startswith("data:image/png;base64,")


def test_unknown_template_is_named() -> None:
    from screeningroom.documents import render_pdf

    with pytest.raises(TemplateMissing, match=r"nothing/here\.html"):
        render_pdf("nothing/here.html", {}, "kk")


def test_missing_font_gives_an_actionable_error(tmp_path) -> None:
    with pytest.raises(FontMissing, match="fonts-dejavu-core"):
        find_fonts((tmp_path,))


def test_eml_parses_back_and_refuses_a_bad_address() -> None:
    raw = build_eml(sender=Address("desk@example.kz", "Десk"), to=[Address("a@b.kz")],
                    subject=("Хабарлама " * 12).strip(), body="Сәлем\n",
                    attachments=[Attachment("x.pdf", b"%PDF-1.4")])
    msg = email.message_from_bytes(raw, policy=policy.default)
    assert msg["Subject"] == ("Хабарлама " * 12).strip()
    assert [a.get_content() for a in msg.iter_attachments()] == [b"%PDF-1.4"]
    with pytest.raises(DocumentError, match="not an e-mail address"):
        build_eml(sender=Address("desk"), to=[Address("a@b.kz")], subject="s", body="b")
