"""The text of a PDF (pypdf), pages joined and runs of white space made one space."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf


def pdf_text(pdf: bytes | Path) -> str:
    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
