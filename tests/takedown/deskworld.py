"""A small world for the desk tests: a review office, a review station that played a film
for one member (its screen marked with the session's watermark), and the takedown desk as
a second enrolled station holding a forensic license for the same film."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import clocks
import numpy as np

from screeningroom.registry import Registry, RegistrySettings, ScryptParams
from screeningroom.vault import (
    AgeCategory,
    LicensePurpose,
    MediaInfo,
    import_file,
    init_authority,
    init_station,
    install_certificate,
    load_authority,
    load_station,
    read_manifest,
)
from screeningroom.vault.keyfile import ScryptParams as KeyScrypt

NOW = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)
CHEAP = KeyScrypt(10, 8, 1)
FAST = RegistrySettings(scrypt=ScryptParams(n=2**10, r=8, p=1))
PASS = "passphrase-1"
MEMBER = "aigerim.s"
OPERATOR = "desk.operator"


@dataclass
class DeskWorld:
    root: Path
    authority: object
    review_station: object
    desk_station: object
    desk_folder: Path
    screener: Path
    film_id: str
    session_id: int
    bundle: Path
    watermark_key: bytes
    other_session_id: int
    review_cert: bytes
    revocations: Path


class StepClock(clocks.StepClock):
    """Each reading a minute after the last (deterministic, increasing)."""

    step = timedelta(minutes=1)


def make_world(root: Path, film: Path, film_id: str = "KZ-F-0042",
               title: str = "Тихий берег", desk_folder: str = "desk",
               now: datetime = NOW) -> DeskWorld:
    anchor = init_authority("Review office", PASS, folder=root / "authority", now=now,
                            scrypt=CHEAP)
    authority = load_authority(PASS, folder=root / "authority")
    stations = {}
    for name, folder, room in (("review", "review", "Room 3"),
                               ("desk", desk_folder, "Takedown desk")):
        request = init_station(f"{name} station", room, PASS, anchor.signed_bytes,
                               folder=root / folder, now=now, scrypt=CHEAP)
        cert = authority.certify(request.signed_bytes, 365, now=now - timedelta(days=1))
        install_certificate(cert, folder=root / folder, now=now)
        stations[name] = (load_station(PASS, folder=root / folder), cert)
    import shutil

    shutil.copyfile(film, root / "film-source.mp4")
    screener = root / "film.scr"
    authority.package(film, screener, film_id=film_id, title=title, register_no="ПУ-2026-117",
                      declared_age=AgeCategory.AGE_16, rights_holder="Qazaqfilm",
                      media=MediaInfo(duration_ms=10_000, codec_summary="h264"),
                      chunk_size=64 * 1024, now=now)
    review, review_cert = stations["review"]
    desk, desk_cert = stations["desk"]
    revocations = root / "office.srr"
    revocations.write_bytes(authority.revoke(now=now))
    import_file(revocations, folder=root / desk_folder, now=now)
    forensic = authority.issue_license(
        screener, desk_cert, members=(OPERATOR,), not_before=now - timedelta(days=1),
        not_after=now + timedelta(days=365), max_sessions=1000,
        purpose=LicensePurpose.FORENSIC, now=now)
    lic_path = root / "forensic.srl"
    lic_path.write_bytes(forensic)
    import_file(lic_path, folder=root / desk_folder, now=now)
    with Registry.open(root / "review" / "registry.sqlite3", review, settings=FAST,
                       now=now) as registry:
        registry.add_member(MEMBER, "Айгерим Сейткали", "member-password", now=now)
        session = registry.start_session(MEMBER, film_id, "lic-review-1", "sr-lf/1",
                                         room="Room 3", now=now + timedelta(hours=1),
                                         session_id=0x5EC0_0000_0000_0042)
        registry.end_session(session.session_id, now=now + timedelta(hours=3))
        other = registry.start_session(MEMBER, film_id, "lic-review-1", "sr-lf/1",
                                       room="Room 3", now=now + timedelta(hours=4),
                                       session_id=0x0DD0_0000_0000_0007)
        registry.end_session(other.session_id, now=now + timedelta(hours=5))
        bundle = registry.export_bundle(root / "audit.srbundle", review_cert,
                                        now=now + timedelta(hours=6))
    return DeskWorld(root=root, authority=authority, review_station=review, desk_station=desk,
                     desk_folder=root / desk_folder, screener=screener, film_id=film_id,
                     session_id=session.session_id, bundle=bundle,
                     watermark_key=authority.forensic_keys(
                         film_id, read_manifest(screener).manifest_hash).for_license(
                             "lic-review-1"),
                     other_session_id=other.session_id, review_cert=review_cert,
                     revocations=revocations)


def marked_frames(frames, key: bytes, payload: int, profile: str = "sr-lf/1"):
    """What the review station's screen showed: each frame marked with the session's
    watermark through ``watermark.Embedder`` (the player's frame hook does the same)."""
    import cv2

    from watermark import Embedder, profile_by_name

    embedder = Embedder(key, payload, profile_by_name(profile))
    for t, rgb in frames:
        bgr = np.ascontiguousarray(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR))
        bgra = cv2.cvtColor(bgr, cv2.COLOR_BGR2BGRA)
        embedder.apply_bgra(bgra, t)
        yield cv2.cvtColor(bgra, cv2.COLOR_BGRA2RGB)
