"""The review station: its keys, certificate, trust anchor and library.

Folder (``paths.station_dir()``)::

    station.key        Ed25519 (audit log), X25519 and ML-KEM-768 (key delivery) private
                       keys, encrypted with the station passphrase (0600)
    request.srq        the enrollment request for the authority
    anchor.sra         the review office's trust anchor, installed at enrollment
    certificate.src    the station certificate, once installed
    revocations.srr    the newest revocation list imported
    audit.head         how far the station's audit log reached (signed; :mod:`.auditmark`)
    screeners/         imported screeners    licenses/   imported licenses

``init_station`` -> (authority certifies the request) -> ``install_certificate`` ->
``load_station(passphrase)``. ``import_file`` takes a screener, license, revocation list
or certificate (told apart by magic) into the folder; ``station_library`` lists films.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric import mlkem, x25519
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from screeningroom import paths
from screeningroom.paths import private_folder
from screeningroom.vault.auditmark import HEAD_FILE, ZERO_HASH, write_mark
from screeningroom.vault.checked import note_checked
from screeningroom.vault.checks import (
    load_anchor,
    load_certificate_checked,
    load_license_checked,
    load_request_checked,
    load_revocations_checked,
    load_screener_checked,
    station_id_for,
)
from screeningroom.vault.container import check_chunks
from screeningroom.vault.encoding import (
    MAGIC_CERTIFICATE,
    MAGIC_LICENSE,
    MAGIC_REVOCATIONS,
    MAGIC_SCREENER,
    Body,
    Fields,
    FormatError,
    magic_of,
)
from screeningroom.vault.errors import (
    AlreadySetUp,
    NotSetUp,
    PassphraseRequired,
    StaleRevocations,
    TamperedFile,
    TamperedLicense,
    UnknownFile,
    VaultError,
    VaultInputError,
    WrongStation,
)
from screeningroom.vault.files import atomic_file, atomic_write
from screeningroom.vault.keyfile import ScryptParams, open_key_file, write_key_file
from screeningroom.vault.memory import protect_process
from screeningroom.vault.model import (
    EnrollmentRequest,
    FileKind,
    License,
    RevocationList,
    StationCertificate,
    TrustAnchor,
)
from screeningroom.vault.records import encode_request, parse_certificate, parse_revocations
from screeningroom.vault.sealing import license_seal_info, open_keys
from screeningroom_resources.i18n import _

ENV_PASSPHRASE = "SCREENINGROOM_PASSPHRASE"
KEY_FILE = "station.key"
REQUEST_FILE = "request.srq"
ANCHOR_FILE = "anchor.sra"
CERT_FILE = "certificate.src"
REVOCATIONS_FILE = "revocations.srr"
SCREENERS_DIR = "screeners"
LICENSES_DIR = "licenses"


def _folder(folder: Path | None) -> Path:
    return Path(folder) if folder is not None else paths.station_dir()


def init_station(
    name: str,
    room: str,
    passphrase: str,
    anchor: bytes,
    *,
    folder: Path | None = None,
    now: datetime | None = None,
    signing_key: Ed25519PrivateKey | None = None,
    x25519_key: x25519.X25519PrivateKey | None = None,
    mlkem_key: mlkem.MLKEM768PrivateKey | None = None,
    scrypt: ScryptParams | None = None,
) -> EnrollmentRequest:
    """Make the station's keys, install the trust anchor, write the enrollment request."""
    where = _folder(folder)
    if (where / KEY_FILE).exists():
        raise AlreadySetUp(_("A station already exists in {path}; it is left as it is.").format(
            path=where))
    if not name.strip() or not room.strip():
        raise VaultInputError(_("A station needs a name and a room."))
    if len(passphrase) < 8:
        raise VaultInputError(_("Choose a passphrase of at least 8 characters."))
    trust = load_anchor(anchor)
    sign = signing_key or Ed25519PrivateKey.generate()
    xkey = x25519_key or x25519.X25519PrivateKey.generate()
    mkey = mlkem_key or mlkem.MLKEM768PrivateKey.generate()
    body = (
        Body().text(1, name.strip()).text(2, room.strip()).raw(3, sign.private_bytes_raw())
        .raw(4, xkey.private_bytes_raw()).raw(5, mkey.private_bytes_raw()).encode()
    )
    private_folder(where)
    write_key_file(where / KEY_FILE, body, passphrase, scrypt)
    atomic_write(where / ANCHOR_FILE, trust.signed_bytes)
    request = encode_request(
        station_id_for(sign.public_key().public_bytes_raw()), name.strip(), room.strip(), sign,
        xkey.public_key().public_bytes_raw(), mkey.public_key().public_bytes_raw(),
        now or datetime.now(UTC),
    )
    atomic_write(where / REQUEST_FILE, request)
    # record 0 of the audit log: from now on a missing or shorter log is told apart
    write_mark(where / HEAD_FILE, sign.sign, station_id_for(sign.public_key().public_bytes_raw()),
               0, ZERO_HASH)
    return load_request_checked(request)


