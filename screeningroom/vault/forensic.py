"""Forensic watermark keys: one per license, derived from the office's master secret.

The review office keeps a 32-byte forensic master secret ``M`` (made by ``authority
init``; offices set up before format version 2 used it directly as the one watermark key
of every license). Keys are derived with HKDF-SHA256 (RFC 5869, ``cryptography``), no
salt, 32 bytes, each use named in its ``info``::

    film key     F = HKDF(M, info = "screeningroom forensic film v2" 0x00 film_id 0x00
                                     manifest_hash)
    license key  L = HKDF(F, info = "screeningroom forensic license v2" 0x00 license_id)

(ids UTF-8, the 32-byte manifest hash raw; each info has one way to be read because the
hash has a fixed length). A review license of format 2 carries its own ``L`` only, so a
station can mark frames under its own key and no other; the takedown desk's forensic
license carries ``F``, from which :meth:`ForensicKeys.for_license` gives every license's
``L``. A license of format 1 carries ``M`` itself (:attr:`KeyScheme.OFFICE_V1`): its
``for_license`` is ``M`` whatever the id. Documented in docs/formats/license.md, pinned by
tests/vectors/vault/forensic.json.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

KEY_SIZE = 32
FILM_INFO = b"screeningroom forensic film v2"
LICENSE_INFO = b"screeningroom forensic license v2"


class KeyScheme(enum.Enum):
    """How a license's watermark key relates to the office's master secret."""

    OFFICE_V1 = 1  # format 1: the master secret itself, the same for every license
    DERIVED_V2 = 2  # format 2: per film F, per license L (HKDF, above)


def _hkdf(secret: bytes, info: bytes) -> bytes:
    if len(secret) != KEY_SIZE:
        raise ValueError("a forensic secret is 32 bytes")
    return HKDF(algorithm=hashes.SHA256(), length=KEY_SIZE, salt=None, info=info).derive(
        bytes(secret))


def film_key(master: bytes, film_id: str, manifest_hash: bytes) -> bytes:
    """``F`` of one packaged film (one screener: its manifest hash)."""
    if len(manifest_hash) != 32:
        raise ValueError("a manifest hash is 32 bytes")
    return _hkdf(master, FILM_INFO + b"\x00" + film_id.encode("utf-8") + b"\x00"
                 + bytes(manifest_hash))


def license_key(film: bytes, license_id: str) -> bytes:
    """``L`` of one license of the film whose key is ``film``."""
    return _hkdf(film, LICENSE_INFO + b"\x00" + license_id.encode("utf-8"))


@dataclass(frozen=True)
class ForensicKeys:
    """The watermark keys of every license of one film, as the takedown desk holds them.

    ``secret`` is ``F`` (:attr:`KeyScheme.DERIVED_V2`) or the office's single key
    (:attr:`KeyScheme.OFFICE_V1`, licenses of format 1).
    """

    film_id: str
    scheme: KeyScheme
    secret: bytes = field(repr=False)

    def for_license(self, license_id: str) -> bytes:
        """The key that license ``license_id`` of this film marks frames with."""
        if self.scheme is KeyScheme.OFFICE_V1:
            return self.secret
        return license_key(self.secret, license_id)
