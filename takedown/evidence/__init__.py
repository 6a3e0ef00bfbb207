"""The evidence of a scanned clip, as one signed zip (see ``docs/formats/evidence-bundle.md``)."""

from takedown.evidence.bundle import (
    Evidence,
    EvidenceCheck,
    EvidenceInvalid,
    EvidenceSigner,
    verify_bundle,
    write_bundle,
)
from takedown.evidence.contents import EvidenceInput, FramePair, build_members

__all__ = [
    "Evidence",
    "EvidenceCheck",
    "EvidenceInput",
    "EvidenceInvalid",
    "EvidenceSigner",
    "FramePair",
    "build_members",
    "verify_bundle",
    "write_bundle",
]