def _own_request(where: Path) -> EnrollmentRequest:
    if not (where / REQUEST_FILE).exists():
        raise NotSetUp(_("No station in {path}: run 'screeningroom station init' first.").format(
            path=where))
    return load_request_checked((where / REQUEST_FILE).read_bytes())


def _own_anchor(where: Path) -> TrustAnchor:
    if not (where / ANCHOR_FILE).exists():
        raise NotSetUp(_("No station in {path}: run 'screeningroom station init' first.").format(
            path=where))
    return load_anchor((where / ANCHOR_FILE).read_bytes())


def install_certificate(
    certificate: bytes, *, folder: Path | None = None, now: datetime | None = None
) -> StationCertificate:
    """Check the certificate (trust anchor, validity, this station's keys) and install it."""
    where = _folder(folder)
    request, anchor = _own_request(where), _own_anchor(where)
    cert = load_certificate_checked(certificate, anchor, now=now or datetime.now(UTC))
    _check_certificate_is_ours(cert, request)
    atomic_write(where / CERT_FILE, cert.signed_bytes)
    return cert


def _check_certificate_is_ours(cert: StationCertificate, request: EnrollmentRequest) -> None:
    ours = (request.station_id, request.signing_public_key, request.x25519_public_key,
            request.mlkem_public_key)
    theirs = (cert.station_id, cert.signing_public_key, cert.x25519_public_key,
              cert.mlkem_public_key)
    if ours != theirs:
        raise WrongStation(
            _("This certificate belongs to station {other}, not to this station ({ours}).").format(
                other=cert.station_id, ours=request.station_id)
        )


def resolve_passphrase(passphrase: str | None) -> str:
    if passphrase is not None:
        return passphrase
    from_env = os.environ.get(ENV_PASSPHRASE)
    if from_env is None:
        raise PassphraseRequired(
            _("A passphrase is needed: type it, or use --passphrase-file PATH or the "
              "SCREENINGROOM_PASSPHRASE environment variable.")
        )
    return from_env


def load_station(passphrase: str | None = None, *, folder: Path | None = None) -> Station:
    """Unlock the station (``passphrase`` None: ``$SCREENINGROOM_PASSPHRASE``)."""
    where = _folder(folder)
    request, anchor = _own_request(where), _own_anchor(where)
    if not (where / KEY_FILE).exists():
        raise NotSetUp(_("No station in {path}: run 'screeningroom station init' first.").format(
            path=where))
    body = open_key_file(where / KEY_FILE, resolve_passphrase(passphrase), _("the station key"))
    try:
        f = Fields(body)
        name, room, seed, xraw, mseed = f.text(1), f.text(2), f.raw(3, 32), f.raw(4, 32), f.raw(
            5, 64)
        f.done()
    except FormatError as exc:
        raise TamperedFile(_("The key file of {what} is damaged; restore it from your "
                             "backup.").format(what=_("the station key"))) from exc
    sign = Ed25519PrivateKey.from_private_bytes(seed)
    if sign.public_key().public_bytes_raw() != request.signing_public_key:
        raise TamperedFile(_("The station folder {path} is damaged; restore it from your "
                             "backup.").format(path=where))
    cert_bytes = (where / CERT_FILE).read_bytes() if (where / CERT_FILE).exists() else None
    cert = None
    if cert_bytes is not None:
        try:
            cert = parse_certificate(cert_bytes)
        except FormatError:
            cert = None
    return Station(
        station_id=request.station_id, name=name, room=room, anchor=anchor, certificate=cert,
        certificate_bytes=cert_bytes, folder=where, _sign=sign,
        _x25519=x25519.X25519PrivateKey.from_private_bytes(xraw),
        _mlkem=mlkem.MLKEM768PrivateKey.from_seed_bytes(mseed),
    )


@dataclass(frozen=True, eq=False)
class Station:
    """An unlocked station. ``certificate`` is None until one is installed (and then
    :func:`open_screener` refuses with StationNotCertified)."""

    station_id: str
    name: str
    room: str
    anchor: TrustAnchor
    certificate: StationCertificate | None
    certificate_bytes: bytes | None
    folder: Path
    _sign: Ed25519PrivateKey
    _x25519: x25519.X25519PrivateKey
    _mlkem: mlkem.MLKEM768PrivateKey

    def __repr__(self) -> str:
        return f"Station({self.station_id!r}, name={self.name!r}, room={self.room!r})"

    @property
    def signing_public_key(self) -> bytes:
        return self._sign.public_key().public_bytes_raw()

    def sign(self, data: bytes) -> bytes:
        """Ed25519 signature of ``data`` with the station's audit-log key (64 bytes)."""
        return self._sign.sign(bytes(data))

    @property
    def audit_head_path(self) -> Path:
        """Where the station notes how far its audit log reached (:mod:`.auditmark`)."""
        return self.folder / HEAD_FILE

    def revocations(self) -> RevocationList | None:
        path = self.folder / REVOCATIONS_FILE
        if not path.exists():
            return None
        return load_revocations_checked(path.read_bytes(), self.anchor)

    def open_license_keys(self, lic: License) -> tuple[bytes, bytes]:
        """(content key, watermark secret) sealed in ``lic`` (see :mod:`.sealing`);
        TamperedLicense if they won't open."""
        protect_process()  # a film key and decoded frames are about to be in memory
        try:
            return open_keys(lic.suite, lic.sealed_keys, self._x25519, self._mlkem,
                             license_seal_info(lic))
        except (InvalidTag, ValueError):
            raise TamperedLicense(
                _("The keys in this license cannot be opened with this station's key. Ask the "
                  "review office to issue the license again.")
            ) from None


