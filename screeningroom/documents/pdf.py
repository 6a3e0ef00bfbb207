"""HTML (from a template) to PDF with fpdf2 and the DejaVu font.

fpdf2 is pure Python, embeds TrueType subsets with a ToUnicode map (so the text can be
searched and extracted back, Kazakh letters included) and lays out the simple HTML our
templates use: headings, paragraphs, lists, tables, images. Nothing is fetched: the
renderer may load no file and no URL; images come inline as ``data:`` URIs.
"""

from __future__ import annotations

import datetime as _dt
import logging
from html.parser import HTMLParser

from fpdf import FPDF
from fpdf.enums import ResourceAccessPolicy
from fpdf.errors import FPDFException
from fpdf.fonts import FontFace, TextStyle

from screeningroom.documents.errors import DocumentError
from screeningroom.documents.fonts import find_fonts
from screeningroom_resources.i18n import _

FAMILY = "DejaVu"
MONO_FAMILY = "DejaVuMono"


class _Page(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(110)
        self.cell(0, 6, f"{self.footer_text}   {self.page_no()} / {{nb}}", align="R")
        self.set_text_color(0)


_INK = "#1b2a41"


def _tag_styles() -> dict[str, FontFace]:
    return {
        "h1": TextStyle(font_family=FAMILY, font_style="B", font_size_pt=15, color=_INK,
                        t_margin=2, b_margin=2),
        "h2": TextStyle(font_family=FAMILY, font_style="B", font_size_pt=12.5, color=_INK,
                        t_margin=4, b_margin=1),
        "h3": TextStyle(font_family=FAMILY, font_style="B", font_size_pt=11, color=_INK,
                        t_margin=3, b_margin=1),
        "code": FontFace(family=MONO_FAMILY),
        "pre": TextStyle(font_family=MONO_FAMILY, font_size_pt=8.5, t_margin=2),
        "blockquote": TextStyle(color="#333333", l_margin=8, t_margin=2, b_margin=2),
        "a": FontFace(color="#1a4f9c"),
    }


def _title_of(html: str) -> str:
    class _T(HTMLParser):
        inside = False
        title = ""

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.inside = tag == "title"

        def handle_endtag(self, tag: str) -> None:
            self.inside = False

        def handle_data(self, data: str) -> None:
            if self.inside:
                self.title += data

    parser = _T(convert_charrefs=True)
    parser.feed(html)
    return " ".join(parser.title.split())


def html_to_pdf(
    html: str,
    *,
    lang: str,
    footer: str = "",
    now: _dt.datetime | None = None,
) -> bytes:
    """Lay out ``html`` on A4 pages; ``now`` fixes the creation date (tests)."""
    fonts = find_fonts()
    pdf = _Page(orientation="portrait", unit="mm", format="A4")
    pdf.resource_access_policy = ResourceAccessPolicy.NONE
    pdf.footer_text = footer
    for style, file in fonts.by_style().items():
        pdf.add_font(FAMILY, style, str(file))
    pdf.add_font(MONO_FAMILY, "", str(fonts.mono))
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_lang(lang)
    title = _title_of(html)
    if title:
        pdf.set_title(title)
    pdf.set_creator("Screening Room")
    when = now or _dt.datetime.now(_dt.UTC)
    pdf.set_creation_date(when if when.tzinfo else when.replace(tzinfo=_dt.UTC))
    pdf.add_page()
    pdf.set_font(FAMILY, "", 10.5)
    logger = logging.getLogger("fpdf.html")
    level = logger.level
    logger.setLevel(logging.ERROR)  # fpdf2 logs a warning for tags it has no use for
    try:
        pdf.write_html(
            html,
            font_family=FAMILY,
            tag_styles=_tag_styles(),
            table_line_separators=True,
            li_prefix_color=(40, 40, 40),
        )
        return bytes(pdf.output())
    except FPDFException as exc:
        raise DocumentError(
            _("The PDF could not be laid out: {reason}").format(reason=str(exc))
        ) from exc
    finally:
        logger.setLevel(level)
