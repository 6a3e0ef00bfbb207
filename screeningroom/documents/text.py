"""Plain text from the documents' HTML: the body of an e-mail, a preview on screen.

The same template makes the PDF and the text, so the legal wording exists once.
Paragraphs and headings become blocks separated by a blank line, list items get a
bullet or their number, table cells are joined with " | ", ``<br>`` breaks a line.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "pre",
           "blockquote", "section", "header", "footer", "dl"}
_SKIP = {"head", "title", "style", "script"}
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


class _TextBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.line: list[str] = []
        self.skip = 0
        self.pre = 0
        self.lists: list[list[int | None]] = []  # per open list: [counter or None]
        self.cells: list[str] | None = None
        self.cell: list[str] | None = None

    # -- helpers ----------------------------------------------------------------------
    def _flush(self) -> None:
        text = "".join(self.line)
        if not self.pre:
            text = _SPACES.sub(" ", text).strip()
        if text:
            self.lines.append(text)
        self.line = []

    def _blank(self) -> None:
        self._flush()
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def _emit(self, text: str) -> None:
        if self.cell is not None:
            self.cell.append(text)
        else:
            self.line.append(text)

    # -- parser callbacks -------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag == "br":
            if self.cell is not None:
                self.cell.append(" ")
            else:
                self._flush()
        elif tag == "hr":
            self._blank()
            self.lines.extend(["-" * 40, ""])
        elif tag in ("ul", "ol"):
            self._blank() if not self.lists else self._flush()
            self.lists.append([1 if tag == "ol" else None])
        elif tag == "li":
            self._flush()
            marker = "•"
            if self.lists and self.lists[-1][0] is not None:
                number = self.lists[-1][0]
                marker = f"{number}."
                self.lists[-1][0] = number + 1
            indent = "  " * max(0, len(self.lists) - 1)
            self.line.append(f"{indent}{marker} ")
        elif tag == "tr":
            self._flush()
            self.cells = []
        elif tag in ("td", "th"):
            self.cell = []
        elif tag in ("dt", "dd"):
            self._flush()
            if tag == "dd":
                self.line.append("    ")
        elif tag in _BLOCKS:
            self._blank()
            if tag == "pre":
                self.pre += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self._blank() if not self.lists else self._flush()
        elif tag == "li":
            self._flush()
        elif tag in ("td", "th"):
            if self.cell is not None and self.cells is not None:
                self.cells.append(_SPACES.sub(" ", "".join(self.cell)).strip())
            self.cell = None
        elif tag == "tr":
            if self.cells is not None:
                self.lines.append(" | ".join(self.cells))
            self.cells = None
        elif tag in _BLOCKS:
            if tag == "pre":
                self.pre = max(0, self.pre - 1)
            self._blank()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self._emit(data)

    def text(self) -> str:
        self._flush()
        while self.lines and self.lines[-1] == "":
            self.lines.pop()
        while self.lines and self.lines[0] == "":
            self.lines.pop(0)
        return "\n".join(self.lines) + "\n"


def html_to_text(html: str) -> str:
    """Readable plain text of ``html`` (entities decoded, markup dropped)."""
    builder = _TextBuilder()
    builder.feed(html)
    builder.close()
    return builder.text()
