"""Downloading a post's video: streamed to a partial file, checked, hashed, kept by hash.

Checks, in the order they can be made:

1. the answer's ``Content-Type`` is a video or a generic binary type (an HTML or image
   answer is refused);
2. the announced size (``Content-Length`` / ``Content-Range``) is within the limit, and
   so are the bytes actually received (a server that announces nothing is cut off there);
3. the first bytes are a video container's signature (MP4/MOV, Matroska/WebM, MPEG-TS,
   AVI, FLV, MPEG-PS, ASF);
4. the whole file has arrived (a connection cut short keeps the partial file, and the next
   try asks for the rest with ``Range``/``If-Range``);
5. PyAV reads every video packet of it (:func:`takedown.media.probe`).

The file is then named by its SHA-256 (``downloads/<sha256>.<ext>``); nothing partial is
ever taken for a clip.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import httpx

from screeningroom_resources.i18n import _
from takedown.errors import BadClip
from takedown.intake import sha256_file
from takedown.media import ClipInfo, probe
from takedown.watch.errors import DownloadRefused
from takedown.watch.fetch import Fetcher
from takedown.watch.model import FindingKind

SNIFF = 192
ACCEPTED_TYPES = frozenset({"", "application/octet-stream", "binary/octet-stream",
                            "application/mp4", "application/x-matroska",
                            "application/x-mpegts", "application/force-download"})
_EXTENSIONS = {"mov": ".mp4", "mp4": ".mp4", "matroska": ".mkv", "webm": ".webm",
               "mpegts": ".ts", "avi": ".avi", "flv": ".flv", "mpeg": ".mpg", "asf": ".wmv"}


@dataclass(frozen=True)
class Downloaded:
    path: Path
    sha256: str
    size: int
    content_type: str
    info: ClipInfo
    resumed_from: int = 0  # bytes kept from an earlier, cut-short try


def is_video_signature(head: bytes) -> bool:
    """Whether ``head`` (the first bytes of a file) starts a video container."""
    if len(head) >= 8 and head[4:8] in (b"ftyp", b"moov", b"mdat", b"free", b"wide", b"skip"):
        return True
    if head.startswith(b"\x1a\x45\xdf\xa3"):                 # Matroska / WebM (EBML)
        return True
    if head[:1] == b"\x47" and (len(head) <= 188 or head[188:189] == b"\x47"):  # MPEG-TS
        return True
    if head.startswith(b"RIFF") and head[8:12] == b"AVI ":
        return True
    return bool(head.startswith((b"FLV", b"\x00\x00\x01\xba", b"0&\xb2u\x8ef\xcf\x11")))


def _type_ok(ctype: str) -> bool:
    return ctype.startswith("video/") or ctype in ACCEPTED_TYPES


def _mb(size: int) -> str:
    return f"{size / 1e6:.1f}"


class Downloader:
    """Downloads into ``folder`` (``partial/`` while in flight), refusing what fails a check."""

    def __init__(self, fetcher: Fetcher, folder: Path, *, limit: int) -> None:
        self.fetcher = fetcher
        self.folder = Path(folder)
        self.partial = self.folder / "partial"
        self.limit = limit

    def part_path(self, key: str) -> Path:
        return self.partial / f"{key}.part"

    def discard(self, key: str) -> None:
        self.part_path(key).unlink(missing_ok=True)
        self.part_path(key).with_suffix(".json").unlink(missing_ok=True)

    def fetch(self, url: str, key: str) -> Downloaded:
        """Download ``url`` (``key`` names its partial file); resumes a cut-short try."""
        self.partial.mkdir(parents=True, exist_ok=True)
        part, meta = self.part_path(key), self.part_path(key).with_suffix(".json")
        have, validator = 0, None
        if part.exists() and meta.exists():
            kept = json.loads(meta.read_text(encoding="utf-8"))
            if kept.get("url") == url or kept.get("key") == key:
                have, validator = part.stat().st_size, kept.get("validator")
        if not have:
            self.discard(key)
        headers = {"Accept": "video/*, application/octet-stream;q=0.8, */*;q=0.1"}
        if have:
            headers["Range"] = f"bytes={have}-"
            if validator:
                headers["If-Range"] = validator
        with self.fetcher.stream(url, headers) as response:
            ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
            start, total = self._extent(response, have)
            if start == 0:
                have = 0
            if not _type_ok(ctype):
                self.discard(key)
                raise DownloadRefused(
                    _("{url} is not a video: the server sends {type}.").format(url=url,
                                                                               type=ctype),
                    FindingKind.NOT_A_VIDEO)
            if total is not None and total > self.limit:
                self.discard(key)
                raise DownloadRefused(
                    _("{url} is {size} MB, over the download limit of {limit} MB; it was not "
                      "downloaded.").format(url=url, size=_mb(total), limit=_mb(self.limit)),
                    FindingKind.TOO_BIG)
            validator = response.headers.get("etag") or response.headers.get("last-modified")
            meta.write_text(json.dumps({"url": url, "key": key, "validator": validator}),
                            encoding="utf-8")
            written = self._write(response.iter_bytes(), part, have, url, key)
        size = have + written
        if total is not None and size < total:
            raise DownloadRefused(
                _("The download of {url} stopped at {got} of {total} bytes; the next poll "
                  "resumes it.").format(url=url, got=size, total=total),
                FindingKind.TRUNCATED, keep_partial=True)
        return self.finish(part, key, ctype, resumed_from=have)

    def _extent(self, response: httpx.Response, have: int) -> tuple[int, int | None]:
        """(first byte of the body, the whole file's size if announced)."""
        length = response.headers.get("content-length", "")
        body = int(length) if length.isdigit() else None
        if response.status_code == 206:
            unit, _sep, rest = response.headers.get("content-range", "").partition(" ")
            span, _slash, whole = rest.partition("/")
            first = span.split("-")[0]
            if unit == "bytes" and first.isdigit() and int(first) == have:
                total = int(whole) if whole.isdigit() else (
                    have + body if body is not None else None)
                return have, total
            return 0, None  # a range we did not ask for: start again
        return 0, body

    def _write(self, chunks: Iterable[bytes], part: Path, have: int, url: str,
               key: str) -> int:
        written = 0
        head = b""
        if have:
            with part.open("rb") as fh:
                head = fh.read(SNIFF)
        checked = have >= SNIFF
        mode = "ab" if have else "wb"
        try:
            with part.open(mode) as fh:
                for chunk in chunks:
                    if not checked:
                        head += chunk[: SNIFF - len(head)]
                        if len(head) >= SNIFF:
                            self.check_head(head, url, key)
                            checked = True
                    written += len(chunk)
                    if have + written > self.limit:
                        raise DownloadRefused(
                            _("{url} goes on past the download limit of {limit} MB; the "
                              "download was stopped and removed.").format(
                                url=url, limit=_mb(self.limit)), FindingKind.TOO_BIG)
                    fh.write(chunk)
        except DownloadRefused:
            self.discard(key)
            raise
        except (httpx.TransportError, httpx.StreamError) as exc:
            if not checked and head:
                self.check_head(head, url, key)
            raise DownloadRefused(
                _("The download of {url} was cut short after {got} bytes ({reason}); the next "
                  "poll resumes it.").format(url=url, got=have + written, reason=str(exc)),
                FindingKind.TRUNCATED, keep_partial=True) from exc
        if not checked:
            self.check_head(head, url, key)
        return written

    def check_head(self, head: bytes, url: str, key: str) -> None:
        """Refuse (and discard) a file whose first bytes are no video container's."""
        if not is_video_signature(head):
            self.discard(key)
            raise DownloadRefused(
                _("{url} is not a video: its first bytes are no video container's.").format(
                    url=url), FindingKind.NOT_A_VIDEO)

    def finish(self, part: Path, key: str, ctype: str, resumed_from: int = 0) -> Downloaded:
        """Check a complete file with PyAV, then keep it under its SHA-256."""
        try:
            info = probe(part)
        except BadClip as exc:
            self.discard(key)
            raise DownloadRefused(
                _("The downloaded file does not read as a whole video: {reason}").format(
                    reason=str(exc)), FindingKind.DAMAGED) from exc
        digest = sha256_file(part)
        size = part.stat().st_size
        suffix = _EXTENSIONS.get(info.container.split(",")[0], ".video")
        final = self.folder / f"{digest}{suffix}"
        os.replace(part, final)
        self.part_path(key).with_suffix(".json").unlink(missing_ok=True)
        return Downloaded(path=final, sha256=digest, size=size, content_type=ctype, info=info,
                          resumed_from=resumed_from)
