"""A member's review report: built from the notes, the form and the sessions, rendered as
a PDF by the product's document renderer, and signed with the station key.

Signature: a *detached* file beside the PDF, ``REPORT.pdf.sig`` (format in
docs/formats/review-signature.md). It carries the SHA-256 of the PDF, the report's facts
as canonical JSON (what :func:`screeningroom.review.verify.verify_report` checks against
the audit log), the station's id, public key and certificate, and an Ed25519 signature by
the station over all of that.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from screeningroom.registry.canonical import canonical_json, iso
from screeningroom.review.errors import ReviewBadInput
from screeningroom.review.law import (
    AGE_CATEGORIES,
    age_criteria,
    age_restrictions,
)
from screeningroom.review.model import Film, Note, ReviewForm
from screeningroom.review.rules import check_form
from screeningroom.review.store import ReviewStore, form_to_json
from screeningroom_resources.i18n import _

SIGNATURE_FORMAT = "screeningroom-review-signature"
SIGNATURE_VERSION = 1
SIGNED_PREFIX = b"SRREVIEW\x01"
TEMPLATE = "review/report.html"


class SessionLike(Protocol):
    session_id: int
    member_id: str
    film_id: str
    started_at: datetime
    ended_at: datetime | None


class SessionSource(Protocol):
    """What the report needs of the registry (the registry's ``Registry`` fits)."""

    def sessions(self) -> Iterable[SessionLike]: ...

    def session(self, session_id: int) -> SessionLike: ...


class ReportSigner(Protocol):
    """The station (the vault's ``Station`` fits)."""

    @property
    def station_id(self) -> str: ...

    @property
    def signing_public_key(self) -> bytes: ...

    def sign(self, data: bytes) -> bytes: ...


@dataclass(frozen=True)
class SessionSpan:
    session_id: int
    started_at: datetime
    ended_at: datetime | None

    @property
    def short_id(self) -> str:
        return f"{self.session_id:016x}"

    def seconds(self, until: datetime) -> int:
        end = self.ended_at or until
        return max(0, int((end - self.started_at).total_seconds()))


@dataclass(frozen=True)
class ReviewReport:
    """Everything one member's report says."""

    film: Film
    member_id: str
    member_name: str
    station_id: str
    room: str
    sessions: tuple[SessionSpan, ...]
    notes: tuple[Note, ...]
    form: ReviewForm
    created_at: datetime
    language: str = "kk"

    @property
    def watched_seconds(self) -> int:
        return sum(s.seconds(self.created_at) for s in self.sessions)


@dataclass(frozen=True)
class ExportedReport:
    pdf: Path
    signature: Path
    report: ReviewReport


def signature_path(pdf: Path) -> Path:
    return pdf.with_name(pdf.name + ".sig")


def build_report(
    store: ReviewStore,
    sessions: SessionSource,
    film: Film,
    member_id: str,
    *,
    member_name: str,
    station_id: str,
    room: str,
    language: str = "kk",
    now: datetime | None = None,
) -> ReviewReport:
    """The member's report on ``film``; refuses a form the rules do not accept."""
    notes = store.notes(member_id=member_id, film_id=film.film_id)
    form = store.form(film.film_id, member_id)
    check_form(form, notes)
    spans = {
        s.session_id: SessionSpan(s.session_id, s.started_at, s.ended_at)
        for s in sessions.sessions()
        if s.member_id == member_id and s.film_id == film.film_id
    }
    for note in notes:
        if note.session_id not in spans:
            s = sessions.session(note.session_id)
            spans[s.session_id] = SessionSpan(s.session_id, s.started_at, s.ended_at)
    created = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    return ReviewReport(
        film=film, member_id=member_id, member_name=member_name, station_id=station_id,
        room=room, sessions=tuple(sorted(spans.values(), key=lambda s: s.started_at)),
        notes=tuple(notes), form=form, created_at=created, language=language,
    )


def facts(report: ReviewReport) -> dict[str, object]:
    """The report's facts as plain data (no floats), as signed in the ``.sig`` file."""
    return {
        "film": {
            "film_id": report.film.film_id,
            "title": report.film.title,
            "register_no": report.film.register_no,
            "duration_ms": round(report.film.duration_seconds * 1000),
            "declared_age": report.film.declared_age.value if report.film.declared_age else None,
            "length": report.film.length.value,
        },
        "member_id": report.member_id,
        "member_name": report.member_name,
        "station_id": report.station_id,
        "room": report.room,
        "created_at": iso(report.created_at),
        "language": report.language,
        "sessions": [
            {"session_id": s.short_id, "started_at": iso(s.started_at),
             "ended_at": iso(s.ended_at) if s.ended_at else None}
            for s in report.sessions
        ],
        "watched_seconds": report.watched_seconds,
        "notes": [
            {"note_id": n.note_id, "session_id": f"{n.session_id:016x}", "time_ms": n.time_ms,
             "category": n.category.value, "severity": n.severity.value, "text": n.text}
            for n in report.notes
        ],
        "form": form_to_json(report.form),
    }


def _hms(seconds: int) -> str:
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def render_pdf(report: ReviewReport, *, language: str | None = None) -> bytes:
    """The report as PDF bytes in ``language`` (default: the report's)."""
    from screeningroom.documents import render_pdf as _render

    lang = language or report.language
    form = report.form
    notes_by_id = {n.note_id: n for n in report.notes}
    context = {
        "report": report,
        "film": report.film,
        "form": form,
        "watched": _hms(report.watched_seconds),
        "notes": report.notes,
        "categories": AGE_CATEGORIES,
        "criteria": age_criteria,
        "restrictions": age_restrictions,
        "language_problems": None,
        "grounds": [
            (g.ground, [notes_by_id[i] for i in g.note_ids if i in notes_by_id])
            for g in form.grounds
        ],
    }
    from screeningroom_resources.i18n import language as in_language

    with in_language(lang):
        context["language_problems"] = form.language.problems()
        footer = _("Review report {film} / {member}").format(
            film=report.film.register_no or report.film.film_id, member=report.member_id)
    return _render(TEMPLATE, context, lang, footer=footer, now=report.created_at)


def signature_body(report: ReviewReport, pdf: bytes, signer: ReportSigner,
                   certificate: bytes | None) -> dict[str, object]:
    return {
        "format": SIGNATURE_FORMAT,
        "version": SIGNATURE_VERSION,
        "pdf_sha256": hashlib.sha256(pdf).hexdigest(),
        "facts": facts(report),
        "station_id": signer.station_id,
        "signing_public_key": signer.signing_public_key.hex(),
        "certificate": base64.b64encode(certificate).decode("ascii") if certificate else "",
    }


def signed_bytes(body: dict[str, object]) -> bytes:
    """What the station signs: a fixed prefix and the canonical JSON of the body."""
    return SIGNED_PREFIX + canonical_json(body)


def sign(report: ReviewReport, pdf: bytes, signer: ReportSigner,
         certificate: bytes | None = None) -> bytes:
    """The ``.sig`` file's bytes for ``pdf``."""
    body = signature_body(report, pdf, signer, certificate)
    signature = signer.sign(signed_bytes(body))
    return canonical_json({**body, "signature": signature.hex()}) + b"\n"


def export_report(
    report: ReviewReport,
    out: Path | str,
    signer: ReportSigner,
    *,
    certificate: bytes | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ExportedReport:
    """Write ``out`` (the PDF) and ``out.sig``; each is written whole or not at all."""
    out = Path(out)
    if out.suffix.lower() != ".pdf":
        raise ReviewBadInput(_("A review report is written as a .pdf file: {path}").format(
            path=out))
    if progress:
        progress(0, 3)
    pdf = render_pdf(report)
    if progress:
        progress(1, 3)
    sig = sign(report, pdf, signer, certificate)
    out.parent.mkdir(parents=True, exist_ok=True)
    _write_atomic(out, pdf)
    _write_atomic(signature_path(out), sig)
    if progress:
        progress(3, 3)
    return ExportedReport(out, signature_path(out), report)


def _write_atomic(path: Path, data: bytes) -> None:
    import os
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_signature(data: bytes) -> dict[str, object]:
    """The ``.sig`` file parsed (raises ValueError when it is not one)."""
    parsed = json.loads(data.decode("utf-8"))
    if not isinstance(parsed, dict) or parsed.get("format") != SIGNATURE_FORMAT:
        raise ValueError("not a review report signature")
    return parsed
