"""Sealing a film's keys to one station with HPKE (RFC 9180, ``cryptography``'s ``hpke``).

The plaintext is ``content_key (32) | watermark secret (32)``; the info string binds the
sealed keys to the license they travel in (format 2 also to its purpose, one byte)::

    "screeningroom license v1" 0x00 license_id 0x00 film_id 0x00 station_id 0x00 manifest_hash
    "screeningroom license v2" 0x00 license_id 0x00 film_id 0x00 station_id 0x00 manifest_hash
        0x00 purpose

The watermark secret is the office's one key in format 1; in format 2 the license's own
key ``L`` (review) or the film key ``F`` (forensic), see :mod:`.forensic`.

Suites: X25519 = DHKEM(X25519, HKDF-SHA256) / HKDF-SHA256 / AES-256-GCM (the default),
MLKEM768_X25519 = the ML-KEM-768 + X25519 hybrid KEM / HKDF-SHA256 / AES-256-GCM. A
station has one X25519 key and one ML-KEM-768 key; the hybrid suite uses both.
"""

from __future__ import annotations

from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric import mlkem, x25519

from screeningroom.vault.model import HpkeSuite, License, StationCertificate

KEY_SIZE = 32

_SUITES = {
    HpkeSuite.X25519: hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM),
    HpkeSuite.MLKEM768_X25519: hpke.Suite(
        hpke.KEM.MLKEM768_X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM
    ),
}


def seal_info(license_id: str, film_id: str, station_id: str, manifest_hash: bytes,
              version: int = 1, purpose: int = 1) -> bytes:
    label = b"screeningroom license v1" if version == 1 else b"screeningroom license v2"
    parts = [label, license_id.encode(), film_id.encode(), station_id.encode(), manifest_hash]
    if version >= 2:
        parts.append(bytes([purpose]))
    return b"\x00".join(parts)


def license_seal_info(lic: License) -> bytes:
    """The info string of the keys sealed in ``lic``."""
    return seal_info(lic.license_id, lic.film_id, lic.station_id, lic.manifest_hash,
                     lic.format_version, lic.purpose.value)


def seal_keys(
    suite: HpkeSuite, certificate: StationCertificate, content_key: bytes, watermark_key: bytes,
    info: bytes,
) -> bytes:
    x_pub = x25519.X25519PublicKey.from_public_bytes(certificate.x25519_public_key)
    if suite is HpkeSuite.X25519:
        public = x_pub
    else:
        m_pub = mlkem.MLKEM768PublicKey.from_public_bytes(certificate.mlkem_public_key)
        public = hpke.MLKEM768X25519PublicKey(m_pub, x_pub)
    return _SUITES[suite].encrypt(content_key + watermark_key, public, info=info)


def open_keys(
    suite: HpkeSuite, sealed: bytes, x_private: x25519.X25519PrivateKey,
    m_private: mlkem.MLKEM768PrivateKey, info: bytes,
) -> tuple[bytes, bytes]:
    """(content key, watermark key); raises ``ValueError``-like errors when it cannot open."""
    private = x_private if suite is HpkeSuite.X25519 else hpke.MLKEM768X25519PrivateKey(
        m_private, x_private
    )
    plain = _SUITES[suite].decrypt(sealed, private, info=info)
    if len(plain) != 2 * KEY_SIZE:
        raise ValueError("sealed keys have the wrong length")
    return plain[:KEY_SIZE], plain[KEY_SIZE:]
