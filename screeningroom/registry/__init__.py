"""Members, sessions and the station's hash-chained, signed audit log.

The front door is :class:`Registry` (``Registry.open(path_or_url, signer)``) and, for the
takedown desk, :func:`load_bundle`. Formats: docs/formats/audit-record.md and
docs/formats/audit-bundle.md.
"""

from screeningroom.registry import errors, model
from screeningroom.registry.bundle import (
    AuditBundle,
    CertificateVerifier,
    anchor_verifier,
    load_bundle,
    session_ends,
)
from screeningroom.registry.canonical import canonical_json
from screeningroom.registry.errors import *  # noqa: F403
from screeningroom.registry.model import *  # noqa: F403
from screeningroom.registry.registry import CLOCK_REASON_CODES, Registry
from screeningroom.registry.storage import Storage, open_storage
from screeningroom.vault.errors import SessionsUsedUp

__all__ = [
    *errors.__all__,
    *model.__all__,
    "CLOCK_REASON_CODES",
    "AuditBundle",
    "CertificateVerifier",
    "Registry",
    "SessionsUsedUp",
    "Storage",
    "anchor_verifier",
    "canonical_json",
    "load_bundle",
    "open_storage",
    "session_ends",
]
