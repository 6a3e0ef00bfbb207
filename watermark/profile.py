"""Named, versioned parameter sets of the watermark.

A :class:`WatermarkProfile` is stored (by ``name`` and ``version``) with every session, so a
copy marked years ago is read with the parameters it was marked with. Never change a
published profile: add a new one with a new name or version.
"""

from __future__ import annotations

from dataclasses import dataclass

from watermark.errors import N_, WatermarkInputError


@dataclass(frozen=True)
class TileLayer:
    """A self-synchronising layer (:mod:`watermark.tile`): a keyed tile of ``cells`` x
    ``cells`` cells of the low-resolution grid, repeated over the frame, fixed in time,
    added through the same mask at ``strength`` luma levels (RMS where the mask is 1);
    ``sync_share`` of its energy is a sync pattern, the rest carries the coded payload.
    Read without the master (:mod:`watermark.selfsync`)."""

    cells: int = 32
    strength: float = 0.9
    sync_share: float = 0.25


@dataclass(frozen=True)
class WatermarkProfile:
    """Every parameter that embedding and detection must agree on.

    Spatial layout: the mark is a sum of ``coded_bits`` orthonormal keyed patterns, each a
    random combination of the ``atoms`` lowest 2-D DCT atoms of the frame (normalised
    frequency radius in [``rho_min``, ...], measured in half-cycles per frame height), so it
    lives in low spatial frequencies only and is rendered from a grid of
    1/``grid_divisor`` of the frame side.
    Time: every ``slot_seconds`` the mark switches to one of ``banks`` keyed pattern sets
    with a keyed sign, cross-faded over ``crossfade_seconds``.
    ``tile``: an optional self-synchronising layer on top (None: none).
    """

    name: str
    version: int
    payload_bits: int = 64
    crc_bits: int = 16
    code: str = "conv-k7-r3"  # rate 1/3, constraint length 7, zero tail, soft Viterbi
    polynomials: tuple[int, ...] = (0o133, 0o171, 0o165)
    constraint_length: int = 7
    atoms: int = 640
    rho_min: float = 1.5
    grid_divisor: int = 8
    banks: int = 2
    slot_seconds: float = 1.0
    crossfade_seconds: float = 0.25
    strength: float = 1.7  # luma levels (RMS of the mark where the mask is 1)
    flat_floor: float = 0.4  # mask on perfectly flat areas
    activity_knee: float = 10.0  # coarse local contrast (levels) at which the mask reaches 1
    mask_max: float = 1.5
    dark_knee: tuple[float, float] = (16.0, 64.0)  # luma: mask 0 at or below, 1 at or above
    detect_pixels: int = 16384  # detection grid, about this many samples per frame
    threshold_p: float = 1e-9
    tile: TileLayer | None = None

    @property
    def info_bits(self) -> int:
        return self.payload_bits + self.crc_bits

    @property
    def coded_bits(self) -> int:
        return (self.info_bits + self.constraint_length - 1) * len(self.polynomials)

    @property
    def ident(self) -> str:
        """``name/version``: what a session record stores."""
        return f"{self.name}/{self.version}"


SR_LF_1 = WatermarkProfile(name="sr-lf", version=1)
#: The low-frequency layer at 1.45 levels plus the self-synchronising tile at 0.9: the
#: same mark energy as ``sr-lf/1`` (RMS 1.70), readable without the master or candidates.
SR_LF_TILE_1 = WatermarkProfile(name="sr-lf-tile", version=1, strength=1.45,
                                tile=TileLayer(cells=32, strength=0.9, sync_share=0.25))
DEFAULT_PROFILE = SR_LF_1

#: Every profile ever published, oldest first. Never change or remove one: copies marked
#: with it are read with it (``profile_by_name(session.profile)``); each is pinned by
#: ``tests/vectors/watermark/profile_<name>-<version>.json``.
PUBLISHED: tuple[WatermarkProfile, ...] = (SR_LF_1, SR_LF_TILE_1)

_PROFILES: dict[str, WatermarkProfile] = {p.ident: p for p in PUBLISHED}
for _p in PUBLISHED:  # a bare name means the latest version of that name
    _PROFILES[_p.name] = _p


def profile_by_name(name: str) -> WatermarkProfile:
    """The profile called ``name``: ``name/version`` (e.g. ``"sr-lf/1"``, what a session
    records), or a bare name for the latest published version of that name."""
    try:
        return _PROFILES[name]
    except KeyError:
        known = ", ".join(sorted({p.ident for p in _PROFILES.values()}))
        raise WatermarkInputError(
            N_("Unknown watermark profile {name}: known profiles are {known}."),
            name=name,
            known=known,
        ) from None
