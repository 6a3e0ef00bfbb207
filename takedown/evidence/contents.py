"""What goes into an evidence bundle, member by member:

- ``clip.json``: the clip's SHA-256, size, container facts; where and when it was seen
- ``identification.json``: the film, the offset, the score and the threshold, the runners-up
- ``trace.json``: the verdict, the payload, p-value, z-score, the threshold
- ``frames/pair-NN.png``: a clip frame beside the master frame it matches
- ``score.png``: the detection score over the clip's time with the decision threshold
- ``session.json`` and ``audit/proof.json``: the session and its signed audit records;
  ``audit/bundle.json``: the station's whole signed bundle they were verified in
- ``custody.json``: the chain-of-custody log of the case
- ``report.pdf``: the same as a report, when the document renderer and its template exist
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass

from takedown.audit import SessionProof
from takedown.custody import CustodyEntry
from takedown.evidence.images import score_plot
from takedown.evidence.jsonable import dumps
from takedown.identify import Identification
from takedown.intake import Intake
from takedown.trace import TraceResult


@dataclass(frozen=True)
class FramePair:
    clip_time: float
    master_time: float
    png: bytes


@dataclass(frozen=True)
class EvidenceInput:
    case_id: str
    intake: Intake
    identification: Identification | None
    trace: TraceResult | None
    pairs: tuple[FramePair, ...]
    proof: SessionProof | None
    custody: tuple[CustodyEntry, ...]
    reupload_of: str | None = None


def _proof_json(proof: SessionProof) -> bytes:
    return dumps({
        "bundle_sha256": proof.bundle_sha256,
        "station_signing_public_key": proof.station_signing_key.hex(),
        "session_id": proof.session.short_id,
        "records": [
            {"seq": r.seq, "time": r.time, "event": r.event, "hash": r.hash.hex(),
             "prev_hash": r.prev_hash.hex(),
             "signature": base64.b64encode(r.signature).decode("ascii"),
             "detail": r.detail_json}
            for r in proof.records
        ],
        "how_to_check": "Each record's prev_hash is the hash of the record before it in "
                        "audit/bundle.json; the bundle is signed by the station key above "
                        "(docs/formats/audit-bundle.md).",
    })


def build_members(data: EvidenceInput) -> dict[str, bytes]:
    """The evidence files (name -> bytes), the PDF report left out (see :mod:`report`)."""
    members: dict[str, bytes] = {
        "clip.json": dumps({
            "sha256": data.intake.sha256, "size": data.intake.size,
            "file_name": data.intake.path.name, "info": data.intake.info,
            "seen": data.intake.sighting, "received_at": data.intake.received_at,
            "reupload_of": data.reupload_of,
        }),
        "custody.json": dumps(data.custody),
    }
    if data.identification is not None:
        members["identification.json"] = dumps(data.identification)
    if data.trace is not None:
        members["trace.json"] = dumps(data.trace)
        if data.trace.timeline:
            points = data.trace.timeline
            # drawn with OpenCV's Latin-only font: the plot's few labels stay in English
            label = (f"session {data.trace.session.short_id}" if data.trace.session
                     else "best candidate")
            members["score.png"] = score_plot(
                [(p.start + p.end) / 2 for p in points], [-p.log10_p for p in points],
                threshold=-math.log10(data.trace.threshold),
                title=f"Detection score over the clip: {label}",
            )
    for k, pair in enumerate(data.pairs, start=1):
        members[f"frames/pair-{k:02d}.png"] = pair.png
    if data.proof is not None:
        members["session.json"] = dumps(data.proof.session)
        members["audit/proof.json"] = _proof_json(data.proof)
        members["audit/bundle.json"] = data.proof.bundle_file.read_bytes()
    return members
