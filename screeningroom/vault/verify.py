"""``explain``: what a vault file is, and whether it is valid -- or exactly why not.

Behind ``screeningroom verify FILE``. Screeners are checked down to every chunk's hash
(no key is needed for that); licenses and certificates also against their validity window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from screeningroom.vault.checks import (
    load_anchor,
    load_certificate_checked,
    load_license_checked,
    load_request_checked,
    load_revocations_checked,
    load_screener_checked,
)
from screeningroom.vault.container import check_chunks
from screeningroom.vault.encoding import (
    MAGIC_ANCHOR,
    MAGIC_CERTIFICATE,
    MAGIC_KEYFILE,
    MAGIC_LICENSE,
    MAGIC_REQUEST,
    MAGIC_REVOCATIONS,
    MAGIC_SCREENER,
    magic_of,
)
from screeningroom.vault.errors import (
    LicenseExpired,
    NotSetUp,
    Reason,
    Revoked,
    UnknownFile,
    VaultError,
    VaultInputError,
)
from screeningroom.vault.keyfile import check_layout
from screeningroom.vault.model import FileKind, TrustAnchor
from screeningroom_resources.i18n import _

KINDS = {
    MAGIC_SCREENER: FileKind.SCREENER,
    MAGIC_LICENSE: FileKind.LICENSE,
    MAGIC_CERTIFICATE: FileKind.CERTIFICATE,
    MAGIC_REVOCATIONS: FileKind.REVOCATIONS,
    MAGIC_ANCHOR: FileKind.ANCHOR,
    MAGIC_REQUEST: FileKind.REQUEST,
    MAGIC_KEYFILE: FileKind.KEY,
}


@dataclass(frozen=True)
class Verdict:
    kind: FileKind
    valid: bool
    reason: Reason | None
    message: str
    details: tuple[tuple[str, str], ...]
    complete: bool = True  # False: only the layout could be checked (an encrypted key)


def kind_of(path: Path) -> FileKind:
    try:
        with Path(path).open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise VaultInputError(_("Cannot read {path}: {error}").format(
            path=path, error=exc.strerror)) from exc
    kind = KINDS.get(magic_of(head))
    if kind is None:
        raise UnknownFile(_("{path} is not a screener, license, certificate or revocation "
                            "list.").format(path=path))
    return kind


def _t(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def explain(
    path: Path,
    anchor: TrustAnchor | None,
    *,
    revocations: Path | None = None,
    now: datetime | None = None,
    progress: Callable[[float, float], None] | None = None,
) -> Verdict:
    """``revocations``: the office's revocation list to check a license or a certificate
    against (the station's or the office's installed one); without one, the verdict says
    it was not checked."""
    path, now = Path(path), now or datetime.now(UTC)
    kind = kind_of(path)
    try:
        details = _check(kind, path, anchor, now, progress)
        if kind in (FileKind.LICENSE, FileKind.CERTIFICATE):
            details += (_revocation_row(kind, path.read_bytes(), revocations, anchor),)
    except VaultError as exc:
        return Verdict(kind, False, exc.reason, str(exc), ())
    if kind is FileKind.KEY:
        return Verdict(kind, True, None, _("the layout is sound; the key inside is checked only "
                                           "when it is unlocked with its passphrase"),
                       details, complete=False)
    return Verdict(kind, True, None, _("valid"), details)


def _revocation_row(kind: FileKind, data: bytes, revocations: Path | None,
                    anchor: TrustAnchor | None) -> tuple[str, str]:
    """The detail row of the revocation check; :class:`Revoked` when the list revokes the
    license or its station."""
    label = _("revocation list")
    if revocations is None or not Path(revocations).is_file():
        return label, _("none here: not checked")
    try:
        rl = load_revocations_checked(Path(revocations).read_bytes(), _need(anchor))
    except (VaultError, OSError):
        return label, _("damaged: not checked")
    if kind is FileKind.LICENSE:
        lic = load_license_checked(data, _need(anchor))
        station, license_id = lic.station_id, lic.license_id
    else:
        station, license_id = load_certificate_checked(data, _need(anchor)).station_id, None
    if license_id is not None and license_id in rl.licenses:
        raise Revoked(_("License {license} has been revoked by the review office. Ask the "
                        "office for a new license.").format(license=license_id))
    if station in rl.stations:
        raise Revoked(_("Station {station} is revoked by the review office (revocation list "
                        "number {number}).").format(station=station, number=rl.sequence))
    return label, _("number {number}: not revoked").format(number=rl.sequence)


def _need(anchor: TrustAnchor | None) -> TrustAnchor:
    if anchor is None:
        raise NotSetUp(_("No trust anchor to check against: pass --anchor FILE, or run this "
                         "on an enrolled station or at the authority."))
    return anchor


def _check(kind: FileKind, path: Path, anchor: TrustAnchor | None, now: datetime,
           progress: Callable[[float, float], None] | None) -> tuple[tuple[str, str], ...]:
    if kind is FileKind.SCREENER:
        layout = load_screener_checked(path, _need(anchor))
        m = layout.manifest
        check_chunks(layout, progress)
        return (
            (_("film id"), m.film_id), (_("title"), m.title), (_("register number"), m.register_no),
            (_("duration"), f"{m.duration_seconds:.1f} s"), (_("codecs"), m.codec_summary),
            (_("declared age category"), m.declared_age.label),
            (_("rights holder"), m.rights_holder), (_("size"), f"{m.plaintext_size} B"),
            (_("chunks"), f"{m.chunk_count} x {m.chunk_size} B"),
            (_("packaged at"), _t(m.packaged_at)), (_("manifest hash"), m.manifest_hash.hex()),
        )
    data = path.read_bytes()
    if kind is FileKind.LICENSE:
        lic = load_license_checked(data, _need(anchor))
        if now >= lic.not_after:
            raise LicenseExpired(_("This license expired on {date}. Ask the review office for a "
                                   "new license.").format(date=_t(lic.not_after)))
        return (
            (_("license id"), lic.license_id), (_("purpose"), lic.purpose.name.lower()),
            (_("film id"), lic.film_id), (_("station"), lic.station_id),
            (_("members"), ", ".join(lic.members)),
            (_("valid"), f"{_t(lic.not_before)} - {_t(lic.not_after)}"),
            (_("sessions"), str(lic.max_sessions)),
            (_("visible overlay"), _("yes") if lic.visible_overlay else _("no")),
            (_("key delivery"), lic.suite.name), (_("issued at"), _t(lic.issued_at)),
        )
    if kind is FileKind.CERTIFICATE:
        cert = load_certificate_checked(data, _need(anchor), now=now)
        return (
            (_("station"), cert.station_id), (_("name"), cert.name), (_("room"), cert.room),
            (_("valid"), f"{_t(cert.not_before)} - {_t(cert.not_after)}"),
            (_("issuer"), cert.issuer), (_("serial"), cert.serial),
        )
    if kind is FileKind.REVOCATIONS:
        rl = load_revocations_checked(data, _need(anchor))
        return (
            (_("number"), str(rl.sequence)), (_("issued at"), _t(rl.issued_at)),
            (_("revoked stations"), ", ".join(rl.stations) or "-"),
            (_("revoked licenses"), ", ".join(rl.licenses) or "-"),
        )
    if kind is FileKind.ANCHOR:
        found = load_anchor(data)
        if anchor is None:
            installed = _("no trust anchor is installed here")
        else:
            installed = _("yes") if anchor.public_key == found.public_key else _("no")
        return (
            (_("authority"), found.name), (_("fingerprint"), found.fingerprint),
            (_("installed here"), installed),
        )
    if kind is FileKind.REQUEST:
        req = load_request_checked(data)
        return ((_("station"), req.station_id), (_("name"), req.name), (_("room"), req.room))
    params = check_layout(data, path.name)
    return ((_("Scrypt cost"), f"N=2^{params.log2_n}, r={params.r}, p={params.p}"),)
