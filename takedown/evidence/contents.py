"""What goes into an evidence bundle, member by member:

- ``clip.json``: the clip's SHA-256, size, container facts; where and when it was seen
  (this sighting) and every sighting of it the case holds
- ``identification.json``: the film, where in it the clip's matching part lies (offset,
  ``match_start``/``match_end`` in clip seconds), the score and the threshold, the runners-up
- ``trace.json``: the verdict, the payload, p-value (corrected for every key tried),
  z-score, the threshold, the license whose key found the mark, the score over time
- ``frames/pair-NN.png``: a clip frame beside the master frame it matches
- ``score.png``: the detection score over the clip's time with the decision threshold
- ``session.json`` and ``audit/proof.json``: the session and its signed audit records;
  ``audit/bundle.json``: the station's whole signed bundle they were verified in
- ``custody.json``: the chain-of-custody log of the case
- ``report.pdf``: all of it as a report (:mod:`takedown.evidence.report`)

Session ids are 16 hex digits everywhere.
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass

from takedown.audit import SessionProof
from takedown.cases import Sighting
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
    sightings: tuple[Sighting, ...] = ()  # every sighting of the clip the case holds
    group: tuple[str, ...] = ()  # the cases of the same leak (same session)


def proof_json(proof: SessionProof) -> bytes:
    return dumps({
        "bundle_sha256": proof.bundle_sha256,
        "end_bundle_sha256": proof.end_bundle_sha256,
        "between_bundle_sha256": [sha for sha, _file in proof.between],
        "station_signing_public_key": proof.station_signing_key.hex(),
        "session_id": proof.session.session_id,
        "station_id": proof.session.station_id,
        "records": [
            {"seq": r.seq, "time": r.time, "event": r.event, "hash": r.hash.hex(),
             "prev_hash": r.prev_hash.hex(),
             "signature": base64.b64encode(r.signature).decode("ascii"),
             "detail": r.detail_json}
            for r in proof.records
        ],
        "how_to_check": "Each record's prev_hash is the hash of the record before it in "
                        "audit/bundle.json; the bundle is signed by the station key above "
                        "(docs/formats/audit-bundle.md). A later end bundle continues the "
                        "same chain, through audit/between-NN.json when records came "
                        "between. 'takedown verify' checks all of it.",
    })


def score_png(trace: TraceResult) -> bytes | None:
    if not trace.timeline:
        return None
    # drawn with OpenCV's Latin-only font: the plot's few labels stay in English
    label = (f"session {trace.session.short_id}" if trace.session
             else f"payload {trace.payload:016x}" if trace.payload is not None
             else "best candidate")
    points = trace.timeline
    return score_plot([(p.start + p.end) / 2 for p in points], [-p.log10_p for p in points],
                      threshold=-math.log10(trace.threshold),
                      threshold_label=f"decision threshold p = {trace.threshold:.0e}",
                      title=f"Detection score over the clip: {label}",
                      spans=[(p.start, p.end) for p in points])


def build_members(data: EvidenceInput) -> dict[str, bytes]:
    """The evidence files (name -> bytes), the PDF report left out (see :mod:`report`)."""
    members: dict[str, bytes] = {
        "clip.json": dumps({
            "sha256": data.intake.sha256, "size": data.intake.size,
            "file_name": data.intake.path.name, "info": data.intake.info,
            "seen": data.intake.sighting, "received_at": data.intake.received_at,
            "reupload_of": data.reupload_of,
            "sightings": [{"link": s.link, "seen_at": s.seen_at, "views": s.views,
                           "channel": s.channel, "received_at": s.received_at}
                          for s in data.sightings],
            "same_leak_cases": list(data.group),
        }),
        "custody.json": dumps(data.custody),
    }
    if data.identification is not None:
        members["identification.json"] = dumps(data.identification)
    if data.trace is not None:
        members["trace.json"] = dumps(data.trace)
        png = score_png(data.trace)
        if png is not None:
            members["score.png"] = png
    for k, pair in enumerate(data.pairs, start=1):
        members[f"frames/pair-{k:02d}.png"] = pair.png
    if data.proof is not None:
        members["session.json"] = dumps(data.proof.session)
        members["audit/proof.json"] = proof_json(data.proof)
        members["audit/bundle.json"] = data.proof.bundle_file.read_bytes()
        if data.proof.end_bundle_file is not None:
            members["audit/end-bundle.json"] = data.proof.end_bundle_file.read_bytes()
        for k, (_sha, file) in enumerate(data.proof.between, start=1):
            members[f"audit/between-{k:02d}.json"] = file.read_bytes()
    return members
