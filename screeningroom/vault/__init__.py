"""Screener containers, station identity, licenses and signatures (``cryptography`` only).

The front door (everything else is one level down and may change):

- :func:`open_screener` (``path, license, station, member_id, *, session, clock_floor,
  revocations=None, now=None, clock_tolerance=CLOCK_TOLERANCE``) -> :class:`ScreenerReader`:
  checks, in order, certificate, license signature, station binding, film, window, member,
  revocation (the list the license names), clock rollback and the session ticket
  (``session``: the :class:`SessionTicket` bytes ``Registry.start_session`` returns as
  ``Session.ticket``; nothing is unsealed without one), then returns a verifying,
  seekable file object with ``.session_id``,
  ``.manifest``, ``.license``, ``.size``, and the forensic keys: ``.watermark_key``
  (32 bytes, the key this review license marks frames with; None for a forensic license of
  format 2) and ``.forensic_keys`` (:class:`ForensicKeys`, for a forensic license only).
- Forensic keys (:mod:`screeningroom.vault.forensic`, docs/formats/license.md):
  :class:`ForensicKeys` ``(film_id, scheme: KeyScheme, secret)`` with
  ``.for_license(license_id) -> bytes``; :class:`KeyScheme` ``OFFICE_V1`` (format-1
  licenses: the office's one key, whatever the id) or ``DERIVED_V2`` (``secret`` is the
  film key ``F``; each license's key ``L = HKDF(F, license id)``).
  ``Authority.forensic_keys(film_id, manifest_hash)`` gives the same at the office;
  ``License.format_version``, ``License.key_scheme``, ``License.revocations_required``.
- :func:`check_playback` (same arguments but ``session``) -> :class:`Playable`: every
  check but the ticket, nothing unsealed (refuse before a session is started).
- :func:`issue_ticket` (``sign, *, session_id, station_id, license_id, film_id, member_id,
  number, started_at, record_seq, record_hash``) -> :class:`SessionTicket`
  (docs/formats/session-ticket.md); the registry and the desk issue them.
- :func:`load_station` (``passphrase=None``) -> :class:`Station` (``station_id``, ``name``,
  ``room``, ``certificate``, ``certificate_bytes``, ``sign(data)``, ``signing_public_key``).
- :func:`verify_station_signature` for audit bundles; :func:`station_library`;
  :func:`import_file`; :func:`init_station`, :func:`install_certificate`.
- The authority: :func:`init_authority`, :func:`load_authority` -> :class:`Authority`
  (``certify``, ``package``, ``issue_license``, ``revoke``).
- Reading files: :func:`read_license`, :func:`read_certificate`, :func:`read_anchor`,
  :func:`read_revocations`, :func:`read_manifest` (layout only; signatures are checked by
  ``open_screener`` / ``verify``), :func:`explain` for ``screeningroom verify``.

Refusals are in :mod:`screeningroom.vault.errors`, each with a stable ``reason``.
The forensic master secret is made by ``authority init`` and kept encrypted with the root
key; a license of format 2 carries only its own derived key (review) or the film's key
(forensic), sealed with the content key.
"""

from __future__ import annotations

from pathlib import Path

from screeningroom.vault import model
from screeningroom.vault.authority import Authority, init_authority, load_authority
from screeningroom.vault.checks import (
    license_damaged,
    load_anchor,
    parsed,
    revocations_damaged,
    verify_station_signature,
)
from screeningroom.vault.container import read_layout
from screeningroom.vault.errors import Reason, TamperedFile, VaultError
from screeningroom.vault.forensic import ForensicKeys, KeyScheme
from screeningroom.vault.library import station_library
from screeningroom.vault.model import *  # noqa: F403
from screeningroom.vault.opening import CLOCK_TOLERANCE, Playable, check_playback, open_screener
from screeningroom.vault.reader import ScreenerReader
from screeningroom.vault.records import parse_certificate, parse_license, parse_revocations
from screeningroom.vault.station import (
    Station,
    import_file,
    init_station,
    install_certificate,
    load_station,
)
from screeningroom.vault.tickets import SessionTicket, issue_ticket, parse_ticket
from screeningroom.vault.verify import Verdict, explain
from screeningroom_resources.i18n import _


def _bytes_of(source: bytes | Path | str) -> bytes:
    return bytes(source) if isinstance(source, bytes | bytearray) else Path(source).read_bytes()


def read_license(source: bytes | Path | str) -> model.License:
    """Parse a license (file path or bytes); TamperedLicense if it is not one."""
    return parsed(_bytes_of(source), parse_license, license_damaged)


def read_certificate(source: bytes | Path | str) -> model.StationCertificate:
    return parsed(_bytes_of(source), parse_certificate,
                  lambda: TamperedFile(_("This station certificate is damaged.")))


def read_revocations(source: bytes | Path | str) -> model.RevocationList:
    return parsed(_bytes_of(source), parse_revocations, revocations_damaged)


def read_anchor(source: bytes | Path | str) -> model.TrustAnchor:
    return load_anchor(_bytes_of(source))


def read_manifest(path: Path | str) -> model.Manifest:
    """The manifest of a screener (its signature is not checked here)."""
    return read_layout(Path(path)).manifest


__all__ = [
    *model.__all__,
    "CLOCK_TOLERANCE",
    "Authority",
    "ForensicKeys",
    "KeyScheme",
    "Playable",
    "Reason",
    "ScreenerReader",
    "SessionTicket",
    "Station",
    "VaultError",
    "Verdict",
    "check_playback",
    "explain",
    "import_file",
    "init_authority",
    "init_station",
    "install_certificate",
    "issue_ticket",
    "load_authority",
    "load_station",
    "open_screener",
    "parse_ticket",
    "read_anchor",
    "read_certificate",
    "read_license",
    "read_manifest",
    "read_revocations",
    "station_library",
    "verify_station_signature",
]
