"""A station's library: the screeners it holds and the best license for each, now."""

from __future__ import annotations

from datetime import UTC, datetime

from screeningroom.vault.checked import chunks_whole
from screeningroom.vault.checks import load_screener_checked
from screeningroom.vault.errors import VaultError
from screeningroom.vault.model import LibraryEntry, LibraryStatus, License, RevocationList
from screeningroom.vault.station import SCREENERS_DIR, Station, installed_licenses


def _status(lic: License, station: Station, rl: RevocationList | None,
            now: datetime) -> LibraryStatus:
    if rl is not None and (station.station_id in rl.stations or lic.license_id in rl.licenses):
        return LibraryStatus.REVOKED
    if now < lic.not_before:
        return LibraryStatus.NOT_YET_VALID
    if now >= lic.not_after:
        return LibraryStatus.EXPIRED
    return LibraryStatus.PLAYABLE


_PREFERENCE = (LibraryStatus.PLAYABLE, LibraryStatus.NOT_YET_VALID, LibraryStatus.EXPIRED,
               LibraryStatus.REVOKED)


def station_library(station: Station, *, now: datetime | None = None) -> list[LibraryEntry]:
    """Every valid screener in the station folder with its most useful license, by title.

    Screeners whose manifest fails its checks are left out; one with a damaged chunk is
    listed as INVALID, never as playable (``screeningroom verify`` says why).
    """
    now = now or datetime.now(UTC)
    try:
        rl = station.revocations()
    except VaultError:
        rl = None
    licenses = [lic for lic in installed_licenses(station) if lic.station_id == station.station_id]
    entries = []
    for path in sorted((station.folder / SCREENERS_DIR).glob("*.scr")):
        try:
            layout = load_screener_checked(path, station.anchor)
        except VaultError:
            continue
        manifest = layout.manifest
        matching = [lic for lic in licenses if lic.film_id == manifest.film_id
                    and lic.manifest_hash == manifest.manifest_hash]
        if not matching:
            entries.append(LibraryEntry(manifest, None, path, None, None,
                                        LibraryStatus.NO_LICENSE))
            continue
        ranked = sorted(matching, key=lambda lic: (
            _PREFERENCE.index(_status(lic, station, rl, now)), -lic.not_after.timestamp()))
        best = ranked[0]
        status = _status(best, station, rl, now)
        if status is LibraryStatus.PLAYABLE and not chunks_whole(layout):
            status = LibraryStatus.INVALID  # damaged since import: `verify` says where
        entries.append(LibraryEntry(manifest, best, path, best.not_before, best.not_after,
                                    status))
    entries.sort(key=lambda e: (e.manifest.title.casefold(), e.manifest.film_id))
    return entries
