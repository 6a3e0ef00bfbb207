"""Members, sessions and the station's hash-chained, signed audit log.

The front door is :class:`Registry` (``Registry.open(path_or_url, signer)``) and, for the
takedown desk, :func:`load_bundle`. Formats: docs/formats/audit-record.md and
docs/formats/audit-bundle.md.
"""

from screeningroom.registry.bundle import (
    AuditBundle,
    CertificateVerifier,
    anchor_verifier,
    load_bundle,
    session_ends,
)
from screeningroom.registry.canonical import canonical_json
from screeningroom.registry.errors import (
    AccountLocked,
    BrokenBundle,
    BundleCertificateRejected,
    BundleRecordInvalid,
    BundleRecordMissing,
    BundleSessionMismatch,
    BundleSignatureInvalid,
    BundleUnreadable,
    ChainBroken,
    MemberExists,
    NoCertificate,
    RegistryBadInput,
    RegistryError,
    SessionClosed,
    SessionIdTaken,
    SessionNotFailed,
    StationHistoryIncomplete,
    StationMismatch,
    StorageUnavailable,
    UnknownMember,
    UnknownSession,
    UnknownStorage,
    WrongPassword,
)
from screeningroom.registry.model import (
    SESSION_EVENTS,
    AuditEvent,
    AuditRecord,
    ChainFault,
    ChainReport,
    Member,
    RegistrySettings,
    ScryptParams,
    Session,
    SessionEnd,
    Signer,
)
from screeningroom.registry.registry import CLOCK_REASON_CODES, Registry
from screeningroom.registry.storage import Storage, open_storage
from screeningroom.vault.errors import SessionsUsedUp

__all__ = [
    "CLOCK_REASON_CODES",
    "SESSION_EVENTS",
    "AccountLocked",
    "AuditBundle",
    "AuditEvent",
    "AuditRecord",
    "BrokenBundle",
    "BundleCertificateRejected",
    "BundleRecordInvalid",
    "BundleRecordMissing",
    "BundleSessionMismatch",
    "BundleSignatureInvalid",
    "BundleUnreadable",
    "CertificateVerifier",
    "ChainBroken",
    "ChainFault",
    "ChainReport",
    "Member",
    "MemberExists",
    "NoCertificate",
    "Registry",
    "RegistryBadInput",
    "RegistryError",
    "RegistrySettings",
    "ScryptParams",
    "Session",
    "SessionClosed",
    "SessionEnd",
    "SessionIdTaken",
    "SessionNotFailed",
    "SessionsUsedUp",
    "Signer",
    "StationHistoryIncomplete",
    "StationMismatch",
    "Storage",
    "StorageUnavailable",
    "UnknownMember",
    "UnknownSession",
    "UnknownStorage",
    "WrongPassword",
    "anchor_verifier",
    "canonical_json",
    "load_bundle",
    "open_storage",
    "session_ends",
]
