"""A member's review report: built from the notes, the form and the sessions, rendered as
a PDF by the product's document renderer, signed by the member and by the station.

Signature: a *detached* file beside the PDF, ``REPORT.pdf.sig`` (format in
docs/formats/review-signature.md). It carries the SHA-256 of the PDF, the report's facts
as canonical JSON (:mod:`screeningroom.review.facts`), the member's public key and her
Ed25519 signature, and the station's id, public key, certificate and Ed25519 signature
over all of that (the member's signature included). Checking: :mod:`.verify`; the
export with the member's password and its audit record: :mod:`.signing`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from screeningroom.registry.canonical import canonical_json
from screeningroom.review.audit import SessionLike
from screeningroom.review.errors import NotMembersSession, NotWatched, ReviewBadInput
from screeningroom.review.ids import session_hex
from screeningroom.review.model import Film, Note, ReviewForm, SessionSpan
from screeningroom.review.rules import check_form
from screeningroom.review.store import ReviewStore
from screeningroom.vault.files import atomic_write
from screeningroom_resources.i18n import _

SIGNATURE_FORMAT = "screeningroom-review-signature"
SIGNATURE_VERSION = 2
READABLE_VERSIONS = (1, 2)
#: What the station signs, by version: this prefix and the canonical JSON of the body.
STATION_PREFIX = {1: b"SRREVIEW\x01", 2: b"SRREVIEW\x02"}
#: What the member signs (version 2): this prefix and the body without both signatures.
MEMBER_PREFIX = b"SRREVIEW-MEMBER\x02"


class SessionSource(Protocol):
    """What the report needs of the registry (the registry's ``Registry`` fits)."""

    def sessions(self) -> Iterable[SessionLike]: ...


class ReportSigner(Protocol):
    """The station (the vault's ``Station`` fits)."""

    @property
    def station_id(self) -> str: ...

    @property
    def signing_public_key(self) -> bytes: ...

    def sign(self, data: bytes) -> bytes: ...


class MemberSigner(Protocol):
    """The member's opened key (:class:`screeningroom.review.member_keys.MemberKey`)."""

    member_id: str
    public_key: bytes

    def sign(self, data: bytes) -> bytes: ...


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
    withdrawn: tuple[Note, ...]
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
    pdf_sha256: str


def signature_path(pdf: Path) -> Path:
    return pdf.with_name(pdf.name + ".sig")


def member_spans(sessions: SessionSource, member_id: str, film_id: str
                 ) -> tuple[SessionSpan, ...]:
    """The member's sessions of the film, oldest first."""
    return tuple(sorted(
        (SessionSpan(s.session_id, s.started_at, s.ended_at) for s in sessions.sessions()
         if s.member_id == member_id and s.film_id == film_id),
        key=lambda s: s.started_at))


def watched_seconds(sessions: SessionSource, member_id: str, film_id: str,
                    now: datetime | None = None) -> int:
    """Seconds the member spent in sessions of the film (an open session counts to now)."""
    until = now or datetime.now(UTC)
    return sum(s.seconds(until) for s in member_spans(sessions, member_id, film_id))


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
    """The member's report on ``film``. Refused: a form the rules do not accept, a note
    on a session that is not the member's session of this film, a film the member has
    not watched here."""
    notes = store.notes(member_id=member_id, film_id=film.film_id)
    form = store.form(film.film_id, member_id)
    created = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    ordered = member_spans(sessions, member_id, film.film_id)
    own = {s.session_id for s in ordered}
    for note in notes:
        if note.session_id not in own:
            raise NotMembersSession(session_hex(note.session_id), member_id, film.film_id)
    if sum(s.seconds(created) for s in ordered) <= 0:
        raise NotWatched(member_id, film.title)
    withdrawn = tuple(store.notes(member_id=member_id, film_id=film.film_id, withdrawn=True))
    check_form(form, notes, film, withdrawn=withdrawn)
    return ReviewReport(
        film=film, member_id=member_id, member_name=member_name, station_id=station_id,
        room=room, sessions=ordered, notes=tuple(notes), withdrawn=withdrawn,
        form=form, created_at=created, language=language,
    )


def render_pdf(report: ReviewReport, *, language: str | None = None) -> bytes:
    """The report as PDF bytes in ``language`` (default: the report's)."""
    from screeningroom.review.report_doc import render_report_pdf

    return render_report_pdf(report, language or report.language)


def signature_body(report: ReviewReport, pdf: bytes, signer: ReportSigner,
                   member: MemberSigner, certificate: bytes | None) -> dict[str, object]:
    import base64

    from screeningroom.review.facts import facts_json

    return {
        "format": SIGNATURE_FORMAT,
        "version": SIGNATURE_VERSION,
        "pdf_sha256": hashlib.sha256(pdf).hexdigest(),
        "facts": facts_json(report),
        "station_id": signer.station_id,
        "signing_public_key": signer.signing_public_key.hex(),
        "certificate": base64.b64encode(certificate).decode("ascii") if certificate else "",
        "member_public_key": member.public_key.hex(),
    }


def member_signed_bytes(body: dict[str, object]) -> bytes:
    unsigned = {k: v for k, v in body.items() if k not in ("member_signature", "signature")}
    return MEMBER_PREFIX + canonical_json(unsigned)


def station_signed_bytes(body: dict[str, object], version: int) -> bytes:
    return STATION_PREFIX[version] + canonical_json(
        {k: v for k, v in body.items() if k != "signature"})


def sign(report: ReviewReport, pdf: bytes, signer: ReportSigner, member: MemberSigner,
         certificate: bytes | None = None) -> bytes:
    """The ``.sig`` file's bytes for ``pdf``: the member signs, then the station."""
    if member.member_id != report.member_id:
        raise ReviewBadInput(_("A report of member {member} is signed only with that "
                               "member's own key.").format(member=report.member_id))
    body = signature_body(report, pdf, signer, member, certificate)
    body["member_signature"] = member.sign(member_signed_bytes(body)).hex()
    body["signature"] = signer.sign(station_signed_bytes(body, SIGNATURE_VERSION)).hex()
    return canonical_json(body) + b"\n"


def check_out_path(out: Path | str) -> Path:
    out = Path(out)
    if out.suffix.lower() != ".pdf":
        raise ReviewBadInput(_("A review report is written as a .pdf file: {path}").format(
            path=out))
    return out


def write_signed_pdf(out: Path, pdf: bytes, sig: bytes) -> Path:
    """Write ``out`` (the PDF) and ``out.sig``; each is written whole or not at all.
    Returns the signature's path."""
    atomic_write(out, pdf, mode=0o600)
    atomic_write(signature_path(out), sig, mode=0o600)
    return signature_path(out)


def write_report(out: Path, pdf: bytes, sig: bytes, report: ReviewReport) -> ExportedReport:
    return ExportedReport(out, write_signed_pdf(out, pdf, sig), report,
                          hashlib.sha256(pdf).hexdigest())


def read_signature(data: bytes) -> dict[str, object]:
    """The ``.sig`` file parsed (raises ValueError when it is not one)."""
    parsed = json.loads(data.decode("utf-8"))
    if not isinstance(parsed, dict) or parsed.get("format") != SIGNATURE_FORMAT:
        raise ValueError("not a review report signature")
    return parsed
