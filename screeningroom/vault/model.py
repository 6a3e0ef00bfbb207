"""The vault's values: frozen dataclasses and Enums that cross into the registry and UI.

Every signed value keeps ``signed_bytes``: the file exactly as signed, so it can be
verified again, stored, or hashed (``License.manifest_hash`` is SHA-256 of a manifest's
``signed_bytes``).
"""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from screeningroom.vault.forensic import KeyScheme
from screeningroom_resources.i18n import N_, _

__all__ = [
    "AgeCategory",
    "EnrollmentRequest",
    "FileKind",
    "HpkeSuite",
    "LibraryEntry",
    "LibraryStatus",
    "License",
    "LicensePurpose",
    "Manifest",
    "MediaInfo",
    "RevocationList",
    "StationCertificate",
    "TrustAnchor",
]


class AgeCategory(enum.Enum):
    """The seven age categories of Art. 8 of the Law "On cinematography"; the value is
    the label as printed and as stored in manifests."""

    UNDER_6 = "under 6"
    AGE_6 = "6+"
    AGE_12 = "12+"
    AGE_14 = "14+"
    AGE_16 = "16+"
    AGE_18 = "18+"
    AGE_21 = "21+"

    @property
    def label(self) -> str:
        return _(_AGE_LABELS[self])

    @classmethod
    def parse(cls, text: str) -> AgeCategory:
        """Accept the label ("16+", "under 6") or the name ("AGE_16", "UNDER_6")."""
        cleaned = text.strip()
        for member in cls:
            if cleaned in (member.value, member.name) or cleaned.upper() == member.name:
                return member
        raise ValueError(text)


_AGE_LABELS = {
    AgeCategory.UNDER_6: N_("under 6"),
    AgeCategory.AGE_6: "6+",
    AgeCategory.AGE_12: "12+",
    AgeCategory.AGE_14: "14+",
    AgeCategory.AGE_16: "16+",
    AgeCategory.AGE_18: "18+",
    AgeCategory.AGE_21: "21+",
}


class HpkeSuite(enum.Enum):
    """How a license seals its keys (RFC 9180 suites; the value is the byte stored)."""

    X25519 = 1  # DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM
    MLKEM768_X25519 = 2  # ML-KEM-768 + X25519 hybrid, HKDF-SHA256, AES-256-GCM


class LicensePurpose(enum.Enum):
    """REVIEW: a commission screening. FORENSIC: the takedown desk's reference copy."""

    REVIEW = 1
    FORENSIC = 2


class LibraryStatus(enum.Enum):
    """What a station's library says about a film right now."""

    PLAYABLE = "playable"
    NO_LICENSE = "no-license"
    NOT_YET_VALID = "not-yet-valid"
    EXPIRED = "expired"
    REVOKED = "revoked"
    INVALID = "invalid"
    MEMBER_NOT_LICENSED = "member-not-licensed"  # for the member logged in (station app)


@dataclass(frozen=True)
class TrustAnchor:
    """The review office's public root key, installed on every station."""

    name: str
    public_key: bytes
    created_at: datetime
    signed_bytes: bytes = field(repr=False)

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(self.public_key).hexdigest()[:32]


@dataclass(frozen=True)
class EnrollmentRequest:
    station_id: str
    name: str
    room: str
    signing_public_key: bytes
    x25519_public_key: bytes
    mlkem_public_key: bytes
    created_at: datetime
    signed_bytes: bytes = field(repr=False)


@dataclass(frozen=True)
class StationCertificate:
    serial: str
    station_id: str
    name: str
    room: str
    signing_public_key: bytes
    x25519_public_key: bytes
    mlkem_public_key: bytes
    not_before: datetime
    not_after: datetime
    issuer: str
    issuer_key: bytes
    signed_bytes: bytes = field(repr=False)

    @property
    def kem_fingerprint(self) -> bytes:
        """SHA-256 over both key-delivery public keys: what a license is bound to."""
        return kem_fingerprint(self.x25519_public_key, self.mlkem_public_key)


def kem_fingerprint(x25519_public: bytes, mlkem_public: bytes) -> bytes:
    return hashlib.sha256(b"screeningroom kem v1\x00" + x25519_public + mlkem_public).digest()


@dataclass(frozen=True)
class Manifest:
    film_id: str
    title: str
    register_no: str
    duration_ms: int
    codec_summary: str
    declared_age: AgeCategory
    rights_holder: str
    chunk_size: int
    plaintext_size: int
    stream_id: bytes
    key_check: bytes
    chunk_hashes: tuple[bytes, ...] = field(repr=False)
    packaged_at: datetime
    issuer_key: bytes
    signed_bytes: bytes = field(repr=False)

    @property
    def duration_seconds(self) -> float:
        return self.duration_ms / 1000.0

    @property
    def chunk_count(self) -> int:
        return len(self.chunk_hashes)

    @property
    def manifest_hash(self) -> bytes:
        return hashlib.sha256(self.signed_bytes).digest()


@dataclass(frozen=True)
class License:
    license_id: str
    purpose: LicensePurpose
    film_id: str
    manifest_hash: bytes
    station_id: str
    station_kem_fingerprint: bytes
    members: tuple[str, ...]
    not_before: datetime
    not_after: datetime
    max_sessions: int
    visible_overlay: bool
    suite: HpkeSuite
    sealed_keys: bytes = field(repr=False)
    issued_at: datetime
    issuer_key: bytes
    signed_bytes: bytes = field(repr=False)
    format_version: int = 1
    revocations_required: int = 0  # the revocation list number a station must hold (v2)
    offline_sessions: int = 0      # sessions it may start without reaching the office (v2)

    @property
    def key_scheme(self) -> KeyScheme:
        """What the sealed watermark key is: the office's one key (format 1) or derived."""
        return KeyScheme.OFFICE_V1 if self.format_version == 1 else KeyScheme.DERIVED_V2


@dataclass(frozen=True)
class RevocationList:
    sequence: int
    issued_at: datetime
    stations: tuple[str, ...]
    licenses: tuple[str, ...]
    issuer_key: bytes
    signed_bytes: bytes = field(repr=False)


@dataclass(frozen=True)
class MediaInfo:
    """What packaging records about the film (probed with PyAV unless given)."""

    duration_ms: int
    codec_summary: str


@dataclass(frozen=True)
class LibraryEntry:
    manifest: Manifest
    license: License | None
    screener_path: Path
    valid_from: datetime | None
    valid_until: datetime | None
    status: LibraryStatus


class FileKind(enum.Enum):
    """The vault files, told apart by their 8-byte magic."""

    SCREENER = "screener"
    LICENSE = "license"
    CERTIFICATE = "certificate"
    REVOCATIONS = "revocation list"
    ANCHOR = "trust anchor"
    REQUEST = "enrollment request"
    KEY = "key file"
