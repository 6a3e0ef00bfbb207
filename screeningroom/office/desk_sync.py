"""A takedown desk takes in what the office's central registry holds.

:func:`sync_desk` installs the office's newest revocation list on the desk (when it is
newer than the desk's) and imports, station by station, the signed bundles the office
keeps past what the desk holds, each through the desk's own import of a carried bundle: the
same checks (certificate at every record's time, revocations, forks, dropped records), the
same findings, the same evidence (the station-signed bundle is the audit proof). Stations
that are never online keep reaching the desk as carried bundles. The findings the office
itself made (refused forks and gaps, clock jumps, sessions beyond a license) come back
with the result.

The desk is duck-typed (``takedown.desk.Desk`` fits): ``revocations()``,
``install_trust(path)``, ``import_audit(path)``, and ``held_seq(station_id)`` given here.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from screeningroom.errors import ScreeningRoomError
from screeningroom.office.client import OfficeClient
from screeningroom.office.model import Anomaly


class DeskLike(Protocol):
    def revocations(self) -> Any: ...
    def install_trust(self, path: Path) -> str: ...
    def import_audit(self, path: Path) -> Any: ...


@dataclass(frozen=True)
class DeskSync:
    revocation_list: int | None      # the list number installed now (None: none newer)
    stations: int                    # stations the office holds
    bundles_imported: int
    refused: tuple[str, ...]         # why the desk refused a bundle (each also a finding
    #                                  at the desk when it speaks against its station)
    office_findings: tuple[Anomaly, ...] = ()  # what the office found against stations


def sync_desk(client: OfficeClient, desk: DeskLike, *,
              held_seq: Callable[[str], int]) -> DeskSync:
    installed = None
    refused: list[str] = []
    with tempfile.TemporaryDirectory(prefix="office-sync-") as tmp:
        folder = Path(tmp)
        data = client.revocations()
        if data is not None:
            current = desk.revocations()
            from screeningroom.vault.checks import load_revocations_checked

            offered = load_revocations_checked(data, _anchor_of(desk))
            if current is None or offered.sequence > current.sequence:
                path = folder / "revocations.srr"
                path.write_bytes(data)
                desk.install_trust(path)
                installed = offered.sequence
        stations = client.stations()
        imported = 0
        for station in stations:
            for index, bundle in enumerate(client.bundles(station.station_id,
                                                          after_seq=held_seq(
                                                              station.station_id))):
                path = folder / f"{station.station_id}-{index}.json"
                path.write_bytes(bundle)
                try:
                    desk.import_audit(path)
                except ScreeningRoomError as exc:
                    refused.append(str(exc))
                    break              # later bundles of this station follow this one
                imported += 1
    return DeskSync(installed, len(stations), imported, tuple(refused), client.findings())


def _anchor_of(desk: Any) -> Any:
    return desk.trust_anchor()


def desk_client(station: Any) -> OfficeClient | None:
    """The client of the office's registry the workstation's settings name (``office_url``,
    ``office_ca``), signing with the desk's station; None when none is set."""
    from screeningroom.settings import Settings

    settings = Settings()
    url = settings.get("office_url").strip()
    if not url:
        return None
    ca = settings.get("office_ca").strip()
    return OfficeClient(url, station, ca_file=Path(ca) if ca else None)
