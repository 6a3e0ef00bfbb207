"""A film's fingerprint index: one file per film, written once by ``takedown index``.

Format (little-endian), documented in ``docs/formats/fingerprint-index.md``::

    magic    8 bytes  b"SRFPIDX1"
    hlen     4 bytes  uint32, length of the header
    header   hlen     UTF-8 JSON: film_id, title, register_number, duration, rate, dim,
                      count, box [x0, y0, x1, y1] (fractions), indexed_at
    vectors  count*dim int8, row-major: round(127 * v) of each unit vector
    sha256   32 bytes of everything before it
"""

from __future__ import annotations

import hashlib
import json
import struct
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from screeningroom_resources.i18n import _
from takedown.errors import BadIndex
from takedown.identify.fingerprint import DIM, RATE
from watermark.align import ContentBox

MAGIC = b"SRFPIDX1"
SUFFIX = ".fpidx"


@dataclass(frozen=True)
class FilmMeta:
    film_id: str
    title: str
    register_number: str
    duration: float
    indexed_at: str


@dataclass(frozen=True, eq=False)
class FilmIndex:
    """A film's metadata and its fingerprint vectors (count DIM): float32 of unit length
    when just computed, int8 (127 x the unit vector) when read from a file."""

    meta: FilmMeta
    vectors: np.ndarray
    box: ContentBox
    rate: float = RATE

    @property
    def film_id(self) -> str:
        return self.meta.film_id

    @cached_property
    def coarse(self) -> np.ndarray:
        """The vectors in the coarse form the search scans every offset with."""
        from takedown.identify.search import coarse

        return coarse(self.vectors).astype(np.float16)


def to_bytes(index: FilmIndex) -> bytes:
    header = dict(asdict(index.meta))
    header.update(
        rate=index.rate, dim=int(index.vectors.shape[1]), count=int(index.vectors.shape[0]),
        box=[index.box.x0, index.box.y0, index.box.x1, index.box.y1],
    )
    head = json.dumps(header, ensure_ascii=False, sort_keys=True).encode("utf-8")
    body = as_int8(index.vectors).tobytes()
    data = MAGIC + struct.pack("<I", len(head)) + head + body
    return data + hashlib.sha256(data).digest()


def as_int8(vectors: np.ndarray) -> np.ndarray:
    if vectors.dtype == np.int8:
        return vectors
    return np.clip(np.round(vectors * 127.0), -127, 127).astype(np.int8)


def as_unit(vectors: np.ndarray) -> np.ndarray:
    """float32 rows of unit length (all-zero rows stay zero), from either form."""
    v = vectors.astype(np.float32)
    n = np.linalg.norm(v, axis=1, keepdims=True)
    return np.divide(v, n, out=np.zeros_like(v), where=n > 1e-3)


def from_bytes(data: bytes, name: str = "") -> FilmIndex:
    bad = BadIndex(_("The fingerprint index {name} is damaged; index the film again.").format(
        name=name))
    if len(data) < len(MAGIC) + 4 + 32 or data[: len(MAGIC)] != MAGIC:
        raise bad
    if hashlib.sha256(data[:-32]).digest() != data[-32:]:
        raise bad
    (hlen,) = struct.unpack_from("<I", data, len(MAGIC))
    start = len(MAGIC) + 4
    try:
        header = json.loads(data[start : start + hlen].decode("utf-8"))
        dim, count = int(header["dim"]), int(header["count"])
        raw = np.frombuffer(data[start + hlen : -32], dtype=np.int8)
        if dim != DIM or raw.size != dim * count:
            raise ValueError("size")
        meta = FilmMeta(
            film_id=str(header["film_id"]), title=str(header["title"]),
            register_number=str(header["register_number"]),
            duration=float(header["duration"]), indexed_at=str(header["indexed_at"]),
        )
        box = ContentBox(*(float(x) for x in header["box"]))
        rate = float(header["rate"])
    except (ValueError, KeyError, TypeError) as exc:
        raise bad from exc
    # kept as int8 (a quarter of the memory of float32; a feature film is ~4 MB):
    # the search scales and normalises what it compares
    vectors = raw.reshape(count, dim).copy()
    return FilmIndex(meta=meta, vectors=vectors, box=box, rate=rate)


def save(index: FilmIndex, folder: Path) -> Path:
    """Write atomically to ``folder/<film_id>.fpidx``."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (_safe(index.film_id) + SUFFIX)
    tmp = target.with_suffix(SUFFIX + ".tmp")
    tmp.write_bytes(to_bytes(index))
    tmp.replace(target)
    return target


def load(path: Path) -> FilmIndex:
    return from_bytes(path.read_bytes(), path.name)


def load_all(folder: Path) -> list[FilmIndex]:
    if not folder.is_dir():
        return []
    return [load(p) for p in sorted(folder.glob("*" + SUFFIX))]


def _safe(film_id: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in film_id)
