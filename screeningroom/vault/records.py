"""Encoding and parsing of the signed records: trust anchor, enrollment request, station
certificate, revocation list, manifest, license (field tables in ``docs/formats/``).

``parse_*`` checks the layout only and raises :class:`FormatError`; whether a record is
signed by the right key is :func:`signed_by`, asked by whoever knows the right key.
"""

from __future__ import annotations

import re
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from screeningroom.vault.encoding import (
    MAGIC_ANCHOR,
    MAGIC_CERTIFICATE,
    MAGIC_LICENSE,
    MAGIC_MANIFEST,
    MAGIC_REQUEST,
    MAGIC_REVOCATIONS,
    SIGNATURE_SIZE,
    Body,
    Fields,
    FormatError,
    envelope_version,
    open_envelope,
    seal_envelope,
    signature_ok,
)
from screeningroom.vault.model import (
    AgeCategory,
    EnrollmentRequest,
    HpkeSuite,
    License,
    LicensePurpose,
    Manifest,
    RevocationList,
    StationCertificate,
    TrustAnchor,
)

ED25519_KEY = 32
X25519_KEY = 32
MLKEM768_KEY = 1184
HASH = 32
STREAM_ID = 16

Signed = TrustAnchor | EnrollmentRequest | StationCertificate | RevocationList | Manifest | License


def signed_by(record: Signed, public_key: bytes) -> bool:
    """True when ``record`` carries a valid Ed25519 signature of ``public_key``."""
    data = record.signed_bytes
    return signature_ok(public_key, data[:-SIGNATURE_SIZE], data[-SIGNATURE_SIZE:])