# --- importing and the library ------------------------------------------------------------

_IMPORTABLE = {
    MAGIC_SCREENER: FileKind.SCREENER,
    MAGIC_LICENSE: FileKind.LICENSE,
    MAGIC_REVOCATIONS: FileKind.REVOCATIONS,
    MAGIC_CERTIFICATE: FileKind.CERTIFICATE,
}


@dataclass(frozen=True)
class Imported:
    kind: FileKind
    path: Path


def import_file(path: Path, *, folder: Path | None = None, now: datetime | None = None,
                progress: Callable[[float, float], None] | None = None) -> Imported:
    """Check ``path`` against this station's trust anchor and copy it into the folder (a
    screener down to every chunk, before anything already there is replaced)."""
    where, path = _folder(folder), Path(path)
    request, anchor = _own_request(where), _own_anchor(where)
    try:
        with path.open("rb") as fh:
            kind = _IMPORTABLE.get(magic_of(fh.read(8)))
    except OSError as exc:
        raise VaultInputError(_("Cannot read {path}: {error}").format(
            path=path, error=exc.strerror)) from exc
    if kind is None:
        raise UnknownFile(_("{path} is not a screener, license, certificate or revocation "
                            "list.").format(path=path))
    if kind is FileKind.SCREENER:
        # every chunk is checked as it is copied; the copy replaces nothing until it is whole
        layout = load_screener_checked(path, anchor)
        target = where / SCREENERS_DIR / f"{layout.manifest.manifest_hash.hex()[:24]}.scr"
        with atomic_file(target) as dst:
            check_chunks(layout, progress, copy_to=dst)
        note_checked(target, layout.manifest.manifest_hash)
        return Imported(kind, target)
    data = path.read_bytes()
    if kind is FileKind.LICENSE:
        lic = load_license_checked(data, anchor)
        if lic.station_id != request.station_id:
            raise WrongStation(_("This license is for station {other}, not for this station "
                                 "({ours}).").format(other=lic.station_id,
                                                     ours=request.station_id))
        return Imported(kind, atomic_write(where / LICENSES_DIR / f"{lic.license_id}.srl", data))
    if kind is FileKind.REVOCATIONS:
        rl = load_revocations_checked(data, anchor)
        floor = _revocations_floor(where, anchor)
        if rl.sequence < floor:
            raise StaleRevocations(
                _("This revocation list (number {new}) is older than the one installed "
                  "or named by an installed license (number {old}); it was not "
                  "imported.").format(new=rl.sequence, old=floor))
        return Imported(kind, atomic_write(where / REVOCATIONS_FILE, data))
    install_certificate(data, folder=where, now=now)
    return Imported(kind, where / CERT_FILE)


def _revocations_floor(where: Path, anchor: TrustAnchor) -> int:
    """The lowest revocation list number this station may take: the installed list's
    (even when that file is damaged, as far as its number can still be read) and the
    number every installed license names."""
    floor = 0
    path = where / REVOCATIONS_FILE
    if path.exists():
        data = path.read_bytes()
        try:
            floor = parse_revocations(data).sequence  # signed or not: its number stands
        except FormatError:
            floor = _number_of_damaged_list(data)
    for lic_path in (where / LICENSES_DIR).glob("*.srl"):
        try:
            floor = max(floor, load_license_checked(lic_path.read_bytes(),
                                                    anchor).revocations_required)
        except (VaultError, OSError):
            continue
    return floor


def _number_of_damaged_list(data: bytes) -> int:
    """The list number of a damaged revocation list file, read from where it stands in an
    intact header (field 1 first); 0 when it cannot be read (then the licenses' numbers
    are the floor: removing the file gains nothing more)."""
    import struct

    from screeningroom.vault.encoding import ENVELOPE_HEAD, FIELD_HEAD

    start = ENVELOPE_HEAD.size
    try:
        tag, length = FIELD_HEAD.unpack_from(data, start)
        if data[:8] == MAGIC_REVOCATIONS and tag == 1 and length == 8:
            return int(struct.unpack_from(">Q", data, start + FIELD_HEAD.size)[0])
    except struct.error:
        pass
    return 0


def installed_licenses(station: Station) -> list[License]:
    found = []
    for path in sorted((station.folder / LICENSES_DIR).glob("*.srl")):
        try:
            found.append(load_license_checked(path.read_bytes(), station.anchor))
        except (VaultError, OSError):
            continue  # damaged or from another office: not listed, never a crash
    return found
