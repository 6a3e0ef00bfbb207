"""The station's way to export a member's signed report: :func:`export_signed_report`.

1. The member's password is checked by the registry (a wrong one counts towards the
   lock-out and is recorded, as at login; a right one is recorded as a login).
2. Her own key is opened with the same password (made and sealed the first time:
   :mod:`screeningroom.review.member_keys`).
3. The report is built and refused if the rules do not hold, rendered, signed by her
   key, then by the station.
4. The signed audit log records ``report_signed`` (member, film, the PDF's SHA-256, her
   public key, the number of notes and of withdrawn notes) before the files are written,
   so every report on disk has its record; ``review verify`` checks that it does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from screeningroom.review.member_keys import MemberKeys
from screeningroom.review.model import Film
from screeningroom.review.report import (
    ExportedReport,
    ReportSigner,
    build_report,
    check_out_path,
    render_pdf,
    sign,
    write_report,
)
from screeningroom.review.store import ReviewStore


def export_signed_report(
    *,
    registry: Any,
    store: ReviewStore,
    keys: MemberKeys,
    station: ReportSigner,
    film: Film,
    member_id: str,
    password: str,
    out: Path | str,
    language: str,
    certificate: bytes | None = None,
    room: str = "",
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ExportedReport:
    """Check the password, sign with the member's key and the station's, record it,
    write ``out`` and ``out.sig``. ``registry`` is the station's open Registry."""
    out = check_out_path(out)
    step = progress or (lambda done, total: None)
    step(0, 4)
    member = registry.authenticate(member_id, password)
    key = keys.open_key(member_id, password)
    step(1, 4)
    report = build_report(store, registry, film, member_id, member_name=member.full_name,
                          station_id=station.station_id,
                          room=room or str(getattr(station, "room", "")),
                          language=language, now=now)
    pdf = render_pdf(report)
    step(2, 4)
    sig = sign(report, pdf, station, key, certificate)
    registry.record_report_signed(member_id, film.film_id, {
        "pdf_sha256": hashlib.sha256(pdf).hexdigest(),
        "member_key": key.public_key.hex(),
        "new_member_key": key.new,
        "language": language,
        "notes": len(report.notes),
        "withdrawn_notes": len(report.withdrawn),
        "file": out.name,
    }, now=now)
    step(3, 4)
    done = write_report(out, pdf, sig, report)
    step(4, 4)
    return done