def public_raw(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes_raw()


# --- trust anchor -------------------------------------------------------------------------


def encode_anchor(name: str, key: Ed25519PrivateKey, created_at: datetime) -> bytes:
    body = Body().text(1, name).raw(2, public_raw(key)).time(3, created_at)
    return seal_envelope(MAGIC_ANCHOR, body.encode(), key)


def parse_anchor(data: bytes) -> TrustAnchor:
    _signed, body, _sig = open_envelope(data, MAGIC_ANCHOR)
    f = Fields(body)
    anchor = TrustAnchor(f.text(1), f.raw(2, ED25519_KEY), f.time(3), bytes(data))
    f.done()
    if not signed_by(anchor, anchor.public_key):
        raise FormatError("the trust anchor's self-signature does not verify")
    return anchor


# --- enrollment request -------------------------------------------------------------------


def encode_request(
    station_id: str,
    name: str,
    room: str,
    signing_key: Ed25519PrivateKey,
    x25519_public: bytes,
    mlkem_public: bytes,
    created_at: datetime,
) -> bytes:
    body = (
        Body().text(1, station_id).text(2, name).text(3, room).raw(4, public_raw(signing_key))
        .raw(5, x25519_public).raw(6, mlkem_public).time(7, created_at)
    )
    return seal_envelope(MAGIC_REQUEST, body.encode(), signing_key)


def parse_request(data: bytes) -> EnrollmentRequest:
    _signed, body, _sig = open_envelope(data, MAGIC_REQUEST)
    f = Fields(body)
    request = EnrollmentRequest(
        f.text(1), f.text(2), f.text(3), f.raw(4, ED25519_KEY), f.raw(5, X25519_KEY),
        f.raw(6, MLKEM768_KEY), f.time(7), bytes(data),
    )
    f.done()
    return request


# --- station certificate ------------------------------------------------------------------


def encode_certificate(
    serial: str,
    request: EnrollmentRequest,
    not_before: datetime,
    not_after: datetime,
    issuer: str,
    key: Ed25519PrivateKey,
) -> bytes:
    body = (
        Body().text(1, serial).text(2, request.station_id).text(3, request.name)
        .text(4, request.room).raw(5, request.signing_public_key)
        .raw(6, request.x25519_public_key).raw(7, request.mlkem_public_key)
        .time(8, not_before).time(9, not_after).text(10, issuer).raw(11, public_raw(key))
    )
    return seal_envelope(MAGIC_CERTIFICATE, body.encode(), key)


def parse_certificate(data: bytes) -> StationCertificate:
    _signed, body, _sig = open_envelope(data, MAGIC_CERTIFICATE)
    f = Fields(body)
    cert = StationCertificate(
        f.text(1), f.text(2), f.text(3), f.text(4), f.raw(5, ED25519_KEY), f.raw(6, X25519_KEY),
        f.raw(7, MLKEM768_KEY), f.time(8), f.time(9), f.text(10), f.raw(11, ED25519_KEY),
        bytes(data),
    )
    f.done()
    return cert


# --- revocation list ----------------------------------------------------------------------


def encode_revocations(
    sequence: int,
    issued_at: datetime,
    stations: tuple[str, ...],
    licenses: tuple[str, ...],
    key: Ed25519PrivateKey,
) -> bytes:
    body = (
        Body().u64(1, sequence).time(2, issued_at).texts(3, sorted(set(stations)))
        .texts(4, sorted(set(licenses))).raw(5, public_raw(key))
    )
    return seal_envelope(MAGIC_REVOCATIONS, body.encode(), key)


def parse_revocations(data: bytes) -> RevocationList:
    _signed, body, _sig = open_envelope(data, MAGIC_REVOCATIONS)
    f = Fields(body)
    rl = RevocationList(f.u64(1), f.time(2), f.texts(3), f.texts(4), f.raw(5, ED25519_KEY),
                        bytes(data))
    f.done()
    return rl


# --- manifest -----------------------------------------------------------------------------


def encode_manifest(
    *,
    film_id: str,
    title: str,
    register_no: str,
    duration_ms: int,
    codec_summary: str,
    declared_age: AgeCategory,
    rights_holder: str,
    chunk_size: int,
    plaintext_size: int,
    stream_id: bytes,
    key_check: bytes,
    chunk_hashes: list[bytes],
    packaged_at: datetime,
    key: Ed25519PrivateKey,
) -> bytes:
    body = (
        Body().text(1, film_id).text(2, title).text(3, register_no).u64(4, duration_ms)
        .text(5, codec_summary).text(6, declared_age.value).text(7, rights_holder)
        .u64(8, chunk_size).u64(9, plaintext_size).raw(10, stream_id).raw(11, key_check)
        .raw(12, b"".join(chunk_hashes)).time(13, packaged_at).raw(14, public_raw(key))
    )
    return seal_envelope(MAGIC_MANIFEST, body.encode(), key)


def parse_manifest(data: bytes) -> Manifest:
    _signed, body, _sig = open_envelope(data, MAGIC_MANIFEST)
    f = Fields(body)
    film_id, title, register_no, duration_ms = f.text(1), f.text(2), f.text(3), f.u64(4)
    codec, age_text, holder = f.text(5), f.text(6), f.text(7)
    chunk_size, size, stream_id, key_check = f.u64(8), f.u64(9), f.raw(10, STREAM_ID), f.raw(
        11, HASH
    )
    hashes = f.raw(12)
    packaged_at, issuer_key = f.time(13), f.raw(14, ED25519_KEY)
    f.done()
    try:
        age = AgeCategory(age_text)
    except ValueError:
        raise FormatError(f"unknown age category {age_text!r}") from None
    if len(hashes) % HASH:
        raise FormatError("chunk hash list is not whole hashes")
    if not chunk_size:
        raise FormatError("zero chunk size")
    count = len(hashes) // HASH
    if count != max(1, -(-size // chunk_size)):
        raise FormatError("chunk count does not match the film size")
    return Manifest(
        film_id, title, register_no, duration_ms, codec, age, holder, chunk_size, size,
        stream_id, key_check, tuple(hashes[i : i + HASH] for i in range(0, len(hashes), HASH)),
        packaged_at, issuer_key, bytes(data),
    )


# --- license ------------------------------------------------------------------------------


LICENSE_VERSIONS = (1, 2)
LICENSE_VERSION = 2
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def is_safe_id(text: str) -> bool:
    """An id that may name a file: 1-64 letters, digits, dots, dashes, underscores, not
    starting with a dot or a dash (no ``/``, no ``..`` at the start, no control bytes)."""
    return bool(_SAFE_ID.fullmatch(text)) and ".." not in text


def encode_license(
    *,
    license_id: str,
    purpose: LicensePurpose,
    film_id: str,
    manifest_hash: bytes,
    station_id: str,
    station_kem_fingerprint: bytes,
    members: tuple[str, ...],
    not_before: datetime,
    not_after: datetime,
    max_sessions: int,
    visible_overlay: bool,
    suite: HpkeSuite,
    sealed_keys: bytes,
    issued_at: datetime,
    key: Ed25519PrivateKey,
    version: int = LICENSE_VERSION,
    revocations_required: int = 0,
    offline_sessions: int = 0,
) -> bytes:
    body = (
        Body().text(1, license_id).u64(2, purpose.value).text(3, film_id).raw(4, manifest_hash)
        .text(5, station_id).raw(6, station_kem_fingerprint).texts(7, members)
        .time(8, not_before).time(9, not_after).u64(10, max_sessions)
        .flag(11, visible_overlay).u64(12, suite.value).raw(13, sealed_keys)
        .time(14, issued_at).raw(15, public_raw(key))
    )
    if version not in LICENSE_VERSIONS:
        raise ValueError(f"license version {version}")
    if version >= 2:
        body.u64(16, revocations_required)
        if offline_sessions:
            body.u64(17, offline_sessions)
    elif offline_sessions:
        raise ValueError("a version-1 license has no offline sessions")
    return seal_envelope(MAGIC_LICENSE, body.encode(), key, version)


def parse_license(data: bytes) -> License:
    _signed, body, _sig = open_envelope(data, MAGIC_LICENSE, LICENSE_VERSIONS)
    version = envelope_version(data)
    f = Fields(body)
    license_id, purpose_code, film_id, manifest_hash = f.text(1), f.u64(2), f.text(3), f.raw(
        4, HASH
    )
    station_id, fingerprint, members = f.text(5), f.raw(6, HASH), f.texts(7)
    not_before, not_after, max_sessions = f.time(8), f.time(9), f.u64(10)
    overlay, suite_code, sealed = f.flag(11), f.u64(12), f.raw(13)
    issued_at, issuer_key = f.time(14), f.raw(15, ED25519_KEY)
    required = f.u64(16) if version >= 2 else 0
    offline = f.u64(17) if version >= 2 and f.has(17) else 0
    f.done()
    if f.has(17) and not 0 < offline <= max_sessions:
        raise FormatError("offline sessions must be 1 to the license's sessions when present")
    try:
        purpose, suite = LicensePurpose(purpose_code), HpkeSuite(suite_code)
    except ValueError:
        raise FormatError("unknown purpose or suite") from None
    if not is_safe_id(license_id):
        raise FormatError("the license id cannot name a file")
    return License(
        license_id, purpose, film_id, manifest_hash, station_id, fingerprint, members,
        not_before, not_after, max_sessions, overlay, suite, sealed, issued_at, issuer_key,
        bytes(data), version, required, offline,
    )
