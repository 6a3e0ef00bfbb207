"""The review office: root key, trust anchor, station certificates, screeners, licenses,
revocation lists.

Folder (``paths.authority_dir()``)::

    authority.key      root Ed25519 key and the 32-byte forensic master secret (encrypted,
                       0600; every license's watermark key is derived from it, see
                       :mod:`.forensic`)
    anchor.sra         the public trust anchor stations install
    films/*.key        each packaged film's content key (encrypted like authority.key)
    revocations.srr    the newest revocation list issued

The authority is also the packager: manifests are signed with the root key, so a station
needs only the trust anchor to check a screener. ``init_authority`` / ``load_authority``
are the front door; the :class:`Authority` methods return signed bytes to hand out.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from screeningroom import paths
from screeningroom.vault.checks import (
    load_certificate_checked,
    load_request_checked,
    load_screener_checked,
)
from screeningroom.vault.encoding import Body, Fields, FormatError
from screeningroom.vault.errors import (
    AlreadySetUp,
    NotSetUp,
    TamperedFile,
    VaultInputError,
)
from screeningroom.vault.files import atomic_write, safe_name
from screeningroom.vault.forensic import ForensicKeys, KeyScheme, film_key
from screeningroom.vault.keyfile import ScryptParams, open_key_file, write_key_file
from screeningroom.vault.model import (
    HpkeSuite,
    LicensePurpose,
    RevocationList,
    TrustAnchor,
)
from screeningroom.vault.package import PackagedFilm, package_film
from screeningroom.vault.records import (
    LICENSE_VERSION,
    encode_anchor,
    encode_certificate,
    encode_license,
    encode_revocations,
    is_safe_id,
    parse_anchor,
    parse_revocations,
    signed_by,
)
from screeningroom.vault.sealing import seal_info, seal_keys
from screeningroom_resources.i18n import _

KEY_FILE = "authority.key"
ANCHOR_FILE = "anchor.sra"
REVOCATIONS_FILE = "revocations.srr"
FILMS_DIR = "films"
MAX_DAYS = 3660


def _folder(folder: Path | None) -> Path:
    return Path(folder) if folder is not None else paths.authority_dir()


def _utc(now: datetime | None) -> datetime:
    moment = now or datetime.now(UTC)
    if moment.tzinfo is None:
        raise VaultInputError(_("A time must say its time zone (for example 2026-05-01T10:00Z)."))
    return moment


def init_authority(
    name: str,
    passphrase: str,
    *,
    folder: Path | None = None,
    now: datetime | None = None,
    root_key: Ed25519PrivateKey | None = None,
    forensic_master: bytes | None = None,
    scrypt: ScryptParams | None = None,
) -> TrustAnchor:
    """Create the root key, the forensic master secret and the trust anchor. Refuses to
    overwrite."""
    where = _folder(folder)
    if (where / KEY_FILE).exists():
        raise AlreadySetUp(_("An authority already exists in {path}; it is left as it is.").format(
            path=where))
    if not name.strip():
        raise VaultInputError(_("The authority needs a name."))
    if len(passphrase) < 8:
        raise VaultInputError(_("Choose a passphrase of at least 8 characters."))
    key = root_key or Ed25519PrivateKey.generate()
    mark = forensic_master if forensic_master is not None else os.urandom(32)
    body = Body().text(1, name.strip()).raw(2, key.private_bytes_raw()).raw(3, mark).encode()
    paths.private_folder(where)
    write_key_file(where / KEY_FILE, body, passphrase, scrypt)
    anchor = encode_anchor(name.strip(), key, _utc(now))
    atomic_write(where / ANCHOR_FILE, anchor)
    return parse_anchor(anchor)


def load_authority(passphrase: str, *, folder: Path | None = None) -> Authority:
    where = _folder(folder)
    if not (where / KEY_FILE).exists():
        raise NotSetUp(
            _("No authority in {path}: run 'screeningroom authority init' first.").format(
                path=where))
    body = open_key_file(where / KEY_FILE, passphrase, _("the authority key"))
    try:
        f = Fields(body)
        name, seed, mark = f.text(1), f.raw(2, 32), f.raw(3, 32)
        f.done()
        anchor = parse_anchor((where / ANCHOR_FILE).read_bytes())
    except (FormatError, OSError) as exc:
        raise TamperedFile(_("The authority folder {path} is damaged; restore it from your "
                             "backup.").format(path=where)) from exc
    return Authority(name, Ed25519PrivateKey.from_private_bytes(seed), mark, anchor, where,
                     passphrase)


class Authority:
    """An unlocked authority. Holds its keys in memory only."""

    def __init__(self, name: str, key: Ed25519PrivateKey, forensic_master: bytes,
                 anchor: TrustAnchor, folder: Path, passphrase: str) -> None:
        self.name = name
        self.anchor = anchor
        self.folder = folder
        self._master = forensic_master
        self._key = key
        self._passphrase = passphrase

    # --- stations ---------------------------------------------------------------------

    def certify(self, request: bytes, days: int, *, now: datetime | None = None,
                serial: str | None = None) -> bytes:
        """Check an enrollment request and return the signed station certificate."""
        if not 1 <= days <= MAX_DAYS:
            raise VaultInputError(_("A certificate is valid for 1 to {max} days.").format(
                max=MAX_DAYS))
        req = load_request_checked(request)
        start = _utc(now)
        cert = encode_certificate(serial or os.urandom(16).hex(), req, start,
                                  start + timedelta(days=days), self.name, self._key)
        return cert

    # --- films ------------------------------------------------------------------------

    def package(self, source: Path, out: Path, **options) -> PackagedFilm:  # type: ignore[no-untyped-def]
        """:func:`package_film` signed with the root key; keeps the content key (always a
        fresh random one: no key or random source is taken from the caller)."""
        if {"content_key", "random_bytes", "stream_id"} & set(options):
            raise VaultInputError(_("The content key of a screener is always made fresh; it "
                                    "cannot be given."))
        packaged = package_film(source, out, signing_key=self._key, **options)
        m = packaged.manifest
        body = Body().text(1, m.film_id).raw(2, m.manifest_hash).raw(3, packaged.content_key)
        write_key_file(self._film_key_path(m.film_id, m.manifest_hash), body.encode(),
                       self._passphrase)
        return packaged

    def _film_key_path(self, film_id: str, manifest_hash: bytes) -> Path:
        return self.folder / FILMS_DIR / f"{safe_name(film_id)}.{manifest_hash.hex()[:16]}.key"

    def content_key(self, film_id: str, manifest_hash: bytes) -> bytes:
        path = self._film_key_path(film_id, manifest_hash)
        if not path.exists():
            raise NotSetUp(_("This authority did not package the screener of film {film}; "
                             "licenses come from the office that packaged it.").format(
                                 film=film_id))
        f = Fields(open_key_file(path, self._passphrase, path.name))
        stored = (f.text(1), f.raw(2, 32), f.raw(3, 32))
        if stored[:2] != (film_id, manifest_hash):
            raise TamperedFile(_("The key file of {what} is damaged; restore it from your "
                                 "backup.").format(what=path.name))
        return stored[2]

    # --- forensic keys ----------------------------------------------------------------

    def forensic_keys(self, film_id: str, manifest_hash: bytes) -> ForensicKeys:
        """Every license's watermark key of one packaged film (what a forensic license
        carries)."""
        return ForensicKeys(film_id, KeyScheme.DERIVED_V2,
                            film_key(self._master, film_id, manifest_hash))

    # --- licenses ---------------------------------------------------------------------

    def issue_license(
        self,
        screener: Path,
        certificate: bytes,
        *,
        members: tuple[str, ...],
        not_before: datetime,
        not_after: datetime,
        max_sessions: int,
        visible_overlay: bool = False,
        suite: HpkeSuite = HpkeSuite.X25519,
        purpose: LicensePurpose = LicensePurpose.REVIEW,
        now: datetime | None = None,
        license_id: str | None = None,
        offline_sessions: int = 0,
    ) -> bytes:
        """A license for ``screener`` bound to the station of ``certificate``;
        ``offline_sessions`` of its sessions may start while the office's central registry
        cannot be reached (0: every session needs the office's grant when it is
        configured)."""
        issued = _utc(now)
        layout = load_screener_checked(Path(screener), self.anchor)
        cert = load_certificate_checked(certificate, self.anchor, now=issued)
        members = tuple(dict.fromkeys(m.strip() for m in members if m.strip()))
        if not members:
            raise VaultInputError(_("Name at least one member (--members ID,ID)."))
        if _utc(not_after) <= _utc(not_before):
            raise VaultInputError(_("--not-after must be later than --not-before."))
        if not 1 <= max_sessions <= 10_000:
            raise VaultInputError(_("--max-sessions must be between 1 and 10000."))
        if not 0 <= offline_sessions <= max_sessions:
            raise VaultInputError(_("--offline-sessions must be between 0 and --max-sessions."))
        m = layout.manifest
        lid = license_id or os.urandom(16).hex()
        if not is_safe_id(lid):
            raise VaultInputError(_("A license id is 1 to 64 letters, digits, dots, dashes or "
                                    "underscores: {value!r} is not.").format(value=lid))
        info = seal_info(lid, m.film_id, cert.station_id, m.manifest_hash, LICENSE_VERSION,
                         purpose.value)
        keys = self.forensic_keys(m.film_id, m.manifest_hash)
        # a review station gets its own license's key; the desk the film key (all of them)
        mark = keys.secret if purpose is LicensePurpose.FORENSIC else keys.for_license(lid)
        current = self.revocations()
        sealed = seal_keys(suite, cert, self.content_key(m.film_id, m.manifest_hash), mark,
                           info)
        return encode_license(
            license_id=lid, purpose=purpose, film_id=m.film_id, manifest_hash=m.manifest_hash,
            station_id=cert.station_id, station_kem_fingerprint=cert.kem_fingerprint,
            members=members, not_before=not_before, not_after=not_after,
            max_sessions=max_sessions, visible_overlay=visible_overlay, suite=suite,
            sealed_keys=sealed, issued_at=issued, key=self._key, version=LICENSE_VERSION,
            revocations_required=current.sequence if current is not None else 0,
            offline_sessions=offline_sessions,
        )

    # --- revocation -------------------------------------------------------------------

    def revocations(self) -> RevocationList | None:
        path = self.folder / REVOCATIONS_FILE
        if not path.exists():
            return None
        try:
            rl = parse_revocations(path.read_bytes())
        except FormatError as exc:
            raise TamperedFile(_("The revocation list {path} is damaged.").format(
                path=path)) from exc
        if not signed_by(rl, self.anchor.public_key):
            raise TamperedFile(_("The revocation list {path} is damaged.").format(path=path))
        return rl

    def revoke(self, *, stations: tuple[str, ...] = (), licenses: tuple[str, ...] = (),
               now: datetime | None = None) -> bytes:
        """A new revocation list: everything revoked before, plus these (sequence + 1)."""
        previous = self.revocations()
        seq = previous.sequence + 1 if previous else 1
        all_stations = (previous.stations if previous else ()) + tuple(stations)
        all_licenses = (previous.licenses if previous else ()) + tuple(licenses)
        data = encode_revocations(seq, _utc(now), all_stations, all_licenses, self._key)
        atomic_write(self.folder / REVOCATIONS_FILE, data)
        return data

    # --- records defined outside the vault --------------------------------------------

    def seal(self, magic: bytes, body: bytes) -> bytes:
        """An envelope signed with the root key for a record type defined outside the
        vault (the station update's release record, ``screeningroom.updates``). The
        vault's own magics are refused: this never signs a certificate or a license."""
        from screeningroom.vault import encoding

        own = {v for k, v in vars(encoding).items() if k.startswith("MAGIC_")}
        if len(magic) != 8 or magic in own:
            raise VaultInputError(_("This record type cannot be signed here."))
        return encoding.seal_envelope(magic, body, self._key)

