"""The evidence of a scanned clip, as one signed zip (see ``docs/formats/evidence-bundle.md``)."""

from takedown.evidence.bundle import (
    EvidenceCheck,
    EvidenceInvalid,
    EvidenceSigner,
    SignedEvidence,
    check_evidence_signature,
    write_evidence_bundle,
)
from takedown.evidence.contents import EvidenceInput, FramePair, build_members

__all__ = [
    "EvidenceCheck",
    "EvidenceInput",
    "EvidenceInvalid",
    "EvidenceSigner",
    "FramePair",
    "SignedEvidence",
    "build_members",
    "check_evidence_signature",
    "write_evidence_bundle",
]
